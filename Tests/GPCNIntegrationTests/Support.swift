import Foundation
import GPCNClient
import GPCNCore
import GPCNSimulator
import Logging
import Synchronization
import Testing
import TerminalUI

/// The waits the client asked for between retries, recorded instead of slept. Optionally moves
/// a manual simulator clock forward by each wait, so "waiting" for a rate-limit window works.
final class SleepLog: Sendable {
    private let waits = Mutex<[Double]>([])
    private let clock: SimulatorClock?

    init(advancing clock: SimulatorClock? = nil) { self.clock = clock }

    var recorded: [Double] { waits.withLock { $0 } }

    @Sendable func sleep(_ seconds: Double) async throws {
        waits.withLock { $0.append(seconds) }
        clock?.advance(by: seconds)
    }
}

/// A simulator on an ephemeral loopback port and a real `GPCNClient` talking HTTP to it.
struct Harness: Sendable {
    let sim: EmbeddedSimulator
    let client: GPCNClient
    let sleeps: SleepLog
    let clock: SimulatorClock

    var catalog: SimulatorCatalog { sim.catalog }
    func stats() -> SimulatorStats { sim.stats() }
    func resetStats() { sim.simulator.resetStats() }

    /// A second client on the same simulator (another key, another policy).
    func otherClient(apiKey: String, retry: RetryPolicy = RetryPolicy()) throws -> GPCNClient {
        try GPCNClient(configuration: ClientConfiguration(host: sim.baseURL, apiKey: apiKey, retry: retry),
                       sleep: sleeps.sleep, jitter: { 0.5 })
    }
}

/// Starts a simulator (manual clock unless one is given), runs `body` with a client whose sleeps
/// are recorded (and advance the manual clock), and always shuts both down.
func withSimulator<T>(_ configure: (inout SimulatorConfiguration) -> Void = { _ in },
                      retry: RetryPolicy = RetryPolicy(),
                      requestTimeout: Double = 10,
                      _ body: (Harness) async throws -> T) async throws -> T {
    // A fixed seed: which requests meet an injected fault, and how jobs end, are the same every run.
    var config = SimulatorConfiguration(seed: 2026, clock: .manual(),
                                        logger: Logger(label: "test.simulator", factory: { _ in SwiftLogNoOpLogHandler() }))
    configure(&config)
    let sim = try await EmbeddedSimulator.start(config)
    let sleeps = SleepLog(advancing: config.clock)
    let client: GPCNClient
    do {
        client = try GPCNClient(configuration: ClientConfiguration(host: sim.baseURL, apiKey: sim.apiKey,
                                                                   connectTimeout: 2, requestTimeout: requestTimeout,
                                                                   retry: retry),
                                sleep: sleeps.sleep, jitter: { 0.5 })
    } catch {
        await sim.stop()
        throw error
    }
    let harness = Harness(sim: sim, client: client, sleeps: sleeps, clock: config.clock)
    do {
        let result = try await body(harness)
        await client.shutdown()
        await sim.stop()
        return result
    } catch {
        await client.shutdown()
        await sim.stop()
        throw error
    }
}

/// Runs `body`, which must throw an `APIError`, and returns that error.
func apiError<T>(_ body: () async throws -> T, sourceLocation: SourceLocation = #_sourceLocation) async -> APIError? {
    do {
        let value = try await body()
        Issue.record("expected an APIError, got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch let error as APIError {
        return error
    } catch {
        Issue.record("expected an APIError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

extension SimulatorCatalog {
    func dc(_ name: String) -> DataCenter {
        guard let dc = dataCenter(named: name) else { fatalError("no data center \(name) in the simulator catalog") }
        return dc
    }

    /// A body the simulator accepts: Ubuntu 24.04 on G-Micro-1 in `dataCenter`, ssh-key auth with the
    /// default key, on the data center's first standard network.
    func goodRequest(in dataCenter: String = "Chicago", name: String = "web", count: Int = 1) -> CreateVMRequest {
        let dc = dc(dataCenter)
        let network = networks.first { $0.datacenter?.id == dc.id && $0.type == .standard }
        return CreateVMRequest(
            datacenterId: dc.id,
            imageId: image(named: "Ubuntu 24.04 LTS", in: dc.id)!.id,
            skuId: size(named: "G-Micro-1", in: dc.id)!.skuId,
            name: name,
            resourceGroupId: resourceGroups.first!.id,
            numberOfInstances: count,
            allocatePublicIp: false,
            networkInterfaces: network.map { [NetworkInterface(networkId: $0.id, primary: true)] },
            authMethod: .sshKey,
            sshKeyId: defaultSSHKey!.id)
    }
}

/// `⌈n / size⌉`, at least 1 (an empty list still costs one request).
func pages(_ n: Int, of size: Int) -> Int { max(1, (n + size - 1) / size) }

/// Collects emitted lines across tasks.
final class Lines: Sendable {
    private let lines = Mutex<[String]>([])
    func add(_ s: String) { lines.withLock { $0.append(s) } }
    var all: [String] { lines.withLock { $0 } }
}

/// A terminal that only takes scripted keys (for the real runtime in tests).
final class ScriptedBackend: TerminalBackend {
    let events: AsyncStream<TerminalEvent>
    private let sink: AsyncStream<TerminalEvent>.Continuation
    let size = Size(width: 100, height: 30)
    init() { (events, sink) = AsyncStream<TerminalEvent>.makeStream() }
    func key(_ k: Key) { sink.yield(.key(k)) }
    func type(_ text: String) { for c in text { key(.character(c)) } }
    func present(_ f: Buffer) {}
    func redraw() {}
    func suspend() {}
    func stop() async { sink.finish() }
}

/// The real client, except that a create's answer is lost after the simulator carried it out
/// (a timeout the client cannot tell from a create that never arrived). Records each body sent.
final class LosesCreateAnswers: GPCNAPI, Sendable {
    let base: any GPCNAPI
    private let sent = Mutex<[CreateVMRequest]>([])
    init(_ base: any GPCNAPI) { self.base = base }
    var bodies: [CreateVMRequest] { sent.withLock { $0 } }

    var endpoint: String { base.endpoint }
    func authCheck() async throws -> AuthCheck { try await base.authCheck() }
    func dataCenters() async throws -> [DataCenter] { try await base.dataCenters() }
    func images(datacenterId: String) async throws -> ImageCatalog { try await base.images(datacenterId: datacenterId) }
    func sizes(datacenterId: String) async throws -> SizeCatalog { try await base.sizes(datacenterId: datacenterId) }
    func sshKeys() async throws -> [SSHKey] { try await base.sshKeys() }
    func networks(datacenterId: String?) async throws -> [Network] { try await base.networks(datacenterId: datacenterId) }
    func resourceGroups() async throws -> [ResourceGroup] { try await base.resourceGroups() }
    func jobs(ids: [String]) async throws -> JobsAnswer { try await base.jobs(ids: ids) }
    func virtualMachine(id: String) async throws -> VirtualMachine { try await base.virtualMachine(id: id) }
    func virtualMachines(search: String?) async throws -> [VirtualMachine] { try await base.virtualMachines(search: search) }
    func createVirtualMachines(_ request: CreateVMRequest) async throws -> [Job] {
        sent.withLock { $0.append(request) }
        _ = try await base.createVirtualMachines(request)
        throw APIError(kind: .timeout(seconds: 30), message: "no answer within 30 s")
    }
}
