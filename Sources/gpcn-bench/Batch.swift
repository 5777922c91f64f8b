import Foundation
import GPCNApp
import GPCNClient
import GPCNCore
import GPCNSimulator
import Synchronization

/// A large VPC-style batch sent against the embedded simulator (issue 13): a 250-VM request in
/// VPC mode is 250 creates of one VM each (`CreatePlan`), sent by `CreateSubmitter` spaced by
/// `CreatePlan.spacing` within 100 requests a minute — the simulator's limit here. The waits
/// are not slept: the submitter's `sleep` moves the simulator's manual clock (and the
/// submitter's own) instead, so the run takes about a second of wall time while the simulator
/// judges the rate as if the minutes had passed.
///
/// The client spends a `SharedRequestBudget` (as a gpcn session does, docs/api.md §1.7): the
/// rate-limit headers hold a create back when the window's budget is spent, on top of the
/// submitter's fixed spacing; its waits move the same manual clock.
enum Batch {
    static let limitPerMinute = 100

    /// Rows: creates sent, time to the last create (simulated), 429s; `count` VMs.
    static func vpc(count: Int) async -> [Row] {
        let names = ["\(count)-VM VPC batch: creates sent", "\(count)-VM VPC batch: time to the last create",
                     "\(count)-VM VPC batch: 429 answers"]
        func missing(_ why: String) -> [Row] { names.map { Row(name: $0, unit: "", samples: [], note: why) } }
        let clock = SimulatorClock.manual()
        var config = SimulatorConfiguration()
        config.vpc = true
        config.clock = clock
        config.rateLimitPerMinute = limitPerMinute
        config.failRate = 0
        config.cancelRate = 0
        config.seed = 13
        let sim: EmbeddedSimulator
        do { sim = try await EmbeddedSimulator.start(config) } catch { return missing("the embedded simulator did not start: \(error)") }
        defer { Task { await sim.stop() } }
        let catalog = sim.catalog
        guard let dc = catalog.dataCenter(named: "Chicago"), let image = catalog.image(named: "Ubuntu 24.04 LTS", in: dc.id),
              let size = catalog.size(named: "G-Micro-1", in: dc.id), let key = catalog.defaultSSHKey,
              let subnet = catalog.vpcWorld.subnet(named: "app", inDataCenter: dc.id) else {
            return missing("the simulator's catalog has no Chicago / Ubuntu 24.04 LTS / G-Micro-1 / app subnet")
        }
        let request = CreateVMRequest(datacenterId: dc.id, imageId: image.id, skuId: size.skuId, name: "web",
                                      numberOfInstances: count, authMethod: .sshKey, sshKeyId: key.id, subnetId: subnet.id)
        let waited = Mutex(0.0)
        let budget = SharedRequestBudget(clock: { clock.now.timeIntervalSince1970 })
        let client: GPCNClient
        do {
            client = try GPCNClient(configuration: ClientConfiguration(host: sim.apiBaseURL, apiKey: sim.apiKey,
                                                                       retry: RetryPolicy(maxRetries: 0)),
                                    sleep: { seconds in
                                        clock.advance(by: seconds)
                                        waited.withLock { $0 += seconds }
                                    }, budget: budget)
        } catch { return missing("no client: \(error)") }
        let start = clock.now.timeIntervalSince1970
        let submitter = CreateSubmitter(api: client, journal: nil,
                                        clock: { start + waited.withLock { $0 } },
                                        sleep: { seconds in
                                            clock.advance(by: seconds)
                                            waited.withLock { $0 += seconds }
                                        })
        let wall = Clock.monotonicMs()
        let outcome = await submitter.submit(request)
        let wallSeconds = (Clock.monotonicMs() - wall) / 1000
        let stats = sim.stats()
        await client.shutdown()
        let accepted: String
        switch outcome {
        case .accepted(let jobs, _): accepted = "all accepted (\(jobs.count) jobs)"
        case .partial(let jobs, _, let stop): accepted = "stopped after \(jobs.count) jobs: \(stop)"
        default: accepted = "not accepted: \(outcome.text)"
        }
        let note = "CreateSubmitter against the embedded simulator (VPC account, \(limitPerMinute) requests a minute), "
            + "manual clock: \(Row.fixed(wallSeconds, 2)) s of wall time; \(accepted); the shared request budget waited \(budget.snapshot.waits) times"
        return [
            Row(name: names[0], unit: "creates", samples: [Double(stats.createRequests)], decimals: 0,
                aim: .equals(Double(count), "= \(count) (one per VM)"), note: note),
            Row(name: names[1], unit: "s", samples: [waited.withLock { $0 }], decimals: 1,
                reference: ("spacing x creates", [CreatePlan.spacing(limitPerMinute: nil) * Double(count - 1)])),
            Row(name: names[2], unit: "", samples: [Double(stats.rateLimited)], decimals: 0, aim: .equals(0, "= 0")),
        ]
    }
}
