import GPCNCore

/// The creates one request is sent as (docs/product.md, "Big batches: how names map to creates").
///
/// The request's count is the whole batch's (1–250, `CreateVMValidator.batchLimit`). The API
/// makes at most 10 VMs per create and names a create's VMs `NAME-1 … NAME-N` itself: it takes
/// no first index. So names stay contiguous (`web-1 … web-250`, each exactly once) like this:
///
/// - a legacy body of up to 10 VMs is one create (the API names them);
/// - a legacy batch of more than 10 is a first create of 10 (`NAME`, the API names them
///   `NAME-1 … NAME-10`), then one create of one VM for each further name (`NAME-11`, …),
///   because no create can start its numbering at 11;
/// - a VPC-era body takes one VM per create and no `numberOfInstances` (docs/api.md §2.11): a
///   count of N is N creates named `NAME-1 … NAME-N`, each with the documented keys only.
///
/// Every create is journaled as an intent before it is sent (docs/architecture.md, "The journal").
public struct CreatePlan: Sendable, Equatable {
    /// The request as the form or the flags made it (its count is the whole batch's).
    public let request: CreateVMRequest
    /// What is POSTed, in order.
    public let bodies: [CreateVMRequest]

    public init(_ request: CreateVMRequest) {
        self.request = request
        let names = request.instanceNames
        let perCreate = CreateVMValidator.instanceRange.upperBound
        if request.isVPC {
            bodies = names.map { name in
                var body = request
                body.name = name
                body.numberOfInstances = nil
                body.networkInterfaces = nil
                body.allocatePublicIp = nil
                return body
            }
        } else if names.count <= perCreate {
            bodies = [request]
        } else {
            var first = request
            first.numberOfInstances = perCreate
            bodies = [first] + names.dropFirst(perCreate).map { name in
                var body = request
                body.name = name
                body.numberOfInstances = 1
                return body
            }
        }
    }

    public var creates: Int { bodies.count }
    public var isSplit: Bool { bodies.count > 1 }

    /// The VM names each create asks for.
    public var names: [[String]] { bodies.map(\.instanceNames) }

    /// Every VM name of the batch, in order.
    public var allNames: [String] { request.instanceNames }

    /// "16 creates: web-1 … web-10 in one, then one VM each", for the review; nil for one create.
    public var summary: String? {
        guard isSplit else { return nil }
        if request.isVPC {
            return "\(creates) creates of one VM each (VPC networking takes one VM per create), sent one after another"
        }
        return "\(creates) creates: \(SubmitGuard.namesText(names[0])) in one, then "
            + "\(SubmitGuard.namesText(bodies.dropFirst().compactMap(\.name))) one VM each"
    }

    /// About how long sending every create takes at `limitPerMinute` requests a minute (the
    /// server's limit, or the documented default when it sent none), with `pollsPerMinute` of
    /// that budget spent on polling the jobs already made. Seconds from the first create to the last.
    public func sendingSeconds(limitPerMinute: Int?, pollsPerMinute: Int = 0) -> Double {
        guard creates > 1 else { return 0 }
        let limit = max(1, limitPerMinute ?? Self.documentedLimitPerMinute)
        let forCreates = max(1, limit - min(pollsPerMinute, limit / 2))
        return Double(creates - 1) * 60.0 / Double(forCreates)
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
