import Dispatch
import Foundation
import GPCNApp
import GPCNConsole
import GPCNCore
import GPCNRuntime

/// The line front ends of the one job follower: `ConsoleRuntime.follow` (the dashboard's event
/// loop on a headless backend, its `JobsState` and `JobBoard`) does the following; these only word
/// what happened. `create --wait` without a terminal is `plain`; `gpcn jobs` without a terminal is
/// `JobsCommand.refreshOnce`; accessible mode is `AccessibleFlow.follow`.
enum JobFollower {
    struct Outcome {
        /// The last word on every job.
        var jobs: [TrackedJob]
        /// `JobBoard.exitCode`: 0 all succeeded, 3 some failed, 4 some still run, 2 the API refused
        /// or stayed unreachable (docs/product.md §2).
        var exitCode: Int32
        /// The batch's creates left unsent, when the follower was sending them (`create --wait`).
        var queue: SendQueue? = nil
    }

    /// Follows jobs without a terminal UI, with the dashboard's own machinery: its
    /// `PollScheduler` decides when to poll, for which ids (≤50 a request), and how long to wait —
    /// the adaptive interval, the `X-RateLimit-Remaining` budget, 429 `Retry-After` and 5xx
    /// back-off with jitter. Writes one line per job change (state or stage) through `emit`
    /// (stderr by default), journals ends as the dashboard does, and gives up (`mode`) after repeated
    /// failed rounds or when the API refuses the key. Ctrl-C ends gpcn with 130; the jobs
    /// go on server-side and stay in the journal.
    ///
    /// - Parameters:
    ///   - api: the poll client (without automatic retries: the scheduler owns back-off).
    ///   - interval: the shortest time between polls (the scheduler's fast interval; it grows to
    ///     10× while nothing moves, and longer when the budget or the server says so).
    static func plain(api: any GPCNAPI, jobs initial: [Job], names: [String: String] = [:],
                      journal: JournalFile?, interval: Double = JobBoard.lineFollowingInterval, mode: JobBoard.Mode = .lineFollowing,
                      clock: @escaping @Sendable () -> Double = ConsoleRuntime.wallClock,
                      sleep: @escaping @Sendable (Double) async -> Void = ConsoleRuntime.realSleep,
                      emit: @escaping @Sendable (String) -> Void = { Console.error($0) },
                      queue: SendQueue? = nil, startEffects: [Effect] = []) async -> Outcome {
        let interrupt = InterruptNotice(ids: initial.map(\.jobId), emit: emit)
        defer { interrupt.cancel() }
        let tracked = initial.map { TrackedJob(job: $0, knownName: names[$0.jobId]) }
        for t in tracked { emit(JobReport.line(t)) }
        var state = JobsState(tracked: tracked, openedAt: clock(), mode: mode)
        state.queue = queue
        let final = await ConsoleRuntime.follow(state, pollAPI: api, journal: journal, interval: interval,
                                                clock: clock, sleep: sleep, startEffects: startEffects) { events, board in
            for event in events {
                if let line = line(event, board) { emit(line) }
            }
        }
        return Outcome(jobs: final.jobs, exitCode: final.exitCode, queue: final.queue)
    }

    /// The plain line for `event` (nil: nothing to say).
    static func line(_ event: JobBoard.Event, _ board: JobBoard) -> String? {
        switch event {
        case .answersAgain:
            return nil
        case .changed(let t):
            return JobReport.line(t)
        case .pollFailed(let e, let retryIn):
            guard let retryIn else { return nil }
            return "cannot poll the jobs (\(e.userMessage)); trying again in \(Int(retryIn.rounded(.up))) s"
        case .journalFailed(let why):
            return journalWarning(why)
        case .stopped(.refused(let e)):
            return "the API refused the jobs poll: \(e.userMessage)"
        case .stopped(.gaveUp(let failures, let e)):
            return "giving up after \(failures) failed polls (\(e.userMessage)); the jobs go on "
                + "server-side: " + ShellHint.jobs(board.activeIds)
        }
    }

    /// The one `warning:` line of a failed journal write.
    static func journalWarning(_ why: String) -> String {
        "warning: the journal was not written (\(why)); the ends of these jobs are not recorded"
    }
}

/// While jobs are followed, Ctrl-C says how to find them again and exits 130.
private final class InterruptNotice: @unchecked Sendable {  // the source is only touched on creation and cancel
    private let source: DispatchSourceSignal

    init(ids: [String], emit: @escaping @Sendable (String) -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            emit("interrupted; the jobs go on server-side: " + ShellHint.jobs(ids))
            exit(Exit.interrupted)
        }
        source.resume()
    }

    func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
