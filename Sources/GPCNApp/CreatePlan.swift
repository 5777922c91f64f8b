import GPCNCore

/// The creates one request is sent as. A legacy body makes all its VMs in one create
/// (`numberOfInstances`); a VPC-era body takes one VM per create and no `numberOfInstances`
/// (docs/api.md §2.11), so a count of N is N creates named `name-1 … name-N`, each with the
/// documented keys only (docs/architecture.md, "The application layer").
public struct CreatePlan: Sendable, Equatable {
    /// The request as the form or the flags made it (its count is the whole batch's).
    public let request: CreateVMRequest
    /// What is POSTed, in order.
    public let bodies: [CreateVMRequest]

    public init(_ request: CreateVMRequest) {
        self.request = request
        guard request.isVPC else { bodies = [request]; return }
        let names = request.instanceNames
        bodies = names.map { name in
            var body = request
            body.name = name
            body.numberOfInstances = nil
            body.networkInterfaces = nil
            body.allocatePublicIp = nil
            return body
        }
    }

    public var creates: Int { bodies.count }
    public var isSplit: Bool { bodies.count > 1 }

    /// The VM names each create asks for.
    public var names: [[String]] { bodies.map(\.instanceNames) }

    /// "3 creates of one VM each (VPC networking)", for the review; nil for one create.
    public var summary: String? {
        guard isSplit else { return nil }
        return "\(creates) creates of one VM each (VPC networking takes one VM per create), sent one after another"
    }

    /// Seconds between two creates so that creates alone stay within `limitPerMinute` requests
    /// (the server's `X-RateLimit-Limit` when it sent one, else the documented 100 a minute).
    public static func spacing(limitPerMinute: Int?) -> Double {
        let limit = max(1, limitPerMinute ?? documentedLimitPerMinute)
        return 60.0 / Double(limit)
    }

    /// The lower of the two documented defaults (docs/api.md §1.7): planned with when the server
    /// sends no rate-limit headers.
    public static let documentedLimitPerMinute = 100
}
