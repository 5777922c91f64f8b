import Foundation
import GPCNClient
import GPCNCore
import GPCNSimulator
import Synchronization
import Testing

/// One request budget shared by the clients of a process (docs/api.md §1.7), over real loopback
/// HTTP against the simulator. The simulator's clock is manual; every wait (the budget's and the
/// workload's own spacing) moves it instead of sleeping, so windows pass in no wall time.
@Suite struct SharedBudgetTests {
    final class Tally: Sendable {
        let jobIds = Mutex<[String]>([])
        let refused = Mutex(0)
    }

    /// 10 requests per 20 s window: 30 a minute, as issue 13's done-means.
    static func limited(_ c: inout SimulatorConfiguration) {
        c.rateLimitPerMinute = 10
        c.rateLimitWindowSeconds = 20
    }

    static func client(_ h: Harness, retry: RetryPolicy, sleeps: SleepLog,
                       budget: SharedRequestBudget?) throws -> GPCNClient {
        try GPCNClient(configuration: ClientConfiguration(host: h.sim.baseURL, apiKey: h.sim.apiKey, retry: retry),
                       sleep: sleeps.sleep, jitter: { 0.5 }, budget: budget)
    }

    static func budget(_ h: Harness, maxSleep: Double = 120) -> SharedRequestBudget {
        let clock = h.clock
        return SharedRequestBudget(maxSleep: maxSleep, clock: { clock.now.timeIntervalSince1970 })
    }

    /// What a `--wait` batch does at once: one client sends creates 0.6 s apart (the create
    /// loop's spacing) with a catalog GET now and then, while the poll client (no automatic
    /// retries) asks about the jobs every 0.6 s. Returns the 429s the clients were answered.
    static func hammer(_ h: Harness, budget: SharedRequestBudget?, rounds: Int) async throws -> Int {
        let spacing = SleepLog(advancing: h.clock)
        let waits = SleepLog(advancing: h.clock)
        let session = try client(h, retry: RetryPolicy(maxRetries: 0), sleeps: waits, budget: budget)
        let poller = try client(h, retry: .none, sleeps: waits, budget: budget)
        let tally = Tally()
        let note: @Sendable (any Error) -> Void = { error in
            if (error as? APIError)?.status == 429 { tally.refused.withLock { $0 += 1 } }
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for i in 1...rounds {
                    do {
                        if i % 4 == 0 {
                            _ = try await session.sshKeys()
                        } else {
                            let jobs = try await session.createVirtualMachines(h.catalog.goodRequest(name: "gate\(i)"))
                            tally.jobIds.withLock { $0 += jobs.map(\.jobId) }
                        }
                    } catch { note(error) }
                    try? await spacing.sleep(0.6)
                }
            }
            group.addTask {
                for _ in 1...rounds {
                    let ids = tally.jobIds.withLock { $0 }
                    do {
                        if ids.isEmpty { _ = try await poller.dataCenters() } else { _ = try await poller.jobs(ids: ids) }
                    } catch { note(error) }
                    try? await spacing.sleep(0.6)
                }
            }
        }
        await session.shutdown()
        await poller.shutdown()
        return tally.refused.withLock { $0 }
    }

    @Test func twoClientsSharingOneBudgetGetNo429() async throws {
        try await withSimulator(Self.limited, retry: .none) { h in
            let budget = Self.budget(h)
            let start = h.clock.now
            let refused = try await Self.hammer(h, budget: budget, rounds: 40)
            let stats = h.stats()
            #expect(refused == 0)
            #expect(stats.rateLimited == 0)
            #expect(stats.totalRequests == 80, "every request was sent, none dropped")
            #expect(stats.jobPolls > 20)
            // The budget, not luck, kept it under: 80 requests at 10 per window span 8 windows.
            #expect(h.clock.now.timeIntervalSince(start) >= 7 * 20)
            #expect(budget.snapshot.waits > 0)
            #expect(budget.snapshot.inFlight == 0)
            #expect(budget.snapshot.admitted == 80)
        }
    }

    /// The control: the same work without the shared budget meets the limit.
    @Test func withoutTheSharedBudgetTheSameWorkIsRateLimited() async throws {
        try await withSimulator(Self.limited, retry: .none) { h in
            let refused = try await Self.hammer(h, budget: nil, rounds: 40)
            #expect(refused > 0)
            #expect(h.stats().rateLimited == refused)
        }
    }

    /// A 429 answered to one client holds the other one back for its `Retry-After`.
    @Test func aRetryAfterHoldsBackEveryClientOfTheBudget() async throws {
        try await withSimulator(Self.limited, retry: .none) { h in
            // Another process with the same key spends the window; ours has not heard of it.
            let other = try Self.client(h, retry: .none, sleeps: SleepLog(), budget: nil)
            for _ in 1...10 { _ = try await other.authCheck() }
            await other.shutdown()

            let budget = Self.budget(h)
            let sleepsA = SleepLog(advancing: h.clock)
            let sleepsB = SleepLog(advancing: h.clock)
            let a = try Self.client(h, retry: .none, sleeps: sleepsA, budget: budget)
            let b = try Self.client(h, retry: .none, sleeps: sleepsB, budget: budget)
            let error = try #require(await apiError { try await a.dataCenters() })
            #expect(error.status == 429)
            #expect(error.retryAfter == 20)
            let dcs = try await b.dataCenters()
            #expect(!dcs.isEmpty)
            #expect(sleepsB.recorded.reduce(0, +) >= 20, "b waited the Retry-After a was given: \(sleepsB.recorded)")
            #expect(h.stats().rateLimited == 1)
            await a.shutdown()
            await b.shutdown()
        }
    }

    /// A wait longer than the budget's `maxSleep` is not slept: the request fails unsent, as a
    /// 429 with the seconds left.
    @Test func aWaitBeyondMaxSleepFailsUnsent() async throws {
        try await withSimulator({ $0.rateLimitPerMinute = 3 }, retry: .none) { h in
            let budget = Self.budget(h, maxSleep: 5)
            let sleeps = SleepLog(advancing: h.clock)
            let client = try Self.client(h, retry: .none, sleeps: sleeps, budget: budget)
            for _ in 1...3 { _ = try await client.authCheck() }
            let before = h.stats().totalRequests
            let error = try #require(await apiError { try await client.dataCenters() })
            #expect(error.status == 429)
            #expect(error.code == "RATE_BUDGET_SPENT")
            #expect(error.retryAfter == 21, "the manual clock stands 40 s into its minute; reset + 1 s")
            #expect(error.userMessage == "rate limited (429): try again in 21 s")
            #expect(h.stats().totalRequests == before, "nothing was sent")
            #expect(sleeps.recorded.isEmpty)
            await client.shutdown()
        }
    }

    /// A server that sends no rate-limit headers is never waited for by the budget.
    @Test func withoutHeadersTheBudgetHoldsNothingBack() async throws {
        try await withSimulator({ $0.dialect = .minimal; $0.rateLimitPerMinute = 100 }, retry: .none) { h in
            let budget = Self.budget(h)
            let sleeps = SleepLog(advancing: h.clock)
            let client = try Self.client(h, retry: .none, sleeps: sleeps, budget: budget)
            for _ in 1...40 { _ = try await client.dataCenters() }
            #expect(sleeps.recorded.isEmpty)
            #expect(budget.snapshot.remaining == nil)
            #expect(budget.snapshot.admitted == 40)
            await client.shutdown()
        }
    }
}
