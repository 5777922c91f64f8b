import GPCNCore

/// The creates of a split batch (`CreatePlan`) that have not been answered yet, as the dashboard
/// shows them: queued rows with their planned send time, and what `q` and `S` do about them
/// (docs/product.md, "Big batches"). Pure: the runtime's messages move it along.
public struct SendQueue: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        /// This process is sending them, one after another.
        case sending
        /// The operator stopped sending: nothing more is sent (a create already under way is
        /// answered as usual).
        case stopped
        /// Sending ended: every create was sent (nil), or why it stopped.
        case ended(String?)
        /// Left unsent by an earlier gpcn (killed between two creates): nothing sends them until
        /// the operator asks (`S`, then a confirm).
        case unsent
        /// Another gpcn process (`host:pid`) is still sending this batch: not offered here.
        case elsewhere(String)
    }

    /// The VM names of every create of the batch, in sending order.
    public let creates: [[String]]
    /// The body of every create (no password): what a job of create k was asked with.
    public let bodies: [CreateVMRequest]
    /// Positions of the creates not answered yet, in sending order.
    public private(set) var pending: [Int]
    /// The position being sent now.
    public private(set) var inFlight: Int?
    public var status: Status
    /// Seconds planned between two creates.
    public let spacing: Double
    /// When the last create was sent (or the queue was made).
    public private(set) var lastSentAt: Double
    /// The journal's record of a batch left unsent (for `S`).
    public let unsentBatch: JournalSummary.UnsentBatch?

    /// The queue of a batch whose first create was just accepted.
    public init(plan: CreatePlan, now: Double, spacing: Double = CreatePlan.spacing(limitPerMinute: nil)) {
        creates = plan.names
        bodies = plan.bodies.map(\.withoutPassword)
        pending = Array(plan.bodies.indices.dropFirst())
        status = pending.isEmpty ? .ended(nil) : .sending
        self.spacing = spacing
        lastSentAt = now
        unsentBatch = nil
    }

    /// The creates an earlier gpcn never sent, found in the journal. `ownerAlive`: the process
    /// that journaled the batch still runs (it is sending them).
    public init(unsent: JournalSummary.UnsentBatch, ownerAlive: Bool, now: Double,
                spacing: Double = CreatePlan.spacing(limitPerMinute: nil)) {
        creates = unsent.batch.creates
        bodies = CreatePlan(unsent.batch.request).bodies
        pending = unsent.unsent
        status = ownerAlive ? .elsewhere(unsent.batch.owner ?? "?") : .unsent
        self.spacing = spacing
        lastSentAt = now
        unsentBatch = unsent
    }

    /// Sending stopped before every create was sent (refused, lost, stopped, or never sent).
    public var stoppedPartWay: Bool {
        guard !pending.isEmpty else { return false }
        if case .ended(nil) = status { return false }
        return true
    }

    /// Creates are being sent (by this process) and some are still queued.
    public var isSending: Bool { status == .sending && !pending.isEmpty }
    /// Queued creates: pending and not under way.
    public var queued: [Int] { pending.filter { $0 != inFlight } }
    /// The VM names not requested yet (the one under way excluded).
    public var queuedNames: [String] { queued.flatMap { creates[$0] } }
    /// How many VMs are queued (`queuedNames.count`, without building the names).
    public var queuedCount: Int { queued.reduce(0) { $0 + creates[$1].count } }
    /// Total VMs of the batch.
    public var total: Int { creates.reduce(0) { $0 + $1.count } }

    /// The rate budget the last answers told of: requests left in the window, when it resets,
    /// and the limit per window (`PollScheduler`'s view of the headers).
    public struct Budget: Sendable, Equatable {
        public var remaining: Int
        public var resetAt: Double
        public var limit: Int
        public var window: Double
        public init(remaining: Int, resetAt: Double, limit: Int, window: Double = 60) {
            self.remaining = remaining; self.resetAt = resetAt; self.limit = limit; self.window = window
        }
    }

    /// When the queued create at `position` (0 = the next) is planned to be sent; nil when
    /// nothing sends them. Creates go `spacing` apart; with a known `budget`, those beyond what is
    /// left in this window wait for the next window (an estimate: polls spend from it too).
    public func plannedSendTime(position: Int, now: Double, budget: Budget? = nil) -> Double? {
        guard status == .sending else { return nil }
        let spaced = max(now, lastSentAt + spacing * Double(position + 1))
        guard let budget, budget.limit > 0, budget.resetAt > now, position >= max(0, budget.remaining) else { return spaced }
        let beyond = position - max(0, budget.remaining)
        let windows = Double(beyond / budget.limit)
        return max(spaced, budget.resetAt + windows * budget.window + spacing * Double(beyond % budget.limit))
    }

    public mutating func sending(_ create: Int, now: Double) {
        inFlight = create
        lastSentAt = now
        if status == .unsent { status = .sending }
    }

    public mutating func answered(_ create: Int) {
        pending.removeAll { $0 == create }
        if inFlight == create { inFlight = nil }
    }

    public mutating func ended(_ stop: String?) {
        inFlight = nil
        if stop == nil { pending = [] }
        status = .ended(stop)
    }

    /// The operator asked to send the unsent creates (`S`, confirmed).
    public mutating func resume(now: Double) {
        status = .sending
        lastSentAt = now - spacing
    }
}
