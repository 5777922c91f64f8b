@testable import GPCNCore
import Testing

/// The shared request budget under a fake clock: `now` is a plain number the test moves.
@Suite struct RequestBudgetTests {
    static let t0 = 1_780_000_000.0
    static let reset = Int(t0) + 20

    /// Admits until told to wait; returns how many were admitted and the wait.
    static func drain(_ b: inout RequestBudget, now: Double, upTo: Int = 1000) -> (sent: Int, wait: Double?) {
        for i in 0..<upTo {
            if case .wait(let s) = b.admit(now: now) { return (i, s) }
        }
        return (upTo, nil)
    }

    static func rate(_ remaining: Int?, limit: Int? = 30, reset: Int? = Self.reset) -> RateLimit {
        RateLimit(limit: limit, remaining: remaining, resetAt: reset)
    }

    @Test func neverAdmitsMoreThanRemainingInOneWindow() {
        var b = RequestBudget()
        #expect(b.admit(now: Self.t0) == .send)
        b.answered(Self.rate(10), now: Self.t0 + 0.1)
        let (sent, wait) = Self.drain(&b, now: Self.t0 + 0.2)
        #expect(sent == 10)
        // Until the reset plus the 1 s margin.
        #expect(wait.map { abs($0 - (Double(Self.reset) + 1 - (Self.t0 + 0.2))) < 1e-9 } == true)
        // Still nothing a little later in the same window.
        #expect(Self.drain(&b, now: Self.t0 + 15).sent == 0)
        #expect(b.inFlight == 10)
    }

    @Test func manyAdmittedBeforeAnyAnswerAreAllCounted() {
        var b = RequestBudget()
        _ = b.admit(now: Self.t0)
        b.answered(Self.rate(6), now: Self.t0)
        // Six go out; none has been answered yet.
        #expect(Self.drain(&b, now: Self.t0).sent == 6)
        // Their answers arrive in any order, each counting only what the server had seen; the
        // first one says 5 left while five others are still in flight: nothing is left.
        for left in [5, 2, 4, 0, 3, 1] {
            b.answered(Self.rate(left), now: Self.t0 + 1)
            #expect(b.remaining == 0)
            #expect(Self.drain(&b, now: Self.t0 + 1).sent == 0)
        }
        #expect(b.inFlight == 0)
    }

    @Test func anAnswerLowersTheEstimateByWhatIsStillInFlight() {
        var b = RequestBudget()
        _ = b.admit(now: Self.t0)
        b.answered(Self.rate(20), now: Self.t0)
        #expect(Self.drain(&b, now: Self.t0, upTo: 5).sent == 5)
        // Another process with the same key spent 8: the server says 20 − 1 − 8 after our first
        // one arrived; the four others are on their way.
        b.answered(Self.rate(11), now: Self.t0 + 0.5)
        #expect(b.remaining == 7)
        #expect(Self.drain(&b, now: Self.t0 + 0.5).sent == 7)
    }

    @Test func anOldWindowsLateAnswerDoesNotRaiseRemaining() {
        var b = RequestBudget()
        _ = b.admit(now: Self.t0)
        b.answered(Self.rate(3), now: Self.t0)
        #expect(Self.drain(&b, now: Self.t0).sent == 3)
        // The window turns: the whole limit is back (less nothing in flight? three are).
        let t1 = Double(Self.reset) + 1
        #expect(b.admit(now: t1) == .send)
        b.answered(Self.rate(25, reset: Self.reset + 20), now: t1 + 0.1)
        let before = b.remaining
        // An answer of the old window (reset + 0), arriving late with a large remaining.
        b.answered(Self.rate(29, reset: Self.reset), now: t1 + 0.2)
        #expect(b.remaining == before)
        // Same after a local roll past the window: answers of it are late too.
        var c = RequestBudget()
        _ = c.admit(now: Self.t0)
        _ = c.admit(now: Self.t0)
        c.answered(Self.rate(0), now: Self.t0)
        #expect(c.admit(now: t1) == .send)  // rolled: the limit, less the one in flight
        #expect(c.remaining == 28)
        c.answered(Self.rate(29, reset: Self.reset), now: t1)
        #expect(c.remaining == 28)
        // An answer of the same window with more left than we counted does not raise it either.
        c.answered(Self.rate(29, reset: Self.reset + 20), now: t1)
        #expect(c.remaining == 28)
    }

    @Test func aNewWindowRestoresTheLimit() {
        var b = RequestBudget()
        _ = b.admit(now: Self.t0)
        b.answered(Self.rate(0), now: Self.t0)
        guard case .wait(let w) = b.admit(now: Self.t0) else { Issue.record("expected a wait"); return }
        let later = Self.t0 + w
        #expect(Self.drain(&b, now: later).sent == 30)
        #expect(b.passedReset == Double(Self.reset))
        #expect(b.resetAt == nil)
        // Spent, no reset known yet for this window, answers on their way: ask again soon.
        #expect(b.admit(now: later) == .wait(1))
    }

    @Test func spentWithoutAUsableResetLetsOneRequestAtATime() {
        var b = RequestBudget()
        _ = b.admit(now: Self.t0)
        b.answered(Self.rate(0, reset: nil), now: Self.t0)
        #expect(b.remaining == 0)
        #expect(b.admit(now: Self.t0) == .send)  // a probe: nothing in flight
        #expect(b.admit(now: Self.t0) == .wait(1))  // the probe is still out
        b.answered(Self.rate(5, reset: nil), now: Self.t0 + 0.3)
        #expect(Self.drain(&b, now: Self.t0 + 0.3).sent == 5)
    }

    @Test func retryAfterBlocksEveryone() {
        var b = RequestBudget()
        _ = b.admit(now: Self.t0)
        b.answered(nil, now: Self.t0)  // a server without headers
        b.blocked(retryAfter: 840, now: Self.t0)
        #expect(b.admit(now: Self.t0) == .wait(840))
        #expect(b.admit(now: Self.t0 + 800) == .wait(40))
        #expect(b.admit(now: Self.t0 + 840) == .send)
        // A shorter Retry-After never shortens a longer block.
        b.blocked(retryAfter: 30, now: Self.t0 + 841)
        b.blocked(retryAfter: 5, now: Self.t0 + 841)
        #expect(b.admit(now: Self.t0 + 841) == .wait(30))
        // Nonsense is ignored or bounded.
        var c = RequestBudget()
        c.blocked(retryAfter: -5, now: Self.t0)
        c.blocked(retryAfter: .nan, now: Self.t0)
        c.blocked(retryAfter: .infinity, now: Self.t0)
        #expect(c.admit(now: Self.t0) == .send)
        c.blocked(retryAfter: 1e18, now: Self.t0)
        #expect(c.admit(now: Self.t0) == .wait(86_400))
    }

    @Test func aFourTwentyNineWithHeadersWaitsForTheReset() {
        var b = RequestBudget()
        _ = b.admit(now: Self.t0)
        b.answered(Self.rate(0), now: Self.t0)
        #expect(b.admit(now: Self.t0) == .wait(Double(Self.reset) + 1 - Self.t0))
    }

    @Test func noHeadersBlocksNothing() {
        var b = RequestBudget()
        for i in 0..<500 {
            #expect(b.admit(now: Self.t0 + Double(i) * 0.001) == .send)
            if i % 3 == 0 { b.answered(nil, now: Self.t0) }
            if i % 3 == 1 { b.failed(now: Self.t0) }
        }
        #expect(b.remaining == nil)
        #expect(b.admitted == 500)
        #expect(b.waits == 0)
    }

    @Test func negativeOrAbsurdValuesAreHandled() {
        var b = RequestBudget()
        _ = b.admit(now: Self.t0)
        b.answered(Self.rate(-7), now: Self.t0)
        #expect(b.remaining == 0)
        if case .wait(let w) = b.admit(now: Self.t0) { #expect(w > 0 && w <= 21) } else { Issue.record("expected a wait") }

        // A remaining above the limit is the limit; a limit below 1 is ignored.
        var c = RequestBudget()
        _ = c.admit(now: Self.t0)
        c.answered(Self.rate(1_000_000, limit: 30), now: Self.t0)
        #expect(c.remaining == 30)
        _ = c.admit(now: Self.t0)
        c.answered(RateLimit(limit: -1, remaining: 5, resetAt: Self.reset), now: Self.t0)
        #expect(c.limit == 30)

        // Milliseconds sent for seconds, or a reset long past: ignored, never a stall of years.
        for reset in [Int(Self.t0) * 1000, 0, Int.min, Int.max, -1] {
            var d = RequestBudget()
            _ = d.admit(now: Self.t0)
            d.answered(Self.rate(0, reset: reset), now: Self.t0)
            #expect(d.resetAt == nil, "reset \(reset)")
            #expect(d.admit(now: Self.t0) == .send, "reset \(reset): one probe")
            #expect(d.admit(now: Self.t0) == .wait(1), "reset \(reset)")
        }

        // Extreme integers do not trap.
        var e = RequestBudget()
        _ = e.admit(now: Self.t0)
        e.answered(RateLimit(limit: Int.max, remaining: Int.max, resetAt: Self.reset), now: Self.t0)
        #expect(e.admit(now: Self.t0) == .send)
        e.answered(RateLimit(limit: Int.min, remaining: Int.min, resetAt: Int.min), now: Self.t0)
        #expect(e.remaining != nil)
        // Reports without a matching admit never drive the count below zero.
        var f = RequestBudget()
        f.answered(Self.rate(3), now: Self.t0)
        f.failed(now: Self.t0)
        #expect(f.inFlight == 0)
    }

    /// Property: a fake server with fixed windows counts every request as it arrives; several
    /// senders share one budget, requests take a random time to arrive, answers come back in
    /// any order. The server never counts more than its limit in a window (after the first
    /// burst, sent before anything is known, which is no larger than the limit here).
    @Test(arguments: Array(UInt64(1)...UInt64(40)))
    func sharedSendersNeverExceedTheServersLimit(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let limit = 10 + rng.index(30)
        let window = 20
        let senders = 2 + rng.index(6)
        var budget = RequestBudget()
        var now = Self.t0
        var serverCounts: [Int: Int] = [:]
        var overLimit = 0
        // Pending events: (time, kind). Kind: arrival of a request, or its answer.
        struct Flight { var arrive: Double; var answerAt: Double; var remaining: Int?; var reset: Int? }
        var flights: [Flight] = []
        var nextTry = Array(repeating: now, count: senders)
        var busy = Array(repeating: false, count: senders)
        var owner: [Int] = []
        var sent = 0
        while now < Self.t0 + 300 {
            // Arrivals at the server.
            for i in flights.indices where flights[i].remaining == nil && flights[i].arrive <= now {
                let w = Int(flights[i].arrive) / window
                serverCounts[w, default: 0] += 1
                if serverCounts[w]! > limit { overLimit += 1 }
                flights[i].remaining = max(0, limit - serverCounts[w]!)
                flights[i].reset = (w + 1) * window
            }
            // Answers, in whatever order their times fall.
            var i = 0
            while i < flights.count {
                if let left = flights[i].remaining, flights[i].answerAt <= now {
                    budget.answered(RateLimit(limit: limit, remaining: left, resetAt: flights[i].reset), now: now)
                    busy[owner[i]] = false
                    flights.remove(at: i); owner.remove(at: i)
                } else { i += 1 }
            }
            // Free senders try.
            for s in 0..<senders where !busy[s] && nextTry[s] <= now {
                switch budget.admit(now: now) {
                case .send:
                    let arrive = now + rng.uniform(0, 0.8)
                    flights.append(Flight(arrive: arrive, answerAt: arrive + rng.uniform(0, 2)))
                    owner.append(s)
                    busy[s] = true
                    sent += 1
                case .wait(let w):
                    #expect(w > 0)
                    nextTry[s] = now + w
                }
            }
            now += rng.uniform(0.001, 0.3)
        }
        #expect(overLimit == 0, "limit \(limit), senders \(senders)")
        #expect(sent > limit * 3, "the senders kept going across windows (\(sent) sent)")
    }
}
