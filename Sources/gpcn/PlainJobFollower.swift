import Dispatch
import Foundation
import GPCNCore
import GPCNRuntime

/// Follows jobs without a terminal UI: polls `POST /resource/jobs` about every `interval`
/// seconds (terminal jobs are no longer asked about), writes one line per job change (state or
/// stage) through `emit` (stderr by default), records ends in the journal, and returns the last
/// word on every job with the exit code of DESIGN.md §2 (0 all succeeded, 3 some failed,
/// 2 the API refused or stayed unreachable). Ctrl-C ends gpcn with 130; the jobs go on
/// server-side and stay in the journal.
///
/// Kept small on purpose: the dashboard's `PollScheduler` can replace the fixed interval.
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

    static func follow(api: some GPCNAPI, jobs initial: [Job], names: [String: String] = [:],
                       journal: JournalFile?, interval: Double = 2, maxFailures: Int = 10,
                       emit: @escaping @Sendable (String) -> Void = { Console.error($0) }) async -> Outcome {
        var tracked = initial.map { TrackedJob(job: $0, state: $0.state, name: names[$0.jobId]) }
        let interrupt = InterruptNotice(ids: initial.map(\.jobId), emit: emit)
        defer { interrupt.cancel() }
        for t in tracked { emit(JobReport.line(t.job, state: t.state, name: t.name)) }
        var failures = 0
        var first = true
        while tracked.contains(where: { !$0.state.isTerminal }) {
            if !first { try? await Task.sleep(for: .milliseconds(Int(interval * 1000))) }
            first = false
            let active = tracked.filter { !$0.state.isTerminal }.map(\.job.jobId)
            do {
                let answer = try await api.jobs(ids: active)
                failures = 0
                let byId = Dictionary(answer.jobs.map { ($0.jobId, $0) }, uniquingKeysWith: { a, _ in a })
                let now = ISO8601DateFormatter().string(from: Date())
                for i in tracked.indices where active.contains(tracked[i].job.jobId) {
                    let before = (tracked[i].state, tracked[i].job.stage)
                    if let fresh = byId[tracked[i].job.jobId] {
                        tracked[i].job = fresh
                        tracked[i].state = fresh.state
                    } else {
                        tracked[i].state = .notVisible
                    }
                    let t = tracked[i]
                    if before.0 != t.state || before.1 != t.job.stage {
                        emit(JobReport.line(t.job, state: t.state, name: t.name))
                    }
                    if t.state.isTerminal {
                        try? journal?.append(.jobEnded(.init(
                            jobId: t.job.jobId, time: now, state: t.state,
                            errorMessage: t.state == .succeeded ? nil : t.job.failureText, resourceId: t.job.resourceId)))
                    }
                }
            } catch {
                let e = error as? APIError ?? APIError(kind: .unreachable("\(error)"), message: "\(error)")
                if e.status == 401 || e.status == 403 {
                    emit("the API refused the jobs poll: \(e.userMessage)")
                    return Outcome(jobs: tracked, exitCode: Exit.api)
                }
                failures += 1
                if failures >= maxFailures {
                    emit("giving up after \(failures) failed polls (\(e.userMessage)); the jobs go on server-side: gpcn jobs \(active.joined(separator: " "))")
                    return Outcome(jobs: tracked, exitCode: Exit.api)
                }
                let wait = Double(e.retryAfter ?? Int(interval * 2))
                emit("cannot poll the jobs (\(e.userMessage)); trying again in \(Int(wait)) s")
                try? await Task.sleep(for: .milliseconds(Int(max(0, wait - interval) * 1000)))
            }
        }
        return Outcome(jobs: tracked, exitCode: JobReport.exitCode(tracked.map(\.state), waited: true))
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
