import GPCNCore

/// The pure core of following jobs, under every front end (the dashboard, `gpcn jobs`,
/// `create --wait`, accessible mode): the tracked jobs, the `PollScheduler` that decides when
/// to poll which ids, the folding of each poll answer into the jobs, the journal entries of
/// their ends, when following is over, and the one exit-code rule.
///
/// It asks for nothing by itself: the dashboard's `JobsState` turns `startRound` and `fold`
/// into effects, which `ConsoleRuntime` performs for every front end.
public struct JobBoard: Sendable, Equatable {
    /// How long following goes on.
    public enum Mode: Sendable, Equatable {
        /// Until the operator leaves (the dashboard): polling never gives up by itself.
        case watch
        /// Until no job is left to poll (`create --wait`, accessible mode). Stops early when the
        /// API refuses the key (401/403) or after `giveUpAfter` failed rounds in a row.
        case untilEnded(giveUpAfter: Int)
        /// One round of polls, then stop (`gpcn jobs` without a terminal).
        case oneRound

        /// How the line front ends (`--wait`, accessible mode) follow: until every job ended,
        /// giving up after this many failed rounds in a row.
        public static let lineFollowing = Mode.untilEnded(giveUpAfter: 10)
    }

    /// The shortest time between polls for the line front ends, seconds (the dashboard's is the
    /// screen's; `--low-bandwidth` raises both).
    public static let lineFollowingInterval: Double = 2

    /// Why following stopped before every job ended.
    public enum Stop: Sendable, Equatable {
        /// The API refused the poll (401/403): polling again cannot help.
        case refused(APIError)
        /// `failures` rounds in a row failed; the last error.
        case gaveUp(failures: Int, APIError)
    }

    /// The tracked jobs. Any change through this property counts as a change of the board
    /// (`revision`); `fold` changes them itself and keeps the id index.
    public var jobs: [TrackedJob] {
        get { storage }
        _modify {
            defer { jobsChanged() }
            yield &storage
        }
    }
    private var storage: [TrackedJob]
    /// Bumped by every change of `jobs` (a poll answer, a retry, anything else): what a front
    /// end keeps about the jobs (the dashboard's tally) is up to date when it was made at this revision.
    public var revision: Int { book.revision }
    /// The id index and revision: bookkeeping, not part of the board's value (`==` ignores it).
    private var book = Bookkeeping()
    public var scheduler: PollScheduler
    public var mode: Mode
    /// Why the last journal write failed (every front end says it once).
    public var journalWarning: String?
    public private(set) var stop: Stop?
    /// Poll answers folded so far: an observer tells a poll answer from other messages by it.
    public private(set) var answers = 0
    /// The error of the last poll answer, nil when it succeeded.
    public private(set) var lastFailure: APIError?

    public init(jobs: [TrackedJob], mode: Mode = .watch, now: Double) {
        storage = jobs
        self.mode = mode
        scheduler = PollScheduler(ids: [], now: now)
    }

    /// Ids of jobs that have not ended.
    public var activeIds: [String] { jobs.filter { !$0.state.isTerminal }.map(\.job.jobId) }

    /// Jobs that count for the outcome: a job replaced by a retry is represented by its retry.
    public var current: [TrackedJob] { jobs.filter { $0.retriedBy == nil } }

    /// The index of the first job with `id`: from the id index when it is up to date (`settle`),
    /// else by looking through the jobs.
    public func index(of id: String) -> Int? {
        if !book.indexStale {
            guard let i = book.indexById[id], i < storage.count, storage[i].job.jobId == id else { return nil }
            return i
        }
        return storage.firstIndex { $0.job.jobId == id }
    }

    /// Rebuilds the id index after `jobs` changed (once per change, not per look-up).
    public mutating func settle() {
        guard book.indexStale else { return }
        var index: [String: Int] = [:]
        index.reserveCapacity(storage.count)
        for (i, t) in storage.enumerated() where index[t.job.jobId] == nil { index[t.job.jobId] = i }
        book.indexById = index
        book.indexStale = false
    }

    private mutating func jobsChanged() {
        book.revision &+= 1
        book.indexStale = true
    }

    /// Kept beside the jobs; equal whatever it holds, so two boards with the same jobs are equal.
    struct Bookkeeping: Sendable, Equatable {
        var revision = 0
        var indexById: [String: Int] = [:]
        var indexStale = true
        static func == (a: Self, b: Self) -> Bool { true }
    }

    // MARK: - The exit code

    /// The exit code of following (docs/product.md §2): 2 when the API refused or stayed unreachable
    /// (`stop`), else `JobBoard.exitCode(jobs, waited: true)`.
    public var exitCode: Int32 {
        if stop != nil { return 2 }
        return Self.exitCode(jobs, waited: true)
    }

    /// The one exit-code rule of jobs, for every front end and the JSON report:
    ///
    /// - 3 when a job that counts has failed, been cancelled or gone (not visible): a failure is
    ///   final and the most actionable fact for a script, so it wins over "still running" (the
    ///   report's `finished: false` still says that some run);
    /// - else 4 when one still runs and we waited (left, detached, or one round showed it running);
    /// - else 0 (all succeeded; or, without waiting, all submitted).
    ///
    /// A job replaced by a retry counts through its retry (`current`).
    public static func exitCode(_ jobs: [TrackedJob], waited: Bool) -> Int32 {
        guard waited else { return 0 }
        let counted = jobs.filter { $0.retriedBy == nil }
        if counted.contains(where: { $0.state.isTerminal && $0.state != .succeeded }) { return 3 }
        if counted.contains(where: { !$0.state.isTerminal }) { return 4 }
        return 0
    }

    // MARK: - Polling

    /// Starts the scheduler on the jobs not ended; `fastInterval` is the shortest time between
    /// polls (it grows to 10× while nothing moves).
    public mutating func start(now: Double, fastInterval: Double) {
        let fast = max(0.01, fastInterval)
        scheduler = PollScheduler(ids: activeIds, now: now,
                                  settings: PollScheduler.Settings(fastInterval: fast, slowInterval: 10 * fast))
    }

    /// The batches to poll now ([] when none is due, or following is over).
    public mutating func startRound(now: Double) -> [[String]] {
        guard stop == nil else { return [] }
        if mode == .oneRound && scheduler.roundsStarted > 0 { return [] }
        return scheduler.startRound(now: now)
    }

    /// True when a front end that follows on its own (no operator) should stop now.
    public var isOver: Bool {
        switch mode {
        case .watch: return false
        case .untilEnded: return stop != nil || activeIds.isEmpty
        case .oneRound: return stop != nil || activeIds.isEmpty || !scheduler.isRoundInFlight
        }
    }

    /// Folds the answer to one poll of `ids` into the jobs and the scheduler. Returns the journal
    /// entries of the jobs that have just ended (each end once).
    public mutating func fold(_ ids: [String], _ result: Result<JobsAnswer, APIError>, now: Double) -> [JournalEntry] {
        answers += 1
        settle()
        switch result {
        case .failure(let error):
            lastFailure = error
            let jitter = pollJitter(ids.first ?? "", scheduler.consecutiveFailures + 1)
            scheduler.record(.failed(error, jitter: jitter), now: now)
            if case .untilEnded(let limit) = mode, stop == nil {
                if error.status == 401 || error.status == 403 {
                    stop = .refused(error)
                } else if scheduler.consecutiveFailures >= limit {
                    stop = .gaveUp(failures: scheduler.consecutiveFailures, error)
                }
            }
            return []
        case .success(let answer):
            lastFailure = nil
            book.revision &+= 1  // the jobs of `ids` change in place; the id index stays right
            var byId: [String: Job] = [:]
            for j in answer.jobs where byId[j.jobId] == nil { byId[j.jobId] = j }
            var drop = Set<String>()
            var moved = false
            var ended: [JournalEntry] = []
            for id in ids {
                guard let i = index(of: id) else { drop.insert(id); continue }
                let before = storage[i]
                if let fresh = byId[id] {
                    let merged = Self.merge(before.job, fresh)
                    if Self.differs(before.job, merged) || before.seenAt == nil { moved = true }
                    storage[i].job = merged
                    storage[i].state = merged.state
                    storage[i].seenAt = now
                } else {
                    // Omitted by the server: deleted, another tenant's, or unknown. Permanent (§2.8).
                    storage[i].state = .notVisible
                    moved = true
                }
                guard storage[i].state.isTerminal else { continue }
                drop.insert(id)
                if !before.state.isTerminal && !storage[i].endJournaled {
                    storage[i].endJournaled = true
                    let t = storage[i]
                    ended.append(.jobEnded(.init(
                        jobId: id, time: ISOTime.format(now), state: t.state,
                        errorMessage: t.state == .succeeded ? nil :
                            (t.state == .notVisible ? Self.notVisibleText : t.job.failureText),
                        resourceId: t.job.resourceId)))
                }
            }
            scheduler.record(.answered(drop: drop, moved: moved, rateLimit: answer.rateLimit), now: now)
            return ended
        }
    }

    public static let notVisibleText = "not visible to this key (deleted, another tenant's, or unknown)"

    /// The fresh answer, keeping what it leaves out (names and ids do not go away).
    public static func merge(_ old: Job, _ fresh: Job) -> Job {
        var j = fresh
        j.resourceName = fresh.resourceName ?? old.resourceName
        j.resourceDisplayName = fresh.resourceDisplayName ?? old.resourceDisplayName
        j.resourceId = fresh.resourceId ?? old.resourceId
        j.resourceType = fresh.resourceType ?? old.resourceType
        j.operation = fresh.operation ?? old.operation
        j.createdAt = fresh.createdAt ?? old.createdAt
        return j
    }

    /// Whether a job moved: anything a person would see change.
    public static func differs(_ a: Job, _ b: Job) -> Bool {
        a.stage != b.stage || a.progressPercentage != b.progressPercentage || a.message != b.message
            || a.errorMessage != b.errorMessage || a.state != b.state || a.updatedAt != b.updatedAt
    }

    // MARK: - What happened, for line front ends

    /// Something a line front end says: what changed between two looks at the board.
    public enum Event: Sendable, Equatable {
        /// A poll answer came after failed ones.
        case answersAgain
        /// A job's state or stage changed (or it is new to the board).
        case changed(TrackedJob)
        /// A poll failed; `retryIn` is the wait before the next try, when the round is over.
        case pollFailed(APIError, retryIn: Double?)
        /// The journal could not be written (said once).
        case journalFailed(String)
        /// Following stopped before every job ended.
        case stopped(Stop)
    }

    /// What a line front end says after the board went from `before` to `self` at `now`.
    public func events(since before: JobBoard, now: Double) -> [Event] {
        var out: [Event] = []
        if before.journalWarning == nil, let why = journalWarning { out.append(.journalFailed(why)) }
        let answered = answers != before.answers
        if answered, lastFailure == nil, before.lastFailure != nil { out.append(.answersAgain) }
        var old: [String: TrackedJob] = [:]
        for t in before.jobs where old[t.job.jobId] == nil { old[t.job.jobId] = t }
        for t in jobs {
            guard let o = old[t.job.jobId] else { out.append(.changed(t)); continue }
            if o.state != t.state || o.job.stage != t.job.stage { out.append(.changed(t)) }
        }
        if answered, let e = lastFailure, stop == nil {
            out.append(.pollFailed(e, retryIn: scheduler.isRoundInFlight ? nil : scheduler.nextTryIn(now: now)))
        }
        if before.stop == nil, let stop { out.append(.stopped(stop)) }
        return out
    }
}
