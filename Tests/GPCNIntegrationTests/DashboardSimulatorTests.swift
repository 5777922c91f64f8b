import Foundation
import GPCNApp
import GPCNClient
import GPCNConsole
import GPCNCore
import GPCNRuntime
import GPCNSimulator
import TerminalUI
import Testing

/// The dashboard through the real runtime (timers, tasks, journal file) and the real client,
/// against the in-process simulator over loopback HTTP, with a recording terminal.
@Suite(.serialized) struct DashboardSimulatorTests {
    struct Rig {
        let simulator: EmbeddedSimulator
        let client: GPCNClient
        let pollClient: GPCNClient
        let journal: JournalFile
        let directory: String

        static func start(failRate: Double, seed: UInt64) async throws -> Rig {
            var config = SimulatorConfiguration()
            config.speed = 600  // a job takes 0.1-0.3 s
            config.failRate = failRate
            config.seed = seed
            let sim = try await EmbeddedSimulator.start(config)
            let configuration = ClientConfiguration(host: sim.baseURL, apiKey: sim.apiKey)
            var noRetry = configuration
            noRetry.retry = .none
            let dir = NSTemporaryDirectory() + "gpcn-dash-\(UInt64.random(in: 0...UInt64.max))"
            return Rig(simulator: sim, client: try GPCNClient(configuration: configuration),
                       pollClient: try GPCNClient(configuration: noRetry),
                       journal: JournalFile(path: dir + "/gpcn/journal.jsonl"), directory: dir)
        }

        func stop() async {
            await client.shutdown()
            await pollClient.shutdown()
            await simulator.stop()
            try? FileManager.default.removeItem(atPath: directory)
        }

        /// A valid create body for `count` VMs built from the simulator's catalog (SSH key auth).
        func request(name: String, count: Int) async throws -> CreateVMRequest {
            let dcs = try await client.dataCenters()
            for dc in dcs {
                let images = try await client.images(datacenterId: dc.id)
                let sizes = try await client.sizes(datacenterId: dc.id)
                guard let image = images.categories.flatMap(\.images).first(where: { $0.config?.customizations?.sshKey == true }),
                      let size = sizes.categories.flatMap(\.sizes).first(where: { $0.available != false }) else { continue }
                let key = try await client.sshKeys().first
                return CreateVMRequest(datacenterId: dc.id, imageId: image.id, skuId: size.skuId, name: name,
                                       numberOfInstances: count, authMethod: .sshKey, sshKeyId: key?.id)
            }
            throw APIError(kind: .configuration("no usable image"), message: "no usable image")
        }

        /// The journal submission the wizard writes before the dashboard shows.
        func journalSubmission(_ request: CreateVMRequest, _ jobs: [Job], now: Double) throws {
            try journal.append(.submission(.init(id: jobs[0].jobId, time: ISOTime.format(now), endpoint: client.endpoint,
                                                 request: request, jobs: jobs.map { .init(jobId: $0.jobId, name: $0.resourceName) })))
        }
    }

    /// Waits until the newest frame satisfies `condition` (or fails after `timeout` seconds).
    static func waitForFrame(_ backend: RecordingBackend, timeout: Double = 30,
                             _ what: String, _ condition: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while ContinuousClock.now < deadline {
            if let frame = backend.lastFrame, condition(frame.lines().joined(separator: "\n")) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("timed out waiting for \(what); last frame:\n\(backend.lastFrame?.lines().joined(separator: "\n") ?? "none")")
        return false
    }

    static func run(_ rig: Rig, jobs: [Job], request: CreateVMRequest, backend: RecordingBackend)
        -> Task<AppState, Never> {
        let runtime = ConsoleRuntime(api: rig.client, backend: backend, journal: rig.journal, pollAPI: rig.pollClient)
        let now = ConsoleRuntime.wallClock()
        let state = AppState(settings: ConsoleSettings(endpoint: rig.client.endpoint, minimumPollInterval: 0.1),
                             size: backend.size, screen: .jobs(JobsState(jobs: jobs, request: request, submittedAt: now)))
        return Task { await runtime.run(state) }
    }

    @Test func aBatchOfTenWithFailuresReachesTheTrueFinalStateOfEveryJob() async throws {
        let rig = try await Rig.start(failRate: 0.4, seed: 11)
        do {
            let request = try await rig.request(name: "batch", count: 10)
            let created = try await rig.client.createVirtualMachines(request)
            #expect(created.count == 10)
            try rig.journalSubmission(request, created, now: ConsoleRuntime.wallClock())
            let backend = RecordingBackend(size: Size(width: 120, height: 40))
            let task = Self.run(rig, jobs: created, request: request, backend: backend)
            _ = await Self.waitForFrame(backend, "every job to end") { $0.contains("All jobs have ended") }
            backend.send(.key(.character("q")))
            let final = await task.value
            guard let dash = final.jobs else { Issue.record("not on the dashboard"); await rig.stop(); return }
            // Polls were batched: exactly one request per batch of ≤50 ids, no hidden client retries.
            #expect(rig.simulator.stats().jobPolls == dash.scheduler.requestsSent)
            #expect(dash.scheduler.requestsSent == dash.scheduler.roundsStarted, "10 jobs: one request per round")

            // The truth, asked afterwards.
            let truth = try await rig.client.jobs(ids: created.map(\.jobId)).jobs
            let trueStates = Dictionary(truth.map { ($0.jobId, $0.state) }, uniquingKeysWith: { a, _ in a })
            for t in dash.jobs {
                #expect(t.state == trueStates[t.job.jobId], "\(t.name): shown \(t.state), true \(String(describing: trueStates[t.job.jobId]))")
                #expect(t.state.isTerminal)
            }
            let failed = dash.jobs.filter { $0.state == .failed }.count
            #expect(failed > 0 && failed < 10, "the seed gives a mix (failed: \(failed))")
            #expect(final.exitCode == 3)

            // The journal has every end, with the true state.
            let summary = try rig.journal.read()
            #expect(summary.jobs.count == 10)
            for e in summary.jobs { #expect(e.ended?.state == trueStates[e.jobId]) }
            #expect(summary.unfinished(endpoint: rig.client.endpoint).isEmpty)

        } catch {
            Issue.record("\(error)")
        }
        await rig.stop()
    }

    @Test func retryingAFailedJobGivesANewJobThatCompletes() async throws {
        let rig = try await Rig.start(failRate: 0.5, seed: 3)
        do {
            let request = try await rig.request(name: "retry", count: 6)
            let created = try await rig.client.createVirtualMachines(request)
            try rig.journalSubmission(request, created, now: ConsoleRuntime.wallClock())
            let backend = RecordingBackend(size: Size(width: 120, height: 40))
            let task = Self.run(rig, jobs: created, request: request, backend: backend)
            _ = await Self.waitForFrame(backend, "every job to end") { $0.contains("All jobs have ended") }
            // Retry every retryable failure (R, confirm), again while a retry itself fails retryably.
            var rounds = 0
            while rounds < 4, let frame = backend.lastFrame?.lines().joined(separator: "\n"),
                  frame.contains("R retries them") {
                rounds += 1
                let before = frame.components(separatedBy: "retried ").count
                backend.send(.key(.character("R")))
                _ = await Self.waitForFrame(backend, "the confirm") { $0.contains("Retry ") && $0.contains("y retry") }
                backend.send(.key(.character("y")))
                _ = await Self.waitForFrame(backend, "the retries to end") {
                    $0.components(separatedBy: "retried ").count > before && $0.contains("All jobs have ended")
                        && !$0.contains("submitting a retry")
                }
            }
            #expect(rounds > 0, "the seed gives a retryable failure")
            backend.send(.key(.character("q")))
            let final = await task.value
            guard let dash = final.jobs else { Issue.record("not on the dashboard"); await rig.stop(); return }
            let retries = dash.jobs.filter { $0.retryOf != nil }
            #expect(!retries.isEmpty)
            #expect(retries.contains { $0.state == .succeeded }, "a retry completed")
            for r in retries {
                #expect(r.name == dash.jobs.first { $0.job.jobId == r.retryOf }?.name, "same VM name")
                #expect(r.request?.numberOfInstances == 1)
            }
            // The truth agrees, and the simulator saw exactly one create per retry (never retried).
            let truth = try await rig.client.jobs(ids: dash.jobs.map(\.job.jobId)).jobs
            let trueStates = Dictionary(truth.map { ($0.jobId, $0.state) }, uniquingKeysWith: { a, _ in a })
            for t in dash.jobs { #expect(t.state == trueStates[t.job.jobId]) }
            #expect(rig.simulator.stats().createRequests == 1 + retries.count)
            // Retries are journaled, linked to the job they replace.
            let summary = try rig.journal.read()
            for r in retries {
                let entry = summary.jobs.first { $0.jobId == r.job.jobId }
                #expect(entry?.retryOf == r.retryOf)
                #expect(entry?.ended?.state == r.state)
            }
        } catch {
            Issue.record("\(error)")
        }
        await rig.stop()
    }
}
