import GPCNCore

/// Job progress as lines, one per change of a job's state or stage (never per percent), for
/// accessible mode and any line output. Pure: feed it poll answers, print what it returns.
public struct AccessibleProgress: Sendable, Equatable {
    public struct Tracked: Sendable, Equatable {
        public var job: Job
        public var state: JobState
        /// What was last reported: state and stage.
        var reported: String
    }

    public private(set) var jobs: [Tracked]
    private var lastProblem: String?

    public init(jobs: [Job]) {
        self.jobs = jobs.map { Tracked(job: $0, state: $0.state, reported: "") }
    }

    /// Ids still worth polling.
    public var activeIds: [String] { jobs.filter { !$0.state.isTerminal }.map(\.job.jobId) }

    /// The first lines: what is being followed.
    public mutating func start() -> [String] {
        var lines = ["Following \(jobs.count) job\(jobs.count == 1 ? "" : "s"):"]
        for i in jobs.indices {
            lines.append("  \(jobs[i].job.displayName): job \(jobs[i].job.jobId)")
        }
        lines += report()
        return lines
    }

    /// A poll answer. Returns the lines to print and the jobs that have just ended (to journal).
    public mutating func polled(_ result: Result<JobsAnswer, APIError>) -> (lines: [String], ended: [Tracked]) {
        switch result {
        case .failure(let error):
            let problem = "Could not refresh the jobs: \(error.userMessage). Trying again."
            defer { lastProblem = problem }
            return (problem == lastProblem ? [] : [problem], [])
        case .success(let answer):
            var lines: [String] = []
            if lastProblem != nil { lines.append("The API answers again.") }
            lastProblem = nil
            let byId = Dictionary(answer.jobs.map { ($0.jobId, $0) }, uniquingKeysWith: { a, _ in a })
            var ended: [Tracked] = []
            for i in jobs.indices where !jobs[i].state.isTerminal {
                if let fresh = byId[jobs[i].job.jobId] {
                    jobs[i].job = fresh
                    jobs[i].state = fresh.state
                } else {
                    jobs[i].state = .notVisible
                }
                if jobs[i].state.isTerminal { ended.append(jobs[i]) }
            }
            lines += report()
            return (lines, ended)
        }
    }

    /// One line for each job whose state or stage changed since it was last reported.
    private mutating func report() -> [String] {
        var lines: [String] = []
        for i in jobs.indices {
            let t = jobs[i]
            let key = "\(t.state.rawValue)|\(t.job.stage ?? "")"
            guard key != t.reported else { continue }
            jobs[i].reported = key
            lines.append(Self.line(t))
        }
        return lines
    }

    static func line(_ t: Tracked) -> String {
        let name = t.job.displayName
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

    /// The end: counts by state and what the exit code will be.
    public var summary: [String] {
        let counts = JobState.allCases.compactMap { s -> String? in
            let n = jobs.filter { $0.state == s }.count
            return n == 0 ? nil : "\(n) \(s.rawValue)"
        }
        return ["Done: " + counts.joined(separator: ", ") + "."]
    }

    /// 0 all succeeded, 3 some failed, 4 some still running (DESIGN.md §2).
    public var exitCode: Int32 {
        if jobs.contains(where: { !$0.state.isTerminal }) { return 4 }
        if jobs.contains(where: { $0.state != .succeeded }) { return 3 }
        return 0
    }
}
