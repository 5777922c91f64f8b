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
