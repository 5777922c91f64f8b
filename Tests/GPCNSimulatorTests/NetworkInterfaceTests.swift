import Foundation
import GPCNCore
import Testing
@testable import GPCNSimulator

/// `GET /resource/virtual-machines/{id}/network-interfaces` (docs/api.md §2.9), in both dialects.
@Suite struct NetworkInterfaceTests {
    typealias F = Fixture
    static let rowKeys: Set<String> = ["id", "networkInterface", "isPrimary", "publicIp", "publicIpId", "privateIp", "networkName",
                                       "networkId", "cidrBlock", "gatewayIp", "networkType", "macAddress", "world", "vpcSubnetId",
                                       "subnetName", "vpcId", "vpcName"]

    @Test(arguments: [SimulatorDialect.rich, .minimal])
    func legacyRowsGetTheirAddressesAsTheJobAdvances(dialect: SimulatorDialect) async throws {
        let clock = SimulatorClock.manual()
        try await withSimulator(SimulatorConfiguration(speed: 60, seed: 3, clock: clock, dialect: dialect)) { c, sim in
            let body = F.valid(["allocatePublicIp": true, "networkInterfaces": [["networkId": F.storageL2.id, "primary": false],
                                                                                 ["networkId": F.prodWeb.id, "primary": true]]])
            let job = try #require(try await c.create(body).envelope(JobList.self).data?.jobs.first)
            let vmId = try #require(job.resourceId)
            let uri = "/v1/resource/virtual-machines/\(vmId)/network-interfaces"

            let early = try await c.get(uri)
            #expect(early.status == 200)
            let rows0 = try #require(early.json["data"]?.arrayValue)
            #expect(rows0.count == 2)
            #expect(rows0.allSatisfy { keys($0) == Self.rowKeys })
            #expect(rows0.allSatisfy { $0["privateIp"] == .null && $0["publicIp"] == .null && $0["publicIpId"] == .null })

            // Past the network stage: private addresses, no public one yet.
            var seenProvisioning = false
            for _ in 0..<100 where !seenProvisioning {
                clock.advance(by: 0.05)
                seenProvisioning = try await c.jobs([job.jobId]).first?.stage == "provisioning"
            }
            #expect(seenProvisioning)
            let mid = try await c.get(uri).json["data"]?.arrayValue ?? []
            #expect(mid.first?["privateIp"] == .string("10.10.0.11") && mid.first?["publicIp"] == .null)

            clock.advance(by: 4)
            #expect(try await c.jobs([job.jobId]).first?.isCompleted == true)
            let rows = try await c.get(uri).json["data"]?.arrayValue ?? []
            let primary = try #require(rows.first)
            #expect(primary["networkInterface"] == .number(0) && primary["isPrimary"] == .number(1))
            #expect(primary["publicIp"]?.stringValue?.hasPrefix("203.0.113.") == true)
            #expect(primary["publicIpId"]?.stringValue.map(StableID.isUUID) == true)
            #expect(primary["world"] == .string("legacy"))
            #expect(primary["networkId"] == .string(F.prodWeb.id) && primary["networkName"] == .string("prod-web"))
            #expect(primary["cidrBlock"] == .string("10.10.0.0/24") && primary["gatewayIp"] == .string("10.10.0.1"))
            #expect(primary["networkType"] == .string("standard"))
            #expect(primary["vpcSubnetId"] == .null && primary["subnetName"] == .null && primary["vpcId"] == .null && primary["vpcName"] == .null)
            #expect(primary["macAddress"]?.stringValue?.hasPrefix("52:54:00:") == true)
            let second = try #require(rows.last)
            #expect(second["networkInterface"] == .number(1) && second["isPrimary"] == .number(0))
            #expect(second["networkName"] == .string("storage-l2") && second["privateIp"] == .string("192.168.50.10"))
            #expect(second["publicIp"] == .null && second["publicIpId"] == .null && second["gatewayIp"] == .null)
            #expect(primary["id"] != second["id"])
            #expect(sim.stats().requests("GET", "/v1/resource/virtual-machines/{id}/network-interfaces") == 3)
        }
    }

    @Test func seededVMsHaveTheirAddressesAndUnknownVMsAre404() async throws {
        try await withSimulator(SimulatorConfiguration(dialect: .minimal)) { c, _ in
            let legacy = StableID.uuid("vm:legacy-web-01")
            let rows = try await c.get("/v1/resource/virtual-machines/\(legacy)/network-interfaces").json["data"]?.arrayValue ?? []
            #expect(rows.count == 1)
            #expect(rows.first?["privateIp"] == .string("10.10.0.10") && rows.first?["publicIp"] == .string("203.0.113.5"))
            let missing = try await c.get("/v1/resource/virtual-machines/\(F.unknown)/network-interfaces")
            #expect(missing.status == 404 && missing.apiError.message == "Virtual machine not found")
        }
    }
}
