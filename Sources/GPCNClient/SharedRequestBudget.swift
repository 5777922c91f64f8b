import Foundation
import GPCNCore
import Synchronization

/// One `RequestBudget` (GPCNCore) shared by every `GPCNClient` of a process — the session's
/// client and its poll client — so creates, polls, catalog GETs and address look-ups together
/// stay within the server's rate limit (docs/api.md §1.7). Thread-safe; the client asks it
/// before every attempt and reports every answer.
public final class SharedRequestBudget: Sendable {
    private let state: Mutex<RequestBudget>
    private let clock: @Sendable () -> Double
    /// The longest wait a request sleeps through before it is sent. A longer one (a long
    /// `Retry-After`, a long window) fails the request at once, unsent, as a 429 carrying the
    /// seconds left, so a screen says "try again in 13 min" instead of hanging.
    public let maxSleep: Double

    /// - Parameter clock: Unix time in seconds (the base of `X-RateLimit-Reset`).
    public init(settings: RequestBudget.Settings = RequestBudget.Settings(), maxSleep: Double = 120,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        state = Mutex(RequestBudget(settings: settings))
        self.clock = clock
        self.maxSleep = maxSleep
    }

    /// Nil: send now (the request is counted and must be reported). Else the seconds to wait
    /// before asking again (nothing was counted).
    public func admit() -> Double? {
        let now = clock()
        return state.withLock { budget in
            switch budget.admit(now: now) {
            case .send: return nil
            case .wait(let seconds): return seconds
            }
        }
    }

    /// An admitted request was answered (any status), with its rate-limit headers if any.
    public func answered(_ rate: RateLimit?) {
        let now = clock()
        state.withLock { $0.answered(rate, now: now) }
    }

    /// An admitted request ended without an answer.
    public func failed() {
        let now = clock()
        state.withLock { $0.failed(now: now) }
    }

    /// A 429 asked for `seconds`: nothing is sent before then.
    public func blocked(retryAfter seconds: Int) {
        let now = clock()
        state.withLock { $0.blocked(retryAfter: Double(seconds), now: now) }
    }

    /// The budget as it stands (for tests and benchmarks).
    public var snapshot: RequestBudget { state.withLock { $0 } }
}
