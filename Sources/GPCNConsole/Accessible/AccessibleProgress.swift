import GPCNApp
import GPCNCore

/// Job progress as accessible-mode lines, worded from the follower's `TrackedJob`s: one line per
/// change of a job's state or stage (never per percent), a poll problem said once until the API
/// answers again. Pure: the follower (`JobBoard`, run by the runtime) says what happened as
/// `JobBoard.Event`s; this turns them into lines.
public struct AccessibleProgress: Sendable, Equatable {
    /// The last problem said (not said again while it lasts).
    private var lastProblem: String?

    public init() {}

    /// The first lines: what is being followed, and where each job stands.
    public static func start(_ jobs: [TrackedJob]) -> [String] {
        var lines = ["Following \(jobs.count) job\(jobs.count == 1 ? "" : "s"):"]
        for t in jobs { lines.append("  \(t.name): job \(t.job.jobId)") }
        return lines + jobs.map(line)
    }

    /// The lines for what happened on the board (`board.events(since:now:)`).
    public mutating func lines(_ events: [JobBoard.Event]) -> [String] {
        var lines: [String] = []
        for event in events {
            switch event {
            case .answersAgain:
                if lastProblem != nil { lines.append("The API answers again.") }
                lastProblem = nil
            case .changed(let t):
                lines.append(Self.line(t))
            case .pollFailed(let error, _):
                let problem = "Could not refresh the jobs: \(error.userMessage). Trying again."
                if problem != lastProblem { lines.append(problem) }
                lastProblem = problem
            case .journalFailed(let why):
                lines.append("warning: could not write the journal (\(why)); the ends of these jobs are not recorded.")
            case .stopped(.refused(let error)):
                lines.append("The API refused the jobs poll: \(error.userMessage). Stopped following; the jobs go on server-side.")
            case .stopped(.gaveUp(let failures, let error)):
                lines.append("Giving up after \(failures) failed polls (\(error.userMessage)). The jobs go on server-side; "
                             + "follow them again with gpcn jobs.")
            }
        }
        return lines
    }

    public static func line(_ t: TrackedJob) -> String {
        let name = t.name
        switch t.state {
        case .running:
            var parts = ["\(name): running"]
            if let stage = t.job.stage, !stage.isEmpty { parts.append("stage \(stage)") }
            parts.append("\(t.job.progress)%")
            var line = parts.joined(separator: ", ")
            if let m = t.job.message, !m.isEmpty { line += ". \(m)" }
            return line
        case .succeeded:
            return "\(name): succeeded." + (t.job.resourceId.map { " VM id \($0)." } ?? "")
        case .failed:
            return "\(name): FAILED. \(t.job.failureText ?? "no reason given")"
                + (t.job.canRetry == true ? " (can be retried)" : "")
        case .cancelled:
            return "\(name): cancelled."
        case .notVisible:
            return "\(name): not visible to this API key; no longer followed."
        }
    }

    /// The end: counts by state (the exit code is `JobBoard.exitCode`).
    public static func summary(_ jobs: [TrackedJob]) -> [String] {
        let counts = JobState.allCases.compactMap { s -> String? in
            let n = jobs.filter { $0.state == s }.count
            return n == 0 ? nil : "\(n) \(s.rawValue)"
        }
        return ["Done: " + counts.joined(separator: ", ") + "."]
    }
}
