/// When to try an idempotent request again, and how long to wait first (pure; the client
/// sleeps). Follows the provider's policy: only 429, 5xx and connection failures; exponential
/// backoff with jitter; a server-supplied wait replaces the backoff but is capped.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts after the first one.
    public var maxRetries: Int
    /// First backoff, in seconds; doubles each retry.
    public var initialBackoff: Double
    /// Upper bound of any single wait, in seconds (also caps `Retry-After`).
    public var maxBackoff: Double

    public init(maxRetries: Int = 3, initialBackoff: Double = 1, maxBackoff: Double = 30) {
        self.maxRetries = maxRetries; self.initialBackoff = initialBackoff; self.maxBackoff = maxBackoff
    }

    public static let none = RetryPolicy(maxRetries: 0)

    /// Seconds to wait before retry number `attempt` (1-based) after `error`, or nil to give up.
    /// `jitter` is a value in 0..<1 supplied by the caller (keeps this function deterministic).
    public func delay(beforeRetry attempt: Int, after error: APIError, jitter: Double) -> Double? {
        guard attempt >= 1, attempt <= maxRetries, error.isRetryable else { return nil }
        if let serverWait = error.retryAfter {
            // The server said how long: wait exactly that (bounded), no jitter.
            if Double(serverWait) > maxBackoff { return nil }  // longer than we are willing to block
            return Double(max(serverWait, 0))
        }
        let base = min(initialBackoff * pow2(attempt - 1), maxBackoff)
        // "Equal jitter": half fixed, half random, so retries spread out but never collapse to 0.
        let clamped = min(max(jitter, 0), 0.999_999)
        return base / 2 + base / 2 * clamped
    }

    private func pow2(_ n: Int) -> Double {
        var v = 1.0
        for _ in 0..<max(0, min(n, 60)) { v *= 2 }
        return v
    }
}
