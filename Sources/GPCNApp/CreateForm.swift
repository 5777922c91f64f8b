import GPCNCore

/// The create form: the operator's answers, the catalog lists they are chosen from, and every
/// rule about them — what a new choice clears, what each step needs loaded, which fields apply,
/// what is wrong, and the limits. Pure. The full-screen wizard, the accessible flow and the flag
/// resolution (`gpcn create --yes`) all drive this one value, so none of them re-states a rule
/// (docs/architecture.md, "The application layer").
public struct CreateForm: Sendable, Equatable {
    public var answers: CreateAnswers
    public var catalog = CatalogCache()
    /// Issues the server reported for fields, shown at those fields until the field is edited.
    public var serverIssues: [FieldIssue] = []
    /// The config profile's `max_count`: a lower limit on the batch's count (nil: 250).
    public var maxCount: Int?

    public init(answers: CreateAnswers = CreateAnswers(), maxCount: Int? = nil) {
        self.answers = answers
        self.maxCount = maxCount
    }

    // MARK: - Limits (owned by the create rules)

    /// How many VMs one create makes.
    public static let countRange = CreateVMValidator.batchRange
    /// "1-250", as the count is asked for.
    public static var countRangeText: String { "\(countRange.lowerBound)-\(countRange.upperBound)" }
    /// The count this form takes: 1-250, or 1-`max_count` when the profile lowers it.
    public var countLimits: ClosedRange<Int> {
        Self.countRange.lowerBound...CreateVMValidator.countLimit(maxCount: maxCount)
    }
    /// "1-250" (or "1-40" under a profile's `max_count`), as the count is asked for.
    public var countLimitsText: String { "\(countLimits.lowerBound)-\(countLimits.upperBound)" }
    /// How many networks one VM can be attached to.
    public static let maxNetworks = CreateVMValidator.maxNetworkInterfaces

    // MARK: - What the answers mean


    public var dataCenter: DataCenter? {
        guard let id = answers.datacenterId else { return nil }
        return catalog.dataCenters.value?.first { $0.id == id }
    }

    public var imageCatalog: ImageCatalog? {
        answers.datacenterId.flatMap { catalog.images[$0]?.value }
    }

    public var image: VMImage? {
        guard let id = answers.imageId else { return nil }
        return imageCatalog?.image(id: id)
    }

    public var size: VMSize? {
        guard let id = answers.skuId, let dc = answers.datacenterId else { return nil }
        return catalog.sizes[dc]?.value?.size(id: id)
    }

    public var networks: [Network] {
        answers.datacenterId.flatMap { catalog.networks[$0]?.value } ?? []
    }

    /// The chosen data center's VPC subnets; nil until loaded or when VPCs cannot be listed.
    public var subnets: [VPCSubnet]? {
        answers.datacenterId.flatMap { catalog.subnets[$0]?.value ?? nil }
    }

    /// VPCs answered 404 here: a subnet can only be given by id.
    public var subnetsUnlisted: Bool {
        guard let dc = answers.datacenterId, case .loaded(nil)? = catalog.subnets[dc] else { return false }
        return true
    }

    public var subnet: VPCSubnet? {
        guard let id = answers.subnetId else { return nil }
        return subnets?.first { $0.id == id }
    }

    public var sshKey: SSHKey? {
        guard let id = answers.sshKeyId else { return nil }
        return catalog.sshKeys.value?.first { $0.id == id }
    }

    public var resourceGroup: ResourceGroup? {
        guard let id = answers.resourceGroupId else { return nil }
        return catalog.resourceGroups.value?.first { $0.id == id }
    }

    /// The category name of the chosen image ("Linux", "Custom", …).
    public var imageCategory: String? {
        guard let id = answers.imageId else { return nil }
        return imageCatalog?.categories.first { $0.images.contains { $0.id == id } }?.name
    }

    /// What the chosen image accepts; nothing until an image is chosen.
    public var customizations: ImageCustomizations { image?.customizations ?? .none }

    public var allowedAuthMethods: [AuthMethod] { customizations.authMethods }

    /// The body the answers make now.
    public var request: CreateVMRequest { answers.request(allowsUsername: customizations.username) }

    public var validationContext: ValidationContext {
        ValidationContext(image: image, reservedUsernames: imageCatalog?.reservedUsernames ?? [],
                          networks: networks, imageCategory: imageCategory, maxCount: maxCount)
    }

    /// The catalog lists loaded so far, as the flag resolver sees them.
    public var resolutionCatalog: ResolutionCatalog {
        let dc = answers.datacenterId
        return ResolutionCatalog(dataCenters: catalog.dataCenters.value, images: dc.flatMap { catalog.images[$0]?.value },
                                 sizes: dc.flatMap { catalog.sizes[$0]?.value },
                                 networks: dc.flatMap { catalog.networks[$0]?.value },
                                 sshKeys: catalog.sshKeys.value, resourceGroups: catalog.resourceGroups.value,
                                 subnets: subnets)
    }

    /// The answers as `gpcn create` flags (names where they find the same entry again, ids
    /// otherwise; never the password): the review's command line and the preset `s` saves.
    public var presetFlags: CreateFlags {
        CreateFlags.describing(request.withoutPassword, catalog: resolutionCatalog)
    }

    /// Every problem with the current answers for `step`: our rules plus the server's word.
    public func issues(for step: CreateStep) -> [FieldIssue] {
        let fields = Set(step.fields)
        let local = CreateVMValidator.validate(request, context: validationContext)
            .filter { CreateVMField(path: $0.path).map(fields.contains) ?? (step == .review) }
        var local2 = local
        if fields.contains(.numberOfInstances), Int(answers.count.trimmingWhitespace()) == nil {
            local2.append(FieldIssue(path: "numberOfInstances",
                                     message: answers.count.isEmpty ? "Enter how many VMs to create (\(countLimitsText))"
                                                                    : "Enter a whole number from \(countLimits.lowerBound) to \(countLimits.upperBound)"))
        }
        let server = serverIssues.filter { CreateVMField(path: $0.path).map(fields.contains) ?? (step == .review) }
        var seen = Set<FieldIssue>()
        return (local2 + server).filter { seen.insert($0).inserted }
    }

    public func issues(for field: CreateVMField) -> [FieldIssue] {
        issues(for: CreateStep.step(for: field)).filter { CreateVMField(path: $0.path) == field }
    }

    // MARK: - What a step needs

    /// The lists a step shows, to fetch when it opens.
    public func loads(for step: CreateStep) -> [CatalogRequest] {
        switch step {
        case .dataCenter: return [.dataCenters]
        case .image: return answers.datacenterId.map { [.images(datacenterId: $0)] } ?? []
        case .size: return answers.datacenterId.map { [.sizes(datacenterId: $0)] } ?? []
        case .access: return customizations.sshKey ? [.sshKeys] : []
        case .network: return answers.datacenterId.map { [.networks(datacenterId: $0), .subnets(datacenterId: $0)] } ?? []
        case .details: return [.resourceGroups]
        case .review: return []
        }
    }

    /// Whether `field` is asked for with the chosen image and login method (an image without a
    /// username takes none; only the chosen method's credential applies; the method itself is
    /// only a question when the image offers more than one).
    public func asks(_ field: CreateVMField) -> Bool {
        switch field {
        case .authMethod: return allowedAuthMethods.count > 1
        case .sshKeyId: return answers.authMethod == .sshKey
        case .password: return answers.authMethod == .password
        case .username: return customizations.username
        default: return true
        }
    }

    /// Why a public IP cannot be had with the current primary network, if it cannot.
    public var publicIpRefusal: String? {
        guard answers.subnetId == nil, let primary = answers.primaryNetworkId ?? answers.networkIds.first,
              let network = networks.first(where: { $0.id == primary }), network.type == .custom else { return nil }
        return "A public IP needs a standard (L3) primary network; '\(network.displayName)' is custom L2."
    }

    /// The first problem of the whole form, step by step in order: where a submit must send the
    /// operator back to.
    public var firstProblem: (step: CreateStep, issue: FieldIssue)? {
        for s in CreateStep.allCases where s != .review {
            if let problem = issues(for: s).first { return (s, problem) }
        }
        return nil
    }

    // MARK: - Choices and what they clear

    /// What a choice changed: the answers it cleared (the operator is told), and the fields whose
    /// options depend on it (a linear flow asks those again).
    public struct Change: Sendable, Equatable {
        public var changed: Bool
        public var cleared: [CreateVMField] = []
        public var dependents: [CreateVMField] = []
        /// One line for the operator about what was cleared, when anything was.
        public var notice: String?
    }

    /// Images, sizes and networks belong to a data center: a new one clears them.
    public mutating func chooseDataCenter(_ id: String) -> Change {
        guard id != answers.datacenterId else { return Change(changed: false) }
        let hadLaterAnswers = answers.imageId != nil || answers.skuId != nil || !answers.networkIds.isEmpty
            || answers.subnetId != nil
        answers.datacenterId = id
        answers.imageId = nil
        answers.skuId = nil
        answers.networkIds = []
        answers.primaryNetworkId = nil
        answers.subnetId = nil
        answers.allocatePublicIp = false
        let cleared: [CreateVMField] = [.imageId, .skuId, .networkInterfaces, .subnetId, .allocatePublicIp]
        clearServerIssues(for: [.datacenterId] + cleared)
        return Change(changed: true, cleared: hadLaterAnswers ? cleared : [],
                      dependents: cleared + [.authMethod, .sshKeyId, .password, .username],
                      notice: hadLaterAnswers
                        ? "Data center changed: image, size and network were cleared (they belong to a data center)."
                        : nil)
    }

    /// The image decides the login: a method it does not take is replaced by its first one, and a
    /// username or password it does not take is cleared.
    public mutating func chooseImage(_ id: String) -> Change {
        let changed = id != answers.imageId
        answers.imageId = id
        clearServerIssues(for: [.imageId])
        var cleared: [CreateVMField] = []
        var words: [String] = []
        let allowed = allowedAuthMethods
        if let method = answers.authMethod, !allowed.contains(method) {
            answers.authMethod = nil
            cleared.append(.authMethod)
            words.append("auth method")
        }
        if answers.authMethod == nil { answers.authMethod = allowed.first }
        if !customizations.username && !answers.username.isEmpty {
            answers.username = ""
            cleared.append(.username)
            words.append("username (this image does not take one)")
        }
        if answers.authMethod != .password && !answers.password.isEmpty && !allowed.contains(.password) {
            answers.password = ""
            cleared.append(.password)
            words.append("password")
        }
        return Change(changed: changed, cleared: cleared,
                      dependents: changed ? [.authMethod, .sshKeyId, .password, .username] : [],
                      notice: words.isEmpty ? nil : "Image changed: cleared " + words.joined(separator: ", ") + ".")
    }

    public mutating func chooseSize(_ id: String) {
        answers.skuId = id
        clearServerIssues(for: [.skuId])
    }

    /// The SSH key preselected once the keys are known: the library's default, else the first.
    public mutating func preselectSSHKey() {
        guard answers.sshKeyId == nil, let keys = catalog.sshKeys.value else { return }
        answers.sshKeyId = keys.first { $0.isDefault == true }?.id ?? keys.first?.id
    }

    public mutating func clearServerIssues(for fields: [CreateVMField]) {
        serverIssues.removeAll { issue in CreateVMField(path: issue.path).map(fields.contains) ?? false }
    }

    /// Drops the password from memory that outlives the form.
    public mutating func forgetSecrets() { answers.password = "" }
}
