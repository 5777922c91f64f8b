import Foundation
import GPCNCore
import Testing
@testable import GPCNSimulator

@Suite struct JobTests {
    typealias F = Fixture

    static func fast(_ clock: SimulatorClock, failRate: Double = 0, cancelRate: Double = 0, seed: UInt64 = 2026)
        -> SimulatorConfiguration {
        SimulatorConfiguration(speed: 60, failRate: failRate, cancelRate: cancelRate, seed: seed, clock: clock)
    }

    @Test func jobAdvancesThroughEveryStageToCompleted() async throws {
        let clock = SimulatorClock.manual()
        try await withSimulator(Self.fast(clock)) { c, _ in
            let created = try await c.create(F.valid(["allocatePublicIp": true]))
            #expect(created.status == 202)
            let job0 = try #require(try created.envelope(JobList.self).data?.jobs.first)
            #expect(job0.stage == "initializing" && job0.progressPercentage == 0 && job0.canRetry == false)
            #expect(job0.estimatedCompletion != nil && job0.timeRemaining == "less than a minute")
            #expect(job0.message?.isEmpty == false && job0.updatedAt != nil)
            let vmId = try #require(job0.resourceId)

            let vm0 = try await c.get("/v1/resource/virtual-machines/\(vmId)").envelope(VirtualMachine.self).data
            #expect(vm0?.status == "Provisioning" && vm0?.primaryPrivateIp == "10.0.0.10" && vm0?.primaryPublicIp == nil)

            var stages: [String] = []
            var last = -1
            var final: Job?
            for _ in 0..<200 {
                let job = try #require(try await c.jobs([job0.jobId]).first)
                if stages.last != job.stage { stages.append(job.stage ?? "?") }
                #expect((job.progressPercentage ?? -1) >= last)
                last = job.progressPercentage ?? -1
                if job.isTerminal == true { final = job; break }
                #expect(job.isCompleted == false && job.hasFailed == false && job.canRetry == false)
                #expect(job.resourceId == vmId)
                clock.advance(by: 0.05)
            }
            #expect(stages == ["initializing", "preparing_network", "provisioning", "configuring", "starting", "completed"])
            let done = try #require(final)
            #expect(done.isCompleted == true && done.hasFailed == false && done.progressPercentage == 100)
            #expect(done.estimatedCompletion == nil && done.timeRemaining == nil && done.canRetry == false)
            #expect(done.state == .succeeded)

            let vm = try await c.get("/v1/resource/virtual-machines/\(vmId)").envelope(VirtualMachine.self).data
            #expect(vm?.status == "Running")
            #expect(vm?.primaryPublicIp?.hasPrefix("203.0.113.") == true)
        }
    }

    @Test func durationsScaleWithSpeed() async throws {
        let clock = SimulatorClock.manual()
        try await withSimulator(SimulatorConfiguration(clock: clock)) { c, _ in
            let job = try #require(try await c.create(F.valid()).envelope(JobList.self).data?.jobs.first)
            #expect(job.timeRemaining?.hasPrefix("about ") == true)
            clock.advance(by: 59)
            #expect(try await c.jobs([job.jobId]).first?.isTerminal == false)
            clock.advance(by: 122)
            #expect(try await c.jobs([job.jobId]).first?.isCompleted == true)
        }
    }

    @Test func failRateOneFailsWithAMessageAndRetryFlag() async throws {
        let clock = SimulatorClock.manual()
        try await withSimulator(Self.fast(clock, failRate: 1)) { c, _ in
            let jobs = try #require(try await c.create(F.valid(["numberOfInstances": 6, "name": "f"])).envelope(JobList.self).data?.jobs)
            clock.advance(by: 5)
            let polled = try await c.jobs(jobs.map(\.jobId))
            #expect(polled.count == 6)
            let known = Set(JobPlanner.failureCauses.values.flatMap { $0.map(\.message) })
            for job in polled {
                #expect(job.stage == "failed" && job.hasFailed == true && job.isTerminal == true && job.isCompleted == false)
                #expect(known.contains(job.errorMessage ?? ""))
                let cause = JobPlanner.failureCauses.values.flatMap { $0 }.first { $0.message == job.errorMessage }
                #expect(job.canRetry == cause?.canRetry)
                #expect((job.progressPercentage ?? 100) < 100)
                #expect(job.state == .failed && job.failureText == job.errorMessage)
                let vm = try await c.get("/v1/resource/virtual-machines/\(job.resourceId ?? "")").envelope(VirtualMachine.self).data
                #expect(vm?.status == "Error")
            }
        }
    }

    @Test func someFailuresAreRetryableAndSomeAreNot() async throws {
        let clock = SimulatorClock.manual()
        try await withSimulator(Self.fast(clock, failRate: 1)) { c, _ in
            var ids: [String] = []
            for i in 0..<4 {
                ids += try await c.create(F.valid(["numberOfInstances": 10, "name": "b\(i)"])).envelope(JobList.self).data?.jobs.map(\.jobId) ?? []
            }
            clock.advance(by: 5)
            let jobs = try await c.jobs(ids)
            #expect(Set(jobs.compactMap(\.canRetry)) == [true, false])
            #expect(Set(jobs.compactMap(\.errorMessage)).count >= 4)
        }
    }

    @Test func cancelledJobsAreTerminalButNotFailed() async throws {
        let clock = SimulatorClock.manual()
        try await withSimulator(Self.fast(clock, cancelRate: 1)) { c, _ in
            let job = try #require(try await c.create(F.valid()).envelope(JobList.self).data?.jobs.first)
            clock.advance(by: 5)
            let j = try #require(try await c.jobs([job.jobId]).first)
            #expect(j.stage == "cancelled" && j.isTerminal == true && j.hasFailed == false && j.isCompleted == false)
            #expect(j.state == .cancelled)
        }
    }

    @Test func onlyTheFirstJobOfABatchPreparesTheNetwork() async throws {
        let clock = SimulatorClock.manual()
        try await withSimulator(Self.fast(clock)) { c, _ in
            let jobs = try #require(try await c.create(F.valid(["numberOfInstances": 3, "name": "web"])).envelope(JobList.self).data?.jobs)
            #expect(jobs.compactMap(\.resourceName) == ["web-1", "web-2", "web-3"])
            #expect(Set(jobs.compactMap(\.resourceId)).count == 3)
            var seen: [String: Set<String>] = [:]
            for _ in 0..<100 {
                for j in try await c.jobs(jobs.map(\.jobId)) { seen[j.jobId, default: []].insert(j.stage ?? "") }
                clock.advance(by: 0.05)
            }
            #expect(seen[jobs[0].jobId]?.contains("preparing_network") == true)
            #expect(seen[jobs[1].jobId]?.contains("preparing_network") == false)
            #expect(seen[jobs[2].jobId]?.contains("preparing_network") == false)
            #expect(jobs.allSatisfy { seen[$0.jobId]?.contains("completed") == true })
        }
    }

    @Test func defaultNetworkIsCreatedLazilyOnce() async throws {
        try await withSimulator { c, _ in
            let uri = "/v1/resource/networks?filter[datacenterId]=\(F.chicago.id)"
            let before = try await c.get(uri).envelope([Network].self).data ?? []
            #expect(!before.contains { $0.isDefault == true })
            _ = try await c.create(F.valid())
            _ = try await c.create(F.valid())
            let after = try await c.get(uri).envelope([Network].self).data ?? []
            let defaults = after.filter { $0.isDefault == true }
            #expect(defaults.count == 1)
            #expect(defaults.first?.name == "default-network" && defaults.first?.cidrBlock == "10.0.0.0/24")
            #expect(defaults.first?.gatewayIp == "10.0.0.1" && defaults.first?.type == .standard)
            #expect(defaults.first?.id == SimulatorCatalog.defaultNetworkId(dataCenterId: F.chicago.id))
            // It can now be named in networkInterfaces.
            let id = try #require(defaults.first?.id)
            #expect(try await c.create(F.valid(["networkInterfaces": [["networkId": id, "primary": true]]])).status == 202)
        }
    }

    @Test func jobsEndpointValidatesIds() async throws {
        try await withSimulator { c, _ in
            func post(_ body: String) async throws -> Reply { try await c.post("/v1/resource/jobs", body) }
            let empty = try await post(#"{"jobIds":[]}"#)
            #expect(empty.status == 422 && empty.issuePaths == ["jobIds"] && empty.apiError.code == "Validation Error")
            let ids51 = (0..<51).map { _ in "\"\(UUID().uuidString.lowercased())\"" }.joined(separator: ",")
            let many = try await post(#"{"jobIds":[\#(ids51)]}"#)
            #expect(many.status == 422 && many.issuePaths == ["jobIds"])
            let bad = try await post(#"{"jobIds":["nope", 5]}"#)
            #expect(bad.status == 422 && bad.issuePaths == ["jobIds.0", "jobIds.1"])
            let missing = try await post("{}")
            #expect(missing.status == 422 && missing.issuePaths == ["jobIds"])
            let ids50 = (0..<50).map { _ in "\"\(UUID().uuidString)\"" }.joined(separator: ",")
            let fifty = try await post(#"{"jobIds":[\#(ids50)]}"#)
            #expect(fifty.status == 200 && fifty.json["data"]?["jobs"] == .array([]))
            #expect(fifty.json["message"] == .string("Job progress retrieved successfully"))
        }
    }

    @Test func unknownIdsAreOmittedAndOrderIsKept() async throws {
        try await withSimulator { c, _ in
            let a = try #require(try await c.create(F.valid(["name": "a"])).envelope(JobList.self).data?.jobs.first?.jobId)
            let b = try #require(try await c.create(F.valid(["name": "b"])).envelope(JobList.self).data?.jobs.first?.jobId)
            let jobs = try await c.jobs([b, F.unknown, a.uppercased(), b])
            #expect(jobs.map(\.jobId) == [b, a])
            #expect(jobs.compactMap(\.resourceName) == ["b", "a"])
        }
    }

    @Test func sameSeedSameJobs() async throws {
        func run(_ seed: UInt64) async throws -> [Job] {
            let clock = SimulatorClock.manual()
            let box = JobBox()
            try await withSimulator(Self.fast(clock, failRate: 0.5, seed: seed)) { c, _ in
                box.set(try await c.create(F.valid(["numberOfInstances": 5])).envelope(JobList.self).data?.jobs ?? [])
                clock.advance(by: 1.2)
                box.set(try await c.jobs(box.jobs.map(\.jobId)))
            }
            return box.jobs
        }
        let a = try await run(1), b = try await run(1), other = try await run(2)
        #expect(a == b)
        #expect(a.map(\.jobId) != other.map(\.jobId))
    }
}

final class JobBox: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Job] = []
    func set(_ v: [Job]) { lock.lock(); list = v; lock.unlock() }
    var jobs: [Job] { lock.lock(); defer { lock.unlock() }; return list }
}
