import Foundation
import GPCNApp
import GPCNClient
import GPCNConsole
import GPCNCore
import GPCNRuntime
import GPCNSimulator
import Logging
import Synchronization
import TerminalUI
import Testing

/// Load: the dashboard following 500 jobs (50 batches of 10) through the real runtime and client
/// against the in-process simulator limited to 100 requests per minute. It must never get a 429
/// (the budget headers tell it everything it needs), and every running job's state must be at
/// most one polling interval old whenever the state is looked at.
///
/// Time is accelerated: the simulator and the runtime read one clock that runs `GPCN_LOAD_SCALE`
/// times faster than real time (default 15), and timers sleep real time divided by that factor,
/// so the 60 s rate-limit windows and the 1-3 minute jobs keep their real proportions.
/// `GPCN_LOAD_SCALE=1` is the full-length run in real time (about four minutes).
@Suite(.serialized) struct LoadTests {
    static let environment = ProcessInfo.processInfo.environment
    static let scale = max(1, Double(environment["GPCN_LOAD_SCALE"] ?? "") ?? 15)
    static let batches = 50
    static let perBatch = 10
    static let rateLimit = 100

    /// Virtual time: a manual simulator clock pumped forward to `start + scale · (real elapsed)`.
    final class ScaledClock: Sendable {
        let clock: SimulatorClock
        let scale: Double
        let virtualStart: Double
        private let realStart = ContinuousClock.now
        private let pump = Mutex<Task<Void, Never>?>(nil)

        init(scale: Double, virtualStart: Double) {
            self.scale = scale
            self.virtualStart = virtualStart
            clock = .manual(start: Date(timeIntervalSince1970: virtualStart))
        }

        /// Virtual now, also moving the simulator's clock to it (both always agree).
        @Sendable func now() -> Double {
            let elapsed = ContinuousClock.now - realStart
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let t = virtualStart + seconds * scale
            clock.set(Date(timeIntervalSince1970: t))
            return t
        }

        /// Keeps the simulator's clock moving while nobody asks (every real millisecond).
        func startPump() {
            let task = Task.detached { [self] in
                while !Task.isCancelled {
                    _ = self.now()
                    try? await Task.sleep(for: .milliseconds(1))
                }
            }
            pump.withLock { $0 = task }
        }

        func stopPump() { pump.withLock { $0?.cancel() } }

        /// Sleeps `seconds` of virtual time.
        @Sendable func sleep(_ seconds: Double) async {
            let real = max(seconds, 0) / scale
            try? await Task.sleep(for: .nanoseconds(Int64(real * 1e9)))
        }
    }

    /// What the observer saw: round starts, and the staleness of every running job after every message.
    struct Measure {
        var roundStarts: [Double] = []
        var roundsSeen = 0
        var observations = 0
        var worstStaleness = 0.0
        var worstStalenessInterval = 0.0
        var worstStalenessAt = 0.0
        /// Staleness beyond the interval in force (a round's own latency, a late timer).
        var worstExcess = 0.0
        /// The longest a round was out (first request sent to this observation), and the latest
        /// a round started after it was due.
        var worstInFlight = 0.0
        var worstLateStart = 0.0
        var worstInterval = 0.0
        /// Running jobs not seen in the last completed round (starved by the batching).
        var skipped = 0
        var openedAt = 0.0
        var nextDue: Double?
    }

    /// A backend that keeps only the newest frame and never reads input.
    final class LatestFrameBackend: TerminalBackend {
        private let frame = Mutex<Buffer?>(nil)
        let events: AsyncStream<TerminalEvent>
        private let sink: AsyncStream<TerminalEvent>.Continuation
        let size = Size(width: 120, height: 40)

        init() { (events, sink) = AsyncStream<TerminalEvent>.makeStream() }
        var lastFrame: Buffer? { frame.withLock { $0 } }
        func send(_ e: TerminalEvent) { sink.yield(e) }
        func present(_ f: Buffer) { frame.withLock { $0 = f } }
        func redraw() {}
        func suspend() {}
        func stop() async { sink.finish() }
    }

    @Test(.timeLimit(.minutes(10))) func fiveHundredJobsUnderOneHundredRequestsAMinute() async throws {
        // Start one second into a rate-limit window, so every run meets the same windows.
        let virtualStart = 1_780_000_020.0 - 1_780_000_020.0.truncatingRemainder(dividingBy: 60) + 1
        let time = ScaledClock(scale: Self.scale, virtualStart: virtualStart)
        var config = SimulatorConfiguration(speed: Double(Self.environment["GPCN_LOAD_SPEED"] ?? "") ?? 1,
                                            failRate: 0.1, cancelRate: 0.03, rateLimitPerMinute: Self.rateLimit,
                                            seed: 500, clock: time.clock,
                                            logger: Logger(label: "load.sim", factory: { _ in SwiftLogNoOpLogHandler() }))
        config.port = 0
        time.startPump()
        let sim = try await EmbeddedSimulator.start(config)
        let host = sim.baseURL
        let client = try GPCNClient(configuration: ClientConfiguration(host: host, apiKey: sim.apiKey, retry: .none))
        let pollClient = try GPCNClient(configuration: ClientConfiguration(host: host, apiKey: sim.apiKey, retry: .none))
        let directory = NSTemporaryDirectory() + "gpcn-load-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = JournalFile(path: directory + "/gpcn/journal.jsonl")

        // 50 submissions of 10 VMs (50 create requests: half of the first window's budget).
        let request = sim.catalog.goodRequest(name: "load", count: Self.perBatch)
        var tracked: [TrackedJob] = []
        for b in 1...Self.batches {
            var r = request
            r.name = "load\(b)"
            let jobs = try await client.createVirtualMachines(r)
            #expect(jobs.count == Self.perBatch)
            let names = r.instanceNames
            for (i, job) in jobs.enumerated() {
                tracked.append(TrackedJob(job: job, seenAt: nil, knownName: names.count == jobs.count ? names[i] : nil, request: r))
            }
        }
        #expect(tracked.count == Self.batches * Self.perBatch)
        let afterCreates = sim.stats()
        #expect(afterCreates.rateLimited == 0)

        // The dashboard on all 500, as `gpcn jobs` opens it, until every job has ended.
        let measure = Mutex(Measure())
        let backend = LatestFrameBackend()
        let finished = Mutex(false)
        let runtime = ConsoleRuntime(
            api: client, backend: backend, journal: journal, pollAPI: pollClient, clock: time.now,
            sleep: time.sleep,
            observe: { state, now in
                guard let jobs = state.jobs else { return }
                measure.withLock { m in Self.observe(jobs, now: now, into: &m) }
                if jobs.activeIds.isEmpty { finished.withLock { $0 = true } }
            })
        let opened = time.now()
        measure.withLock { $0.openedAt = opened }
        let initial = AppState(settings: ConsoleSettings(endpoint: client.endpoint), size: backend.size,
                               screen: .jobs(JobsState(tracked: tracked, openedAt: opened)))
        let task = Task { await runtime.run(initial) }
        let deadline = ContinuousClock.now + .seconds(Int(600 / Self.scale) + 60)
        while !finished.withLock({ $0 }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let endedAt = time.now()
        backend.send(.key(.character("q")))
        let final = await task.value
        let stats = sim.stats()
        let m = measure.withLock { $0 }

        // Every job followed to its true end (asked after the figures were taken, in a fresh window).
        await time.sleep(max(0, (floor(time.now() / 60) + 1) * 60 + 1 - time.now()))
        let ids = tracked.map(\.job.jobId)
        var truth: [String: JobState] = [:]
        for start in stride(from: 0, to: ids.count, by: 50) {
            for j in try await client.jobs(ids: Array(ids[start..<min(start + 50, ids.count)])).jobs { truth[j.jobId] = j.state }
        }
        let dash = final.jobs
        #expect(dash?.activeIds.isEmpty == true, "every job ended within the run")
        for t in dash?.jobs ?? [] { #expect(t.state == truth[t.job.jobId], "\(t.name): shown \(t.state), true \(String(describing: truth[t.job.jobId]))") }

        let polls = stats.jobPolls
        let byState = Dictionary(grouping: dash?.jobs ?? [], by: \.state).mapValues(\.count)
        print("""
            load: \(tracked.count) jobs, \(Self.rateLimit) requests/min, time x\(Self.scale); \
            \(String(format: "%.0f", endedAt - opened)) s virtual to the last end; \
            requests: \(stats.totalRequests) (\(stats.createRequests) creates, \(polls) job polls in \(m.roundStarts.count) rounds); \
            429s: \(stats.rateLimited); worst staleness \(String(format: "%.2f", m.worstStaleness)) s \
            (interval in force \(String(format: "%.2f", m.worstStalenessInterval)) s), worst excess over the interval \
            \(String(format: "%.2f", m.worstExcess)) s (a round out for up to \(String(format: "%.2f", m.worstInFlight)) s, \
            started up to \(String(format: "%.2f", m.worstLateStart)) s late; real ms = virtual s x \(String(format: "%.0f", 1000 / Self.scale))), \
            longest interval \(String(format: "%.2f", m.worstInterval)) s; \
            \(m.observations) states observed; ends: \(byState.map { "\($0.key.rawValue) \($0.value)" }.sorted().joined(separator: ", "))
            """)

        #expect(stats.rateLimited == 0, "no 429: the budget headers were honoured")
        #expect(polls == dash?.scheduler.requestsSent, "every poll the scheduler sent reached the simulator once")
        #expect(m.skipped == 0, "every running job was in every round")
        // Staleness is the interval plus the time the current round has been out: rounds start on
        // time and come back quickly (real-time allowances for a loaded CI machine, in virtual seconds).
        // (Allowances are real time: 3 s late, 5 s out. They only guard the harness; under `swift
        // test`'s parallel suites on two shared cores a timer or a loopback round can take a second
        // or more of real time, which is many virtual seconds at this acceleration.)
        #expect(m.worstLateStart <= max(3, 3.0 * Self.scale), "a round started \(m.worstLateStart) s after it was due")
        #expect(m.worstInFlight <= max(5, 5.0 * Self.scale), "a round was out for \(m.worstInFlight) s")
        #expect(m.worstExcess <= m.worstInFlight + m.worstLateStart + 0.01)
        // The budget is spread over each window, never waited out whole while it lasts.
        #expect(m.worstInterval <= 20, "longest interval \(m.worstInterval) s")
        #expect(m.roundStarts.count > 10, "several rounds over several windows")
        #expect(endedAt - opened > 60, "the run spans more than one rate-limit window")

        time.stopPump()
        await client.shutdown()
        await pollClient.shutdown()
        await sim.stop()
    }

    /// Per observed state: the staleness of every running job against the polling interval in force.
    /// With R₁ < R₂ < … the round starts, at time t in round a (started Rₐ):
    /// - while round a is in flight, each running job was last seen in round a−1 at the latest:
    ///   staleness ≤ (Rₐ − Rₐ₋₁) + (t − Rₐ), the interval plus the round's latency so far;
    /// - once round a has answered, each was seen in round a: staleness ≤ t − Rₐ, which stays
    ///   under the next interval while the timer is on time.
    static func observe(_ jobs: JobsState, now: Double, into m: inout Measure) {
        let s = jobs.scheduler
        m.observations += 1
        if s.roundsStarted > m.roundsSeen {
            m.roundsSeen = s.roundsStarted
            if let last = m.roundStarts.last { m.worstInterval = max(m.worstInterval, now - last) }
            if let due = m.nextDue { m.worstLateStart = max(m.worstLateStart, now - due) }
            m.roundStarts.append(now)
        }
        m.nextDue = s.isRoundInFlight ? nil : s.nextPollAt
        guard let latest = m.roundStarts.last else { return }
        let previous = m.roundStarts.dropLast().last ?? m.openedAt
        let inFlight = s.isRoundInFlight
        // The interval in force: between the last two round starts while one is out, else from
        // the latest start to the next one planned.
        let interval: Double
        if inFlight {
            interval = latest - previous
        } else if let next = s.nextPollAt {
            interval = next - latest
        } else {
            return  // nothing left to poll
        }
        let mustBeSeenSince = inFlight ? previous : latest
        if inFlight { m.worstInFlight = max(m.worstInFlight, now - latest) }
        let active = Set(s.active)
        for t in jobs.jobs where t.state == .running && active.contains(t.job.jobId) {
            let seen = t.seenAt ?? m.openedAt
            if seen + 1e-6 < mustBeSeenSince { m.skipped += 1 }
            let staleness = now - seen
            if staleness > m.worstStaleness {
                m.worstStaleness = staleness
                m.worstStalenessInterval = interval
                m.worstStalenessAt = now
            }
            m.worstExcess = max(m.worstExcess, staleness - interval)
        }
    }
}
