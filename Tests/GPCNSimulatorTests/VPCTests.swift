import AsyncHTTPClient
import Foundation
import GPCNCore
import NIOCore
import Testing
@testable import GPCNSimulator

extension Fixture {
    static let vpcs = catalog.vpcWorld
    static let chiProd = vpcs.vpcs(inDataCenter: chicago.id)[0]
    static let chicagoApp = vpcs.subnet(named: "app", inDataCenter: chicago.id)!
    static let frankfurtApp = vpcs.subnet(named: "app", inDataCenter: frankfurt.id)!
    static let chicagoBatch = vpcs.subnet(named: "batch", inDataCenter: chicago.id)!
    static let chicagoFailed = vpcs.subnet(named: "legacy-migration", inDataCenter: chicago.id)!

    /// The provider's pinned ssh-key body in the VPC world (docs/api.md §2.11).
    static func vpcBody(_ changes: [String: Any?] = [:]) -> [String: Any] {
        var body: [String: Any] = ["authMethod": "ssh-key", "datacenterId": chicago.id, "imageId": ubuntu.id, "name": "app",
                                   "skuId": micro.skuId, "sshKeyId": key.id, "subnetId": chicagoApp.id]
        for (k, v) in changes { body[k] = v }
        return body
    }
}

/// A VPC-era account (`SimulatorConfiguration.vpc`, docs/api.md §2.11).
@Suite struct VPCTests {
    typealias F = Fixture
    static func vpc(_ clock: SimulatorClock = .manual(), dialect: SimulatorDialect = .rich, listing: Bool = true)
        -> SimulatorConfiguration {
        SimulatorConfiguration(speed: 60, seed: 21, clock: clock, dialect: dialect, vpc: true, vpcListing: listing)
    }

    @Test func fixturesAreWhereTheDocsSay() {
        #expect(F.chicagoApp.isReady && F.frankfurtApp.isReady && F.chicagoApp.id != F.frankfurtApp.id)
        #expect(F.chicagoBatch.state == "creating" && F.chicagoFailed.state == "failed")
        let withVPCs = Set(F.vpcs.vpcs.map(\.dataCenterId))
        #expect(withVPCs.count > 1 && withVPCs.count < F.catalog.dataCenters.count)
        // Every data center with a VPC says it can have one.
        #expect(F.catalog.dataCenters.filter { withVPCs.contains($0.id) }.allSatisfy { $0.vpcCapable == true })
    }

    @Test(arguments: [SimulatorDialect.rich, .minimal])
    func vpcsAreListedPagedAndReadOneByOne(dialect: SimulatorDialect) async throws {
        try await withSimulator(Self.vpc(dialect: dialect)) { c, _ in
            let r = try await c.get("/v1/resource/vpcs?limit=2")
            #expect(r.status == 200)
            #expect(r.json["meta"]?["total"] == .number(4) && r.json["meta"]?["totalPages"] == .number(2))
            let page2 = try await c.get("/v1/resource/vpcs?limit=2&page=2").json["data"]?.arrayValue ?? []
            let all = (r.json["data"]?.arrayValue ?? []) + page2
            #expect(Set(all.compactMap { $0["name"]?.stringValue }) == ["chi-prod", "fra-main", "nyc-edge", "zrh-new"])
            let chi = try #require(all.first { $0["name"] == .string("chi-prod") })
            #expect(chi["datacenter"] == .object(["id": .string(F.chicago.id), "code": .string("CHI-1"), "name": .string("Chicago")]))
            #expect(chi["status"] == .string("active") && chi["cidr"] == .string("10.100.0.0/16"))
            #expect(keys(chi).isSuperset(of: ["id", "name", "cidr", "datacenter", "status", "createdAt", "updatedAt", "dnsNameservers"]))
            #expect(all.first { $0["name"] == .string("zrh-new") }?["status"] == .string("creating"))

            let one = try await c.get("/v1/resource/vpcs/\(F.chiProd.id)")
            #expect(one.status == 200 && one.json["data"] == chi)
            let missing = try await c.get("/v1/resource/vpcs/\(F.unknown)")
            #expect(missing.status == 404 && missing.apiError.message == "VPC not found")
            let filtered = try await c.get("/v1/resource/vpcs?filter[datacenterId]=\(F.frankfurt.id)").json["data"]?.arrayValue
            #expect(filtered?.compactMap { $0["name"]?.stringValue } == ["fra-main"])
        }
    }

    @Test func subnetsArePagedWithTheirStates() async throws {
        try await withSimulator(Self.vpc()) { c, _ in
            let uri = "/v1/resource/vpcs/\(F.chiProd.id)/subnets"
            let first = try await c.get(uri + "?limit=3&page=1")
            #expect(first.status == 200)
            #expect(first.json["meta"] == .object(["total": .number(4), "page": .number(1), "pageSize": .number(3), "totalPages": .number(2)]))
            let second = try await c.get(uri + "?limit=3&page=2")
            let items = (first.json["data"]?.arrayValue ?? []) + (second.json["data"]?.arrayValue ?? [])
            var states: [String: String] = [:]
            for item in items { states[item["name"]?.stringValue ?? "?"] = item["state"]?.stringValue }
            #expect(states == ["app": "ready", "db": "ready", "batch": "creating", "legacy-migration": "failed"])
            let app = try #require(items.first { $0["name"] == .string("app") })
            #expect(app["id"] == .string(F.chicagoApp.id) && app["cidr"] == .string("10.100.1.0/24"))
            #expect(app["attachedNicCount"] == .number(2) && app["nsgName"] == .string("web-tier"))
            #expect(app["nsgId"]?.stringValue.map(StableID.isUUID) == true)
            #expect(items.first { $0["state"] == .string("failed") }?["failureReason"]?.stringValue?.isEmpty == false)
            #expect(try await c.get(uri + "?limit=101").status == 422)
            #expect(try await c.get("/v1/resource/vpcs/\(F.unknown)/subnets").status == 404)
        }
    }

    @Test func theVPCBodyIsStrict() async throws {
        try await withSimulator(Self.vpc()) { c, sim in
            let unknown = try await c.create(F.vpcBody(["foo": 1, "userData": "x"]))
            #expect(unknown.status == 400)
            #expect(unknown.apiError.code == "Bad Request" && unknown.issuePaths == ["foo", "userData"])
            #expect(unknown.apiError.issues.allSatisfy { $0.message.hasPrefix("Unrecognized key") })
            let count = try await c.create(F.vpcBody(["numberOfInstances": 3]))
            #expect(count.status == 400 && count.issuePaths == ["numberOfInstances"])
            let both = try await c.create(F.vpcBody(["acquirePublicIp": true, "publicIpId": F.unknown]))
            #expect(both.status == 400 && both.issuePaths == ["publicIpId"])
            let badType = try await c.create(F.vpcBody(["acquirePublicIp": "yes"]))
            #expect(badType.status == 422 && badType.issuePaths == ["acquirePublicIp"])
            #expect(sim.stats().createsAccepted == 0)
        }
    }

    @Test func aLegacyBodyIsTheCutOver403() async throws {
        try await withSimulator(Self.vpc()) { c, sim in
            let expected = JSONValue.object([
                "success": .bool(false), "message": .string("This account has moved to VPC networking."),
                "error": .object(["code": .string("LEGACY_NETWORKING_CUT_OVER"), "statusCode": .number(403), "details": .null])])
            let legacyBodies: [[String: Any]] = [
                F.valid(),  // no subnetId: it would use the legacy default network
                F.seedExampleFilled,
                F.vpcBody(["networkInterfaces": [["networkId": F.prodWeb.id, "primary": true]]]),
                F.vpcBody(["allocatePublicIp": true, "foo": 1]),  // legacy keys are refused before unknown ones
                F.valid(["numberOfInstances": 2]),
            ]
            for body in legacyBodies {
                let r = try await c.create(body)
                #expect(r.status == 403 && r.json == expected, "\(r.text)")
            }
            #expect(sim.stats().createsAccepted == 0)
            // The old networks are still listed.
            let nets = try await c.get("/v1/resource/networks?filter[datacenterId]=\(F.chicago.id)").json["data"]?.arrayValue
            #expect(nets?.contains { $0["name"] == .string("prod-web") } == true)
        }
    }

    @Test func onlyAReadySubnetOfTheChosenDataCenterTakesAVM() async throws {
        try await withSimulator(Self.vpc()) { c, _ in
            let elsewhere = try await c.create(F.vpcBody(["subnetId": F.frankfurtApp.id]))
            #expect(elsewhere.status == 400 && elsewhere.issuePaths == ["subnetId"])
            #expect(elsewhere.apiError.issues.first?.message.contains("Frankfurt") == true)
            for subnet in [F.chicagoBatch, F.chicagoFailed] {
                let r = try await c.create(F.vpcBody(["subnetId": subnet.id]))
                #expect(r.status == 400 && r.issuePaths == ["subnetId"])
                #expect(r.apiError.issues.first?.message.contains("not ready (state: \(subnet.state))") == true)
            }
            let missing = try await c.create(F.vpcBody(["subnetId": F.unknown]))
            #expect(missing.status == 400 && missing.apiError.issues.first?.message == "Subnet not found")
            let malformed = try await c.create(F.vpcBody(["subnetId": "app"]))
            #expect(malformed.status == 422 && malformed.issuePaths == ["subnetId"])
            // The same body in Frankfurt is fine.
            #expect(try await c.create(F.vpcBody(["subnetId": F.frankfurtApp.id, "datacenterId": F.frankfurt.id])).status == 202)
        }
    }

    @Test(arguments: [SimulatorDialect.rich, .minimal])
    func threeOneVMCreatesWithPublicAddresses(dialect: SimulatorDialect) async throws {
        let clock = SimulatorClock.manual()
        try await withSimulator(Self.vpc(clock, dialect: dialect)) { c, sim in
            var jobs: [Job] = []
            for i in 1...3 {
                let r = try await c.create(F.vpcBody(["name": "app-\(i)", "acquirePublicIp": true]))
                #expect(r.status == 202, "\(r.text)")
                let list = try r.envelope(JobList.self).data?.jobs ?? []
                #expect(list.count == 1)
                jobs += list
            }
            let records = sim.creates()
            #expect(records.count == 3 && records.allSatisfy { $0.accepted && $0.vmIds.count == 1 })
            let documented: Set<String> = VPCCreateRules.allowedKeys
            #expect(records.allSatisfy { Set($0.keys).isSubset(of: documented) && $0.keys.contains("subnetId") })

            clock.advance(by: 4)
            #expect(try await c.jobs(jobs.map(\.jobId)).allSatisfy { $0.isCompleted == true })
            var privateIps: Set<String> = []
            for job in jobs {
                let rows = try await c.get("/v1/resource/virtual-machines/\(job.resourceId ?? "")/network-interfaces").json["data"]?.arrayValue ?? []
                #expect(rows.count == 1)
                let nic = try #require(rows.first)
                #expect(nic["world"] == .string("vpc") && nic["isPrimary"] == .number(1))
                #expect(nic["vpcSubnetId"] == .string(F.chicagoApp.id) && nic["subnetName"] == .string("app"))
                #expect(nic["vpcId"] == .string(F.chiProd.id) && nic["vpcName"] == .string("chi-prod"))
                #expect(nic["networkId"] == .null && nic["networkName"] == .null && nic["cidrBlock"] == .null)
                #expect(nic["gatewayIp"] == .null && nic["networkType"] == .null)
                #expect(nic["publicIp"]?.stringValue?.hasPrefix("203.0.113.") == true && nic["publicIpId"] != .null)
                let ip = try #require(nic["privateIp"]?.stringValue)
                #expect(ip.hasPrefix("10.100.1."))
                privateIps.insert(ip)
            }
            #expect(privateIps.count == 3)
            let subnets = try await c.get("/v1/resource/vpcs/\(F.chiProd.id)/subnets").json["data"]?.arrayValue ?? []
            #expect(subnets.first { $0["name"] == .string("app") }?["attachedNicCount"] == .number(5))
        }
    }

    @Test func withoutTheListTheVPCListIsAnUnknownRoute() async throws {
        try await withSimulator(Self.vpc(listing: false)) { c, _ in
            let r = try await c.get("/v1/resource/vpcs")
            #expect(r.status == 404 && r.json == .object(["message": .string("Route Not Found")]))
            #expect(try await c.get("/v1/resource/vpcs/\(F.chiProd.id)").status == 200)
            #expect(try await c.get("/v1/resource/vpcs/\(F.chiProd.id)/subnets").status == 200)
        }
    }

    @Test func aLegacyAccountRefusesVPCKeysAndHasNoVPCs() async throws {
        try await withSimulator { c, _ in
            let r = try await c.create(F.valid(["subnetId": F.chicagoApp.id, "acquirePublicIp": true]))
            #expect(r.status == 400 && r.issuePaths == ["subnetId", "acquirePublicIp"])
            #expect(r.apiError.issues.first?.message.contains("legacy networks; subnetId is not accepted") == true)
            // Other unknown keys stay ignored there, as before.
            #expect(try await c.create(F.valid(["foo": 1])).status == 202)
            let vpcs = try await c.get("/v1/resource/vpcs")
            #expect(vpcs.status == 200 && vpcs.json["data"] == .array([]))
            #expect(try await c.get("/v1/resource/vpcs/\(F.chiProd.id)").status == 404)
        }
    }
}

/// The same over a real loopback socket (`EmbeddedSimulator`), headers and all.
@Suite struct MinimalVPCOverLoopbackTests {
    static func send(_ url: String, key: String?, body: String? = nil) async throws
        -> (status: Int, headerNames: [String], json: JSONValue) {
        var request = HTTPClientRequest(url: url)
        if body != nil { request.method = .POST }
        if let key { request.headers.add(name: "X-API-Key", value: key) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let json = (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes.readableBytesView))) ?? .null
        return (Int(response.status.code), response.headers.map { $0.name.lowercased() }, json)
    }

    @Test func minimalVPCAccountOverHTTP() async throws {
        let sim = try await EmbeddedSimulator.start(SimulatorConfiguration(speed: 600, seed: 4, dialect: .minimal, vpc: true))
        let api = sim.apiBaseURL
        let vpcs = try await Self.send(api + "/resource/vpcs", key: sim.apiKey)
        #expect(vpcs.status == 200 && vpcs.json["meta"]?["total"] == .number(4))
        #expect(vpcs.headerNames.contains("content-type"))
        #expect(!vpcs.headerNames.contains { $0.hasPrefix("x-ratelimit") })
        let denied = try await Self.send(api + "/auth/check", key: nil)
        #expect(denied.status == 401 && denied.json["error"] == .string("INVALID_CREDENTIALS"))

        let data = try JSONSerialization.data(withJSONObject: Fixture.vpcBody(["acquirePublicIp": true]), options: [.sortedKeys])
        let created = try await Self.send(api + "/resource/virtual-machines", key: sim.apiKey,
                                          body: String(decoding: data, as: UTF8.self))
        #expect(created.status == 202)
        let vmId = try #require(created.json["data"]?["jobs"]?.arrayValue?.first?["resourceId"]?.stringValue)
        let nics = try await Self.send(api + "/resource/virtual-machines/\(vmId)/network-interfaces", key: sim.apiKey)
        #expect(nics.status == 200)
        #expect(nics.json["data"]?.arrayValue?.first?["world"] == .string("vpc"))
        let legacy = try await Self.send(api + "/resource/virtual-machines", key: sim.apiKey, body: #"{"name":"x"}"#)
        #expect(legacy.status == 403 && legacy.json["error"]?["code"] == .string("LEGACY_NETWORKING_CUT_OVER"))
        await sim.stop()
    }
}
