import Foundation
import GPCNCore
import Testing
@testable import GPCNSimulator

@Suite struct VMTests {
    typealias F = Fixture

    @Test func listShowsExistingAndNewVMsNewestFirst() async throws {
        try await withSimulator { c, _ in
            let before = try await c.get("/v1/resource/virtual-machines").envelope([VirtualMachine].self)
            #expect(Set(before.data?.compactMap(\.name) ?? []) == ["legacy-web-01", "eu-db-01"])
            #expect(before.page?.total == 2)
            _ = try await c.create(F.valid(["name": "api", "numberOfInstances": 3]))
            let after = try await c.get("/v1/resource/virtual-machines?limit=2").envelope([VirtualMachine].self)
            #expect(after.page?.total == 5 && after.page?.totalPages == 3)
            #expect(after.data?.compactMap(\.name) == ["api-1", "api-2"])
            let search = try await c.get("/v1/resource/virtual-machines?search=legacy").envelope([VirtualMachine].self)
            #expect(search.data?.map(\.name) == ["legacy-web-01"])
            let running = try await c.get("/v1/resource/virtual-machines?filter[status]=Running").envelope([VirtualMachine].self)
            #expect(running.page?.total == 2)
            let item = try #require(search.data?.first)
            #expect(item.datacenter?.name == "Chicago" && item.primaryPrivateIp == "10.10.0.10" && item.image == "Ubuntu 22.04 LTS")
        }
    }

    @Test func detailIsFlatWithConfiguration() async throws {
        try await withSimulator { c, _ in
            let job = try #require(try await c.create(F.valid(["username": "deploy", "resourceGroupId": F.production.id]))
                .envelope(JobList.self).data?.jobs.first)
            let r = try await c.get("/v1/resource/virtual-machines/\(job.resourceId ?? "")")
            #expect(r.status == 200)
            let vm = try #require(try r.envelope(VirtualMachine.self).data)
            #expect(vm.name == "web" && vm.image == "Ubuntu 24.04 LTS" && vm.username == "deploy")
            #expect(vm.sshKeyId == F.key.id && vm.resourceGroupId == F.production.id)
            #expect(r.json["data"]?["configuration"]?["skuId"] == .string(F.micro.id))
            #expect(r.json["data"]?["networkHotplug"] == .number(1))
            #expect(r.json["data"]?["virtualMachine"] == nil)
        }
    }

    @Test func unknownVMIs404() async throws {
        try await withSimulator { c, _ in
            let r = try await c.get("/v1/resource/virtual-machines/\(F.unknown)")
            #expect(r.status == 404 && r.apiError.message == "Virtual machine not found" && r.apiError.code == "Not Found")
            #expect(try await c.send(.delete, "/v1/resource/virtual-machines/\(F.unknown)").status == 404)
        }
    }

    @Test func deleteReturnsOneJobAndTheVMDisappears() async throws {
        let clock = SimulatorClock.manual()
        try await withSimulator(SimulatorConfiguration(speed: 60, clock: clock)) { c, sim in
            let job = try #require(try await c.create(F.valid()).envelope(JobList.self).data?.jobs.first)
            let vmId = try #require(job.resourceId)
            let early = try await c.send(.delete, "/v1/resource/virtual-machines/\(vmId)")
            #expect(early.status == 409)
            clock.advance(by: 4)
            let del = try await c.send(.delete, "/v1/resource/virtual-machines/\(vmId)")
            #expect(del.status == 202)
            let delJob = try #require(try del.envelope(Job.self).data)   // data is one job, not a list
            #expect(delJob.operation == "delete" && delJob.resourceId == vmId && delJob.stage == "initializing")
            #expect(try await c.get("/v1/resource/virtual-machines/\(vmId)").envelope(VirtualMachine.self).data?.status == "Deleting")
            #expect(try await c.send(.delete, "/v1/resource/virtual-machines/\(vmId)").status == 409)
            clock.advance(by: 1)
            #expect(try await c.jobs([delJob.jobId]).first?.isCompleted == true)
            #expect(try await c.get("/v1/resource/virtual-machines/\(vmId)").status == 404)
            #expect(sim.stats().requests("DELETE", "/v1/resource/virtual-machines/{id}") == 3)
        }
    }

    @Test func sizesForAVMExcludeItsCurrentSize() async throws {
        try await withSimulator { c, _ in
            let legacy = StableID.uuid("vm:legacy-web-01")
            let r = try await c.get("/v1/resource/data-centers/\(F.chicago.id)/virtual-machine-sizes?vmId=\(legacy)")
            let names = try r.envelope(SizeCatalog.self).data?.allSizes.compactMap(\.name) ?? []
            #expect(!names.contains("G-Small-1") && !names.contains("G-Micro-1") && names.contains("G-Medium-1"))
        }
    }
}
