import Foundation
import GPCNCore
import Testing
@testable import GPCNSimulator

@Suite struct HTTPBehaviourTests {
    @Test func missingOrWrongKeyIs401ShapeA() async throws {
        try await withSimulator { c, _ in
            for auth: Client.Auth in [.none, .custom([("X-API-Key", "gpcn_wrong_key_00000000000000000")]),
                                      .custom([("Authorization", "Bearer nope")])] {
                let r = try await c.get("/v1/resource/data-centers", auth: auth)
                #expect(r.status == 401)
                #expect(r.json["success"] == .bool(false))
                #expect(r.json["message"] == .string("Failed to authenticate."))
                #expect(r.json["error"] == .object(["code": .string("Authentication Failed"), "statusCode": .number(401), "details": .null]))
            }
        }
    }

    @Test func keyInAnyHeaderCaseOrAsBearerIsAccepted() async throws {
        try await withSimulator { c, _ in
            let key = SimulatorConfiguration.defaultAPIKey
            for header in [("x-api-key", key), ("Authorization", "Bearer \(key)"), ("authorization", "bearer \(key)")] {
                let r = try await c.get("/v1/auth/check", auth: .custom([header]))
                #expect(r.status == 200)
            }
        }
    }

    @Test func configuredKeyIsTheOnlyKey() async throws {
        try await withSimulator(SimulatorConfiguration(apiKey: "gpcn_other_key_0000000000000000")) { c, _ in
            #expect(try await c.get("/v1/auth/check").status == 200)
            let old = try await c.get("/v1/auth/check", auth: .custom([("X-API-Key", SimulatorConfiguration.defaultAPIKey)]))
            #expect(old.status == 401)
        }
    }

    @Test func unknownRoutesAre404ShapeD() async throws {
        try await withSimulator { c, _ in
            for uri in ["/v1/nope", "/v2/resource/data-centers", "/", "/v1/resource/jobs/123"] {
                let r = try await c.get(uri)
                #expect(r.status == 404)
                #expect(r.json == .object(["message": .string("Route Not Found")]))
            }
            let wrongMethod = try await c.send(.put, "/v1/resource/data-centers")
            #expect(wrongMethod.status == 404)
        }
    }

    @Test func trailingSlashesAreAccepted() async throws {
        try await withSimulator { c, _ in
            #expect(try await c.get("/v1/resource/data-centers/").status == 200)
            #expect(try await c.get("/v1/resource-groups/").status == 200)
            let jobs = try await c.post("/v1/resource/jobs/", #"{"jobIds":["\#(Fixture.unknown)"]}"#)
            #expect(jobs.status == 200)
        }
    }

    @Test func rateLimitHeadersAnd429AfterTheBudget() async throws {
        let clock = SimulatorClock.manual(start: Date(timeIntervalSince1970: 1_780_000_020))  // a window starts here
        try await withSimulator(SimulatorConfiguration(rateLimitPerMinute: 3, clock: clock)) { c, _ in
            for remaining in [2, 1, 0] {
                let r = try await c.get("/v1/resource-groups")
                #expect(r.status == 200)
                #expect(r.header("X-RateLimit-Limit") == "3")
                #expect(r.header("X-RateLimit-Remaining") == String(remaining))
                #expect(r.header("X-RateLimit-Reset") == "1780000080")
            }
            let limited = try await c.get("/v1/resource-groups")
            #expect(limited.status == 429)
            #expect(limited.header("Retry-After") == "60")
            #expect(limited.header("X-RateLimit-Remaining") == "0")
            #expect(limited.json["error"]?["code"] == .string("Rate Limited"))
            #expect(limited.json["error"]?["retryAfter"] == .number(60))
            #expect(limited.json["message"] == nil)  // shape C: no top-level message
            #expect(limited.apiError.retryAfter == 60)
            clock.advance(by: 60)
            let again = try await c.get("/v1/resource-groups")
            #expect(again.status == 200 && again.header("X-RateLimit-Remaining") == "2")
        }
    }

    @Test func everyResponseCarriesRateLimitHeaders() async throws {
        try await withSimulator { c, _ in
            for r in [try await c.get("/v1/nope"), try await c.get("/v1/auth/check", auth: .none),
                      try await c.post("/v1/resource/jobs", "{}")] {
                #expect(r.header("X-RateLimit-Limit") == "1000")
            }
        }
    }

    @Test func errorRateOneMakesEveryRequest5xx() async throws {
        try await withSimulator(SimulatorConfiguration(errorRate: 1.0, seed: 11)) { c, sim in
            var statuses: [Int] = []
            var sawHTML = false
            for _ in 0..<24 {
                let r = try await c.get("/v1/resource/data-centers")
                statuses.append(r.status)
                if r.status == 502 {
                    #expect(r.text.contains("<title>502 Bad Gateway</title>"))
                    #expect(r.apiError.message == "502 Bad Gateway")
                    sawHTML = true
                }
            }
            #expect(statuses.allSatisfy { (500...504).contains($0) })
            #expect(Set(statuses).count >= 3)
            #expect(sawHTML)
            #expect(sim.stats().faultsInjected == 24)
            // Creates are hit as well.
            let create = try await c.create(Fixture.valid())
            #expect((500...504).contains(create.status))
        }
    }

    @Test func someInjectedGatewayErrorsHitCreatesThatWereCarriedOut() async throws {
        try await withSimulator(SimulatorConfiguration(errorRate: 1.0, seed: 5)) { c, sim in
            for i in 0..<24 {
                let r = try await c.create(Fixture.valid(["name": "g\(i)"]))
                #expect((500...504).contains(r.status))
            }
            // The client saw only errors, yet some VMs exist: never retry a create blindly.
            let s = sim.stats()
            #expect(s.createRequests == 24 && s.faultsInjected == 24)
            #expect(s.createsAccepted > 0 && s.createsAccepted < 24)
            #expect(s.vmsCreated == s.createsAccepted)
        }
    }

    @Test func faultInjectionIsDeterministicUnderASeed() async throws {
        func run(seed: UInt64) async throws -> [Int] {
            let box = StatusBox()
            try await withSimulator(SimulatorConfiguration(errorRate: 0.4, seed: seed)) { c, _ in
                for _ in 0..<30 { box.append(try await c.get("/v1/resource-groups").status) }
            }
            return box.values
        }
        let a = try await run(seed: 7), b = try await run(seed: 7), other = try await run(seed: 8)
        #expect(a == b)
        #expect(a != other)
        #expect(a.contains(200) && a.contains { $0 >= 500 })
    }

    @Test func latencyIsAdded() async throws {
        try await withSimulator(SimulatorConfiguration(latencyMs: 120)) { c, _ in
            let start = ContinuousClock.now
            _ = try await c.get("/v1/auth/check")
            #expect(ContinuousClock.now - start >= .milliseconds(110))
        }
    }

    @Test func statsCountRequestsPerRoute() async throws {
        try await withSimulator { c, sim in
            _ = try await c.get("/v1/resource/data-centers")
            _ = try await c.get("/v1/resource/data-centers/")
            _ = try await c.create(Fixture.valid())
            _ = try await c.create(Fixture.valid(["name": "-bad-"]))
            _ = try await c.get("/v1/nope")
            _ = try await c.get("/v1/auth/check", auth: .none)
            let s = sim.stats()
            #expect(s.requests("GET", "/v1/resource/data-centers") == 2)
            #expect(s.requests("POST", "/v1/resource/virtual-machines") == 2)
            #expect(s.createRequests == 2 && s.createsAccepted == 1 && s.vmsCreated == 1 && s.jobsCreated == 1)
            #expect(s.requestsByRoute["unmatched"] == 1)
            #expect(s.unauthorized == 1 && s.validationFailures == 1)
            #expect(s.totalRequests == 6)
            #expect(s.responsesByStatus["202"] == 1 && s.responsesByStatus["404"] == 1)

            // The debug route serves the same numbers, needs no key, and is not itself counted.
            let r = try await c.get("/_simulator/stats", auth: .none)
            #expect(r.status == 200)
            let decoded = try JSONDecoder().decode(SimulatorStats.self, from: Data(r.body))
            #expect(decoded == s)
            #expect(sim.stats().totalRequests == 6)
        }
    }
}

/// Collects values from inside a `@Sendable` closure.
final class StatusBox: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []
    func append(_ v: Int) { lock.lock(); list.append(v); lock.unlock() }
    var values: [Int] { lock.lock(); defer { lock.unlock() }; return list }
}
