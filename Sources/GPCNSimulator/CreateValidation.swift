import Foundation
import GPCNCore

// The simulator's own rules for `POST /resource/virtual-machines`, written from
// docs/api.md §2.7 and assumptions A-1/A-2/A-6. Deliberately independent of the client-side
// validator in GPCNCore, so that testing one against the other can catch a wrong rule.
//
// Status policy (A-1): any schema/format/type problem -> 422 "Validation Error"; otherwise any
// business or reference problem -> 400 "Bad Request". Every problem found is reported, also the
// business ones that can still be checked next to schema problems.

/// A create body that passed validation, with everything resolved against the catalog.
struct ValidCreate: Sendable {
    var dataCenter: DataCenter
    var image: SimulatorCatalog.ImageEntry
    var size: VMSize
    var name: String
    var count: Int
    var resourceGroupId: String?
    var allocatePublicIp: Bool
    /// nil: use (and maybe create) the default network.
    var interfaces: [(network: Network, primary: Bool)]?
    var authMethod: AuthMethod?
    var sshKey: SSHKey?
    var username: String?
    /// VPC account: the (ready) subnet of the VM's only interface; nil in a legacy account.
    var subnet: SimulatorSubnet? = nil
    /// VPC account: `acquirePublicIp: true`.
    var acquirePublicIp = false
}

struct CreateValidationFailure: Error, Sendable {
    /// 422 or 400 for validation; 403 (legacy body in a VPC account) and 409 (no capacity) too.
    var status: Int
    var issues: [FieldIssue]
    /// Shape A `error.code` and top-level message when not the validation ones.
    var code: String? = nil
    var message: String? = nil

    /// The answer: shape A; `details.issues` when there are issues, else `details: null`.
    var response: SimResponse {
        guard let code else { return Errors.validation(status, issues) }
        let sentence = message ?? issues.map { "\($0.path): \($0.message)" }.joined(separator: "; ")
        return Errors.shapeA(status, code: code, message: sentence, issues: issues.isEmpty ? nil : issues)
    }
}

struct CreateValidator {
    let catalog: SimulatorCatalog
    /// Networks that exist now (catalog plus lazily created default networks).
    let networks: [String: Network]
    /// The account's VPCs when it is a VPC account (docs/api.md §2.11); nil for a legacy account.
    var vpcWorld: VPCCatalog? = nil
    /// A size without capacity is a `409` once the rest is valid (minimal dialect), not a `400` issue.
    var capacityConflict = false

    private static let namePattern = try! NSRegularExpression(pattern: "^[a-zA-Z0-9]([a-zA-Z0-9 .\\-]*[a-zA-Z0-9])?$")
    private static let usernamePattern = try! NSRegularExpression(pattern: "^[a-zA-Z_][a-zA-Z0-9_-]*$")
    static let passwordSpecials: Set<Character> = ["!", "@", "#", "%", "-", "_", "."]

    private static func matches(_ re: NSRegularExpression, _ s: String) -> Bool {
        re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }

    static func typeName(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    func validate(body: [UInt8]) -> Result<ValidCreate, CreateValidationFailure> {
        guard !body.isEmpty, let json = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) else {
            return .failure(.init(status: 422, issues: [FieldIssue(path: "body", message: "Request body must be valid JSON")]))
        }
        guard case .object(let o) = json else {
            return .failure(.init(status: 422, issues: [FieldIssue(path: "body", message: "Expected object, received \(Self.typeName(json))")]))
        }
        return validate(object: o)
    }

    func validate(object o: [String: JSONValue]) -> Result<ValidCreate, CreateValidationFailure> {
        var schema: [FieldIssue] = []    // 422 class
        var business: [FieldIssue] = []  // 400 class

        if vpcWorld != nil, let refusal = VPCCreateRules.gate(o) { return .failure(refusal) }

        /// Absent and `null` both count as "not given".
        func given(_ key: String) -> JSONValue? {
            guard let v = o[key] else { return nil }
            if case .null = v { return nil }
            return v
        }

        func uuidField(_ key: String, label: String, required: Bool) -> String? {
            guard let v = given(key) else {
                if required { schema.append(FieldIssue(path: key, message: "\(label) is required")) }
                return nil
            }
            guard case .string(let s) = v else {
                schema.append(FieldIssue(path: key, message: "Expected string, received \(Self.typeName(v))"))
                return nil
            }
            if s.isEmpty && required {
                schema.append(FieldIssue(path: key, message: "\(label) is required"))
                return nil
            }
            guard StableID.isUUID(s) else {
                schema.append(FieldIssue(path: key, message: "\(label) must be a valid UUID"))
                return nil
            }
            return s.lowercased()
        }

        /// An optional string where "" means "not given" (the seed example sends `"password": ""`).
        func optionalString(_ key: String) -> String?? {
            guard let v = given(key) else { return .some(nil) }
            guard case .string(let s) = v else {
                schema.append(FieldIssue(path: key, message: "Expected string, received \(Self.typeName(v))"))
                return .none
            }
            return .some(s.isEmpty ? nil : s)
        }

        // --- Schema: field by field, in the order of the seed body ---
        let dcId = uuidField("datacenterId", label: "Datacenter ID", required: true)
        let imageId = uuidField("imageId", label: "Image ID", required: true)
        let skuId = uuidField("skuId", label: "SKU ID", required: true)

        var name: String?
        if let v = given("name") {
            if case .string(let raw) = v {
                let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.isEmpty {
                    schema.append(FieldIssue(path: "name", message: "Name is required"))
                } else if trimmed.count > 60 {
                    schema.append(FieldIssue(path: "name", message: "Name must be at most 60 characters"))
                } else if !Self.matches(Self.namePattern, trimmed) {
                    schema.append(FieldIssue(path: "name", message: "Name must start and end with a letter or digit and contain only letters, digits, spaces, dots and hyphens"))
                } else {
                    name = trimmed
                }
            } else {
                schema.append(FieldIssue(path: "name", message: "Expected string, received \(Self.typeName(v))"))
            }
        } else {
            schema.append(FieldIssue(path: "name", message: "Name is required"))
        }

        let resourceGroupId = uuidField("resourceGroupId", label: "Resource group ID", required: false)

        // VPC world: subnetId (required; the gate refused bodies without it), acquirePublicIp, publicIpId.
        var subnetId: String?
        var acquirePublicIp = false
        if vpcWorld != nil {
            subnetId = uuidField("subnetId", label: "Subnet ID", required: true)
            if let v = given("acquirePublicIp") {
                if case .bool(let b) = v { acquirePublicIp = b } else {
                    schema.append(FieldIssue(path: "acquirePublicIp", message: "Expected boolean, received \(Self.typeName(v))"))
                }
            }
            if uuidField("publicIpId", label: "Public IP ID", required: false) != nil {
                business.append(FieldIssue(path: "publicIpId", message: given("acquirePublicIp") != nil
                    ? "Send either acquirePublicIp or publicIpId, not both"
                    : "Public IP not found (this simulator holds no VPC public IPs; send acquirePublicIp: true)"))
            }
        } else {
            business += VPCCreateRules.legacyAccountIssues(o)
        }

        var count = 1
        if let v = given("numberOfInstances") {
            if case .number(let d) = v {
                if d != d.rounded() {
                    schema.append(FieldIssue(path: "numberOfInstances", message: "Number of instances must be an integer"))
                } else if d < 1 {
                    schema.append(FieldIssue(path: "numberOfInstances", message: "Number of instances must be at least 1"))
                } else if d > 10 {
                    schema.append(FieldIssue(path: "numberOfInstances", message: "Number of instances must be at most 10"))
                } else {
                    count = Int(d)
                }
            } else {
                schema.append(FieldIssue(path: "numberOfInstances", message: "Expected number, received \(Self.typeName(v))"))
            }
        }

        var allocatePublicIp = false
        if let v = given("allocatePublicIp") {
            if case .bool(let b) = v { allocatePublicIp = b } else {
                schema.append(FieldIssue(path: "allocatePublicIp", message: "Expected boolean, received \(Self.typeName(v))"))
            }
        }

        // Interfaces: nil = not given; entries with a nil id had a schema problem.
        var interfaces: [(id: String?, primary: Bool)]?
        var interfacesShapeOK = true
        if let v = given("networkInterfaces") {
            if case .array(let items) = v {
                if items.isEmpty {
                    schema.append(FieldIssue(path: "networkInterfaces", message: "At least one network interface is required when networkInterfaces is sent (omit it to use the default network)"))
                    interfacesShapeOK = false
                } else if items.count > 5 {
                    schema.append(FieldIssue(path: "networkInterfaces", message: "At most 5 network interfaces are allowed"))
                    interfacesShapeOK = false
                }
                var list: [(id: String?, primary: Bool)] = []
                for (i, item) in items.enumerated() {
                    guard case .object(let io) = item else {
                        schema.append(FieldIssue(path: "networkInterfaces.\(i)", message: "Expected object, received \(Self.typeName(item))"))
                        interfacesShapeOK = false
                        continue
                    }
                    var id: String?
                    switch io["networkId"] {
                    case nil, .null?:
                        schema.append(FieldIssue(path: "networkInterfaces.\(i).networkId", message: "Network ID is required"))
                    case .string(let s)?:
                        if StableID.isUUID(s) { id = s.lowercased() } else {
                            schema.append(FieldIssue(path: "networkInterfaces.\(i).networkId",
                                                     message: s.isEmpty ? "Network ID is required" : "Network ID must be a valid UUID"))
                        }
                    case let other?:
                        schema.append(FieldIssue(path: "networkInterfaces.\(i).networkId", message: "Expected string, received \(Self.typeName(other))"))
                    }
                    var primary = false
                    switch io["primary"] {
                    case nil, .null?: break
                    case .bool(let b)?: primary = b
                    case let other?:
                        schema.append(FieldIssue(path: "networkInterfaces.\(i).primary", message: "Expected boolean, received \(Self.typeName(other))"))
                        interfacesShapeOK = false
                    }
                    list.append((id, primary))
                }
                interfaces = list
            } else {
                schema.append(FieldIssue(path: "networkInterfaces", message: "Expected array, received \(Self.typeName(v))"))
                interfacesShapeOK = false
            }
        }

        var authMethod: AuthMethod?
        var authMethodOK = true
        if let v = given("authMethod") {
            if case .string(let s) = v, let m = AuthMethod(rawValue: s) {
                authMethod = m
            } else {
                let received: String
                if case .string(let s) = v { received = "'\(s)'" } else { received = Self.typeName(v) }
                schema.append(FieldIssue(path: "authMethod", message: "Invalid enum value. Expected 'ssh-key' | 'password' | 'custom', received \(received)"))
                authMethodOK = false
            }
        }

        // sshKeyId: "" is a malformed id (422), like every other id field.
        let sshKeyId = uuidField("sshKeyId", label: "SSH key ID", required: false)
        let sshKeySent = given("sshKeyId") != nil

        var passwordSent = false
        if case .some(let p) = optionalString("password"), let p {
            passwordSent = true
            if p.count < 12 { schema.append(FieldIssue(path: "password", message: "Password must be at least 12 characters")) }
            if p.count > 20 { schema.append(FieldIssue(path: "password", message: "Password must be at most 20 characters")) }
            let allowed = p.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || Self.passwordSpecials.contains($0) }
            if !allowed {
                schema.append(FieldIssue(path: "password", message: "Password may only contain letters, digits and ! @ # % - _ ."))
            }
            if !p.contains(where: { $0.isASCII && $0.isUppercase }) {
                schema.append(FieldIssue(path: "password", message: "Password must contain at least one uppercase letter"))
            }
            if !p.contains(where: { $0.isASCII && $0.isLowercase }) {
                schema.append(FieldIssue(path: "password", message: "Password must contain at least one lowercase letter"))
            }
            if !p.contains(where: { $0.isASCII && $0.isNumber }) {
                schema.append(FieldIssue(path: "password", message: "Password must contain at least one digit"))
            }
            if !p.contains(where: { Self.passwordSpecials.contains($0) }) {
                schema.append(FieldIssue(path: "password", message: "Password must contain at least one special character (! @ # % - _ .)"))
            }
        }

        var username: String?
        if case .some(let u) = optionalString("username"), let u {
            if u.count < 3 {
                schema.append(FieldIssue(path: "username", message: "Username must be at least 3 characters"))
            } else if u.count > 20 {
                schema.append(FieldIssue(path: "username", message: "Username must be at most 20 characters"))
            } else if !Self.matches(Self.usernamePattern, u) {
                schema.append(FieldIssue(path: "username", message: "Username must start with a letter or underscore and contain only letters, digits, underscores and hyphens"))
            } else {
                username = u
            }
            if catalog.reservedUsernames.contains(where: { $0.caseInsensitiveCompare(u) == .orderedSame }) {
                business.append(FieldIssue(path: "username", message: "Username '\(u)' is reserved; choose another name"))
            }
        }

        if o["configurationId"] != nil {
            business.append(FieldIssue(path: "configurationId", message: "configurationId is no longer accepted; send skuId (a UUID from the sizes endpoint) instead"))
        }

        // --- References and cross-field rules (400) ---
        var dc: DataCenter?
        if let dcId {
            dc = catalog.dcEntries[dcId]?.dc
            if dc == nil { business.append(FieldIssue(path: "datacenterId", message: "Datacenter not found")) }
        }

        var image: SimulatorCatalog.ImageEntry?
        if let imageId {
            if let entry = catalog.imagesById[imageId] {
                if let dc, !(catalog.dcEntries[dc.id]?.imageIds.contains(imageId) ?? false) {
                    business.append(FieldIssue(path: "imageId", message: "Image not available in this datacenter"))
                } else {
                    image = entry
                }
            } else {
                business.append(FieldIssue(path: "imageId", message: "Image not found"))
            }
        }

        var size: VMSize?
        var noCapacity: FieldIssue?
        if let skuId {
            if let entry = catalog.sizesById[skuId] {
                if let dc {
                    if let offer = catalog.dcEntries[dc.id]?.sizes.first(where: { $0.skuId == skuId }) {
                        if offer.available {
                            size = entry.size
                        } else {
                            let issue = FieldIssue(path: "skuId", message: "Size \(entry.size.name ?? skuId) is not available in this datacenter: \(offer.reason ?? "no capacity")")
                            if capacityConflict { noCapacity = issue } else { business.append(issue) }
                        }
                    } else {
                        business.append(FieldIssue(path: "skuId", message: "Size not available in this datacenter"))
                    }
                }
            } else {
                business.append(FieldIssue(path: "skuId", message: "Size not found"))
            }
        }

        if let resourceGroupId, !catalog.resourceGroups.contains(where: { $0.id == resourceGroupId }) {
            business.append(FieldIssue(path: "resourceGroupId", message: "Resource group not found"))
        }

        var sshKey: SSHKey?
        if let sshKeyId {
            sshKey = catalog.sshKeys.first { $0.id == sshKeyId }
            if sshKey == nil { business.append(FieldIssue(path: "sshKeyId", message: "SSH key not found")) }
        }

        var subnet: SimulatorSubnet?
        if let subnetId, let vpcWorld {
            let found = vpcWorld.subnet(id: subnetId)
            if let problem = VPCCreateRules.subnetProblem(found, vpc: found.flatMap { vpcWorld.vpc(id: $0.vpcId) },
                                                          dataCenter: dc, catalog: catalog) {
                business.append(FieldIssue(path: "subnetId", message: problem))
            } else {
                subnet = found
            }
        }

        // Networks: existence, data center, duplicates, exactly one primary, public IP on L2.
        var resolved: [(network: Network, primary: Bool)]?
        if let interfaces {
            var list: [(network: Network, primary: Bool)] = []
            var seen: [String: Int] = [:]
            var allResolved = true
            for (i, nic) in interfaces.enumerated() {
                guard let id = nic.id else { allResolved = false; continue }
                let path = "networkInterfaces.\(i).networkId"
                if let j = seen[id] {
                    business.append(FieldIssue(path: path, message: "Network is already attached by networkInterfaces.\(j)"))
                    allResolved = false
                    continue
                }
                seen[id] = i
                guard let net = networks[id] else {
                    business.append(FieldIssue(path: path, message: "Network not found"))
                    allResolved = false
                    continue
                }
                if let dc, net.datacenter?.id != dc.id {
                    business.append(FieldIssue(path: path, message: "Network \(net.name ?? id) is in data center \(net.datacenter?.name ?? "?"), not in \(dc.name ?? dc.id); all networks must be in the VM's data center"))
                    allResolved = false
                    continue
                }
                list.append((net, nic.primary))
            }
            if interfacesShapeOK {
                let primaries = interfaces.filter(\.primary).count
                if primaries != 1 {
                    business.append(FieldIssue(path: "networkInterfaces", message: "Exactly one network interface must be primary (found \(primaries))"))
                } else if allocatePublicIp,
                          let primary = list.first(where: \.primary)?.network, primary.type == .custom {
                    business.append(FieldIssue(path: "allocatePublicIp", message: "A public IP needs a standard (L3) primary network; \(primary.name ?? primary.id) is a custom L2 network"))
                }
            }
            if allResolved && interfacesShapeOK { resolved = list }
        }

        // Authentication against the image's customizations (docs/api.md §2.7 + A-6).
        if let image, authMethodOK {
            let c = image.customizations
            let imageName = image.image.name ?? image.image.id
            let acceptsAuth = c.sshKey || c.password
            var accepted = [String]()
            if c.sshKey { accepted.append("ssh-key") }
            if c.password { accepted.append("password") }
            let customAllowed = !acceptsAuth || image.category == .custom
            if customAllowed { accepted.append("custom") }
            switch authMethod {
            case nil:
                if acceptsAuth {
                    business.append(FieldIssue(path: "authMethod", message: "Authentication method is required for image \(imageName) (accepted: \(accepted.joined(separator: ", ")))"))
                } else {
                    if sshKeySent { business.append(FieldIssue(path: "sshKeyId", message: "Image \(imageName) has no authentication customizations; do not send sshKeyId")) }
                    if passwordSent { business.append(FieldIssue(path: "password", message: "Image \(imageName) has no authentication customizations; do not send password")) }
                }
            case .sshKey?:
                if !c.sshKey {
                    business.append(FieldIssue(path: "authMethod", message: acceptsAuth
                        ? "Image \(imageName) does not accept ssh-key authentication (accepted: \(accepted.joined(separator: ", ")))"
                        : "Image \(imageName) has no authentication customizations; omit authMethod"))
                }
                if !sshKeySent { business.append(FieldIssue(path: "sshKeyId", message: "SSH key ID is required when authMethod is ssh-key")) }
                if passwordSent { business.append(FieldIssue(path: "password", message: "Password must not be sent with authMethod ssh-key (password login is disabled)")) }
            case .password?:
                if !c.password {
                    business.append(FieldIssue(path: "authMethod", message: acceptsAuth
                        ? "Image \(imageName) does not accept password authentication (accepted: \(accepted.joined(separator: ", ")))"
                        : "Image \(imageName) has no authentication customizations; omit authMethod"))
                }
                if !passwordSent { business.append(FieldIssue(path: "password", message: "Password is required when authMethod is password")) }
                if sshKeySent { business.append(FieldIssue(path: "sshKeyId", message: "sshKeyId must not be sent with authMethod password")) }
            case .custom?:
                if !customAllowed {
                    business.append(FieldIssue(path: "authMethod", message: "authMethod custom is only accepted for images without ssh-key or password customizations, or for custom images (accepted here: \(accepted.joined(separator: ", ")))"))
                }
                if sshKeySent { business.append(FieldIssue(path: "sshKeyId", message: "sshKeyId must not be sent with authMethod custom")) }
                if passwordSent { business.append(FieldIssue(path: "password", message: "Password must not be sent with authMethod custom")) }
            }
            if username != nil && !c.username {
                business.append(FieldIssue(path: "username", message: "Image \(imageName) does not support a custom username"))
            }
        }

        if !schema.isEmpty || !business.isEmpty {
            return .failure(.init(status: schema.isEmpty ? 400 : 422, issues: schema + business))
        }
        if let noCapacity {
            return .failure(.init(status: 409, issues: [noCapacity], code: "Conflict", message: noCapacity.message))
        }
        // Everything resolved (no issue means every lookup succeeded).
        guard let dc, let image, let size, let name else {
            return .failure(.init(status: 400, issues: [FieldIssue(path: "body", message: "Invalid request")]))
        }
        return .success(ValidCreate(dataCenter: dc, image: image, size: size, name: name, count: count,
                                    resourceGroupId: resourceGroupId, allocatePublicIp: allocatePublicIp,
                                    interfaces: resolved, authMethod: authMethod, sshKey: sshKey, username: username,
                                    subnet: subnet, acquirePublicIp: acquirePublicIp))
    }
}
