import GPCNApp
import GPCNCore
import TerminalUI

/// What the dashboard's header, overall bar, status line and column widths say about all the
/// jobs of its board, kept as jobs change so that drawing a frame never goes over every job
/// (issue 13: a frame with 5,000 jobs costs about what it costs with 50).
///
/// `JobsState` keeps it (`JobsState.tally`): a poll answer takes its jobs out (`remove`) before
/// `JobBoard.fold` and puts them back (`add`) after, so it costs its own jobs only; any other
/// change of the jobs (a retry, a check) is recounted once, in `refreshRows`. A frame whose
/// tally is not up to date with the board (`JobBoard.revision`) recounts instead of drawing a
/// stale one. `JobTally(jobs)` is the count from scratch the tests compare with.
public struct JobTally: Sendable, Equatable {
    /// Jobs on the board, by state.
    public private(set) var byState: [JobState: Int] = [:]
    /// Jobs that count for the outcome (`JobBoard.current`: not replaced by a retry), by state.
    public private(set) var currentByState: [JobState: Int] = [:]
    /// Sum over the current jobs of their progress as the overall bar counts it (an ended job 100).
    public private(set) var currentProgress = 0
    /// Jobs replaced by a retry.
    public private(set) var retried = 0
    /// Every job on the board.
    public private(set) var total = 0
    /// How many jobs have each display width of their name (of their stage), capped at
    /// `widthCap` (no column is drawn wider): the longest is the highest width with a job.
    private var nameWidths = [Int](repeating: 0, count: JobTally.widthCap + 1)
    private var stageWidths = [Int](repeating: 0, count: JobTally.widthCap + 1)

    /// Wider names and stages count as this wide (the widest name column is 24, stage 17).
    public static let widthCap = 32

    public init() {}

    /// The tally of `jobs`, counted from scratch.
    public init<S: Sequence>(_ jobs: S) where S.Element == TrackedJob {
        for t in jobs { add(t) }
    }

    /// Jobs not ended (the ones polled).
    public var active: Int { byState[.running] ?? 0 }
    /// Current jobs (not replaced by a retry).
    public var current: Int { total - retried }
    /// Current jobs that have not ended.
    public var currentActive: Int { currentByState[.running] ?? 0 }
    /// Failed, cancelled and vanished jobs (the rows `f` shows).
    public var problems: Int { (byState[.failed] ?? 0) + (byState[.cancelled] ?? 0) + (byState[.notVisible] ?? 0) }

    /// The display width of the longest name (at most `widthCap`), nil without jobs.
    public var longestName: Int? { nameWidths.lastIndex { $0 > 0 } }
    /// The display width of the longest stage as the API spells it (at most `widthCap`), nil without jobs.
    public var longestStage: Int? { stageWidths.lastIndex { $0 > 0 } }

    /// The overall bar: the current jobs' progress (an ended job counts 100 %), 1 without jobs.
    public var overallFraction: Double {
        current == 0 ? 1.0 : Double(currentProgress) / Double(current * 100)
    }

    public mutating func add(_ t: TrackedJob) { count(t, 1) }
    public mutating func remove(_ t: TrackedJob) { count(t, -1) }

    private mutating func count(_ t: TrackedJob, _ d: Int) {
        total += d
        byState[t.state, default: 0] += d
        if byState[t.state] == 0 { byState[t.state] = nil }
        if t.retriedBy == nil {
            currentByState[t.state, default: 0] += d
            if currentByState[t.state] == 0 { currentByState[t.state] = nil }
            currentProgress += d * (t.state.isTerminal ? 100 : t.progress)
        } else {
            retried += d
        }
        nameWidths[min(Self.widthCap, DisplayWidth.of(t.name))] += d
        stageWidths[min(Self.widthCap, DisplayWidth.of(t.job.stage ?? ""))] += d
    }
}

extension JobsState {
    /// The tally and what else a frame would otherwise look for among all jobs, as of a revision
    /// of the board. Equal whatever it holds: it is derived from the jobs, not part of the state.
    struct TallyCache: Sendable, Equatable {
        var tally = JobTally()
        /// Some job can be retried (`retryBlocker` nil); only worked out once every job has ended,
        /// the only time the status line says it.
        var anyRetryable = false
        /// `JobBoard.revision` this was made at; -1: never.
        var revision = -1
        static func == (a: Self, b: Self) -> Bool { true }
    }

    /// The counts of all jobs: kept up to date as they change; counted from scratch only in the
    /// rare frame after a change that was not followed by `refreshRows` (never stale).
    var tally: JobTally {
        tallyCache.revision == board.revision ? tallyCache.tally : JobTally(jobs)
    }

    /// Whether `R` has a job to retry, for the status line once every job has ended.
    var anyRetryable: Bool {
        tallyCache.revision == board.revision ? tallyCache.anyRetryable : jobs.contains { retryBlocker($0) == nil }
    }

    /// Keeps `tally` as the count of the board as it is now.
    mutating func keep(_ tally: JobTally) {
        board.settle()
        tallyCache = TallyCache(tally: tally, anyRetryable: tally.active == 0 && jobs.contains { retryBlocker($0) == nil },
                                revision: board.revision)
    }

    /// Recounts after a change of the jobs other than a poll answer (once per change).
    mutating func settleTally() {
        board.settle()
        guard tallyCache.revision != board.revision else { return }
        keep(JobTally(jobs))
    }
}
