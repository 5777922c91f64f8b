import Dispatch
import Foundation
import GPCNApp
import GPCNConsole
import GPCNCore
import GPCNRuntime

/// Follows jobs without a terminal UI, with the dashboard's own machinery: a `JobsState` (no
/// screen) whose `PollScheduler` decides when to poll, for which ids (≤50 a request), and how
/// long to wait — the adaptive interval, the `X-RateLimit-Remaining` budget, 429 `Retry-After`
/// and 5xx back-off with jitter, exactly as the dashboard does. Writes one line per job change
/// (state or stage) through `emit` (stderr by default), journals ends as the dashboard does, and
/// returns the last word on every job with the exit code of DESIGN.md §2 (0 all succeeded, 3 some
/// failed, 2 the API refused or stayed unreachable). Ctrl-C ends gpcn with 130; the jobs go on
/// server-side and stay in the journal.
enum PlainJobFollower {
    struct Outcome {
        var jobs: [TrackedJob]
        var exitCode: Int32
    }

    struct TrackedJob {
        var job: Job
        var state: JobState
        var name: String?
    }

    /// - Parameter interval: the shortest time between polls (the scheduler's fast interval; it
    ///   grows to 10× while nothing moves, and longer when the budget or the server says so).
    static func follow(api: some GPCNAPI, jobs initial: [Job], names: [String: String] = [:],
                       journal: JournalFile?, interval: Double = 2, maxFailures: Int = 10,
                       clock: @escaping @Sendable () -> Double = ConsoleRuntime.wallClock,
                       sleep: @escaping @Sendable (Double) async -> Void = JobFollowLoop.realSleep,
                       emit: @escaping @Sendable (String) -> Void = { Console.error($0) }) async -> Outcome {
        let interrupt = InterruptNotice(ids: initial.map(\.jobId), emit: emit)
        defer { interrupt.cancel() }
        let tracked = initial.map { job in
            GPCNConsole.TrackedJob(job: job, knownName: names[job.jobId])
        }
        let outName = { (t: GPCNConsole.TrackedJob) in names[t.job.jobId] ?? t.instanceName }
        for t in tracked { emit(JobReport.line(t.job, state: t.state, name: outName(t))) }
        var exit: Int32?
        let final = await JobFollowLoop.run(JobsState(tracked: tracked, openedAt: clock()),
                                            api: api, journal: journal, interval: interval,
                                            clock: clock, sleep: sleep) { before, after, result, now in
            for t in after.jobs {
                guard let old = before.jobs.first(where: { $0.job.jobId == t.job.jobId }) else { continue }
                if old.state != t.state || old.job.stage != t.job.stage {
                    emit(JobReport.line(t.job, state: t.state, name: outName(t)))
                }
            }
            guard case .failure(let e) = result else { return true }
            if e.status == 401 || e.status == 403 {
                emit("the API refused the jobs poll: \(e.userMessage)")
                exit = Exit.api
                return false
            }
            if after.scheduler.consecutiveFailures >= maxFailures {
                emit("giving up after \(after.scheduler.consecutiveFailures) failed polls (\(e.userMessage)); the jobs go on "
                     + "server-side: gpcn jobs \(after.activeIds.joined(separator: " "))")
                exit = Exit.api
                return false
            }
            if !after.scheduler.isRoundInFlight, let wait = after.scheduler.nextTryIn(now: now) {
                emit("cannot poll the jobs (\(e.userMessage)); trying again in \(Int(wait.rounded(.up))) s")
            }
            return true
        }
        let out = final.jobs.map { TrackedJob(job: $0.job, state: $0.state, name: outName($0)) }
        return Outcome(jobs: out, exitCode: exit ?? JobReport.exitCode(out.map(\.state), waited: true))
    }
}

/// The dashboard's `JobsState` run without a screen: its effects performed in order (polls sent
/// and answered one at a time, ends journaled, the poll timer slept), until no job is left to
/// poll or `observe` says stop. `observe(before, after, answer, now)` sees every poll answer.
enum JobFollowLoop {
    static let realSleep: @Sendable (Double) async -> Void = { s in
        try? await Task.sleep(for: .milliseconds(Int(max(0, s) * 1000)))
    }

    static func run(_ initial: JobsState, api: any GPCNAPI, journal: JournalFile?, interval: Double,
                    clock: @escaping @Sendable () -> Double = ConsoleRuntime.wallClock,
                    sleep: @Sendable (Double) async -> Void = JobFollowLoop.realSleep,
                    observe: (JobsState, JobsState, Result<JobsAnswer, APIError>, Double) -> Bool) async -> JobsState {
        var app = AppState(settings: ConsoleSettings(endpoint: api.endpoint, minimumPollInterval: interval),
                           size: .minimum, screen: .jobs(initial))
        var queue = ConsoleApp.start(&app, now: clock())
        var wakeAt: Double?
        while true {
            while !queue.isEmpty {
                switch queue.removeFirst() {
                case .pollJobBatch(let ids):
                    let before = app.jobs ?? initial
                    let result: Result<JobsAnswer, APIError>
                    do { result = .success(try await api.jobs(ids: ids)) }
                    catch { result = .failure(ConsoleRuntime.apiError(error)) }
                    let now = clock()
                    queue += ConsoleApp.update(&app, .jobBatchPolled(ids, result), now: now)
                    if !observe(before, app.jobs ?? before, result, now) { return app.jobs ?? before }
                case .appendJournal(let entry):
                    try? journal?.append(entry)
                case .startTimer(.poll, let seconds):
                    wakeAt = clock() + seconds
                default:
                    break
                }
            }
            guard let jobs = app.jobs, !jobs.activeIds.isEmpty, !Task.isCancelled else { break }
            // Sleep to the armed timer (or, should none be armed, to the scheduler's next try).
            let now = clock()
            let target = wakeAt ?? (now + (jobs.scheduler.nextTryIn(now: now) ?? interval))
            wakeAt = nil
            await sleep(max(0.01, target - now))
            queue += ConsoleApp.update(&app, .timer(.poll), now: clock())
        }
        return app.jobs ?? initial
    }
}

/// While jobs are followed, Ctrl-C says how to find them again and exits 130.
private final class InterruptNotice: @unchecked Sendable {  // the source is only touched on creation and cancel
    private let source: DispatchSourceSignal

    init(ids: [String], emit: @escaping @Sendable (String) -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            emit("interrupted; the jobs go on server-side: gpcn jobs \(ids.joined(separator: " "))")
            exit(Exit.interrupted)
        }
        source.resume()
    }

    func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
