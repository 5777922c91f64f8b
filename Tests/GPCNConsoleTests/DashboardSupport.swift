import Foundation
import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// Jobs and answers for dashboard tests, all relative to one fixed instant.
enum DashFixture {
    static let t0 = 1_780_000_000.0
    static let endpoint = "https://api.gpcn.com/v1"

    static func id(_ n: Int) -> String { "00000000-0000-4000-8000-" + String(format: "%012d", n) }
    static func vmId(_ n: Int) -> String { "aaaaaaaa-0000-4000-8000-" + String(format: "%012d", n) }

    static let request = CreateVMRequest(
        datacenterId: "11111111-1111-4111-8111-111111111111", imageId: "aaaaaaaa-0000-4000-8000-000000000001",
        skuId: "bbbbbbbb-0000-4000-8000-000000000001", name: "web", numberOfInstances: 10,
        authMethod: .sshKey, sshKeyId: "cccccccc-0000-4000-8000-000000000001")

    static var passwordRequest: CreateVMRequest {
        var r = request
        r.authMethod = .password; r.sshKeyId = nil; r.password = nil
        return r
    }

    /// The create answer: job `n` for VM `web-n`, just initializing.
    static func created(_ n: Int, name: String? = nil, at t: Double = t0) -> Job {
        Job(jobId: id(n), resourceType: "virtual_machine", resourceDisplayName: "Virtual Machine \(name ?? "web-\(n)")",
            operation: "create", stage: "initializing", progressPercentage: 0, message: "Queued",
            estimatedCompletion: ISOTime.format(t + 120), timeRemaining: "about 2 minutes", canRetry: false,
            isCompleted: false, hasFailed: false, isTerminal: false, resourceId: vmId(n),
            resourceName: name ?? "web-\(n)", createdAt: ISOTime.format(t), updatedAt: ISOTime.format(t))
    }

    static func running(_ n: Int, stage: String, progress: Int, message: String, at now: Double, eta: Double) -> Job {
        var j = created(n)
        j.stage = stage; j.progressPercentage = progress; j.message = message
        j.estimatedCompletion = ISOTime.format(eta); j.updatedAt = ISOTime.format(now)
        return j
    }

    static func succeeded(_ n: Int, after seconds: Double) -> Job {
        var j = created(n)
        j.stage = "completed"; j.progressPercentage = 100; j.message = "Virtual machine is running"
        j.isCompleted = true; j.isTerminal = true; j.estimatedCompletion = nil; j.timeRemaining = nil
        j.updatedAt = ISOTime.format(t0 + seconds)
        return j
    }

    static func failed(_ n: Int, progress: Int, error: String, canRetry: Bool, after seconds: Double) -> Job {
        var j = created(n)
        j.stage = "failed"; j.progressPercentage = progress; j.hasFailed = true; j.isTerminal = true
        j.errorMessage = error; j.message = "Failed during provisioning: \(error)"; j.canRetry = canRetry
        j.estimatedCompletion = nil; j.timeRemaining = nil; j.updatedAt = ISOTime.format(t0 + seconds)
        return j
    }

    static func cancelled(_ n: Int, progress: Int, after seconds: Double) -> Job {
        var j = created(n)
        j.stage = "cancelled"; j.progressPercentage = progress; j.isTerminal = true
        j.message = "Cancelled by the platform during configuring"
        j.estimatedCompletion = nil; j.timeRemaining = nil; j.updatedAt = ISOTime.format(t0 + seconds)
        return j
    }

    static let stages: [(String, Int, String)] = [
        ("initializing", 3, "Validating the request"), ("preparing_network", 12, "Creating the default network"),
        ("provisioning", 34, "Allocating compute resources"), ("provisioning", 58, "Cloning the image"),
        ("configuring", 77, "Applying cloud-init"), ("configuring", 85, "Setting the SSH key"),
        ("starting", 93, "Booting"), ("provisioning", 22, "Allocating compute resources"),
        ("initializing", 1, "Validating the request"), ("starting", 97, "Waiting for the guest agent"),
    ]

    /// Ten jobs in various running stages at `now`.
    static func tenRunning(at now: Double) -> [Job] {
        (1...10).map { n in
            let (stage, p, message) = stages[n - 1]
            return running(n, stage: stage, progress: p, message: message, at: now, eta: t0 + 60 + Double(n * 9))
        }
    }

    static func rate(_ remaining: Int, resetIn: Double, at now: Double) -> RateLimit {
        RateLimit(limit: 1000, remaining: remaining, resetAt: Int(now + resetIn))
    }
}

/// Drives a dashboard through `ConsoleApp` like the runtime does: effects are recorded, polls
/// are answered by the test, the clock is a number.
struct DashDriver {
    var state: AppState
    var effects: [Effect] = []
    var now: Double
    /// Effects not yet looked at by `takePolls()`.
    private var unread: [Effect] = []

    init(jobs: [Job], request: CreateVMRequest? = DashFixture.request, size: Size = Size(width: 80, height: 24),
         glyphs: Glyphs = .unicode, now: Double = DashFixture.t0, pollInterval: Double = 1) {
        self.now = now
        state = AppState(settings: ConsoleSettings(endpoint: DashFixture.endpoint, glyphs: glyphs, minimumPollInterval: pollInterval),
                         size: size, screen: .jobs(JobsState(jobs: jobs, request: request, submittedAt: now)))
        record(ConsoleApp.start(&state, now: now))
    }

    init(tracked: [TrackedJob], size: Size = Size(width: 80, height: 24), now: Double = DashFixture.t0) {
        self.now = now
        state = AppState(settings: ConsoleSettings(endpoint: DashFixture.endpoint), size: size,
                         screen: .jobs(JobsState(tracked: tracked, openedAt: now)))
        record(ConsoleApp.start(&state, now: now))
    }

    private mutating func record(_ new: [Effect]) { effects += new; unread += new }

    mutating func send(_ msg: Msg) { record(ConsoleApp.update(&state, msg, now: now)) }

    mutating func press(_ keys: Key...) { for k in keys { send(.terminal(.key(k))) } }

    mutating func type(_ text: String) { for c in text { press(.character(c)) } }

    var jobs: JobsState { state.jobs! }

    /// The batches asked for since the last call.
    mutating func takePolls() -> [[String]] {
        let polls = unread.compactMap { e -> [String]? in if case .pollJobBatch(let ids) = e { return ids }; return nil }
        unread.removeAll { if case .pollJobBatch = $0 { return true }; return false }
        return polls
    }

    /// Answers every pending batch with the jobs of `world` it asks for (missing ones omitted).
    mutating func answerPolls(_ world: [Job], rate: RateLimit? = nil) {
        let byId = Dictionary(world.map { ($0.jobId, $0) }, uniquingKeysWith: { a, _ in a })
        for batch in takePolls() {
            let jobs = batch.compactMap { byId[$0] }
            send(.jobBatchPolled(batch, .success(JobsAnswer(jobs: jobs, requests: 1, rateLimit: rate))))
        }
    }

    /// Answers the given batches from `world`.
    mutating func answer(_ batches: [[String]], _ world: [Job], rate: RateLimit? = nil) {
        let byId = Dictionary(world.map { ($0.jobId, $0) }, uniquingKeysWith: { a, _ in a })
        for batch in batches {
            send(.jobBatchPolled(batch, .success(JobsAnswer(jobs: batch.compactMap { byId[$0] }, requests: 1, rateLimit: rate))))
        }
    }

    mutating func failPolls(_ error: APIError) {
        for batch in takePolls() { send(.jobBatchPolled(batch, .failure(error))) }
    }

    /// Moves the clock and fires the poll timer (as the runtime would when it is due).
    mutating func advance(by seconds: Double) {
        now += seconds
        send(.timer(.poll))
    }

    var journalEntries: [JournalEntry] {
        effects.compactMap { if case .appendJournal(let e) = $0 { return e }; return nil }
    }

    var timers: [Double] {
        effects.compactMap { if case .startTimer(.poll, let s) = $0 { return s }; return nil }
    }

    var screen: [String] { ConsoleApp.view(state, now: now).lines() }
    var text: String { screen.joined(separator: "\n") }
    var frame: Buffer { ConsoleApp.view(state, now: now) }
}
