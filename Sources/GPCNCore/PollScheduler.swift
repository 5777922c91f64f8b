/// When to poll `POST /resource/jobs`, for which ids, and how long to wait after an answer or a
/// failure. Pure: it never sleeps and never reads a clock; every decision takes `now` (seconds,
/// the same base as `X-RateLimit-Reset`, i.e. Unix time) and, for jitter, a value passed in.
///
/// The rules (docs/product.md §5, issue 4):
/// - A *round* asks about every active id once, in ⌈N/50⌉ requests of at most 50 ids each
///   (`startRound`). The next round starts only after every request of this one has answered.
/// - Ids that ended (terminal, or omitted by the server: "not visible to this key") are dropped
///   and never polled again (`BatchOutcome.answered(drop:)`).
/// - While jobs move the interval is `fastInterval` (1 s); every round in which nothing moved
///   multiplies it by `idleGrowth` up to `slowInterval` (1, 2, 4, 8, 10 s); one moving job brings
///   it back to `fastInterval`.
/// - Budget: with `X-RateLimit-Remaining` R and `X-RateLimit-Reset` T known, a round costing c
///   requests starts no sooner than `(T − now) / (⌊R/c⌋ + 1)` after the last one, so the budget
///   lasts until the reset; with R < c no request is sent before T + resetMargin. A server that
///   sends no rate-limit headers is planned with `assumedLimitPerMinute` (the documented 100 a
///   minute): rounds of c requests come at least 60·c/100 s apart.
/// - 429: wait `Retry-After` (header, or the body's `retryAfter`) exactly; without one, until the
///   window resets, else as for 5xx.
/// - 5xx, network failures and timeouts (anything else): exponential back-off with "equal jitter":
///   base = min(errorBase · 2^(k−1), errorCap) for the k-th failure in a row, wait =
///   base/2 + base/2 · jitter, jitter in 0..<1 supplied by the caller; a server `Retry-After`
///   longer than that wins. One success resets k.
public struct PollScheduler: Sendable, Equatable {
    public struct Settings: Sendable, Equatable {
        /// Ids per request (the endpoint takes 1…50).
        public var batchSize: Int
        /// Interval while jobs move, seconds.
        public var fastInterval: Double
        /// Longest interval when nothing changes, seconds.
        public var slowInterval: Double
        /// Factor applied to the interval after a round in which nothing moved.
        public var idleGrowth: Double
        /// First back-off after a failure (before jitter halves it at worst), seconds.
        public var errorBase: Double
        /// Longest back-off after failures, seconds.
        public var errorCap: Double
        /// Seconds to wait past `X-RateLimit-Reset` before spending again (clock skew).
        public var resetMargin: Double
        /// The budget planned with when the server sends no rate-limit headers (docs/api.md §1.7:
        /// the lower of the two documented defaults).
        public var assumedLimitPerMinute: Int

        public init(batchSize: Int = JobsQuery.maxIds, fastInterval: Double = 1, slowInterval: Double = 10,
                    idleGrowth: Double = 2, errorBase: Double = 2, errorCap: Double = 60, resetMargin: Double = 1,
                    assumedLimitPerMinute: Int = 100) {
            self.assumedLimitPerMinute = max(1, assumedLimitPerMinute)
            self.batchSize = max(1, min(batchSize, JobsQuery.maxIds))
            self.fastInterval = max(0.01, fastInterval)
            self.slowInterval = max(self.fastInterval, slowInterval)
            self.idleGrowth = max(1, idleGrowth)
            self.errorBase = max(0.01, errorBase)
            self.errorCap = max(self.errorBase, errorCap)
            self.resetMargin = max(0, resetMargin)
        }
    }

    /// Why the scheduler waits longer than its interval.
    public enum Problem: Sendable, Equatable {
        /// The server answered 429; `retryAfter` seconds were asked for (nil: not said).
        case rateLimited(retryAfter: Int?)
        /// Our own budget is spent: nothing is sent before the window resets.
        case budgetSpent
        /// The last round failed (5xx, network, timeout, or another error).
        case failing(APIError)
    }

    /// What one request of a round brought back.
    public enum BatchOutcome: Sendable, Equatable {
        /// An answer. `drop`: ids not to poll again (ended, or missing from the answer);
        /// `moved`: whether any job of the batch changed since the last answer.
        case answered(drop: Set<String>, moved: Bool, rateLimit: RateLimit?)
        /// No usable answer. `jitter` in 0..<1 (deterministic, from the caller).
        case failed(APIError, jitter: Double)
    }

    public let settings: Settings
    /// Ids still polled, in the order they were added.
    public private(set) var active: [String]
    /// The current interval between rounds while healthy.
    public private(set) var interval: Double
    /// When the next round may start (nil: nothing to poll).
    public private(set) var nextPollAt: Double?
    /// Requests of the round in flight still unanswered (0: no round in flight).
    public private(set) var pending = 0
    /// Failures in a row (rounds), for the back-off.
    public private(set) var consecutiveFailures = 0
    /// When the last round fully succeeded.
    public private(set) var lastSuccessAt: Double?
    /// When polling started (stale time counts from here until the first success).
    public private(set) var startedAt: Double
    public private(set) var problem: Problem?
    /// Rate-limit budget as last reported (and decremented locally as requests go out).
    public private(set) var budgetRemaining: Int?
    public private(set) var budgetResetAt: Double?
    public private(set) var budgetLimit: Int?
    /// Totals, for the header and for benchmarks.
    public private(set) var requestsSent = 0
    public private(set) var roundsStarted = 0

    // Round bookkeeping.
    private var roundMoved = false
    private var roundFailures: [(APIError, Double)] = []
    private var roundDrops: Set<String> = []

    public static func == (a: PollScheduler, b: PollScheduler) -> Bool {
        a.settings == b.settings && a.active == b.active && a.interval == b.interval && a.nextPollAt == b.nextPollAt
            && a.pending == b.pending && a.consecutiveFailures == b.consecutiveFailures
            && a.lastSuccessAt == b.lastSuccessAt && a.startedAt == b.startedAt && a.problem == b.problem
            && a.budgetRemaining == b.budgetRemaining && a.budgetResetAt == b.budgetResetAt
            && a.requestsSent == b.requestsSent && a.roundsStarted == b.roundsStarted
            && a.roundMoved == b.roundMoved && a.roundDrops == b.roundDrops
            && a.roundFailures.map(\.0) == b.roundFailures.map(\.0)
    }

    /// Starts with `ids` to poll, the first round due at once.
    public init(ids: [String], now: Double, settings: Settings = Settings()) {
        self.settings = settings
        var seen = Set<String>()
        active = ids.filter { seen.insert($0).inserted }
        interval = settings.fastInterval
        startedAt = now
        nextPollAt = active.isEmpty ? nil : now
    }

    /// Requests one round costs now: ⌈active/50⌉.
    public var requestsPerRound: Int { (active.count + settings.batchSize - 1) / settings.batchSize }

    public var isRoundInFlight: Bool { pending > 0 }

    /// Nothing left to poll.
    public var isFinished: Bool { active.isEmpty && pending == 0 }

    /// Seconds since the last good refresh (or since polling started), when the view should call
    /// the data stale: a problem is being waited out. Nil while healthy.
    public func staleFor(now: Double) -> Double? {
        guard problem != nil else { return nil }
        return max(0, now - (lastSuccessAt ?? startedAt))
    }

    /// Seconds until the next round (0 when due or in flight; nil when nothing is left).
    public func nextTryIn(now: Double) -> Double? {
        guard let next = nextPollAt, !active.isEmpty else { return nil }
        return max(0, next - now)
    }

    /// Adds ids to poll (a retry's new job). They join the next round, which comes after at most
    /// one fast interval unless a problem is being waited out.
    public mutating func add(_ ids: [String], now: Double) {
        let known = Set(active)
        let fresh = ids.filter { !known.contains($0) }
        guard !fresh.isEmpty else { return }
        var seen = Set<String>()
        active += fresh.filter { seen.insert($0).inserted }
        interval = settings.fastInterval
        if problem == nil {
            let soon = now + settings.fastInterval
            nextPollAt = min(nextPollAt ?? soon, soon)
        } else if nextPollAt == nil {
            nextPollAt = now
        }
    }

    /// The batches of a round to send now, or [] when none is due (too early, a round in flight,
    /// nothing to poll, or the budget spent — then `nextPollAt` moves to the reset).
    public mutating func startRound(now: Double) -> [[String]] {
        guard pending == 0, !active.isEmpty, let next = nextPollAt, now >= next else { return [] }
        if let reset = budgetResetAt, now >= reset {
            // A new window: the budget is whole again (until the server says otherwise).
            budgetRemaining = budgetLimit
            budgetResetAt = nil
            if problem == .budgetSpent { problem = nil }
        }
        let cost = requestsPerRound
        if let remaining = budgetRemaining, let reset = budgetResetAt, remaining < cost {
            nextPollAt = reset + settings.resetMargin
            problem = .budgetSpent
            return []
        }
        var batches: [[String]] = []
        var start = 0
        while start < active.count {
            let end = min(start + settings.batchSize, active.count)
            batches.append(Array(active[start..<end]))
            start = end
        }
        pending = batches.count
        requestsSent += batches.count
        roundsStarted += 1
        if let r = budgetRemaining { budgetRemaining = max(0, r - batches.count) }
        roundMoved = false
        roundFailures = []
        roundDrops = []
        return batches
    }

    /// Records the answer to one request of the round in flight. When it was the last one, the
    /// round ends and `nextPollAt` is decided.
    public mutating func record(_ outcome: BatchOutcome, now: Double) {
        switch outcome {
        case .answered(let drop, let moved, let rateLimit):
            roundDrops.formUnion(drop)
            if moved { roundMoved = true }
            if let rateLimit { note(rateLimit, now: now) }
        case .failed(let error, let jitter):
            roundFailures.append((error, jitter))
        }
        guard pending > 0 else { return }
        pending -= 1
        if pending == 0 { endRound(now: now) }
    }

    private mutating func note(_ rate: RateLimit, now: Double) {
        if let limit = rate.limit { budgetLimit = limit }
        // A negative remaining (a confused server) is a spent budget, not a divisor of zero.
        guard let remaining = rate.remaining.map({ max(0, $0) }) else { return }
        // A reset more than an hour away (or long past) is not a rate window we can plan by —
        // e.g. milliseconds sent where seconds are due: ignore it rather than stall polling.
        let reset = rate.resetAt.map(Double.init).flatMap { $0 > now + 3600 || $0 < now - 3600 ? nil : $0 }
        if let reset, let known = budgetResetAt, reset < known { return }  // an older window's answer
        if let reset, let known = budgetResetAt, reset == known {
            // Answers of one round arrive in any order: the smallest remaining is the newest.
            budgetRemaining = min(budgetRemaining ?? remaining, remaining)
        } else {
            budgetRemaining = remaining
        }
        budgetResetAt = reset ?? budgetResetAt
    }

    private mutating func endRound(now: Double) {
        if !roundDrops.isEmpty { active.removeAll { roundDrops.contains($0) } }
        if roundFailures.isEmpty {
            consecutiveFailures = 0
            lastSuccessAt = now
            problem = nil
            interval = roundMoved ? settings.fastInterval : min(interval * settings.idleGrowth, settings.slowInterval)
            scheduleNext(after: interval, now: now)
        } else {
            consecutiveFailures += 1
            var wait = 0.0
            var worst: Problem = .failing(roundFailures[0].0)
            for (error, jitter) in roundFailures {
                let w = delay(after: error, jitter: jitter, now: now)
                if w >= wait {
                    wait = w
                    worst = error.status == 429 ? .rateLimited(retryAfter: error.retryAfter) : .failing(error)
                }
            }
            problem = worst
            // A partial answer still moved some jobs: keep the healthy interval short for later.
            if roundMoved { interval = settings.fastInterval }
            nextPollAt = active.isEmpty ? nil : now + wait
        }
        roundFailures = []
        roundDrops = []
        roundMoved = false
    }

    /// Seconds to wait after `error`, the k-th failure in a row (k = `consecutiveFailures`).
    public func delay(after error: APIError, jitter: Double, now: Double) -> Double {
        if error.status == 429 {
            if let after = error.retryAfter { return Double(max(after, 0)) }
            if let reset = budgetResetAt, reset > now { return reset + settings.resetMargin - now }
        }
        let k = max(1, consecutiveFailures)
        var base = settings.errorBase
        for _ in 1..<min(k, 63) { base *= 2; if base >= settings.errorCap { break } }
        base = min(base, settings.errorCap)
        let j = jitter.isFinite ? min(max(jitter, 0), 0.999_999) : 0.5
        let backoff = base / 2 + base / 2 * j
        if let after = error.retryAfter { return max(backoff, Double(after)) }
        return backoff
    }

    /// `nextPollAt` after a good round: the interval, stretched so the budget lasts to the reset.
    private mutating func scheduleNext(after interval: Double, now: Double) {
        guard !active.isEmpty else { nextPollAt = nil; return }
        var gap = interval
        if let remaining = budgetRemaining, let reset = budgetResetAt, reset > now {
            let cost = requestsPerRound
            let rounds = remaining / max(cost, 1)
            if rounds == 0 {
                gap = max(gap, reset + settings.resetMargin - now)
                problem = .budgetSpent
            } else {
                // Spread the affordable rounds so the last one still falls before the reset.
                gap = max(gap, (reset - now) / Double(rounds + 1))
            }
        } else if budgetRemaining == nil {
            // No headers: keep within the documented default.
            gap = max(gap, Double(requestsPerRound) * 60 / Double(settings.assumedLimitPerMinute))
        }
        nextPollAt = now + gap
    }
}

/// A deterministic value in 0..<1 from a text and a counter (FNV-1a, then SplitMix64 finalizer):
/// the jitter for back-off, different for every set of jobs but repeatable in tests.
public func pollJitter(_ key: String, _ counter: Int) -> Double {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in key.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
    var z = h &+ UInt64(bitPattern: Int64(counter)) &* 0x9e37_79b9_7f4a_7c15
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    z ^= z >> 31
    return Double(z >> 11) / Double(UInt64(1) << 53)
}
