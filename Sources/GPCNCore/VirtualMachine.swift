/// A VM from `GET /resource/virtual-machines/{id}` (flat `data`, or the older nested
/// `data.virtualMachine` / `data.virtualmachine`) or from the VM list.
public struct VirtualMachine: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String?
    public var status: String?
    public var image: String?
    public var username: String?
    public var sshKeyId: String?
    public var primaryPrivateIp: String?
    public var primaryPublicIp: String?
    public var resourceGroupId: String?
    public var datacenter: EmbeddedDataCenter?
    public var createdAt: String?
    public var updatedAt: String?
    /// The VM's interfaces (`…/network-interfaces`), when they were fetched: the documented place
    /// of one VM's addresses (docs/api.md §2.9). Not part of the VM answer.
    public var interfaces: [VMNetworkInterface]?

    /// Private and public address: from the interfaces when they were fetched, else from a VM
    /// list item's `primaryPrivateIp`/`primaryPublicIp` (documented there, not on the single GET).
    public var addresses: VMAddresses {
        if let interfaces, !interfaces.isEmpty { return VMAddresses(interfaces: interfaces) }
        return VMAddresses(privateIp: primaryPrivateIp, publicIp: primaryPublicIp)
    }

    public init(id: String, name: String? = nil, status: String? = nil, image: String? = nil,
                username: String? = nil, sshKeyId: String? = nil, primaryPrivateIp: String? = nil,
                primaryPublicIp: String? = nil, resourceGroupId: String? = nil,
                datacenter: EmbeddedDataCenter? = nil, createdAt: String? = nil, updatedAt: String? = nil) {
        self.id = id; self.name = name; self.status = status; self.image = image
        self.username = username; self.sshKeyId = sshKeyId; self.primaryPrivateIp = primaryPrivateIp
        self.primaryPublicIp = primaryPublicIp; self.resourceGroupId = resourceGroupId
        self.datacenter = datacenter; self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, status, image, imageName, username, sshKeyId, primaryPrivateIp, primaryPublicIp
        case resourceGroupId, datacenter, createdAt, updatedAt, virtualMachine, virtualmachine
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // Older shape: status beside a nested VM object.
        for nestedKey in [CodingKeys.virtualMachine, .virtualmachine] where c.contains(nestedKey) {
            if var nested = try? c.decode(VirtualMachine.self, forKey: nestedKey) {
                if nested.status == nil { nested.status = c.lenientString(.status) }
                self = nested
                return
            }
        }
        guard let id = c.lenientString(.id) else {
            throw DecodingError.keyNotFound(CodingKeys.id, .init(codingPath: c.codingPath, debugDescription: "VM without id"))
        }
        self.id = id
        name = c.lenientString(.name); status = c.lenientString(.status)
        image = c.lenientString(.image) ?? c.lenientString(.imageName)
        username = c.lenientString(.username); sshKeyId = c.lenientString(.sshKeyId)
        primaryPrivateIp = c.lenientString(.primaryPrivateIp); primaryPublicIp = c.lenientString(.primaryPublicIp)
        resourceGroupId = c.lenientString(.resourceGroupId)
        datacenter = try? c.decodeIfPresent(EmbeddedDataCenter.self, forKey: .datacenter)
        createdAt = c.lenientString(.createdAt); updatedAt = c.lenientString(.updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encodeIfPresent(image, forKey: .image)
        try c.encodeIfPresent(username, forKey: .username)
        try c.encodeIfPresent(sshKeyId, forKey: .sshKeyId)
        try c.encodeIfPresent(primaryPrivateIp, forKey: .primaryPrivateIp)
        try c.encodeIfPresent(primaryPublicIp, forKey: .primaryPublicIp)
        try c.encodeIfPresent(resourceGroupId, forKey: .resourceGroupId)
        try c.encodeIfPresent(datacenter, forKey: .datacenter)
        try c.encodeIfPresent(createdAt, forKey: .createdAt)
        try c.encodeIfPresent(updatedAt, forKey: .updatedAt)
    }
}

/// `GET /auth/check` data.
public struct AuthCheck: Codable, Sendable, Equatable {
    public struct Credential: Codable, Sendable, Equatable {
        public var kind: String?
        public var id: String?
        public var name: String?
        public var keyStart: String?
        public var entityId: String?
        public var expiresAt: String?
        public init(kind: String? = nil, id: String? = nil, name: String? = nil, keyStart: String? = nil,
                    entityId: String? = nil, expiresAt: String? = nil) {
            self.kind = kind; self.id = id; self.name = name; self.keyStart = keyStart
            self.entityId = entityId; self.expiresAt = expiresAt
        }
    }
    public struct Grants: Codable, Sendable, Equatable {
        public var source: String?
        public var entityId: String?
        public var permissions: [String]?
        public init(source: String? = nil, entityId: String? = nil, permissions: [String]? = nil) {
            self.source = source; self.entityId = entityId; self.permissions = permissions
        }
    }
    public var authenticated: Bool?
    public var credential: Credential?
    public var grants: Grants?

    public init(authenticated: Bool? = nil, credential: Credential? = nil, grants: Grants? = nil) {
        self.authenticated = authenticated; self.credential = credential; self.grants = grants
    }
}
