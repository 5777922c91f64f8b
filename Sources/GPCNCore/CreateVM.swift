/// `authMethod` of the create body (docs/api.md §2.7).
public enum AuthMethod: String, Codable, Sendable, Equatable, CaseIterable {
    case sshKey = "ssh-key"
    case password
    case custom

    /// How the method is offered ("SSH key", "Password", "Image's own login").
    public var label: String {
        switch self {
        case .sshKey: return "SSH key"
        case .password: return "Password"
        case .custom: return "Image's own login"
        }
    }
}

public struct NetworkInterface: Codable, Sendable, Equatable {
    public var networkId: String
    public var primary: Bool

    public init(networkId: String, primary: Bool) {
        self.networkId = networkId; self.primary = primary
    }
}

/// The body of `POST /resource/virtual-machines`, field names exactly as docs/api.md §2.7 gives them.
/// Optional fields are left out of the JSON when nil.
public struct CreateVMRequest: Codable, Sendable, Equatable {
    public var datacenterId: String?
    public var imageId: String?
    public var skuId: String?
    public var name: String?
    public var resourceGroupId: String?
    public var numberOfInstances: Int?
    public var allocatePublicIp: Bool?
    public var networkInterfaces: [NetworkInterface]?
    public var authMethod: AuthMethod?
    public var sshKeyId: String?
    /// Never logged, stored or shown; `redacted` masks it for display.
    public var password: String?
    public var username: String?
    /// VPC-era body (docs/api.md §2.11): the subnet of the VM's first interface, and a public
    /// address acquired for it (`acquirePublicIp`) or one already held (`publicIpId`). Such a
    /// body carries no `networkInterfaces`, `allocatePublicIp` or `numberOfInstances`.
    public var subnetId: String?
    public var acquirePublicIp: Bool?
    public var publicIpId: String?

    public init(datacenterId: String? = nil, imageId: String? = nil, skuId: String? = nil,
                name: String? = nil, resourceGroupId: String? = nil, numberOfInstances: Int? = nil,
                allocatePublicIp: Bool? = nil, networkInterfaces: [NetworkInterface]? = nil,
                authMethod: AuthMethod? = nil, sshKeyId: String? = nil, password: String? = nil,
                username: String? = nil, subnetId: String? = nil, acquirePublicIp: Bool? = nil,
                publicIpId: String? = nil) {
        self.subnetId = subnetId; self.acquirePublicIp = acquirePublicIp; self.publicIpId = publicIpId
        self.datacenterId = datacenterId; self.imageId = imageId; self.skuId = skuId; self.name = name
        self.resourceGroupId = resourceGroupId; self.numberOfInstances = numberOfInstances
        self.allocatePublicIp = allocatePublicIp; self.networkInterfaces = networkInterfaces
        self.authMethod = authMethod; self.sshKeyId = sshKeyId; self.password = password
        self.username = username
    }

    /// A copy safe to show, log or journal: the password replaced by a mask.
    public var redacted: CreateVMRequest {
        var copy = self
        if copy.password != nil { copy.password = CreateVMRequest.passwordMask }
        return copy
    }

    /// A copy safe to store: no password field at all.
    public var withoutPassword: CreateVMRequest {
        var copy = self
        copy.password = nil
        return copy
    }

    public static let passwordMask = "********"

    /// Whether this is a VPC-era body (it names a subnet).
    public var isVPC: Bool { subnetId != nil }

    /// The VM names this request creates: `name` for one instance, `name-1…name-N` for several.
    public var instanceNames: [String] {
        let base = (name ?? "").trimmingWhitespace()
        let n = numberOfInstances ?? 1
        guard n > 1 else { return [base] }
        return (1...min(n, 1000)).map { "\(base)-\($0)" }
    }
}

// `print(request)`, string interpolation, `dump` and debuggers show the request with the
// password masked: a debugging line must never be how the secret leaks.
extension CreateVMRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        let r = redacted
        let fields: [(String, String?)] = [
            ("datacenterId", r.datacenterId), ("imageId", r.imageId), ("skuId", r.skuId), ("name", r.name),
            ("resourceGroupId", r.resourceGroupId), ("numberOfInstances", r.numberOfInstances.map(String.init)),
            ("allocatePublicIp", r.allocatePublicIp.map(String.init)),
            ("networkInterfaces", r.networkInterfaces.map { "\($0.count)" }),
            ("authMethod", r.authMethod?.rawValue), ("sshKeyId", r.sshKeyId), ("password", r.password),
            ("username", r.username), ("subnetId", r.subnetId),
            ("acquirePublicIp", r.acquirePublicIp.map(String.init)), ("publicIpId", r.publicIpId),
        ]
        return "CreateVMRequest(" + fields.compactMap { k, v in v.map { "\(k): \($0)" } }.joined(separator: ", ") + ")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["redacted": description], displayStyle: .struct)
    }
}
