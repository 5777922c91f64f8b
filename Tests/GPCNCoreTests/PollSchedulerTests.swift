@testable import GPCNCore
import Testing

/// The polling scheduler under a fake clock: `now` is a plain number the test moves.
@Suite struct PollSchedulerTests {
    static let t0 = 1_780_000_000.0

    static func ids(_ n: Int) -> [String] { (1...n).map { "job-\($0)" } }

    static let serverError = APIError(kind: .http(status: 503), message: "unavailable")
    static let network = APIError(kind: .unreachable("connection refused"), message: "refused")

    /// Answers every batch of the round started at `now` the same way.
    static func answerAll(_ s: inout PollScheduler, _ batches: [[String]], now: Double, moved: Bool,
                          drop: Set<String> = [], rate: RateLimit? = nil) {
        for b in batches {
            s.record(.answered(drop: drop.intersection(b), moved: moved, rateLimit: rate), now: now)
        }
    }

    @Test func oneHundredTwentyJobsTakeThreeRequestsPerRound() {
        var s = PollScheduler(ids: Self.ids(120), now: Self.t0)
        let batches = s.startRound(now: Self.t0)
        #expect(batches.map(\.count) == [50, 50, 20])
        #expect(Set(batches.flatMap { $0 }).count == 120)
        #expect(s.requestsPerRound == 3)
        // No second round while the first is in flight.
        #expect(s.startRound(now: Self.t0 + 5).isEmpty)
        Self.answerAll(&s, batches, now: Self.t0 + 0.2, moved: true)
        // No rate-limit headers: 3 requests a round within the documented 100 a minute.
        #expect(abs(s.nextPollAt! - (Self.t0 + 0.2 + 1.8)) < 1e-9)
        #expect(s.startRound(now: Self.t0 + 1.9).isEmpty, "not due yet")
        let second = s.startRound(now: Self.t0 + 2.0)
        #expect(second.count == 3)
        #expect(s.requestsSent == 6)
        #expect(s.roundsStarted == 2)
    }

    @Test func requestsPerRoundIsTheCeilingOfNOver50() {
        for n in [1, 49, 50, 51, 100, 101, 499, 500] {
            var s = PollScheduler(ids: Self.ids(n), now: Self.t0)
            let batches = s.startRound(now: Self.t0)
            #expect(batches.count == (n + 49) / 50, "n = \(n)")
            #expect(batches.allSatisfy { $0.count <= 50 })
        }
    }

    @Test func finishedJobsDropOut() {
        var s = PollScheduler(ids: Self.ids(60), now: Self.t0)
        var now = Self.t0
        var batches = s.startRound(now: now)
        // 15 end in this round (10 in the first batch, 5 in the second).
        let ended = Set((1...10).map { "job-\($0)" } + (51...55).map { "job-\($0)" })
        Self.answerAll(&s, batches, now: now, moved: true, drop: ended)
        #expect(s.active.count == 45)
        #expect(s.requestsPerRound == 1)
        now += 1
        batches = s.startRound(now: now)
        #expect(batches.count == 1)
        #expect(Set(batches[0]).isDisjoint(with: ended))
        // The rest end: nothing more is polled, ever.
        Self.answerAll(&s, batches, now: now, moved: true, drop: Set(batches[0]))
        #expect(s.isFinished)
        #expect(s.nextPollAt == nil)
        #expect(s.startRound(now: now + 100).isEmpty)
    }

    @Test func intervalBacksOffWhenNothingMovesAndRecovers() {
        var s = PollScheduler(ids: Self.ids(3), now: Self.t0)
        var now = Self.t0
        var gaps: [Double] = []
        func round(moved: Bool) {
            let b = s.startRound(now: now)
            #expect(!b.isEmpty)
            Self.answerAll(&s, b, now: now, moved: moved)
            let next = s.nextPollAt!
            gaps.append(next - now)
            now = next
        }
        round(moved: true)
        for _ in 0..<6 { round(moved: false) }
        round(moved: true)
        round(moved: false)
        #expect(gaps == [1, 2, 4, 8, 10, 10, 10, 1, 2])
        #expect(s.problem == nil)
    }

    @Test func rateLimitedWithRetryAfterSevenWaitsSevenSeconds() {
        var s = PollScheduler(ids: Self.ids(3), now: Self.t0)
        let b = s.startRound(now: Self.t0)
        let limited = APIError(kind: .http(status: 429), code: "Rate Limited", message: "Too many requests", retryAfter: 7)
        s.record(.failed(limited, jitter: 0.9), now: Self.t0 + 0.1)
        #expect(b.count == 1)
        #expect(s.nextPollAt == Self.t0 + 0.1 + 7)
        #expect(s.problem == .rateLimited(retryAfter: 7))
        #expect(s.staleFor(now: Self.t0 + 3) == 3)
        #expect(abs(s.nextTryIn(now: Self.t0 + 3)! - 4.1) < 1e-6)
        #expect(s.startRound(now: Self.t0 + 7).isEmpty, "still waiting")
        let again = s.startRound(now: Self.t0 + 7.1)
        #expect(again.count == 1)
        Self.answerAll(&s, again, now: Self.t0 + 7.2, moved: true)
        #expect(s.problem == nil)
        #expect(s.lastSuccessAt == Self.t0 + 7.2)
        #expect(s.consecutiveFailures == 0)
    }

    @Test func withoutHeadersAMinuteOfPollingStaysWithinTheDocumentedDefault() {
        var s = PollScheduler(ids: Self.ids(250), now: Self.t0)
        var now = Self.t0
        var sent = 0
        while now < Self.t0 + 60 {
            let batches = s.startRound(now: now)
            sent += batches.count
            Self.answerAll(&s, batches, now: now + 0.05, moved: true)
            now += 0.1
        }
        #expect(s.requestsPerRound == 5)
        #expect(sent <= 100 && sent >= 90, "sent \(sent) in a minute")
    }

    @Test func aLongRetryAfterIsWaitedOutWhole() {
        var s = PollScheduler(ids: Self.ids(3), now: Self.t0)
        _ = s.startRound(now: Self.t0)
        let limited = APIError(kind: .http(status: 429), code: "Rate Limited",
                               message: "Too many requests. Please try again in 14 minutes.", retryAfter: 840)
        s.record(.failed(limited, jitter: 0), now: Self.t0)
        #expect(s.nextPollAt == Self.t0 + 840 && s.problem == .rateLimited(retryAfter: 840))
        for minute in 1...13 { #expect(s.startRound(now: Self.t0 + Double(minute) * 60).isEmpty, "never hammered") }
        #expect(s.startRound(now: Self.t0 + 840).count == 1)
    }

    @Test func rateLimitedWithoutRetryAfterWaitsForTheReset() {
        var s = PollScheduler(ids: Self.ids(2), now: Self.t0)
        var b = s.startRound(now: Self.t0)
        Self.answerAll(&s, b, now: Self.t0, moved: true,
                       rate: RateLimit(limit: 100, remaining: 50, resetAt: Int(Self.t0) + 30))
        b = s.startRound(now: Self.t0 + 1)
        s.record(.failed(APIError(kind: .http(status: 429), message: "slow down"), jitter: 0), now: Self.t0 + 1)
        #expect(s.nextPollAt == Self.t0 + 31)
    }

    /// The server grants 10 requests until the window resets in 60 s. Jobs keep moving (so the
    /// scheduler would like 1 s rounds): at most 10 requests go out before the reset, none is
    /// refused, and polling goes on after the reset.
    @Test func aBudgetOfTenRequestsForSixtySecondsIsNeverExceeded() {
        let reset = Self.t0 + 60
        var s = PollScheduler(ids: Self.ids(5), now: Self.t0)
        var now = Self.t0
        var sentBeforeReset = 0
        var refused = 0
        var serverCount = 0  // the server's window counter
        var window = 0
        // Servers count the request itself: the first answer says 9 left.
        while now < Self.t0 + 130 {
            let b = s.startRound(now: now)
            if !b.isEmpty {
                for _ in b {
                    let w = now < reset ? 0 : 1 + Int((now - reset) / 60)
                    if w != window { window = w; serverCount = 0 }
                    serverCount += 1
                    let limit = window == 0 ? 10 : 1000
                    if window == 0 { sentBeforeReset += 1 }
                    if serverCount > limit { refused += 1 }
                    let resetAt = Int(reset) + 60 * window
                    s.record(.answered(drop: [], moved: true,
                                       rateLimit: RateLimit(limit: limit, remaining: max(0, limit - serverCount), resetAt: resetAt)),
                             now: now)
                }
            }
            // Advance the fake clock to the scheduler's next decision (or a bit).
            now = max(now + 0.25, s.nextPollAt ?? now + 1)
        }
        #expect(sentBeforeReset == 10, "all 10 used, none more")
        #expect(refused == 0)
        #expect(s.roundsStarted > sentBeforeReset, "polling continued after the reset")
    }

    @Test func aSpentBudgetWaitsForTheReset() {
        var s = PollScheduler(ids: Self.ids(120), now: Self.t0)
        let b = s.startRound(now: Self.t0)
        // 2 left, but a round costs 3: nothing until the reset (+1 s margin).
        Self.answerAll(&s, b, now: Self.t0, moved: true, rate: RateLimit(limit: 100, remaining: 2, resetAt: Int(Self.t0) + 20))
        #expect(s.nextPollAt == Self.t0 + 21)
        #expect(s.problem == .budgetSpent)
        #expect(s.startRound(now: Self.t0 + 20.5).isEmpty)
        #expect(s.startRound(now: Self.t0 + 21).count == 3)
        #expect(s.problem == nil)
    }

    @Test func serverErrorsBackOffWithJitterWithinBounds() {
        for jitter in [0.0, 0.25, 0.5, 0.999] {
            var s = PollScheduler(ids: Self.ids(2), now: Self.t0)
            var now = Self.t0
            var waits: [Double] = []
            for k in 1...8 {
                let b = s.startRound(now: now)
                #expect(b.count == 1, "round \(k) starts when due")
                s.record(.failed(k % 2 == 0 ? Self.serverError : Self.network, jitter: jitter), now: now)
                let wait = s.nextPollAt! - now
                waits.append(wait)
                let base = min(2 * Double(1 << (k - 1)), 60)
                #expect(wait >= base / 2 && wait <= base, "failure \(k): \(wait) not in [\(base / 2), \(base)]")
                #expect(s.consecutiveFailures == k)
                now += wait
            }
            #expect(waits == waits.sorted(), "non-decreasing up to the cap")
            if case .failing = s.problem {} else { Issue.record("problem should be .failing, got \(String(describing: s.problem))") }
            #expect(s.staleFor(now: now) == now - Self.t0)
            // One good round ends the back-off.
            let b = s.startRound(now: now)
            Self.answerAll(&s, b, now: now, moved: false)
            #expect(s.problem == nil && s.consecutiveFailures == 0)
            #expect(s.nextPollAt == now + 2, "back to the idle interval (1 s doubled once)")
        }
    }

    @Test func differentJitterGivesDifferentWaits() {
        var a = PollScheduler(ids: ["x"], now: Self.t0), b = a
        _ = a.startRound(now: Self.t0); _ = b.startRound(now: Self.t0)
        a.record(.failed(Self.serverError, jitter: 0.1), now: Self.t0)
        b.record(.failed(Self.serverError, jitter: 0.8), now: Self.t0)
        #expect(a.nextPollAt! != b.nextPollAt!)
    }

    @Test func aFailedBatchFailsTheRoundButKeepsTheOthersDrops() {
        var s = PollScheduler(ids: Self.ids(100), now: Self.t0)
        let b = s.startRound(now: Self.t0)
        s.record(.answered(drop: ["job-1"], moved: true, rateLimit: nil), now: Self.t0)
        s.record(.failed(Self.serverError, jitter: 0), now: Self.t0)
        #expect(!s.active.contains("job-1"))
        #expect(s.active.count == 99)
        #expect(s.nextPollAt == Self.t0 + 1)
        #expect(b.count == 2)
    }

    @Test func serverRetryAfterLongerThanTheBackoffWins() {
        var s = PollScheduler(ids: ["x"], now: Self.t0)
        _ = s.startRound(now: Self.t0)
        s.record(.failed(APIError(kind: .http(status: 503), message: "busy", retryAfter: 9), jitter: 0), now: Self.t0)
        #expect(s.nextPollAt == Self.t0 + 9)
    }

    @Test func addedJobsJoinTheNextRoundSoon() {
        var s = PollScheduler(ids: ["a"], now: Self.t0)
        var now = Self.t0
        for _ in 0..<4 {  // idle: the interval grows to 10 s
            let b = s.startRound(now: now)
            Self.answerAll(&s, b, now: now, moved: false)
            now = s.nextPollAt!
        }
        #expect(s.interval == 10)
        s.add(["b", "a"], now: now)
        #expect(s.active == ["a", "b"])
        #expect(s.nextPollAt == now)
        // Mid-interval, a retry's job is asked about within a fast interval.
        let b = s.startRound(now: now)
        Self.answerAll(&s, b, now: now, moved: true)
        s.add(["c"], now: now + 0.3)
        #expect(s.nextPollAt == now + 1)
    }

    @Test func nothingToPollMeansNoRound() {
        var s = PollScheduler(ids: [], now: Self.t0)
        #expect(s.startRound(now: Self.t0).isEmpty)
        #expect(s.nextPollAt == nil)
        #expect(s.isFinished)
    }

    @Test func jitterIsDeterministicAndInRange() {
        #expect(pollJitter("job-1", 3) == pollJitter("job-1", 3))
        #expect(pollJitter("job-1", 3) != pollJitter("job-1", 4))
        for i in 0..<1000 {
            let j = pollJitter("k\(i)", i)
            #expect(j >= 0 && j < 1)
        }
    }
}
