import Foundation
import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// The dashboard with a fleet on it (issue 13, item 4): 5,000 jobs in every state, some
/// retried, names and stages of every length (the longest ones far below the first screen).
/// The frames are goldens recorded before the view stopped scanning every job, so the counts,
/// the overall bar, the column widths and the filter must come out exactly as a full scan made them.
@Suite struct DashboardScaleTests {
    static let count = 5_000

    /// Job `n`'s answer in round `round`: a deterministic mix of states, stages and name lengths.
    static func answer(_ n: Int, round: Int, rng: inout SplitMix64) -> Job? {
        let roll = Int(rng.next() % 100)
        var j: Job
        switch roll {
        case ..<3: return nil  // not visible
        case ..<(round == 0 ? 50 : 5):
            let (stage, p, message) = DashFixture.stages[Int(rng.next() % 10)]
            j = DashFixture.running(n, stage: stage, progress: p, message: message, at: DashFixture.t0 + 5,
                                    eta: DashFixture.t0 + 60 + Double(n % 97))
        case ..<75: j = DashFixture.succeeded(n, after: 40 + Double(n % 50))
        case ..<90: j = DashFixture.failed(n, progress: 30, error: "Host out of capacity", canRetry: roll % 2 == 0, after: 33)
        default: j = DashFixture.cancelled(n, progress: 50, after: 29)
        }
        j.resourceName = name(n)
        if n == count - 7 { j.stage = "waiting_for_the_hypervisor_to_settle" }
        return j
    }

    /// Short names first; long ones only at the end of the list.
    static func name(_ n: Int) -> String {
        n > count - 20 ? "database-replica-eu-west-\(n)" : "web-\(n)"
    }

    /// 5,000 jobs answered once (half still running), three retried, at 120x40 or `size`.
    static func fleet(size: Size = Size(width: 120, height: 40)) -> DashDriver {
        var d = DashDriver(jobs: (1...count).map { var j = DashFixture.created($0); j.resourceName = name($0); return j },
                           size: size)
        var rng = SplitMix64(seed: 13)
        let world = (1...count).compactMap { answer($0, round: 0, rng: &rng) }
        d.answerPolls(world)
        // Three failed jobs retried (one of them shown on the first screen).
        let failed = d.jobs.jobs.filter { $0.state == .failed }.prefix(3).map(\.job.jobId)
        for (k, old) in failed.enumerated() {
            var job = DashFixture.created(count + 1 + k, name: "retry-\(k)")
            job.resourceName = "retry-\(k)"
            d.send(.retrySubmitted(retryOf: old, .success([job])))
        }
        return d
    }

    @Test func aFleetFrameIsTheSameAsAFullScanDrewIt() {
        var d = Self.fleet()
        assertGolden(d.screen, "dashboard-fleet-5000-120x40")
        d.press(.end)
        assertGolden(d.screen, "dashboard-fleet-5000-end-120x40")
        d.press(.character("/"))
        d.type("web-49")
        assertGolden(d.screen, "dashboard-fleet-5000-filter-120x40")
        d.press(.escape, .escape, .character("f"))
        assertGolden(d.screen, "dashboard-fleet-5000-failed-120x40")
        // Every job ends: the status line counts what did not succeed.
        d.press(.character("f"))
        d.advance(by: 2)
        var rng = SplitMix64(seed: 14)
        d.answerPolls((1...Self.count + 3).compactMap { n -> Job? in
            var j = Self.answer(n, round: 1, rng: &rng)
            if j.map({ !$0.state.isTerminal }) ?? false { j = DashFixture.succeeded(n, after: 90); j?.resourceName = Self.name(n) }
            if n > Self.count { j = DashFixture.succeeded(n, after: 90); j?.resourceName = "retry-\(n - Self.count - 1)" }
            return j
        })
        assertGolden(d.screen, "dashboard-fleet-5000-ended-120x40")
        // On a job that succeeded, the status line says how many did not and whether R can retry.
        d.press(.character("/"))
        d.type("retry-0")
        d.press(.escape)
        assertGolden(d.screen, "dashboard-fleet-5000-ended-ok-120x40")
    }

    @Test func aNarrowFleetFrameIsTheSameAsAFullScanDrewIt() {
        let d = Self.fleet(size: Size(width: 80, height: 24))
        assertGolden(d.screen, "dashboard-fleet-5000-80x24")
    }

    /// Polling stays at ⌈N/50⌉ requests per round for N active jobs.
    @Test func aRoundOf5000JobsIs100Requests() {
        var d = DashDriver(jobs: (1...Self.count).map { DashFixture.created($0) })
        let polls = d.takePolls()
        #expect(polls.count == 100)
        #expect(polls.allSatisfy { $0.count == 50 })
        #expect(Set(polls.joined()).count == Self.count)
    }
}

/// A frame reads the tally and the rows on screen, nothing else (issue 13, item 4): every job
/// below the first screen is changed behind the tally's back (state, name, stage, retry), and
/// the frame stays the same, whereas any scan of all jobs (counts, widths, bar) would show it.
@Suite struct DashboardFrameReadsVisibleRowsTests {
    @Test func jobsOffScreenDoNotChangeTheFrame() {
        let d = DashboardScaleTests.fleet()
        var s = d.jobs
        let shown = Set(s.list.visible.prefix(JobsState.tableHeight(d.state.size) + 1).map { s.list.rows[$0].id })
        let kept = s.tallyCache
        for i in s.jobs.indices where !shown.contains(s.jobs[i].job.jobId) {
            s.jobs[i].state = .failed
            s.jobs[i].job.resourceName = "a-very-long-name-no-column-would-fit-\(i)"
            s.jobs[i].job.stage = "a_stage_longer_than_any_column"
            s.jobs[i].job.progressPercentage = 0
            s.jobs[i].retriedBy = "someone"
        }
        s.board.settle()
        s.tallyCache = kept
        s.tallyCache.revision = s.board.revision  // as if the tally were still right
        var poisoned = d.state
        poisoned.screen = .jobs(s)
        #expect(ConsoleApp.view(poisoned, now: d.now).lines() == d.screen)
        // …and it is what the jobs now say once counted again: the header and widths change.
        s.tallyCache.revision = -1
        poisoned.screen = .jobs(s)
        #expect(ConsoleApp.view(poisoned, now: d.now).lines() != d.screen)
    }

    /// The kept tally equals a count from scratch after random sequences of poll answers,
    /// retries and retry answers on a board of a few hundred jobs (the dashboard fuzz checks the
    /// same after every message of its sessions).
    @Test func theTallyEqualsARecountAfterRandomChanges() {
        var rng = SplitMix64(seed: 0x7A11)
        for _ in 0..<20 {
            let n = 1 + Int(rng.next() % 300)
            var d = DashDriver(jobs: (1...n).map { DashFixture.created($0) })
            var next = n + 1
            for step in 0..<12 {
                if step % 4 == 3, rng.next() % 2 == 0 { d.press(.character("f")) }
                d.advance(by: 2)
                let world = (1...next).compactMap { DashboardScaleTests.answer($0, round: step, rng: &rng) }
                // Answer some batches, fail others.
                for batch in d.takePolls() {
                    if rng.next() % 5 == 0 {
                        d.send(.jobBatchPolled(batch, .failure(APIError(kind: .http(status: 503), message: "busy"))))
                    } else {
                        let byId = Dictionary(world.map { ($0.jobId, $0) }, uniquingKeysWith: { a, _ in a })
                        d.send(.jobBatchPolled(batch, .success(JobsAnswer(jobs: batch.compactMap { byId[$0] }, requests: 1,
                                                                          rateLimit: nil))))
                    }
                    let s = d.jobs
                    #expect(s.tallyCache.revision == s.board.revision)
                    #expect(s.tallyCache.tally == JobTally(s.jobs))
                }
                // Retry answers: a new job, or a failure.
                if let old = d.jobs.jobs.first(where: { $0.state == .failed && $0.retriedBy == nil })?.job.jobId {
                    if rng.next() % 3 == 0 {
                        d.send(.retrySubmitted(retryOf: old, .failure(APIError(kind: .http(status: 409), message: "no capacity"))))
                    } else {
                        d.send(.retrySubmitted(retryOf: old, .success([DashFixture.created(next)])))
                        next += 1
                    }
                }
                let s = d.jobs
                #expect(s.tallyCache.revision == s.board.revision)
                #expect(s.tallyCache.tally == JobTally(s.jobs))
                #expect(s.tally.total == s.jobs.count)
                #expect(s.tally.active == s.activeIds.count)
                #expect(s.tally.current == s.current.count)
            }
        }
    }
}
