import Foundation
import GPCNCore
import Logging
import Synchronization

/// The simulated GPCN API: catalog, VMs, jobs, rate limits and faults, all in memory.
/// Serve it with `EmbeddedSimulator` / `SimulatorServer`, or `makeApplication()` for tests.
public final class Simulator: Sendable {
    public let configuration: SimulatorConfiguration
    public let catalog: SimulatorCatalog
    let world: Mutex<World>
    private let stopping = Atomic<Bool>(false)

    public init(configuration: SimulatorConfiguration = SimulatorConfiguration()) {
        self.configuration = configuration
        self.catalog = .standard
        self.world = Mutex(World.initial(catalog: .standard, now: configuration.clock.now))
    }

    /// A snapshot of the request counters.
    public func stats() -> SimulatorStats { world.withLock { $0.stats } }

    /// Every create request received, in arrival order.
    public func creates() -> [SimulatorCreateRecord] { world.withLock { $0.createLog } }

    /// Every job with its state now, in creation order.
    public func jobRecords() -> [SimulatorJobRecord] {
        let now = self.now
        return world.withLock { w in
            w.jobs.values.sorted { ($0.createdAt, $0.jobId) < ($1.createdAt, $1.jobId) }.map { j in
                let snap = j.snapshot(at: now)
                let state: String
                switch j.phase(at: now) {
                case .running: state = "running"
                case .completed: state = "succeeded"
                case .failed: state = "failed"
                case .cancelled: state = "cancelled"
                }
                return SimulatorJobRecord(jobId: j.jobId, vmId: j.vmId, name: j.vmName, operation: j.operation,
                                          state: state, stage: snap.stage)
            }
        }
    }

    /// Zeroes the request counters (state such as VMs and jobs is kept).
    public func resetStats() { world.withLock { $0.stats = SimulatorStats() } }

    /// Set when the server is shutting down: injected hangs end early.
    var isStopping: Bool { stopping.load(ordering: .relaxed) }
    func markStopping() { stopping.store(true, ordering: .relaxed) }

    var now: Date { configuration.clock.now }
    var logger: Logger { configuration.logger }
}

struct VMRecord: Sendable {
    /// An interface on a legacy network (`networkId`) or on a VPC subnet (`subnetId`).
    struct NIC: Sendable {
        var networkId: String?
        var primary: Bool
        var privateIp: String
        var subnetId: String? = nil
    }
    var id: String
    var name: String
    var dataCenterId: String
    var imageName: String
    var size: VMSize
    var sizeCategory: String
    var createJobId: String?
    var deleteJobId: String?
    var createdAt: Date
    var authMethod: AuthMethod?
    var username: String?
    var sshKey: SSHKey?
    var resourceGroupId: String?
    var nics: [NIC]
    var publicIp: String?
}

struct World: Sendable {
    var vms: [String: VMRecord] = [:]
    var jobs: [String: JobRecord] = [:]
    /// Lazily created `default-network`s, by id.
    var defaultNetworks: [String: Network] = [:]
    var nextHostByNetwork: [String: Int] = [:]
    var nextPublicHost = 10
    var rateWindows: [String: (window: Int, count: Int)] = [:]
    var stats = SimulatorStats()
    var createLog: [SimulatorCreateRecord] = []
    /// Set by a create that was carried out, read back by the request bookkeeping.
    var lastAccepted: (jobIds: [String], vmIds: [String], names: [String])?
    /// The fault drawn for the request being handled (for the create log).
    var pendingFaultKind: String?
    /// 429s still owed by an injected burst.
    var burstRemaining = 0
    var faultCounter: UInt64 = 0
    var batchCounter: UInt64 = 0
    var vmCounter: UInt64 = 0
    var jobCounter: UInt64 = 0

    static func initial(catalog: SimulatorCatalog, now: Date) -> World {
        var w = World()
        // Two VMs that already run, so the VM list is not empty in a demo.
        let seeds: [(String, String, String, String, String, String?)] = [
            ("legacy-web-01", "Chicago", "Ubuntu 22.04 LTS", "G-Small-1", "prod-web", "203.0.113.5"),
            ("eu-db-01", "Frankfurt", "Debian 12", "M-Small-1", "eu-web", nil),
        ]
        for (i, s) in seeds.enumerated() {
            guard let dc = catalog.dataCenter(named: s.1), let size = catalog.size(named: s.3, in: dc.id),
                  let net = catalog.network(named: s.4, in: dc.id) else { continue }
            let ip = w.allocatePrivateIp(network: net)
            let id = StableID.uuid("vm:" + s.0)
            w.vms[id] = VMRecord(
                id: id, name: s.0, dataCenterId: dc.id, imageName: s.2, size: size,
                sizeCategory: catalog.sizesById[size.skuId]?.categoryCode ?? "general-purpose",
                createJobId: nil, deleteJobId: nil,
                createdAt: now.addingTimeInterval(-Double(86_400 * (30 - i * 7))), authMethod: .sshKey,
                username: "deploy", sshKey: catalog.defaultSSHKey, resourceGroupId: catalog.resourceGroups.first?.id,
                nics: [VMRecord.NIC(networkId: net.id, primary: true, privateIp: ip)], publicIp: s.5)
        }
        return w
    }

    mutating func allocatePrivateIp(network: Network) -> String {
        allocatePrivateIp(pool: network.id, cidr: network.cidrBlock)
    }

    /// The next host address of a network or subnet (`pool` is its id), from .10 to .250.
    mutating func allocatePrivateIp(pool: String, cidr: String?) -> String {
        let host = nextHostByNetwork[pool] ?? 10
        nextHostByNetwork[pool] = host >= 250 ? 10 : host + 1
        let prefix = cidr.flatMap(IPv4.prefix24) ?? "10.0.0"
        return "\(prefix).\(host)"
    }

    mutating func allocatePublicIp() -> String {
        let host = nextPublicHost
        nextPublicHost = host >= 250 ? 10 : host + 1
        return "203.0.113.\(host)"
    }

    /// Every network that exists now, by id.
    func allNetworks(_ catalog: SimulatorCatalog) -> [String: Network] {
        var all = defaultNetworks
        for n in catalog.networks { all[n.id] = n }
        return all
    }

    /// When the VM's status last changed (creation, end of its create job, start of a delete).
    func updatedAt(of vm: VMRecord, at now: Date) -> Date {
        if let d = vm.deleteJobId, let job = jobs[d] { return job.createdAt }
        guard let c = vm.createJobId, let job = jobs[c] else { return vm.createdAt }
        switch job.phase(at: now) {
        case .running: return vm.createdAt
        case .completed: return job.createdAt.addingTimeInterval(job.total)
        case .failed, .cancelled: return job.createdAt.addingTimeInterval(job.ending?.at ?? job.total)
        }
    }

    /// The VM's status; nil once a delete has completed (the VM is gone).
    func status(of vm: VMRecord, at now: Date) -> String? {
        if let d = vm.deleteJobId, let job = jobs[d] {
            return job.phase(at: now) == .completed ? nil : "Deleting"
        }
        guard let c = vm.createJobId, let job = jobs[c] else { return "Running" }
        switch job.phase(at: now) {
        case .running: return "Provisioning"
        case .completed: return "Running"
        case .failed, .cancelled: return "Error"
        }
    }
}
