import GPCNCore

/// Everything the operator has chosen or typed, independent of the screens. Pre-filled from
/// flags or a preset; turned into the create body by `request`.
public struct CreateAnswers: Sendable, Equatable {
    public var datacenterId: String?
    public var imageId: String?
    public var skuId: String?
    public var authMethod: AuthMethod?
    public var sshKeyId: String?
    /// Secret: never drawn, logged or stored.
    public var password: String = ""
    public var username: String = ""
    /// Selected networks in order; empty means the data center's default network.
    public var networkIds: [String] = []
    public var primaryNetworkId: String?
    public var allocatePublicIp = false
    public var name: String = ""
    /// As typed, so a half-typed value is kept and validated rather than lost.
    public var count: String = "1"
    public var resourceGroupId: String?
    /// A VPC subnet instead of legacy networks (docs/api.md §2.11); `allocatePublicIp` then means
    /// `acquirePublicIp`.
    public var subnetId: String?

    public init() {}

    /// The answers a create body stands for (the password is never in a stored body: given apart).
    public init(request: CreateVMRequest, password: String?) {
        datacenterId = request.datacenterId
        imageId = request.imageId
        skuId = request.skuId
        authMethod = request.authMethod
        sshKeyId = request.sshKeyId
        self.password = password ?? ""
        username = request.username ?? ""
        networkIds = request.networkInterfaces?.map(\.networkId) ?? []
        primaryNetworkId = request.networkInterfaces?.first { $0.primary }?.networkId
        allocatePublicIp = request.allocatePublicIp == true || request.acquirePublicIp == true
        subnetId = request.subnetId
        name = request.name ?? ""
        count = String(request.numberOfInstances ?? 1)
        resourceGroupId = request.resourceGroupId
    }

    /// The create body these answers stand for. Empty text fields are left out.
    public func request(allowsUsername: Bool) -> CreateVMRequest {
        var r = CreateVMRequest()
        r.datacenterId = datacenterId
        r.imageId = imageId
        r.skuId = skuId
        r.name = name
        r.numberOfInstances = Int(count.trimmingWhitespace())
        r.resourceGroupId = resourceGroupId
        if let subnetId {
            // The VPC-era body: a subnet, `acquirePublicIp` only when wanted, no legacy keys.
            r.subnetId = subnetId
            if allocatePublicIp { r.acquirePublicIp = true }
        } else {
            if !networkIds.isEmpty {
                let primary = primaryNetworkId ?? networkIds.first
                r.networkInterfaces = networkIds.map { NetworkInterface(networkId: $0, primary: $0 == primary) }
            }
            if allocatePublicIp { r.allocatePublicIp = true }
        }
        r.authMethod = authMethod
        switch authMethod {
        case .sshKey?: r.sshKeyId = sshKeyId
        case .password?: r.password = password
        default: break
        }
        if allowsUsername && !username.isEmpty { r.username = username }
        return r.normalized
    }
}
