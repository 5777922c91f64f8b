import Foundation

/// Jobs as a script sees them: the JSON document of `--output json` and the progress lines of
/// plain (non-TTY) following. One shape for `gpcn create` and `gpcn jobs`.
public struct JobReport: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var jobId: String
        public var name: String
        /// running, succeeded, failed, cancelled or notVisible.
        public var state: JobState
        public var stage: String?
        public var progressPercentage: Int
        public var message: String?
        public var errorMessage: String?
        public var canRetry: Bool?
        public var resourceId: String?

        public init(_ job: Job, state: JobState? = nil, name: String? = nil) {
            jobId = job.jobId
            self.name = job.resourceName.flatMap { $0.isEmpty ? nil : $0 } ?? name ?? job.displayName
            self.state = state ?? job.state
            stage = job.stage
            progressPercentage = job.progress
            message = job.message
            errorMessage = self.state == .succeeded || self.state == .running ? nil : job.failureText
            canRetry = self.state == .failed ? job.canRetry : nil
            resourceId = job.resourceId
        }
    }

    /// Base URL the jobs live at.
    public var endpoint: String
    public var jobs: [Entry]
    /// Counts by state, for a quick `jq .summary`.
    public var summary: [String: Int]
    /// Whether every job has ended (false without `--wait`, or when detached).
    public var finished: Bool
    /// The exit code gpcn ends with (DESIGN.md §2).
    public var exitCode: Int32

    public init(endpoint: String, jobs: [Entry]) {
        self.endpoint = endpoint
        self.jobs = jobs
        var counts: [String: Int] = [:]
        for j in jobs { counts[j.state.rawValue, default: 0] += 1 }
        summary = counts
        finished = jobs.allSatisfy { $0.state.isTerminal }
        exitCode = JobReport.exitCode(jobs.map(\.state), waited: true)
    }

    /// 0 all succeeded (or, without waiting, all submitted), 3 one or more failed, 4 some still running.
    public static func exitCode(_ states: [JobState], waited: Bool) -> Int32 {
        if states.contains(where: { $0.isTerminal && $0 != .succeeded }) { return 3 }
        if states.contains(where: { !$0.isTerminal }) { return waited ? 4 : 0 }
        return 0
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// One progress line for a job whose state or stage changed:
    /// `web-1 running: provisioning 40%`, `web-2 failed: Out of capacity (retry possible)`.
    public static func line(_ job: Job, state: JobState, name: String? = nil) -> String {
        let who = "\(job.resourceName.flatMap { $0.isEmpty ? nil : $0 } ?? name ?? job.displayName) (job \(job.jobId))"
        switch state {
        case .running:
            return "\(who) running: \(job.stage ?? "queued") \(job.progress)%"
        case .succeeded:
            return "\(who) succeeded" + (job.resourceId.map { ": VM \($0)" } ?? "")
        case .failed:
            return "\(who) failed: \(job.failureText ?? "no reason given")"
                + (job.canRetry == true ? " (retry possible)" : "")
        case .cancelled:
            return "\(who) cancelled" + (job.failureText.map { ": \($0)" } ?? "")
        case .notVisible:
            return "\(who) is not visible to this key (deleted, or another account's)"
        }
    }
}
