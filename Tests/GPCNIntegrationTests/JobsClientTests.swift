import Foundation
import GPCNClient
import GPCNCore
import GPCNSimulator
import Testing

/// Create → jobs, against the simulator over loopback HTTP, on a manual clock (deterministic) and
/// on the wall clock at a high speed.
@Suite struct JobsClientTests {
    static let stageOrder = ["initializing", "preparing_network", "provisioning", "configuring", "starting", "completed"]

    /// The failure causes the simulator draws from (docs/api.md §4 A-10), with their retry flag.
    static let knownCauses: [String: Bool] = [
        "Quota check failed: the account's vCPU quota is exhausted": false,
        "Timed out creating the network port": true,
        "No free addresses left in the subnet": false,
        "Insufficient capacity in this data center": true,
        "Timed out waiting for the hypervisor": true,
        "Image checksum mismatch": false,
        "Volume creation failed: storage backend unavailable": true,
        "Cloud-init failed to apply the user configuration": false,
        "Timed out waiting for the guest agent": true,
        "The virtual machine failed its boot health check": false,
    ]

    /// One create of 3 VMs gives 3 running jobs named name-1…name-3; polling while the clock moves
    /// shows each job's progress only ever rising through the stages in order, the first job
    /// preparing the network, and every job ending succeeded at 100 % with its VM id.
    @Test func createdJobsArePolledToCompletion() async throws {
        try await withSimulator { h in
            let created = try await h.client.createVirtualMachines(h.catalog.goodRequest(name: "web", count: 3))
            #expect(created.count == 3)
            #expect(created.map(\.resourceName) == ["web-1", "web-2", "web-3"])
            #expect(created.allSatisfy { $0.state == .running && $0.stage == "initializing" && $0.operation == "create" })

            let ids = created.map(\.jobId)
            var stagesSeen: [String: [String]] = [:]
            var lastProgress: [String: Int] = [:]
            var final: [Job] = []
            for _ in 0..<100 {
                let answer = try await h.client.jobs(ids: ids)
                #expect(answer.requests == 1)
                #expect(answer.jobs.map(\.jobId) == ids, "same order as asked, nothing omitted")
                for job in answer.jobs {
                    let stage = try #require(job.stage)
                    if stagesSeen[job.jobId]?.last != stage { stagesSeen[job.jobId, default: []].append(stage) }
                    #expect(job.progress >= lastProgress[job.jobId] ?? 0, "progress never goes back")
                    lastProgress[job.jobId] = job.progress
                }
                if answer.jobs.allSatisfy(\.state.isTerminal) { final = answer.jobs; break }
                h.clock.advance(by: 2)
            }
            #expect(final.count == 3)
            for job in final {
                #expect(job.state == .succeeded)
                #expect(job.isCompleted == true && job.hasFailed != true)
                #expect(job.progress == 100)
                #expect(job.resourceId?.isEmpty == false)
                #expect(job.errorMessage == nil)
                let seen = stagesSeen[job.jobId] ?? []
                #expect(seen == Self.stageOrder.filter(seen.contains), "stages in order: \(seen)")
                #expect(seen.first == "initializing" && seen.last == "completed")
                #expect(seen.contains("provisioning"))
            }
            #expect(stagesSeen[ids[0]]?.contains("preparing_network") == true)
            #expect(h.stats().createRequests == 1)
            #expect(h.stats().jobsCreated == 3)
        }
    }

    /// On the wall clock at a high speed, plain polling with real sleeps ends in success too.
    @Test func fastSpeedCompletesOnTheWallClock() async throws {
        try await withSimulator({ $0.clock = .system; $0.speed = 1200 }) { h in
            let created = try await h.client.createVirtualMachines(h.catalog.goodRequest(in: "Frankfurt", count: 2))
            let deadline = ContinuousClock.now + .seconds(15)
            var jobs = created
            while !jobs.allSatisfy(\.state.isTerminal) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(40))
                jobs = try await h.client.jobs(ids: created.map(\.jobId)).jobs
            }
            #expect(jobs.map(\.state) == [.succeeded, .succeeded])
        }
    }

    /// With `failRate` 1 every job fails: state failed, stage "failed", a realistic `errorMessage`
    /// with the `canRetry` that belongs to it, and the message naming the stage it failed in.
    @Test func failRateOneFailsEveryJobWithAReasonAndRetryFlag() async throws {
        try await withSimulator({ $0.failRate = 1 }) { h in
            let created = try await h.client.createVirtualMachines(h.catalog.goodRequest(name: "db", count: 10))
            #expect(created.count == 10)
            #expect(created.allSatisfy { $0.state == .running }, "failures happen after acceptance")
            h.clock.advance(by: 600)
            let jobs = try await h.client.jobs(ids: created.map(\.jobId)).jobs
            #expect(jobs.count == 10)
            for job in jobs {
                #expect(job.state == .failed)
                #expect(job.stage == "failed")
                #expect(job.hasFailed == true && job.isCompleted != true)
                let reason = try #require(job.errorMessage)
                let retry = try #require(Self.knownCauses[reason] as Bool?, "unknown failure cause \(reason)")
                #expect(job.canRetry == retry, "\(reason)")
                #expect(job.failureText == reason)
                #expect(job.message?.hasPrefix("Failed during ") == true)
                #expect(job.message?.contains(reason) == true)
                #expect(job.progress < 100)
            }
            // Ten draws give both kinds of failure.
            #expect(Set(jobs.compactMap(\.canRetry)) == [true, false])
        }
    }

    /// With `cancelRate` 1 every job ends cancelled (not failed).
    @Test func cancelledJobsAreCancelledNotFailed() async throws {
        try await withSimulator({ $0.cancelRate = 1 }) { h in
            let created = try await h.client.createVirtualMachines(h.catalog.goodRequest(count: 2))
            h.clock.advance(by: 600)
            let jobs = try await h.client.jobs(ids: created.map(\.jobId)).jobs
            #expect(jobs.map(\.state) == [.cancelled, .cancelled])
            #expect(jobs.allSatisfy { $0.hasFailed != true })
        }
    }

    /// 6 creates of 10 VMs = 60 jobs; polling all of them takes ⌈60/50⌉ = 2 POSTs (counted by the
    /// client and by the server), duplicates are sent once, and 101 distinct ids take 3.
    @Test func jobsArePolledFiftyIdsPerRequest() async throws {
        try await withSimulator { h in
            var ids: [String] = []
            for batch in 1...6 {
                ids += try await h.client.createVirtualMachines(h.catalog.goodRequest(name: "batch\(batch)", count: 10))
                    .map(\.jobId)
            }
            #expect(ids.count == 60 && Set(ids).count == 60)
            h.resetStats()

            let answer = try await h.client.jobs(ids: ids)
            #expect(answer.requests == 2)
            #expect(h.stats().jobPolls == 2)
            #expect(Set(answer.jobs.map(\.jobId)) == Set(ids))
            #expect(answer.jobs.count == 60)

            let again = try await h.client.jobs(ids: ids + ids.prefix(20))
            #expect(again.requests == 2, "duplicate ids are not sent twice")
            #expect(again.jobs.count == 60)

            let unknown = (0..<41).map { _ in UUID().uuidString.lowercased() }
            let many = try await h.client.jobs(ids: ids + unknown)
            #expect(many.requests == pages(101, of: 50))
            #expect(many.jobs.count == 60)
            #expect(h.stats().jobPolls == 2 + 2 + 3)

            // The rate-limit headers of the last answer are exposed.
            let rate = try #require(many.rateLimit)
            #expect(rate.limit == 1000)
            #expect(rate.remaining == 1000 - (6 + 2 + 2 + 3), "6 creates and 7 polls in this window")
            #expect(rate.resetAt.map { $0 % 60 == 0 } == true)
        }
    }

    /// A job id the server does not know is simply absent from the answer: no error, no retry.
    @Test func aJobUnknownToTheServerIsAbsent() async throws {
        try await withSimulator { h in
            let job = try #require(try await h.client.createVirtualMachines(h.catalog.goodRequest()).first)
            let stranger = UUID().uuidString.lowercased()
            let answer = try await h.client.jobs(ids: [stranger, job.jobId])
            #expect(answer.jobs.map(\.jobId) == [job.jobId])
            let none = try await h.client.jobs(ids: [stranger])
            #expect(none.jobs.isEmpty)
            #expect(none.requests == 1)
            let empty = try await h.client.jobs(ids: [])
            #expect(empty.jobs.isEmpty && empty.requests == 0, "no ids, no request")
            #expect(h.sleeps.recorded.isEmpty)
        }
    }
}
