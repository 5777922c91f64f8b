/// The API's request budget as one process spends it: every request gpcn sends (creates, job
/// polls, catalog GETs, address look-ups) asks `admit` first and reports its answer with
/// `answered` (or `failed` when there was none), so requests from different parts of the
/// program — the create loop and the poller, say — together never exceed what the server allows.
/// Pure: it never sleeps and never reads a clock; `now` is Unix time in seconds (the base of
/// `X-RateLimit-Reset`). `SharedRequestBudget` (GPCNClient) is the thread-safe wrapper the
/// client sleeps by.
///
/// The rules (docs/api.md §1.7):
/// - The latest `X-RateLimit-*` headers give the limit, what is left, and when the window resets.
///   Every admitted request takes one from what is left at once, so requests still in flight
///   count; an answer's remaining is lowered by the other requests still in flight (the server
///   may not have counted them yet). Within one window the smallest estimate wins, so answers
///   arriving out of order never raise it; an answer of an older window (a smaller reset, or a
///   window already rolled past) changes nothing.
/// - Nothing left: "wait" until the reset plus `resetMargin` (clock skew). At that moment the
///   window is new and the whole limit is available again, less the requests still in flight
///   (until the next answer says otherwise).
///   When nothing is left and no usable reset is known, one request at a time goes out (its
///   answer says more).
/// - A 429's `Retry-After` (`blocked(retryAfter:now:)`) holds every request until then.
/// - No headers at all: nothing is blocked (only a `Retry-After` is). Then the create loop's
///   own spacing (`CreatePlan.spacing`) and the poll scheduler's assumed 100 requests a minute
///   (`PollScheduler.Settings.assumedLimitPerMinute`) keep gpcn within the documented default.
/// - Values that cannot be right are not trusted: a negative remaining is 0, a remaining above
///   the limit is the limit, a limit below 1 is ignored, a reset more than an hour from now
///   (milliseconds sent for seconds, say) is ignored, a `Retry-After` is taken between 0 and a
///   day.
public struct RequestBudget: Sendable, Equatable {
    public struct Settings: Sendable, Equatable {
        /// Seconds past `X-RateLimit-Reset` before the window counts as new (clock skew).
        public var resetMargin: Double
        /// Seconds to wait before asking again when nothing is left, no reset is known and a
        /// request is still in flight (its answer will tell).
        public var recheck: Double
        /// A reset further than this from now (either way) is ignored, seconds.
        public var resetSanity: Double
        /// The longest `Retry-After` honoured, seconds (longer is taken as this).
        public var maxRetryAfter: Double

        public init(resetMargin: Double = 1, recheck: Double = 1, resetSanity: Double = 3600,
                    maxRetryAfter: Double = 86_400) {
            self.resetMargin = resetMargin.isFinite ? max(0, resetMargin) : 1
            self.recheck = recheck.isFinite ? max(0.01, recheck) : 1
            self.resetSanity = resetSanity.isFinite ? max(1, resetSanity) : 3600
            self.maxRetryAfter = maxRetryAfter.isFinite ? max(0, maxRetryAfter) : 86_400
        }
    }

    /// What a request should do now.
    public enum Decision: Sendable, Equatable {
        /// Send it: it has been counted.
        case send
        /// Ask again after this many seconds (more than 0); nothing was counted.
        case wait(Double)
    }

    public let settings: Settings
    /// The server's limit per window, as last reported (nil: never said).
    public private(set) var limit: Int?
    /// Requests left in the current window, our estimate (nil: unknown, nothing is held back).
    public private(set) var remaining: Int?
    /// When the current window resets (Unix seconds), as reported.
    public private(set) var resetAt: Double?
    /// The reset of the last window we rolled past; answers of it or older are late.
    public private(set) var passedReset: Double?
    /// No request before this (a 429's `Retry-After`).
    public private(set) var blockedUntil: Double?
    /// Requests admitted whose answer (or failure) has not been reported.
    public private(set) var inFlight = 0
    /// Totals: requests admitted, and times a request was told to wait.
    public private(set) var admitted = 0
    public private(set) var waits = 0

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Whether a request may go now. `.send` counts it (and it must later be reported with
    /// `answered` or `failed`); `.wait(s)` counts nothing: ask again after `s` seconds.
    public mutating func admit(now: Double) -> Decision {
        roll(now: now)
        if let until = blockedUntil {
            if now < until { waits += 1; return .wait(until - now) }
            blockedUntil = nil
        }
        if let left = remaining, left <= 0 {
            if let reset = resetAt {
                waits += 1
                return .wait(reset + settings.resetMargin - now)  // > 0: the window was not rolled past
            }
            // Spent, and no usable reset: one request at a time, each answer says more.
            if inFlight > 0 { waits += 1; return .wait(settings.recheck) }
        }
        inFlight += 1
        admitted += 1
        if let left = remaining { remaining = max(0, left - 1) }
        return .send
    }

    /// An admitted request was answered (any status) with these headers (nil: none sent).
    public mutating func answered(_ rate: RateLimit?, now: Double) {
        inFlight = max(0, inFlight - 1)
        roll(now: now)
        if let rate { note(rate, now: now) }
    }

    /// An admitted request ended without an answer (timeout, broken connection, cancelled).
    public mutating func failed(now: Double) {
        inFlight = max(0, inFlight - 1)
        roll(now: now)
    }

    /// A 429 asked for `seconds`: nothing is sent before then.
    public mutating func blocked(retryAfter seconds: Double, now: Double) {
        guard seconds.isFinite, seconds > 0 else { return }
        let until = now + min(seconds, settings.maxRetryAfter)
        blockedUntil = max(blockedUntil ?? until, until)
    }

    /// A window whose reset (plus the margin) has passed is over: the whole limit is back.
    private mutating func roll(now: Double) {
        guard let reset = resetAt, now >= reset + settings.resetMargin else { return }
        passedReset = reset
        resetAt = nil
        // Requests still in flight may land in the new window.
        remaining = limit.map { max(0, $0 - inFlight) }
    }

    private mutating func note(_ rate: RateLimit, now: Double) {
        if let l = rate.limit, l > 0 { limit = l }
        guard let reported = rate.remaining else { return }
        var left = max(0, reported)
        if let limit { left = min(left, limit) }
        // Requests still in flight may not have been counted by the server yet.
        let estimate = max(0, left - inFlight)
        let reset = rate.resetAt.map(Double.init).flatMap {
            abs($0 - now) > settings.resetSanity ? nil : $0
        }
        guard let reset else {
            // No usable reset: the latest answer is all there is to go by.
            remaining = estimate
            return
        }
        if let passed = passedReset, reset <= passed { return }  // a window already over
        if let known = resetAt {
            if reset < known { return }  // an older window's late answer
            if reset == known {
                remaining = min(remaining ?? estimate, estimate)
                return
            }
            // A newer window than the one we knew (the server's clock is ahead of ours).
            remaining = estimate
            resetAt = reset
            return
        }
        // First word on this window. After a roll, `remaining` is our own count of it so far.
        if passedReset != nil, let local = remaining {
            remaining = min(local, estimate)
        } else {
            remaining = estimate
        }
        resetAt = reset
        roll(now: now)  // an answer whose window is already over by our clock
    }
}
