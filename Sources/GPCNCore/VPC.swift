// VPC-era networking (docs/api.md §2.11): an account moved to VPC networking creates VMs on a
// subnet of a VPC. Everything but ids is optional, as everywhere else.

/// `GET /resource/vpcs` item (the list itself is not documented: a 404 means "VPCs cannot be
/// listed here", and a subnet is then asked for by id).
public struct VPC: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String?
    public var description: String?
    public var cidr: String?
    public var datacenter: EmbeddedDataCenter?
    /// `creating | active | failed | deleting`.
    public var status: String?

    public init(id: String, name: String? = nil, description: String? = nil, cidr: String? = nil,
                datacenter: EmbeddedDataCenter? = nil, status: String? = nil) {
        self.id = id; self.name = name; self.description = description; self.cidr = cidr
        self.datacenter = datacenter; self.status = status
    }

    enum CodingKeys: String, CodingKey { case id, name, description, cidr, datacenter, status }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = c.lenientString(.id) else {
            throw DecodingError.keyNotFound(CodingKeys.id, .init(codingPath: c.codingPath, debugDescription: "VPC without id"))
        }
        self.id = id
        name = c.lenientString(.name); description = c.lenientString(.description); cidr = c.lenientString(.cidr)
        datacenter = try? c.decodeIfPresent(EmbeddedDataCenter.self, forKey: .datacenter)
        status = c.lenientString(.status)
    }

    public var displayName: String { name ?? id }
}

/// `GET /resource/vpcs/{vpcId}/subnets` item, with the VPC it was listed under (the item itself
/// does not name its VPC or data center).
public struct VPCSubnet: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String?
    public var description: String?
    public var cidr: String?
    /// `creating | ready | failed | removing`.
    public var state: String?
    public var nsgName: String?
    public var attachedNicCount: Int?
    public var failureReason: String?
    /// Filled in by the client from the VPC the subnet was listed under.
    public var vpcId: String?
    public var vpcName: String?
    public var datacenterId: String?

    public init(id: String, name: String? = nil, description: String? = nil, cidr: String? = nil,
                state: String? = nil, nsgName: String? = nil, attachedNicCount: Int? = nil,
                failureReason: String? = nil, vpcId: String? = nil, vpcName: String? = nil,
                datacenterId: String? = nil) {
        self.id = id; self.name = name; self.description = description; self.cidr = cidr; self.state = state
        self.nsgName = nsgName; self.attachedNicCount = attachedNicCount; self.failureReason = failureReason
        self.vpcId = vpcId; self.vpcName = vpcName; self.datacenterId = datacenterId
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, cidr, state, nsgName, attachedNicCount, failureReason, vpcId, vpcName, datacenterId
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = c.lenientString(.id) else {
            throw DecodingError.keyNotFound(CodingKeys.id, .init(codingPath: c.codingPath, debugDescription: "subnet without id"))
        }
        self.id = id
        name = c.lenientString(.name); description = c.lenientString(.description); cidr = c.lenientString(.cidr)
        state = c.lenientString(.state); nsgName = c.lenientString(.nsgName)
        attachedNicCount = c.lenientInt(.attachedNicCount); failureReason = c.lenientString(.failureReason)
        vpcId = c.lenientString(.vpcId); vpcName = c.lenientString(.vpcName); datacenterId = c.lenientString(.datacenterId)
    }

    public var displayName: String { name ?? id }

    /// Only a `ready` subnet takes a VM; a subnet whose state is not given is not refused here
    /// (the server decides).
    public var isReady: Bool { state.map { $0.lowercased() == "ready" } ?? true }

    /// Why the subnet cannot take a VM now, for the list and the refusal.
    public var notReadyReason: String? {
        guard !isReady else { return nil }
        let s = state ?? "not ready"
        return failureReason.map { "\(s): \($0)" } ?? s
    }
}
