import Foundation
import GPCNCore

// The VPC world of a VPC-era account (docs/api.md §2.11): VPCs in several (not all) data
// centers, their subnets in every state, and the routes that list them. Served as data only when
// `SimulatorConfiguration.vpc` is set; a legacy account has no VPCs.

/// A VPC as the simulator keeps it.
public struct SimulatorVPC: Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String?
    public var cidr: String
    public var dataCenterId: String
    /// active | creating | failed
    public var status: String
    public var egressIp: String?
    public var createdAt: String
    public var updatedAt: String
    public var dnsNameservers: [String]
}

/// A subnet of a VPC as the simulator keeps it.
public struct SimulatorSubnet: Sendable, Equatable {
    public var id: String
    public var vpcId: String
    public var name: String
    public var description: String?
    public var cidr: String
    /// creating | ready | failed | removing; only `ready` takes a VM.
    public var state: String
    public var nsgId: String
    public var nsgName: String?
    public var failureReason: String?
    public var createdAt: String
    public var updatedAt: String
    /// NICs attached by machines that are not simulated VMs (added to the live VMs' NICs).
    var otherNics: Int

    public var isReady: Bool { state == "ready" }
    /// "10.100.1.0/24" -> "10.100.1.1"
    var gatewayIp: String? { IPv4.prefix24(cidr).map { $0 + ".1" } }
}

/// The fixed VPCs and subnets (stable ids, like the rest of the catalog).
///
/// | data center | VPC | status | subnets (state) |
/// |---|---|---|---|
/// | Chicago | `chi-prod` 10.100.0.0/16 | active | `app` (ready), `db` (ready), `batch` (creating), `legacy-migration` (failed) |
/// | Frankfurt | `fra-main` 10.200.0.0/16 | active | `app` (ready, the look-alike of Chicago's), `web` (ready) |
/// | New York | `nyc-edge` 10.150.0.0/16 | active | `edge` (ready), `old-dmz` (removing) |
/// | Zürich | `zrh-new` 10.250.0.0/16 | creating | none |
///
/// Kansas, Tokyo, São Paulo, Kraków, Montréal and Bogotá have none.
public struct VPCCatalog: Sendable {
    public let vpcs: [SimulatorVPC]
    public let subnets: [SimulatorSubnet]

    public func vpc(id: String) -> SimulatorVPC? { vpcs.first { $0.id == id.lowercased() } }
    public func vpcs(inDataCenter dataCenterId: String) -> [SimulatorVPC] { vpcs.filter { $0.dataCenterId == dataCenterId } }
    public func subnets(ofVPC vpcId: String) -> [SimulatorSubnet] { subnets.filter { $0.vpcId == vpcId } }
    public func subnet(id: String) -> SimulatorSubnet? { subnets.first { $0.id == id.lowercased() } }

    /// A subnet by name within one data center's VPCs ("app" in Chicago, not Frankfurt's "app").
    public func subnet(named name: String, inDataCenter dataCenterId: String) -> SimulatorSubnet? {
        let vpcIds = Set(vpcs(inDataCenter: dataCenterId).map(\.id))
        return subnets.first { vpcIds.contains($0.vpcId) && $0.name.lowercased() == name.lowercased() }
    }

    static func build(dataCenterIds: [String: String]) -> VPCCatalog {
        var vpcs: [SimulatorVPC] = []
        var subnets: [SimulatorSubnet] = []
        func vpc(_ dcKey: String, _ name: String, _ cidr: String, status: String, egress: String?, _ description: String?,
                 days: Int) {
            guard let dcId = dataCenterIds[dcKey] else { return }
            vpcs.append(SimulatorVPC(id: StableID.uuid("vpc:\(dcKey):\(name)"), name: name, description: description, cidr: cidr,
                                     dataCenterId: dcId, status: status, egressIp: egress,
                                     createdAt: Timestamp.catalog(daysBefore: days),
                                     updatedAt: Timestamp.catalog(daysBefore: days / 2),
                                     dnsNameservers: ["1.1.1.1", "8.8.8.8"]))
        }
        func subnet(_ dcKey: String, _ vpcName: String, _ name: String, _ cidr: String, state: String, nsg: String?,
                    nics: Int = 0, failure: String? = nil, _ description: String? = nil, days: Int) {
            let vpcId = StableID.uuid("vpc:\(dcKey):\(vpcName)")
            subnets.append(SimulatorSubnet(
                id: StableID.uuid("subnet:\(dcKey):\(vpcName):\(name)"), vpcId: vpcId, name: name, description: description,
                cidr: cidr, state: state, nsgId: StableID.uuid("nsg:\(dcKey):\(nsg ?? "default")"), nsgName: nsg,
                failureReason: failure, createdAt: Timestamp.catalog(daysBefore: days),
                updatedAt: Timestamp.catalog(daysBefore: max(days - 3, 0)), otherNics: nics))
        }
        vpc("chicago", "chi-prod", "10.100.0.0/16", status: "active", egress: "198.51.100.10",
            "Production VPC for the Chicago workloads", days: 120)
        subnet("chicago", "chi-prod", "app", "10.100.1.0/24", state: "ready", nsg: "web-tier", nics: 2, "Application tier", days: 118)
        subnet("chicago", "chi-prod", "db", "10.100.2.0/24", state: "ready", nsg: "db-strict", nics: 1, "Databases", days: 117)
        subnet("chicago", "chi-prod", "batch", "10.100.3.0/24", state: "creating", nsg: nil, days: 1)
        subnet("chicago", "chi-prod", "legacy-migration", "10.100.4.0/24", state: "failed", nsg: nil,
               failure: "The address range overlaps the legacy network prod-web", days: 10)
        vpc("frankfurt", "fra-main", "10.200.0.0/16", status: "active", egress: "198.51.100.20", "EU VPC (GDPR scope)", days: 90)
        subnet("frankfurt", "fra-main", "app", "10.200.1.0/24", state: "ready", nsg: "web-tier", nics: 1,
               "EU application tier", days: 88)
        subnet("frankfurt", "fra-main", "web", "10.200.2.0/24", state: "ready", nsg: "web-tier", days: 80)
        vpc("new-york", "nyc-edge", "10.150.0.0/16", status: "active", egress: nil, nil, days: 60)
        subnet("new-york", "nyc-edge", "edge", "10.150.1.0/24", state: "ready", nsg: "edge", days: 58)
        subnet("new-york", "nyc-edge", "old-dmz", "10.150.9.0/24", state: "removing", nsg: "edge", days: 200)
        vpc("zurich", "zrh-new", "10.250.0.0/16", status: "creating", egress: nil, "Being built", days: 0)
        return VPCCatalog(vpcs: vpcs, subnets: subnets)
    }
}

/// A VPC as `GET /resource/vpcs[/{id}]` shows it.
struct VPCOut: Encodable {
    struct DataCenterRef: Encodable { var id: String; var code: String?; var name: String? }
    var id: String
    var name: String
    var description: String?
    var cidr: String
    var datacenter: DataCenterRef
    var status: String
    var egressIp: String?
    var createdAt: String
    var updatedAt: String
    var dnsNameservers: [String]

    init(_ v: SimulatorVPC, catalog: SimulatorCatalog) {
        let dc = catalog.dcEntries[v.dataCenterId]?.dc
        id = v.id; name = v.name; description = v.description; cidr = v.cidr
        datacenter = DataCenterRef(id: v.dataCenterId, code: dc?.code, name: dc?.name)
        status = v.status; egressIp = v.egressIp; createdAt = v.createdAt; updatedAt = v.updatedAt
        dnsNameservers = v.dnsNameservers
    }
}

/// A subnet as `GET /resource/vpcs/{id}/subnets` shows it.
struct SubnetOut: Encodable {
    var id: String
    var name: String
    var description: String?
    var cidr: String
    var state: String
    var nsgId: String
    var nsgName: String?
    var attachedNicCount: Int
    var failureReason: String?
    var createdAt: String
    var updatedAt: String

    init(_ s: SimulatorSubnet, attachedNicCount: Int) {
        id = s.id; name = s.name; description = s.description; cidr = s.cidr; state = s.state; nsgId = s.nsgId
        nsgName = s.nsgName; self.attachedNicCount = attachedNicCount; failureReason = s.failureReason
        createdAt = s.createdAt; updatedAt = s.updatedAt
    }
}

extension Simulator {
    /// The VPCs of this account: the fixtures in a VPC account, none in a legacy one.
    var accountVPCs: VPCCatalog { configuration.vpc ? catalog.vpcWorld : VPCCatalog(vpcs: [], subnets: []) }

    func listVPCs(_ q: Query) -> SimResponse {
        var items = accountVPCs.vpcs
        if let dc = q["filter[datacenterId]"]?.lowercased() { items = items.filter { $0.dataCenterId == dc } }
        if let s = q["search"] { items = items.filter { Self.contains($0.name, s) || Self.contains($0.cidr, s) } }
        items = sorted(items, q, default: "name:asc", keys: ["name": { $0.name }, "createdAt": { $0.createdAt }])
        return pageResponse(items, q, message: "VPCs retrieved successfully") { VPCOut($0, catalog: catalog) }
    }

    func getVPC(_ id: String) -> SimResponse {
        guard let vpc = accountVPCs.vpc(id: id) else { return Errors.notFound("VPC not found") }
        return .json(200, SuccessOut(message: "VPC retrieved successfully", data: VPCOut(vpc, catalog: catalog)))
    }

    /// Paged; `meta` is `{ total, page, pageSize, totalPages }` as §2.11 gives it.
    func listSubnets(_ vpcId: String, _ q: Query, now: Date, world w: World) -> SimResponse {
        guard accountVPCs.vpc(id: vpcId) != nil else { return Errors.notFound("VPC not found") }
        let items = accountVPCs.subnets(ofVPC: vpcId.lowercased())
        switch paginate(items, q) {
        case .failure(let e): return e.response
        case .success(let (slice, meta)):
            let attached = w.attachedNicCounts(at: now)
            let metaOut = JSONValue.object(["total": .number(Double(meta.total ?? 0)), "page": .number(Double(meta.page ?? 1)),
                                            "pageSize": .number(Double(meta.pageSize ?? 0)),
                                            "totalPages": .number(Double(meta.totalPages ?? 1))])
            return .json(200, SuccessOut(message: "Subnets retrieved successfully",
                                         data: slice.map { SubnetOut($0, attachedNicCount: $0.otherNics + (attached[$0.id] ?? 0)) },
                                         meta: .value(metaOut)))
        }
    }
}

extension World {
    /// NICs of live VMs per subnet id.
    func attachedNicCounts(at now: Date) -> [String: Int] {
        var counts: [String: Int] = [:]
        for vm in vms.values where status(of: vm, at: now) != nil {
            for nic in vm.nics { if let s = nic.subnetId { counts[s, default: 0] += 1 } }
        }
        return counts
    }
}
