/// A provisioning job as `POST /resource/jobs` and the create call return it (docs/api.md §3.1).
/// Only `jobId` is required; every other field may be missing or null in practice.
public struct Job: Codable, Sendable, Equatable, Identifiable {
    public var jobId: String
    public var resourceType: String?
    public var resourceDisplayName: String?
    public var operation: String?
    public var stage: String?
    public var progressPercentage: Int?
    public var message: String?
    public var errorMessage: String?
    public var estimatedCompletion: String?
    public var timeRemaining: String?
    public var canRetry: Bool?
    public var isCompleted: Bool?
    public var hasFailed: Bool?
    public var isTerminal: Bool?
    public var resourceId: String?
    public var resourceName: String?
    public var createdAt: String?
    public var updatedAt: String?

    public var id: String { jobId }

    public init(jobId: String, resourceType: String? = nil, resourceDisplayName: String? = nil,
                operation: String? = nil, stage: String? = nil, progressPercentage: Int? = nil,
                message: String? = nil, errorMessage: String? = nil, estimatedCompletion: String? = nil,
                timeRemaining: String? = nil, canRetry: Bool? = nil, isCompleted: Bool? = nil,
                hasFailed: Bool? = nil, isTerminal: Bool? = nil, resourceId: String? = nil,
                resourceName: String? = nil, createdAt: String? = nil, updatedAt: String? = nil) {
        self.jobId = jobId; self.resourceType = resourceType; self.resourceDisplayName = resourceDisplayName
        self.operation = operation; self.stage = stage; self.progressPercentage = progressPercentage
        self.message = message; self.errorMessage = errorMessage
        self.estimatedCompletion = estimatedCompletion; self.timeRemaining = timeRemaining
        self.canRetry = canRetry; self.isCompleted = isCompleted; self.hasFailed = hasFailed
        self.isTerminal = isTerminal; self.resourceId = resourceId; self.resourceName = resourceName
        self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case jobId, resourceType, resourceDisplayName, operation, stage, progressPercentage, message
        case errorMessage, estimatedCompletion, timeRemaining, canRetry, isCompleted, hasFailed
        case isTerminal, resourceId, resourceName, createdAt, updatedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = c.lenientString(.jobId) else {
            throw DecodingError.keyNotFound(CodingKeys.jobId, .init(codingPath: c.codingPath, debugDescription: "job without jobId"))
        }
        jobId = id
        resourceType = c.lenientString(.resourceType)
        resourceDisplayName = c.lenientString(.resourceDisplayName)
        operation = c.lenientString(.operation); stage = c.lenientString(.stage)
        progressPercentage = c.lenientInt(.progressPercentage)
        message = c.lenientString(.message); errorMessage = c.lenientString(.errorMessage)
        estimatedCompletion = c.lenientString(.estimatedCompletion)
        timeRemaining = c.lenientString(.timeRemaining); canRetry = c.lenientBool(.canRetry)
        isCompleted = c.lenientBool(.isCompleted); hasFailed = c.lenientBool(.hasFailed)
        isTerminal = c.lenientBool(.isTerminal); resourceId = c.lenientString(.resourceId)
        resourceName = c.lenientString(.resourceName); createdAt = c.lenientString(.createdAt)
        updatedAt = c.lenientString(.updatedAt)
    }

    /// What the job means, by the rules of docs/api.md §3.3 (the provider's rules).
    public var state: JobState {
        if isCompleted == true && hasFailed != true { return .succeeded }
        if stage?.lowercased() == "cancelled" || stage?.lowercased() == "canceled" { return .cancelled }
        if hasFailed == true { return .failed }
        if isTerminal == true { return .failed }  // terminal but never completed counts as failure
        return .running
    }

    /// Failure text by the provider's precedence: `errorMessage`, then `message`.
    public var failureText: String? {
        if let e = errorMessage, !e.trimmingWhitespace().isEmpty { return e }
        if let m = message, !m.trimmingWhitespace().isEmpty { return m }
        return nil
    }

    /// Failure text with the envelope `message` as the last resort (§3.3). Only for a job that
    /// did not succeed: on the read path the envelope says "Job progress retrieved successfully".
    public func failureText(envelopeMessage: String?) -> String? {
        if let t = failureText { return t }
        if let e = envelopeMessage, !e.trimmingWhitespace().isEmpty { return e }
        return nil
    }

    /// The VM name this job creates, as well as the API tells it.
    public var displayName: String {
        if let n = resourceName, !n.isEmpty { return n }
        if let d = resourceDisplayName, !d.isEmpty { return d }
        return jobId
    }

    /// Progress clamped to 0…100.
    public var progress: Int { min(max(progressPercentage ?? 0, 0), 100) }
}

/// How a job stands, derived from its flags (never from stage names alone).
public enum JobState: String, Codable, Sendable, Equatable, CaseIterable {
    case running
    case succeeded
    case failed
    case cancelled
    /// Omitted from a `POST /resource/jobs` answer: deleted, another tenant's, or unknown. Permanent.
    case notVisible

    public var isTerminal: Bool { self != .running }

    /// A text marker, so state never depends on colour alone.
    public var marker: String {
        switch self {
        case .running: return "RUN"
        case .succeeded: return "OK"
        case .failed: return "FAIL"
        case .cancelled: return "CANC"
        case .notVisible: return "GONE"
        }
    }
}

/// `data` of a jobs answer: `{ "jobs": [...] }`, or a single job object (delete and other
/// async endpoints answer that way).
public struct JobList: Decodable, Sendable, Equatable {
    public var jobs: [Job]

    public init(jobs: [Job]) { self.jobs = jobs }

    enum CodingKeys: String, CodingKey { case jobs }

    public init(from decoder: any Decoder) throws {
        if let c = try? decoder.container(keyedBy: CodingKeys.self), c.contains(.jobs) {
            // `jobs` must be an array: a null or an object there is a broken answer, not "no jobs"
            // (which would mark every polled job as gone for good).
            guard let list = try? c.decode([Lossy<Job>].self, forKey: .jobs) else {
                throw DecodingError.typeMismatch([Job].self, .init(codingPath: c.codingPath + [CodingKeys.jobs],
                                                                    debugDescription: "jobs is not an array"))
            }
            jobs = list.compactMap(\.value)
            return
        }
        if let list = try? decoder.singleValueContainer().decode([Lossy<Job>].self) {
            jobs = list.compactMap(\.value)
            return
        }
        jobs = [try Job(from: decoder)]
    }
}

extension JobList: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(jobs, forKey: .jobs)
    }
}

/// Body of `POST /resource/jobs`.
public struct JobsQuery: Codable, Sendable, Equatable {
    public var jobIds: [String]
    public init(jobIds: [String]) { self.jobIds = jobIds }

    /// The endpoint takes 1…50 ids.
    public static let maxIds = 50
}
