/// Request bookkeeping, for tests and `GET /_simulator/stats`.
public struct SimulatorStats: Sendable, Codable, Equatable {
    /// API requests received (everything except `/_simulator/…`).
    public var totalRequests = 0
    /// Requests by "METHOD /route/template", e.g. "POST /v1/resource/virtual-machines",
    /// "GET /v1/resource/virtual-machines/{id}"; unknown routes count under "unmatched".
    public var requestsByRoute: [String: Int] = [:]
    /// Responses by status code ("202": 3).
    public var responsesByStatus: [String: Int] = [:]
    /// `POST /resource/virtual-machines` requests, whatever their outcome.
    public var createRequests = 0
    /// Creates that were carried out (a 202, or an injected gateway error after the work was done).
    public var createsAccepted = 0
    public var vmsCreated = 0
    public var jobsCreated = 0
    /// `POST /resource/jobs` requests.
    public var jobPolls = 0
    public var faultsInjected = 0
    /// Injected faults by kind: "500", "502", "503", "504", "hang", "drop", "slow", "malformed", "429-burst".
    public var faultsByKind: [String: Int] = [:]
    public var rateLimited = 0
    public var unauthorized = 0
    /// 400/422 answers.
    public var validationFailures = 0

    public init() {}

    /// Requests seen for one route: `requests("POST", "/v1/resource/virtual-machines")`.
    public func requests(_ method: String, _ route: String) -> Int {
        requestsByRoute["\(method.uppercased()) \(route)"] ?? 0
    }
}

/// One `POST /resource/virtual-machines` as the simulator saw it (`GET /_simulator/creates`):
/// the proof of how many creates a client sent, and what became of each.
public struct SimulatorCreateRecord: Sendable, Codable, Equatable {
    /// 1-based arrival order.
    public var n: Int
    /// The body's `name` and `numberOfInstances` (when readable).
    public var name: String?
    public var count: Int?
    /// The body's top-level keys, sorted (empty when the body was not a JSON object): the proof
    /// that a client sent the documented keys only.
    public var keys: [String]
    /// What the client was answered: a status, or "hang" / "drop" for no answer at all.
    public var answer: String
    /// The injected fault, if any.
    public var fault: String?
    /// True when the VMs were created (whatever the client was answered).
    public var accepted: Bool
    public var jobIds: [String]
    public var vmIds: [String]
    public var vmNames: [String]
}

/// A job as the simulator knows it (`GET /_simulator/jobs`): the truth a client's view is
/// compared with.
public struct SimulatorJobRecord: Sendable, Codable, Equatable {
    public var jobId: String
    public var vmId: String
    public var name: String
    public var operation: String
    /// running | succeeded | failed | cancelled
    public var state: String
    public var stage: String?
}
