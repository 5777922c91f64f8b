import Foundation

/// One line of the journal (`$XDG_STATE_HOME/gpcn/journal.jsonl`): either a submission with
/// the job ids it returned, or a job reaching a terminal state. Append-only JSON lines, so a
/// process killed mid-write can at worst leave one torn last line, which readers skip.
/// Never holds the password (the request is stored `withoutPassword`) or the API key.
public enum JournalEntry: Codable, Sendable, Equatable {
    case submission(Submission)
    case jobEnded(JobEnded)

    public struct Submission: Codable, Sendable, Equatable {
        /// Local id of the submission (for linking retries).
        public var id: String
        /// ISO-8601 UTC.
        public var time: String
        /// Base URL the jobs live at; `gpcn jobs` only reopens jobs of the current endpoint.
        public var endpoint: String
        public var request: CreateVMRequest
        public var jobs: [JournalJob]
        /// When this submission retries a failed job: that job's id.
        public var retryOf: String?

        public init(id: String, time: String, endpoint: String, request: CreateVMRequest,
                    jobs: [JournalJob], retryOf: String? = nil) {
            self.id = id; self.time = time; self.endpoint = endpoint
            self.request = request.withoutPassword; self.jobs = jobs; self.retryOf = retryOf
        }
    }

    public struct JournalJob: Codable, Sendable, Equatable {
        public var jobId: String
        public var name: String?
        public init(jobId: String, name: String?) { self.jobId = jobId; self.name = name }
    }

    public struct JobEnded: Codable, Sendable, Equatable {
        public var jobId: String
        public var time: String
        public var state: JobState
        public var errorMessage: String?
        public var resourceId: String?
        public init(jobId: String, time: String, state: JobState, errorMessage: String? = nil,
                    resourceId: String? = nil) {
            self.jobId = jobId; self.time = time; self.state = state; self.errorMessage = errorMessage
            self.resourceId = resourceId
        }
    }

    enum CodingKeys: String, CodingKey { case type, submission, jobEnded }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .type) {
        case "submission": self = .submission(try Submission(from: decoder))
        case "jobEnded": self = .jobEnded(try JobEnded(from: decoder))
        default: throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown entry type")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .submission(let s):
            try c.encode("submission", forKey: .type)
            var copy = s
            copy.request = s.request.withoutPassword  // belt and braces: never a password on disk
            try copy.encode(to: encoder)
        case .jobEnded(let e):
            try c.encode("jobEnded", forKey: .type)
            try e.encode(to: encoder)
        }
    }

    /// One line of JSON, newline-terminated.
    public func line() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }
}

/// What the journal says, folded: every job ever submitted, with its last known end.
public struct JournalSummary: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var jobId: String
        public var name: String?
        public var endpoint: String
        public var submissionId: String
        public var submittedAt: String
        public var request: CreateVMRequest
        public var ended: JournalEntry.JobEnded?
        public var retryOf: String?
    }

    /// In submission order.
    public var jobs: [Entry]
    /// Lines that could not be read (a torn last line after a crash, or corruption).
    public var skippedLines: Int

    /// Reads journal bytes; unreadable lines are counted and skipped, never fatal.
    public init(contents: [UInt8]) {
        var jobs: [Entry] = []
        var index: [String: Int] = [:]
        var skipped = 0
        let decoder = JSONDecoder()
        for rawLine in contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            guard let entry = try? decoder.decode(JournalEntry.self, from: Data(rawLine)) else {
                if !rawLine.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { skipped += 1 }
                continue
            }
            switch entry {
            case .submission(let s):
                for job in s.jobs where index[job.jobId] == nil {
                    index[job.jobId] = jobs.count
                    jobs.append(Entry(jobId: job.jobId, name: job.name, endpoint: s.endpoint, submissionId: s.id,
                                      submittedAt: s.time, request: s.request, ended: nil, retryOf: s.retryOf))
                }
            case .jobEnded(let e):
                if let i = index[e.jobId] { jobs[i].ended = e }
            }
        }
        self.jobs = jobs
        self.skippedLines = skipped
    }

    /// Jobs of `endpoint` with no recorded end: what `gpcn jobs` reopens.
    public func unfinished(endpoint: String) -> [Entry] {
        jobs.filter { $0.endpoint == endpoint && $0.ended == nil }
    }
}
