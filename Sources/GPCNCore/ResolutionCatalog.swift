// The lists a create's words (ids or names) are resolved against; the resolver itself is
// `CreateResolver` in GPCNApp, which puts the answers into a `CreateForm`.

/// The catalog lists a create is resolved against. A nil list was not fetched.
public struct ResolutionCatalog: Sendable, Equatable {
    public var dataCenters: [DataCenter]?
    /// Images, sizes and networks of the resolved data center.
    public var images: ImageCatalog?
    public var sizes: SizeCatalog?
    public var networks: [Network]?
    public var sshKeys: [SSHKey]?
    public var resourceGroups: [ResourceGroup]?
    /// VPC subnets of the resolved data center (docs/api.md §2.11).
    public var subnets: [VPCSubnet]?
    /// The server answered 404 to a list that is not documented (resource groups, VPCs): an id
    /// given for it is taken as it is (docs/api.md, "When the server does not say").
    public var resourceGroupsUnlisted = false
    public var subnetsUnlisted = false

    public init(dataCenters: [DataCenter]? = nil, images: ImageCatalog? = nil, sizes: SizeCatalog? = nil,
                networks: [Network]? = nil, sshKeys: [SSHKey]? = nil, resourceGroups: [ResourceGroup]? = nil,
                subnets: [VPCSubnet]? = nil) {
        self.dataCenters = dataCenters; self.images = images; self.sizes = sizes; self.networks = networks
        self.sshKeys = sshKeys; self.resourceGroups = resourceGroups; self.subnets = subnets
    }

    // The names each kind answers to (besides its id), first the one shown.
    public static func names(_ dc: DataCenter) -> [String] { [dc.name, dc.code].compactMap { $0 } }
    public static func names(_ image: VMImage) -> [String] { [image.name].compactMap { $0 } }
    public static func names(_ size: VMSize) -> [String] { [size.name, size.skuCode].compactMap { $0 } }
    public static func names(_ key: SSHKey) -> [String] { [key.name].compactMap { $0 } }
    public static func names(_ network: Network) -> [String] { [network.name].compactMap { $0 } }
    public static func names(_ group: ResourceGroup) -> [String] { [group.name].compactMap { $0 } }
    public static func names(_ subnet: VPCSubnet) -> [String] { [subnet.name].compactMap { $0 } }
}
