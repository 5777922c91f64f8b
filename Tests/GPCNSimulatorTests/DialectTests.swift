import Foundation
import GPCNCore
import Testing
@testable import GPCNSimulator

/// The keys of a JSON object (empty for anything else).
func keys(_ v: JSONValue?) -> Set<String> { Set(v?.objectValue?.keys ?? [String: JSONValue]().keys) }

/// The minimal dialect serves only what docs/api.md documents with a source; the rich one keeps
/// today's answers.
@Suite struct DialectTests {
    typealias F = Fixture
    static func minimal(_ clock: SimulatorClock = .manual(), rateLimit: Int = 1000) -> SimulatorConfiguration {
        SimulatorConfiguration(speed: 60, rateLimitPerMinute: rateLimit, seed: 12, clock: clock, dialect: .minimal)
    }

    @Test func minimalImagesAreIdAndNameOnly() async throws {
        try await withSimulator(Self.minimal()) { c, _ in
            let r = try await c.get("/v1/resource/data-centers/\(F.chicago.id)/virtual-machine-images")
            #expect(r.status == 200)
            let categories = try #require(r.json["data"]?.arrayValue)
            #expect(categories.count == 4)
            for cat in categories {
                #expect(keys(cat) == ["id", "name", "sortOrder", "images"])
                for image in cat["images"]?.arrayValue ?? [] { #expect(keys(image) == ["id", "name"], "\(image)") }
            }
            #expect(r.json["meta"] == .null)
            // The client still decodes it: no customizations, no reserved list.
            let decoded = try #require(try r.envelope([ImageCategory].self).data)
            #expect(decoded.flatMap(\.images).allSatisfy { $0.config == nil && $0.username == nil })
        }
        try await withSimulator { c, _ in  // rich: the assumed details are there
            let r = try await c.get("/v1/resource/data-centers/\(F.chicago.id)/virtual-machine-images")
            let firstImage = keys(r.json["data"]?.arrayValue?.first?["images"]?.arrayValue?.first)
            #expect(firstImage.contains("config"))
            #expect(r.json["meta"]?["constraints"]?["usernames"] != nil)
        }
    }

    @Test func minimalSizesHaveNoPriceOrAvailability() async throws {
        try await withSimulator(Self.minimal()) { c, _ in
            let r = try await c.get("/v1/resource/data-centers/\(F.chicago.id)/virtual-machine-sizes")
            let sizes = (r.json["data"]?["categories"]?.arrayValue ?? []).flatMap { $0["sizes"]?.arrayValue ?? [] }
            #expect(sizes.count == 7)  // the sold-out size is listed like the others
            for size in sizes { #expect(keys(size) == ["skuId", "name", "skuCode", "cpu", "ram", "disk"], "\(size)") }
        }
    }

    @Test func minimalSoldOutSizeIsAConflictAtCreate() async throws {
        try await withSimulator(Self.minimal()) { c, _ in
            let r = try await c.create(F.valid(["skuId": F.soldOut.skuId]))
            #expect(r.status == 409)
            #expect(r.json["error"]?["code"] == .string("Conflict"))
            #expect(r.apiError.message.contains("M-Medium-1"))
            #expect(r.issuePaths == ["skuId"])
            // A body with other problems gets those first (the capacity check comes last).
            let other = try await c.create(F.valid(["skuId": F.soldOut.skuId, "sshKeyId": F.unknown]))
            #expect(other.status == 400 && other.issuePaths == ["sshKeyId"])
        }
        try await withSimulator { c, _ in  // rich: a 400 issue, as before
            let r = try await c.create(F.valid(["skuId": F.soldOut.skuId]))
            #expect(r.status == 400 && r.issuePaths == ["skuId"])
        }
    }

    @Test func minimalNetworksHaveNoIsDefaultButTheDefaultNetworkWorks() async throws {
        try await withSimulator(Self.minimal()) { c, _ in
            #expect(try await c.create(F.valid()).status == 202)  // no networkInterfaces: the default network
            let r = try await c.get("/v1/resource/networks?limit=100")
            let items = try #require(r.json["data"]?.arrayValue)
            #expect(items.contains { $0["name"] == .string("default-network") })
            #expect(items.allSatisfy { !keys($0).contains("isDefault") })
        }
        try await withSimulator { c, _ in
            _ = try await c.create(F.valid())
            let items = try await c.get("/v1/resource/networks?limit=100").json["data"]?.arrayValue ?? []
            #expect(items.first { $0["name"] == .string("default-network") }?["isDefault"] == .bool(true))
        }
    }

    @Test func minimalHasNoResourceGroupListButAcceptsAGroupId() async throws {
        try await withSimulator(Self.minimal()) { c, sim in
            let r = try await c.get("/v1/resource-groups")
            #expect(r.status == 404)
            #expect(r.json == .object(["message": .string("Route Not Found")]))
            #expect(sim.stats().requestsByRoute["unmatched"] == 1)
            #expect(try await c.create(F.valid(["resourceGroupId": F.production.id])).status == 202)
            #expect(try await c.create(F.valid(["resourceGroupId": F.unknown])).issuePaths == ["resourceGroupId"])
        }
    }

    @Test func minimalSendsNoRateLimitHeaders() async throws {
        try await withSimulator(Self.minimal()) { c, _ in
            for r in [try await c.get("/v1/resource/data-centers"), try await c.get("/v1/nope"),
                      try await c.get("/v1/auth/check", auth: .none), try await c.create(F.valid())] {
                for name in ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"] {
                    #expect(r.header(name) == nil, "\(name) on \(r.status)")
                }
            }
        }
    }

    @Test func minimal429AsksForTheRestOfALongWindow() async throws {
        // 60 s into a 900 s window: the rest is 840 s, as the real limiter once asked.
        let clock = SimulatorClock.manual(start: Date(timeIntervalSince1970: 1_779_999_360))
        try await withSimulator(Self.minimal(clock, rateLimit: 2)) { c, _ in
            #expect(try await c.get("/v1/auth/check").status == 200)
            #expect(try await c.get("/v1/auth/check").status == 200)
            let limited = try await c.get("/v1/auth/check")
            #expect(limited.status == 429)
            #expect(limited.header("Retry-After") == "840")
            #expect(limited.json["error"]?["retryAfter"] == .number(840))
            #expect(limited.json["error"]?["message"] == .string("Too many requests. Please try again in 14 minutes."))
            #expect(limited.json["message"] == nil)  // shape C
            #expect(limited.apiError.retryAfter == 840)
            clock.advance(by: 839)
            #expect(try await c.get("/v1/auth/check").status == 429)
            clock.advance(by: 1)
            #expect(try await c.get("/v1/auth/check").status == 200)
        }
    }

    @Test func windowLengthIsConfigurableInEitherDialect() async throws {
        let clock = SimulatorClock.manual(start: Date(timeIntervalSince1970: 1_780_000_020))  // 1_780_000_020 % 30 == 0
        try await withSimulator(SimulatorConfiguration(rateLimitPerMinute: 1, clock: clock, rateLimitWindowSeconds: 30)) { c, _ in
            #expect(try await c.get("/v1/auth/check").header("X-RateLimit-Reset") == "1780000050")
            clock.advance(by: 10)
            let limited = try await c.get("/v1/auth/check")
            #expect(limited.status == 429 && limited.header("Retry-After") == "20")
        }
    }

    @Test func minimal401IsShapeB() async throws {
        try await withSimulator(Self.minimal()) { c, sim in
            for auth: Client.Auth in [.none, .custom([("X-API-Key", "gpcn_wrong_key_00000000000000000")])] {
                let r = try await c.get("/v1/resource/data-centers", auth: auth)
                #expect(r.status == 401)
                #expect(r.json == .object(["success": .bool(false), "error": .string("INVALID_CREDENTIALS"),
                                           "message": .string("Invalid API key")]))
                #expect(r.apiError.code == "INVALID_CREDENTIALS" && r.apiError.message == "Invalid API key")
            }
            #expect(sim.stats().unauthorized == 2)
        }
    }

    @Test func minimalVMDetailHasNoPrimaryAddressesWhileTheListHas() async throws {
        let clock = SimulatorClock.manual()
        try await withSimulator(Self.minimal(clock)) { c, _ in
            let job = try #require(try await c.create(F.valid(["allocatePublicIp": true, "name": "addr"]))
                .envelope(JobList.self).data?.jobs.first)
            let vmId = try #require(job.resourceId)
            clock.advance(by: 4)
            #expect(try await c.jobs([job.jobId]).first?.isCompleted == true)

            let detail = try await c.get("/v1/resource/virtual-machines/\(vmId)")
            #expect(detail.status == 200)
            let data = try #require(detail.json["data"])
            #expect(keys(data) == ["id", "name", "status", "image", "username", "sshKeyId", "datacenter", "createdAt",
                                   "updatedAt", "configuration", "sshKeyName", "networkHotplug"])
            #expect(data["status"] == .string("Running"))

            let list = try await c.get("/v1/resource/virtual-machines?search=addr")
            let item = try #require(list.json["data"]?.arrayValue?.first)
            #expect(keys(item) == ["id", "name", "status", "createdAt", "updatedAt", "configuration", "datacenter",
                                   "imageName", "primaryPrivateIp", "primaryPublicIp"])
            #expect(item["primaryPrivateIp"] == .string("10.0.0.10"))
            #expect(item["primaryPublicIp"]?.stringValue?.hasPrefix("203.0.113.") == true)
            #expect(keys(item["configuration"]) == ["cpu", "ram", "disk"])
        }
        try await withSimulator { c, _ in  // rich: the detail keeps its addresses
            let job = try #require(try await c.create(F.valid()).envelope(JobList.self).data?.jobs.first)
            let data = try await c.get("/v1/resource/virtual-machines/\(job.resourceId ?? "")").json["data"]
            #expect(data?["primaryPrivateIp"] != nil)
        }
    }

    @Test func minimalCreatesStillFollowEachImagesRules() async throws {
        try await withSimulator(Self.minimal()) { c, _ in
            let password = "Str0ng-Passw0rd"
            // Appliance: no login method at all.
            let appliance = try await c.create(F.valid(["imageId": F.opnsense.id, "authMethod": "password",
                                                        "password": password, "sshKeyId": nil]))
            #expect(appliance.status == 400 && appliance.issuePaths == ["authMethod"])
            let appliancePassword = try await c.create(F.valid(["imageId": F.opnsense.id, "authMethod": nil,
                                                                "password": password, "sshKeyId": nil]))
            #expect(appliancePassword.status == 400 && appliancePassword.issuePaths == ["password"])
            #expect(try await c.create(F.valid(["imageId": F.opnsense.id, "authMethod": nil, "sshKeyId": nil])).status == 202)
            // Windows: password only, no username.
            let windows = ["imageId": F.windows.id, "authMethod": "password", "password": password, "sshKeyId": nil] as [String: Any?]
            var withUser = windows; withUser["username"] = "deploy"
            let user = try await c.create(F.valid(withUser))
            #expect(user.status == 400 && user.issuePaths == ["username"])
            #expect(user.apiError.message.contains("does not support a custom username"))
            var withKey = windows; withKey["authMethod"] = "ssh-key"; withKey["password"] = nil; withKey["sshKeyId"] = F.key.id
            #expect(try await c.create(F.valid(withKey)).issuePaths == ["authMethod"])
            #expect(try await c.create(F.valid(windows)).status == 202)
            // Linux: ssh key or password, username allowed but not a reserved one.
            #expect(try await c.create(F.valid(["username": "deploy"])).status == 202)
            #expect(try await c.create(F.valid(["authMethod": "password", "password": password, "sshKeyId": nil])).status == 202)
            let reserved = try await c.create(F.valid(["username": "Root"]))
            #expect(reserved.status == 400 && reserved.issuePaths == ["username"])
            let none = try await c.create(F.valid(["authMethod": nil, "sshKeyId": nil]))
            #expect(none.status == 400 && none.issuePaths == ["authMethod"])
        }
    }

    @Test func createRecordsCarryTheBodysKeys() async throws {
        try await withSimulator(Self.minimal()) { c, sim in
            _ = try await c.create(F.valid(["allocatePublicIp": false]))
            _ = try await c.post("/v1/resource/virtual-machines", "[1]")
            let records = sim.creates()
            #expect(records.map(\.keys) == [["allocatePublicIp", "authMethod", "datacenterId", "imageId", "name", "skuId", "sshKeyId"], []])
            let served = try JSONDecoder().decode([SimulatorCreateRecord].self, from: Data(try await c.get("/_simulator/creates", auth: .none).body))
            #expect(served == records)
        }
    }
}
