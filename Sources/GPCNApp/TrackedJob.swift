import GPCNCore

/// One tracked job: the last answer about it, what it means, and where it came from. The only
/// tracked-job type: the dashboard, `gpcn jobs`, `create --wait` and accessible mode all follow these
/// (through `JobBoard`), and the JSON report and the progress lines are worded from them.
public struct TrackedJob: Sendable, Equatable {
    public var job: Job
    public var state: JobState
    /// When we last heard about it (seconds since 1970).
    public var seenAt: Double?
    /// The VM name when the API has not told it (from the journal or the request).
    public var knownName: String?
    /// The create request this job came from, never with a password (for retry).
    public var request: CreateVMRequest?
    /// The failed job this one retries.
    public var retryOf: String?
    /// The job that retried this one.
    public var retriedBy: String?
    /// A retry of this job on its way, or refused.
    public var retry: RetryStatus?
    /// The end was already in the journal when the dashboard opened: not recorded again.
    public var endJournaled: Bool

    public enum RetryStatus: Sendable, Equatable {
        case submitting
        /// Refused, or failed in a way that created nothing.
        case failed(String)
        /// The retry's answer was lost (timeout, 5xx, dropped connection): it may have created the
        /// VM. `check` is what the VM list said (nil while it is being read); `accepted` once the
        /// operator confirmed, after a failed or ambiguous check, that they retry anyway.
        case unconfirmed(check: CreateCheck?, accepted: Bool)
    }

    public init(job: Job, state: JobState? = nil, seenAt: Double? = nil, knownName: String? = nil,
                request: CreateVMRequest? = nil, retryOf: String? = nil, endJournaled: Bool = false) {
        self.job = job; self.state = state ?? job.state; self.seenAt = seenAt
        self.knownName = knownName; self.request = request?.withoutPassword; self.retryOf = retryOf
        self.endJournaled = endJournaled
    }

    /// The real VM name, when one is known: the API's `resourceName`, else the journal's (or
    /// the request's) name when it is one of the request's instance names. Never the display name
    /// ("Virtual Machine web-1") nor the job id: a retry re-creates the VM under this name, so
    /// without one there is no retry.
    public var instanceName: String? {
        if let n = job.resourceName?.trimmingWhitespace(), !n.isEmpty { return n }
        guard let n = knownName?.trimmingWhitespace(), !n.isEmpty, let request,
              request.instanceNames.contains(n) else { return nil }
        return n
    }

    /// The VM name to show: the API's, else the journal's, else the display name or job id.
    public var name: String {
        // Blank names are no names (the same rule as `instanceName`, so a retry re-creates the
        // VM the row shows).
        if let n = job.resourceName?.trimmingWhitespace(), !n.isEmpty { return n }
        if let n = knownName?.trimmingWhitespace(), !n.isEmpty { return n }
        return job.displayName
    }

    /// Progress shown: 100 for a success, else the API's value.
    public var progress: Int { state == .succeeded ? 100 : job.progress }

    /// A failure, cancel or disappearance: what `f` shows.
    public var isProblem: Bool { state == .failed || state == .cancelled || state == .notVisible }
}
