import GPCNCore

// From words to a create body: `CreateFlags` (ids or names) are looked up in the catalog lists,
// the answers are put into a `CreateForm` (the same rules as the wizard), and every problem —
// an unknown or ambiguous name, a missing field, a rule the body breaks — is reported at once,
// one line per field, in the order of the wizard's steps. Pure: the lists are fetched by
// `CreateResolver.loadCatalog`, which only talks to the `GPCNAPI` protocol.

/// Where the VM password came from (it is never a flag value).
public enum PasswordSource: String, Sendable, Equatable {
    case none
    case stdin = "--password-stdin"
    case environment = "GPCN_VM_PASSWORD"
}

/// One field's problems, as one line: `--image: no image 'ubunt'; did you mean 'Ubuntu 24.04 LTS'?`.
public struct FieldProblem: Sendable, Equatable {
    public var field: CreateVMField
    public var messages: [String]

    public var flag: String {
        field == .password ? "password (--password-stdin or GPCN_VM_PASSWORD)" : CreateFlags.flag(for: field)
    }
    public var line: String { flag + ": " + messages.joined(separator: "; ") }
}

public struct CreateResolution: Sendable, Equatable {
    /// The body, as far as it could be built (unresolved fields are nil).
    public var request: CreateVMRequest
    /// Every problem, one per field, in the order of `CreateVMField.allCases` (the wizard's steps).
    public var problems: [FieldProblem]
    public var context: ValidationContext
    /// Fields whose flag named nothing (unknown or ambiguous): the wizard cannot fix those by itself.
    public var unresolved: Set<CreateVMField>

    public var isValid: Bool { problems.isEmpty }
}

public enum CreateResolver {
    /// Looks up `flags` in `catalog`, builds the body as the wizard would, and validates it.
    /// `maxCount`: the config profile's `max_count` (a lower limit on `--count`).
    public static func resolve(_ flags: CreateFlags, password: String?, passwordSource: PasswordSource = .none,
                               catalog: ResolutionCatalog, maxCount: Int? = nil) -> CreateResolution {
        var problems: [CreateVMField: [String]] = [:]
        var unresolved: Set<CreateVMField> = []
        func fail(_ field: CreateVMField, _ message: String) {
            problems[field, default: []].append(message)
            unresolved.insert(field)
        }
        func lookup<T>(_ query: String?, _ items: [T]?, field: CreateVMField, what: String, listHint: String,
                       id: (T) -> String, names: (T) -> [String]) -> T? {
            guard let query, let items else { return nil }
            switch NameResolution.resolve(query, in: items, id: id, names: names) {
            case .found(let item):
                return item
            case .ambiguous(let matches):
                let list = matches.prefix(6).map { "'\(names($0).first ?? id($0))'" }.joined(separator: ", ")
                fail(field, "'\(query)' is ambiguous: it matches \(list)\(matches.count > 6 ? ", …" : ""); give more of the name or the id")
            case .notFound(let suggestions):
                let hint = suggestions.isEmpty ? " (see \(listHint))"
                    : "; did you mean \(suggestions.map { "'\(names($0).first ?? id($0))'" }.joined(separator: " or "))?"
                fail(field, "no \(what) '\(query)'\(hint)")
            }
            return nil
        }

        // The answers go into a create form, which applies the same rules as the wizard: the
        // data center scopes the lists, the image sets the default login, the default SSH key
        // is preselected, networks are filtered to the data center.
        var form = CreateForm(maxCount: maxCount)
        let dc = lookup(flags.datacenter, catalog.dataCenters, field: .datacenterId, what: "data center",
                        listHint: "gpcn catalog data-centers", id: \.id, names: ResolutionCatalog.names)
        let dcHint = dc.map { " --datacenter " + Shell.quote($0.displayName) } ?? " --datacenter NAME"
        var image: VMImage?
        form.catalog = CatalogCache(catalog, datacenterId: dc?.id)
        if let dc {
            _ = form.chooseDataCenter(dc.id)
            image = lookup(flags.image, catalog.images?.allImages, field: .imageId, what: "image in this data center",
                           listHint: "gpcn catalog images" + dcHint, id: \.id, names: ResolutionCatalog.names)
            let size = lookup(flags.size, catalog.sizes?.allSizes, field: .skuId, what: "size in this data center",
                              listHint: "gpcn catalog sizes" + dcHint, id: \.skuId, names: ResolutionCatalog.names)
            if let image { _ = form.chooseImage(image.id) }
            if let size { form.chooseSize(size.skuId) }
        }

        // Login: the method given, else the one the credentials given point to, else the
        // image's default (set by choosing it).
        let allowed = form.allowedAuthMethods
        if let given = flags.auth {
            form.answers.authMethod = given
        } else if image != nil {
            if password != nil, flags.sshKey == nil, allowed.contains(.password) { form.answers.authMethod = .password }
            else if flags.sshKey != nil, allowed.contains(.sshKey) { form.answers.authMethod = .sshKey }
        }
        let method = form.answers.authMethod
        if let query = flags.sshKey {
            form.answers.sshKeyId = lookup(query, catalog.sshKeys, field: .sshKeyId, what: "SSH key",
                                           listHint: "gpcn catalog ssh-keys", id: \.id, names: ResolutionCatalog.names)?.id
        } else {
            form.preselectSSHKey()
        }
        if method == .password {
            form.answers.password = password ?? ""
        } else if password != nil, passwordSource == .stdin {
            problems[.password, default: []].append(
                "--password-stdin was given but login is \(method?.rawValue ?? "fixed by the image"): leave it out or add --auth password")
        }

        // Networks: all of them, one primary (the one marked, else the first).
        if let specs = flags.networks, !specs.isEmpty, dc != nil {
            var ids: [String] = []
            var primary: String?
            var primaries = 0
            for spec in specs {
                let (query, isPrimary) = CreateFlags.parseNetwork(spec)
                if isPrimary { primaries += 1 }
                if let net = lookup(query, form.networks, field: .networkInterfaces, what: "network in this data center",
                                    listHint: "gpcn catalog networks" + dcHint, id: \.id, names: ResolutionCatalog.names) {
                    ids.append(net.id)
                    if isPrimary { primary = net.id }
                }
            }
            if primaries > 1 {
                problems[.networkInterfaces, default: []].append("only one --network may end in ,primary (\(primaries) do)")
            } else if !unresolved.contains(.networkInterfaces) {
                form.answers.networkIds = ids
                form.answers.primaryNetworkId = primary ?? ids.first
            }
        }
        form.answers.allocatePublicIp = flags.publicIp == true
        form.answers.name = flags.name ?? ""
        form.answers.count = String(flags.count ?? 1)
        if let query = flags.resourceGroup {
            if catalog.resourceGroupsUnlisted {
                // The server does not list them (404): the id is taken as given, the rules check its shape.
                form.answers.resourceGroupId = query.trimmingWhitespace()
            } else {
                form.answers.resourceGroupId = lookup(query, catalog.resourceGroups, field: .resourceGroupId,
                                                      what: "resource group", listHint: "gpcn catalog resource-groups",
                                                      id: \.id, names: ResolutionCatalog.names)?.id
            }
        }
        // A VPC subnet: looked up among the chosen data center's subnets only (a look-alike in
        // another data center is never chosen); taken as an id when VPCs cannot be listed.
        if let query = flags.subnet, dc != nil {
            if flags.networks?.isEmpty == false {
                fail(.subnetId, "give --subnet or --network, not both (a VPC subnet replaces legacy networks)")
            } else if catalog.subnetsUnlisted {
                form.answers.subnetId = query.trimmingWhitespace()
            } else if let subnet = lookup(query, form.subnets ?? [], field: .subnetId, what: "subnet in this data center",
                                          listHint: "gpcn catalog subnets" + dcHint, id: \.id, names: ResolutionCatalog.names) {
                if let why = subnet.notReadyReason {
                    fail(.subnetId, "subnet '\(subnet.displayName)' is \(why): choose a ready one (see gpcn catalog subnets\(dcHint))")
                } else {
                    form.answers.subnetId = subnet.id
                }
            }
        }
        var request = form.request
        if flags.name == nil { request.name = nil }
        // A username the image takes no username for is kept, so the rules say so (a flag is never dropped silently).
        if let username = flags.username, !username.isEmpty { request.username = username }
        let context = form.validationContext
        let missing: [CreateVMField: String] = [
            .datacenterId: "missing: add --datacenter ID_OR_NAME (see gpcn catalog data-centers)",
            .imageId: "missing: add --image ID_OR_NAME (see gpcn catalog images\(dcHint))",
            .skuId: "missing: add --size ID_OR_NAME (see gpcn catalog sizes\(dcHint))",
            .name: "missing: add --name NAME",
        ]
        for issue in CreateVMValidator.validate(request, context: context) {
            guard let field = CreateVMField(path: issue.path), !unresolved.contains(field) else { continue }
            // Fields after an unresolved data center cannot be judged yet.
            if dc == nil, flags.datacenter != nil, [.imageId, .skuId].contains(field), field.given(in: flags) { continue }
            if let text = missing[field], !field.given(in: flags) {
                if problems[field] == nil { problems[field] = [text] }
                continue
            }
            if !(problems[field]?.contains(issue.message) ?? false) { problems[field, default: []].append(issue.message) }
        }
        let ordered = CreateVMField.allCases.compactMap { f in problems[f].map { FieldProblem(field: f, messages: $0) } }
        return CreateResolution(request: request, problems: ordered, context: context, unresolved: unresolved)
    }

    /// Fetches the lists `flags` need: data centers, then the chosen data center's images, sizes
    /// and networks, the SSH keys when login may use one, the resource groups when one is named.
    /// GETs only: nothing is created.
    public static func loadCatalog(for flags: CreateFlags, api: some GPCNAPI,
                                   everything: Bool = false) async throws -> ResolutionCatalog {
        var catalog = ResolutionCatalog()
        let dcs = try await api.dataCenters()
        catalog.dataCenters = dcs
        if let query = flags.datacenter,
           case .found(let dc) = NameResolution.resolve(query, in: dcs, id: \.id, names: ResolutionCatalog.names) {
            async let images = api.images(datacenterId: dc.id)
            async let sizes = api.sizes(datacenterId: dc.id)
            async let networks = api.networks(datacenterId: dc.id)
            catalog.images = try await images
            catalog.sizes = try await sizes
            catalog.networks = try await networks  // filtered to the data center by the form's catalog
        }
        if everything || flags.sshKey != nil || flags.auth == nil || flags.auth == .sshKey {
            catalog.sshKeys = try await api.sshKeys()
        }
        if everything || flags.resourceGroup != nil {
            do { catalog.resourceGroups = try await api.resourceGroups() } catch let e as APIError where e.status == 404 {
                catalog.resourceGroupsUnlisted = true  // not documented, not served here: ids are taken as given
            }
        }
        if flags.subnet != nil || everything, let dcs = catalog.dataCenters, let query = flags.datacenter,
           case .found(let dc) = NameResolution.resolve(query, in: dcs, id: \.id, names: ResolutionCatalog.names) {
            catalog.subnets = try await api.subnets(datacenterId: dc.id)
            catalog.subnetsUnlisted = catalog.subnets == nil
        }
        return catalog
    }
}

extension CreateVMField {
    /// Whether the flags say anything about this field.
    func given(in flags: CreateFlags) -> Bool {
        switch self {
        case .datacenterId: return flags.datacenter != nil
        case .imageId: return flags.image != nil
        case .skuId: return flags.size != nil
        case .authMethod: return flags.auth != nil
        case .sshKeyId: return flags.sshKey != nil
        case .password: return false
        case .username: return flags.username != nil
        case .networkInterfaces: return flags.networks != nil
        case .allocatePublicIp: return flags.publicIp != nil
        case .name: return flags.name != nil
        case .numberOfInstances: return flags.count != nil
        case .resourceGroupId: return flags.resourceGroup != nil
        case .configurationId: return false
        case .subnetId: return flags.subnet != nil
        }
    }
}

extension CreateFlags {
    /// The flags that say what `request` says, with names wherever the name finds that same
    /// entry again (ids otherwise), so the line or preset resolves to the identical body.
    public static func describing(_ request: CreateVMRequest, catalog: ResolutionCatalog) -> CreateFlags {
        func word<T>(_ id: String?, _ items: [T]?, _ itemId: (T) -> String, _ names: (T) -> [String]) -> String? {
            guard let id else { return nil }
            guard let items, let item = items.first(where: { itemId($0) == id }), let name = names(item).first,
                  case .found(let again) = NameResolution.resolve(name, in: items, id: itemId, names: names),
                  itemId(again) == id else { return id }
            return name
        }
        var flags = CreateFlags()
        flags.datacenter = word(request.datacenterId, catalog.dataCenters, \.id, ResolutionCatalog.names)
        flags.image = word(request.imageId, catalog.images?.allImages, \.id, ResolutionCatalog.names)
        flags.size = word(request.skuId, catalog.sizes?.allSizes, \.skuId, ResolutionCatalog.names)
        flags.auth = request.authMethod
        flags.sshKey = word(request.sshKeyId, catalog.sshKeys, \.id, ResolutionCatalog.names)
        flags.username = request.username
        flags.networks = request.networkInterfaces.map { nics in
            nics.map { nic in
                (word(nic.networkId, catalog.networks, \.id, ResolutionCatalog.names) ?? nic.networkId)
                    + (nic.primary ? ",primary" : "")
            }
        }
        flags.publicIp = request.allocatePublicIp == true || request.acquirePublicIp == true ? true : nil
        let subnets = catalog.subnets?.filter { $0.datacenterId == nil || $0.datacenterId == request.datacenterId }
        flags.subnet = word(request.subnetId, subnets, \.id, ResolutionCatalog.names)
        flags.count = request.numberOfInstances
        flags.resourceGroup = word(request.resourceGroupId, catalog.resourceGroups, \.id, ResolutionCatalog.names)
        flags.name = request.name
        return flags
    }
}
