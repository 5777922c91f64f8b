/// `GET /resource/virtual-machines/{id}/network-interfaces` item (docs/api.md §2.9): where a
/// VM's addresses are documented for one VM. Legacy rows name a network, VPC-era rows a subnet.
public struct VMNetworkInterface: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    /// Index on the VM.
    public var networkInterface: Int?
    public var isPrimary: Bool?
    public var privateIp: String?
    public var publicIp: String?
    public var networkName: String?
    public var networkId: String?
    public var networkType: String?
    /// `legacy | vpc | l2`.
    public var world: String?
    public var subnetName: String?
    public var vpcSubnetId: String?
    public var vpcName: String?

    public init(id: String, networkInterface: Int? = nil, isPrimary: Bool? = nil, privateIp: String? = nil,
                publicIp: String? = nil, networkName: String? = nil, networkId: String? = nil,
                networkType: String? = nil, world: String? = nil, subnetName: String? = nil,
                vpcSubnetId: String? = nil, vpcName: String? = nil) {
        self.id = id; self.networkInterface = networkInterface; self.isPrimary = isPrimary
        self.privateIp = privateIp; self.publicIp = publicIp; self.networkName = networkName
        self.networkId = networkId; self.networkType = networkType; self.world = world
        self.subnetName = subnetName; self.vpcSubnetId = vpcSubnetId; self.vpcName = vpcName
    }

    enum CodingKeys: String, CodingKey {
        case id, networkInterface, isPrimary, privateIp, publicIp, networkName, networkId, networkType, world
        case subnetName, vpcSubnetId, vpcName
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.lenientString(.id) ?? ""
        networkInterface = c.lenientInt(.networkInterface); isPrimary = c.lenientBool(.isPrimary)
        privateIp = c.lenientString(.privateIp).flatMap(Self.address)
        publicIp = c.lenientString(.publicIp).flatMap(Self.address)
        networkName = c.lenientString(.networkName); networkId = c.lenientString(.networkId)
        networkType = c.lenientString(.networkType); world = c.lenientString(.world)
        subnetName = c.lenientString(.subnetName); vpcSubnetId = c.lenientString(.vpcSubnetId)
        vpcName = c.lenientString(.vpcName)
    }

    /// "" (the API's "none") is no address.
    static func address(_ s: String) -> String? {
        let t = s.trimmingWhitespace()
        return t.isEmpty ? nil : t
    }

    /// What the interface is attached to, for the detail view ("app (VPC prod)", "backend").
    public var attachment: String? {
        if let subnet = subnetName ?? vpcSubnetId { return subnet + (vpcName.map { " (VPC \($0))" } ?? "") }
        return networkName ?? networkId
    }
}

/// A VM's private and public address: from its interfaces (one VM) or from a VM list item
/// (many VMs), the two places the reference gives them (docs/api.md §2.9).
public struct VMAddresses: Sendable, Equatable, Codable {
    public var privateIp: String?
    public var publicIp: String?

    public init(privateIp: String? = nil, publicIp: String? = nil) {
        self.privateIp = privateIp; self.publicIp = publicIp
    }

    /// The primary interface's private address (else the first one's), and a public address
    /// (the primary's first).
    public init(interfaces: [VMNetworkInterface]) {
        let ordered = interfaces.enumerated().sorted {
            ($0.element.isPrimary == true ? 0 : 1, $0.element.networkInterface ?? Int.max, $0.offset)
                < ($1.element.isPrimary == true ? 0 : 1, $1.element.networkInterface ?? Int.max, $1.offset)
        }.map(\.element)
        privateIp = ordered.lazy.compactMap(\.privateIp).first
        publicIp = ordered.lazy.compactMap(\.publicIp).first
    }

    public var isEmpty: Bool { privateIp == nil && publicIp == nil }
}
