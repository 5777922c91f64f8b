import Foundation
import GPCNCore

/// Jobs as a script sees them: the JSON document of `--output json` and the progress lines of
/// plain (non-TTY) following. One shape for `gpcn create` and `gpcn jobs`, worded from `TrackedJob`s.
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
        /// The VM's id (the job's `resourceId`, kept under that name too for older scripts).
        public var vmId: String?
        public var resourceId: String?
        /// The VM's private and public address, looked up once its job succeeded
        /// (`VMAddressLookup`); absent when not looked up or the lookup failed.
        public var addresses: VMAddresses?

        public init(_ t: TrackedJob, addresses: VMAddresses? = nil) {
            let job = t.job
            jobId = job.jobId
            name = t.name
            state = t.state
            stage = job.stage
            progressPercentage = job.progress
            message = job.message
            errorMessage = t.state == .succeeded || t.state == .running ? nil : job.failureText
            canRetry = t.state == .failed ? job.canRetry : nil
            resourceId = job.resourceId
            vmId = job.resourceId
            self.addresses = addresses
        }
    }

    /// Base URL the jobs live at.
    public var endpoint: String
    public var jobs: [Entry]
    /// Counts by state, for a quick `jq .summary`.
    public var summary: [String: Int]
    /// Whether every job has ended (false without `--wait`, or when detached).
    public var finished: Bool
    /// The exit code gpcn ends with (docs/product.md §2).
    public var exitCode: Int32
    /// VMs of interrupted creates found by name (`gpcn jobs` only; their job ids are unknown).
    public var recovered: [JournalEntry.RecoveredVM]?
    /// Batches an earlier gpcn left part-sent (`gpcn jobs` only): the VMs never requested.
    public var unsent: [Unsent]?

    /// A part-sent batch: which VMs were never requested, and whether its sender still runs.
    public struct Unsent: Codable, Sendable, Equatable {
        public var batchId: String
        public var name: String?
        public var time: String
        public var names: [String]
        /// The process sending it (`host:pid`) still runs: `gpcn jobs --send-unsent` refuses.
        public var stillSending: Bool

        public init(_ unsent: JournalSummary.UnsentBatch, ownerAlive: Bool) {
            batchId = unsent.batch.id; name = unsent.batch.request.name; time = unsent.batch.time
            names = unsent.unsentNames; stillSending = ownerAlive
        }
    }

    /// The report of `jobs`; `waited`: whether gpcn followed them (false for `create` without
    /// `--wait`: exit code 0 once submitted). The exit code is `JobBoard.exitCode`. `addresses`:
    /// by VM id, from `VMAddressLookup.fetch`.
    public init(endpoint: String, jobs tracked: [TrackedJob], waited: Bool, addresses: [String: VMAddresses] = [:]) {
        self.endpoint = endpoint
        jobs = tracked.map { t in Entry(t, addresses: t.job.resourceId.flatMap { addresses[$0] }) }
        var counts: [String: Int] = [:]
        for j in jobs { counts[j.state.rawValue, default: 0] += 1 }
        summary = counts
        finished = jobs.allSatisfy { $0.state.isTerminal }
        exitCode = JobBoard.exitCode(tracked, waited: waited)
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// One progress line for a job whose state or stage changed:
    /// `web-1 running: provisioning 40%`, `web-2 failed: Out of capacity (retry possible)`.
    public static func line(_ t: TrackedJob) -> String {
        let job = t.job
        let who = "\(t.name) (job \(job.jobId))"
        switch t.state {
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
