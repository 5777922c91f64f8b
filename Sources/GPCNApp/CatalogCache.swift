import GPCNCore

/// One catalog list the wizard needs.
public enum CatalogRequest: Hashable, Sendable {
    case dataCenters
    case images(datacenterId: String)
    case sizes(datacenterId: String)
    case sshKeys
    case networks(datacenterId: String)
    case resourceGroups
    /// The VPC subnets of a data center (its VPCs' subnets).
    case subnets(datacenterId: String)
}

public enum CatalogPayload: Sendable, Equatable {
    case dataCenters([DataCenter])
    case images(ImageCatalog)
    case sizes(SizeCatalog)
    case sshKeys([SSHKey])
    case networks([Network])
    case resourceGroups([ResourceGroup])
    /// nil: the server does not list VPCs (404); a subnet is then given by id.
    case subnets([VPCSubnet]?)
}

/// A value fetched from the API: not asked yet, on its way, here, or failed.
public enum Loadable<Value: Sendable & Equatable>: Sendable, Equatable {
    case idle
    case loading
    case loaded(Value)
    case failed(APIError)

    public var value: Value? {
        if case .loaded(let v) = self { return v }
        return nil
    }

    public var isLoading: Bool { self == .loading }
}

/// The catalog lists fetched so far; each is fetched once per data center and reused.
public struct CatalogCache: Sendable, Equatable {
    public var dataCenters: Loadable<[DataCenter]> = .idle
    public var images: [String: Loadable<ImageCatalog>] = [:]
    public var sizes: [String: Loadable<SizeCatalog>] = [:]
    public var networks: [String: Loadable<[Network]>] = [:]
    public var sshKeys: Loadable<[SSHKey]> = .idle
    public var resourceGroups: Loadable<[ResourceGroup]> = .idle
    /// The server answered 404 to the resource-group list (it is not documented): the list is
    /// empty and an id is taken as given.
    public var resourceGroupsUnlisted = false
    /// nil inside: VPCs cannot be listed on this server.
    public var subnets: [String: Loadable<[VPCSubnet]?>] = [:]

    public init() {}

    /// The lists a flag resolution fetched (`CreateResolver.loadCatalog`), kept as if loaded here,
    /// with the same rules (networks of another data center are dropped).
    public init(_ lists: ResolutionCatalog, datacenterId dc: String?) {
        if let v = lists.dataCenters { store(.dataCenters, .success(.dataCenters(v))) }
        if let v = lists.sshKeys { store(.sshKeys, .success(.sshKeys(v))) }
        if let v = lists.resourceGroups { store(.resourceGroups, .success(.resourceGroups(v))) }
        resourceGroupsUnlisted = lists.resourceGroupsUnlisted
        guard let dc else { return }
        if lists.subnets != nil || lists.subnetsUnlisted {
            store(.subnets(datacenterId: dc), .success(.subnets(lists.subnetsUnlisted ? nil : lists.subnets)))
        }
        if let v = lists.images { store(.images(datacenterId: dc), .success(.images(v))) }
        if let v = lists.sizes { store(.sizes(datacenterId: dc), .success(.sizes(v))) }
        if let v = lists.networks { store(.networks(datacenterId: dc), .success(.networks(v))) }
    }

    public func status(_ request: CatalogRequest) -> LoadStatus {
        switch request {
        case .dataCenters: return LoadStatus(dataCenters)
        case .images(let dc): return LoadStatus(images[dc] ?? .idle)
        case .sizes(let dc): return LoadStatus(sizes[dc] ?? .idle)
        case .sshKeys: return LoadStatus(sshKeys)
        case .networks(let dc): return LoadStatus(networks[dc] ?? .idle)
        case .resourceGroups: return LoadStatus(resourceGroups)
        case .subnets(let dc): return LoadStatus(subnets[dc] ?? .idle)
        }
    }

    public mutating func markLoading(_ request: CatalogRequest) {
        switch request {
        case .dataCenters: dataCenters = .loading
        case .images(let dc): images[dc] = .loading
        case .sizes(let dc): sizes[dc] = .loading
        case .sshKeys: sshKeys = .loading
        case .networks(let dc): networks[dc] = .loading
        case .resourceGroups: resourceGroups = .loading
        case .subnets(let dc): subnets[dc] = .loading
        }
    }

    public mutating func store(_ request: CatalogRequest, _ result: Result<CatalogPayload, APIError>) {
        switch (request, result) {
        case (.dataCenters, .success(.dataCenters(let v))): dataCenters = .loaded(v)
        case (.images(let dc), .success(.images(let v))): images[dc] = .loaded(v)
        case (.sizes(let dc), .success(.sizes(let v))): sizes[dc] = .loaded(v)
        case (.sshKeys, .success(.sshKeys(let v))): sshKeys = .loaded(v)
        case (.networks(let dc), .success(.networks(let v))):
            // The server filters by data center; keep only those that say they are elsewhere out.
            networks[dc] = .loaded(v.filter { $0.datacenterId == nil || $0.datacenterId == dc })
        case (.resourceGroups, .success(.resourceGroups(let v))): resourceGroups = .loaded(v)
        case (.resourceGroups, .failure(let e)) where e.status == 404:
            // Not documented, and not served here: no list, the field takes an id or nothing.
            resourceGroups = .loaded([])
            resourceGroupsUnlisted = true
        case (.subnets(let dc), .success(.subnets(let v))):
            subnets[dc] = .loaded(v?.filter { $0.datacenterId == nil || $0.datacenterId?.lowercased() == dc.lowercased() })
        case (_, .failure(let e)):
            switch request {
            case .dataCenters: dataCenters = .failed(e)
            case .images(let dc): images[dc] = .failed(e)
            case .sizes(let dc): sizes[dc] = .failed(e)
            case .sshKeys: sshKeys = .failed(e)
            case .networks(let dc): networks[dc] = .failed(e)
            case .resourceGroups: resourceGroups = .failed(e)
            case .subnets(let dc): subnets[dc] = .failed(e)
            }
        default:
            break  // a payload of the wrong kind for the request: ignore it
        }
    }
}

/// Loading state without the payload, for views.
public enum LoadStatus: Equatable, Sendable {
    case idle, loading, loaded, failed(APIError)
    public init<V>(_ l: Loadable<V>) {
        switch l {
        case .idle: self = .idle
        case .loading: self = .loading
        case .loaded: self = .loaded
        case .failed(let e): self = .failed(e)
        }
    }
}
