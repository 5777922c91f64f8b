import Foundation
import GPCNApp
import GPCNClient
import GPCNConsole
import GPCNCore
import GPCNRuntime
import GPCNSimulator
import Logging
import Testing
@testable import gpcn

/// A simulator on loopback and a client for it; always `stop()`.
private struct Rig {
    let simulator: EmbeddedSimulator
    let client: GPCNClient

    static func start(failRate: Double = 0, speed: Double = 600, logger: Logger? = nil) async throws -> Rig {
        var config = SimulatorConfiguration(speed: speed, failRate: failRate, seed: 42)
        config.port = 0
        let simulator = try await EmbeddedSimulator.start(config)
        let client = try GPCNClient(configuration: ClientConfiguration(host: simulator.baseURL, apiKey: simulator.apiKey),
                                    logger: logger ?? Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        return Rig(simulator: simulator, client: client)
    }

    func resolve(_ flags: CreateFlags, password: String? = nil, source: PasswordSource = .none) async throws -> CreateResolution {
        let catalog = try await CreateResolver.loadCatalog(for: flags, api: client)
        return CreateResolver.resolve(flags, password: password, passwordSource: source, catalog: catalog)
    }

    func stop() async {
        await client.shutdown()
        await simulator.stop()
    }
}

private let good = CreateFlags(datacenter: "chicago", image: "ubuntu 24", size: "g-small-1", name: "web")

private func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "gpcn-scripting-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite("Scripting against the simulator", .serialized)
struct ScriptingTests {
    @Test func each_kind_of_invalid_input_is_reported_per_field_and_nothing_is_sent() async throws {
        let rig = try await Rig.start()
        func with(_ change: (inout CreateFlags) -> Void) -> CreateFlags { var f = good; change(&f); return f }
        let cases: [(String, CreateFlags, String?, [CreateVMField])] = [
            ("unknown data center", with { $0.datacenter = "chicgo" }, nil, [.datacenterId]),
            ("ambiguous size", with { $0.size = "small-1" }, nil, [.skuId]),
            ("unknown image", with { $0.image = "plan9" }, nil, [.imageId]),
            ("nothing given", CreateFlags(), nil, [.datacenterId, .imageId, .skuId, .name]),
            ("bad count", with { $0.count = 0 }, nil, [.numberOfInstances]),
            ("bad name", with { $0.name = "web server!" }, nil, [.name]),
            ("name too long for the count", with { $0.name = String(repeating: "n", count: 59); $0.count = 10 }, nil, [.name]),
            ("weak password", with { $0.auth = .password }, "weak", [.password]),
            ("reserved username", with { $0.username = "root" }, nil, [.username]),
            ("public IP on an L2 primary", with { $0.networks = ["storage-l2"]; $0.publicIp = true }, nil, [.allocatePublicIp]),
            ("unknown network", with { $0.networks = ["prod-web", "nowhere"] }, nil, [.networkInterfaces]),
            ("unknown SSH key", with { $0.sshKey = "carol" }, nil, [.sshKeyId]),
            ("unknown resource group", with { $0.resourceGroup = "finance" }, nil, [.resourceGroupId]),
            ("auth the image refuses", with { $0.image = "Windows 2022"; $0.auth = .sshKey }, nil, [.authMethod]),
            ("several at once", with { $0.count = 251; $0.name = "x!"; $0.size = nil }, nil, [.skuId, .name, .numberOfInstances]),
        ]
        for (label, flags, password, fields) in cases {
            let r = try await rig.resolve(flags, password: password, source: password == nil ? .none : .stdin)
            #expect(r.problems.map(\.field) == fields, "\(label): \(r.problems.map(\.line))")
            #expect(Set(r.problems.map(\.field)).count == r.problems.count, "\(label): one line per field")
            #expect(r.problems.allSatisfy { !$0.line.contains("\n") }, "\(label)")
        }
        let stats = rig.simulator.stats()
        #expect(stats.createRequests == 0)
        #expect(stats.requests("POST", "/v1/resource/virtual-machines") == 0)
        #expect(stats.totalRequests > 0)  // the catalog was read, with GETs only
        await rig.stop()
    }

    @Test func dry_run_body_is_what_the_wizard_sends() async throws {
        let rig = try await Rig.start()
        let flags = CreateFlags(datacenter: "Chicago", image: "Ubuntu 24.04 LTS", size: "G-Small-1", username: "deploy",
                                networks: ["prod-web", "prod-db,primary"], publicIp: true, count: 3,
                                resourceGroup: "Production", name: "web")
        let catalog = try await CreateResolver.loadCatalog(for: flags, api: rig.client)
        let r = CreateResolver.resolve(flags, password: nil, catalog: catalog)
        #expect(r.problems == [])
        // The wizard, pre-filled from the same answers, stands at the review and sends the same body.
        let wizard = CreateCommand.prefilled(r.request, password: nil, catalog: catalog)
        #expect(wizard.step == .review)
        #expect(wizard.request == r.request)
        // What --dry-run --output json prints is valid JSON of that body.
        let printed = r.request.redacted.prettyJSON
        let decoded = try JSONDecoder().decode(CreateVMRequest.self, from: Data(printed.utf8))
        #expect(decoded == wizard.request)
        // The server accepts it as is.
        let jobs = try await rig.client.createVirtualMachines(r.request)
        #expect(jobs.count == 3)
        await rig.stop()
    }

    @Test func wizard_opens_at_the_first_step_that_needs_an_answer() async throws {
        let rig = try await Rig.start()
        for (flags, step) in [(CreateFlags(count: 2), CreateStep.dataCenter),
                              (CreateFlags(datacenter: "Chicago"), .image),
                              (CreateFlags(datacenter: "Chicago", image: "Ubuntu 24.04 LTS"), .size),
                              (CreateFlags(datacenter: "Chicago", image: "Windows 2022", size: "G-Small-1"), .access),
                              (CreateFlags(datacenter: "Chicago", image: "Ubuntu 24.04 LTS", size: "G-Small-1"), .details)] {
            let catalog = try await CreateResolver.loadCatalog(for: flags, api: rig.client)
            let r = CreateResolver.resolve(flags, password: nil, catalog: catalog)
            #expect(CreateCommand.prefilled(r.request, password: nil, catalog: catalog).step == step, "\(flags)")
        }
        await rig.stop()
    }

    @Test func preset_round_trip_wizard_answers_to_file_to_flags_gives_the_identical_body() async throws {
        let rig = try await Rig.start()
        // Answers as the wizard holds them after choosing rows (ids), with the lists it loaded.
        let everything = CreateFlags(datacenter: "Chicago")
        let catalog = try await CreateResolver.loadCatalog(for: everything, api: rig.client, everything: true)
        let dc = try #require(catalog.dataCenters?.first { $0.name == "Chicago" })
        var answers = CreateAnswers()
        answers.datacenterId = dc.id
        answers.imageId = try #require(catalog.images?.allImages.first { $0.name == "Debian 12" }).id
        answers.skuId = try #require(catalog.sizes?.allSizes.first { $0.name == "G-Medium-1" }).skuId
        answers.authMethod = .sshKey
        answers.sshKeyId = try #require(catalog.sshKeys?.first { $0.name == "müller@büro" }).id
        answers.username = "deploy"
        let web = try #require(catalog.networks?.first { $0.name == "prod-web" }).id
        let db = try #require(catalog.networks?.first { $0.name == "prod-db" }).id
        answers.networkIds = [web, db]
        answers.primaryNetworkId = db
        answers.allocatePublicIp = true
        answers.name = "round trip"
        answers.count = "4"
        answers.resourceGroupId = try #require(catalog.resourceGroups?.first { $0.name == "Research & Development" }).id
        answers.password = "Never-Stored1!"
        var wizard = WizardState(answers: answers)
        wizard.catalog.dataCenters = .loaded(catalog.dataCenters ?? [])
        wizard.catalog.images[dc.id] = .loaded(try #require(catalog.images))
        wizard.catalog.sizes[dc.id] = .loaded(try #require(catalog.sizes))
        wizard.catalog.networks[dc.id] = .loaded(catalog.networks ?? [])
        wizard.catalog.sshKeys = .loaded(catalog.sshKeys ?? [])
        wizard.catalog.resourceGroups = .loaded(catalog.resourceGroups ?? [])
        let sent = wizard.request
        #expect(wizard.issues(for: .review).isEmpty)

        // `s` on the review: the runtime writes what the effect carries.
        let dir = try temporaryDirectory()
        let path = try PresetFile.save(wizard.presetFlags, directory: dir)
        #expect(path == dir + "/round-trip.toml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("Never-Stored1!"))
        #expect(!text.lowercased().contains("password ="))
        #expect(text.contains(#"datacenter = "Chicago""#))
        // A second save does not overwrite the first.
        #expect(try PresetFile.save(wizard.presetFlags, directory: dir) == dir + "/round-trip-2.toml")

        // gpcn create --from FILE: parsed with TOMLKit, resolved by name, the same body.
        let loaded = try Preset.load(path)
        #expect(loaded == wizard.presetFlags)
        let r = try await rig.resolve(loaded)
        #expect(r.problems == [])
        #expect(r.request == sent.withoutPassword)
        // Flags override the preset.
        let more = try await rig.resolve(CreateFlags(count: 2).over(loaded))
        #expect(more.request.numberOfInstances == 2)
        #expect(more.request.name == "round trip")
        // The review's `gpcn create …` line, parsed by the real command, resolves to the same body.
        let words = ShellWords.split(wizard.presetFlags.commandLine())
        #expect(Array(words.prefix(2)) == ["gpcn", "create"])
        let command = try CreateCommand.parse(Array(words.dropFirst(2)))
        #expect(command.yes)
        let fromLine = try await rig.resolve(command.fields.flags)
        #expect(fromLine.request == sent.withoutPassword)
        try? FileManager.default.removeItem(atPath: dir)
        await rig.stop()
    }

    @Test func wait_follows_jobs_to_the_end_and_reports_failures_with_exit_3() async throws {
        let rig = try await Rig.start(failRate: 1)
        let r = try await rig.resolve(CreateFlags(datacenter: "Chicago", image: "Ubuntu 24.04 LTS", size: "G-Small-1",
                                                  count: 3, name: "doomed"))
        let jobs = try await rig.client.createVirtualMachines(r.request)
        let lines = Lines()
        let dir = try temporaryDirectory()
        let journal = JournalFile(path: dir + "/journal.jsonl")
        let outcome = await JobFollower.plain(api: rig.client, jobs: jobs, journal: journal, interval: 0.05,
                                                    emit: { lines.add($0) })
        #expect(outcome.exitCode == Exit.jobsFailed)
        let report = JobReport(endpoint: rig.client.endpoint, jobs: outcome.jobs, waited: true)
        let parsed = try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any]
        let entries = try #require(parsed?["jobs"] as? [[String: Any]])
        #expect(entries.count == 3)
        #expect(entries.allSatisfy { $0["state"] as? String == "failed" && $0["errorMessage"] is String })
        #expect(parsed?["exitCode"] as? Int == 3)
        #expect(report.summary == ["failed": 3])
        // Plain lines: one per change, no escape sequences, every job's end said once.
        let all = lines.all
        #expect(all.allSatisfy { !$0.contains("\u{1B}") })
        #expect(all.filter { $0.contains(" failed: ") }.count == 3)
        // The ends are in the journal.
        let summary = try journal.read()
        #expect(summary.jobs.isEmpty)  // no submission line (written by the command), ends alone are ignored
        try? FileManager.default.removeItem(atPath: dir)
        await rig.stop()
    }

    @Test func wait_exits_0_when_every_job_succeeds() async throws {
        let rig = try await Rig.start(failRate: 0)
        let r = try await rig.resolve(CreateFlags(datacenter: "Chicago", image: "Ubuntu 24.04 LTS", size: "G-Small-1",
                                                  count: 2, name: "fine"))
        let jobs = try await rig.client.createVirtualMachines(r.request)
        let outcome = await JobFollower.plain(api: rig.client, jobs: jobs, journal: nil, interval: 0.05, emit: { _ in })
        #expect(outcome.exitCode == Exit.ok)
        #expect(outcome.jobs.allSatisfy { $0.state == .succeeded })
        await rig.stop()
    }

    @Test func debug_log_has_http_traces_but_never_the_key_or_the_password() async throws {
        let dir = try temporaryDirectory()
        let logPath = dir + "/gpcn.log"
        let sink = try #require(FileLogSink(path: logPath))
        var logger = Logger(label: "gpcn.client") { FileLogHandler(label: $0, sink: sink) }
        logger.logLevel = .debug
        let rig = try await Rig.start(logger: logger)
        let password = "Sekrit-Passw0rd!"
        let r = try await rig.resolve(good.over(CreateFlags(auth: .password)), password: password, source: .stdin)
        #expect(r.problems == [])
        #expect(r.request.password == password)
        let jobs = try await rig.client.createVirtualMachines(r.request)
        _ = try await rig.client.jobs(ids: jobs.map(\.jobId))
        await rig.stop()
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        #expect(log.contains("method=POST"))
        #expect(log.contains("path=/resource/virtual-machines"))
        #expect(log.contains("status=202"))
        #expect(log.contains("request_id="))
        #expect(log.contains("ms="))
        #expect(!log.contains(rig.simulator.apiKey))
        #expect(!log.contains(password))
        try? FileManager.default.removeItem(atPath: dir)
    }
}

@Suite("Scripting: config files", .serialized)
struct ScriptingConfigTests {
    private func write(_ text: String, mode: mode_t, in dir: String, name: String = "config.toml") -> String {
        let path = dir + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        chmod(path, mode)
        return path
    }

    private let file = """
    default_profile = "prod"
    [profiles.prod]
    host = "https://prod.example"
    api_key = "gpcn_prod_key_in_file"
    datacenter = "Chicago"
    [profiles.staging]
    host = "https://staging.example"
    api_key_file = "staging.key"
    theme = "light"
    """

    @Test func a_file_holding_a_key_readable_by_others_is_refused_with_the_chmod_fix() throws {
        let dir = try temporaryDirectory()
        let path = write(file, mode: 0o644, in: dir)
        let options = try GlobalOptions.parse([])
        do {
            _ = try ResolvedConfig.load(options, environment: ["GPCN_CONFIG": path])
            Issue.record("a 0644 file with a key was accepted")
        } catch let f as Failure {
            #expect(f.code == Exit.usage)
            #expect(f.message?.contains("chmod 600 \(path)") == true)
            #expect(f.message?.contains("gpcn_prod_key_in_file") == false)
        }
        chmod(path, 0o600)
        let loaded = try ResolvedConfig.load(options, environment: ["GPCN_CONFIG": path])
        #expect(loaded.profile?.name == "prod")
        #expect(loaded.settings.apiKey?.value == "gpcn_prod_key_in_file")
        #expect(loaded.createDefaults.datacenter == "Chicago")
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test func profile_selection_and_key_files_and_precedence() throws {
        let dir = try temporaryDirectory()
        let path = write(file, mode: 0o600, in: dir)
        let keyPath = write("gpcn_staging_key\n", mode: 0o644, in: dir, name: "staging.key")
        let staging = try GlobalOptions.parse(["--profile", "staging"])
        // The key file is checked like the config file.
        #expect(throws: Failure.self) { try ResolvedConfig.load(staging, environment: ["GPCN_CONFIG": path]) }
        chmod(keyPath, 0o600)
        let s = try ResolvedConfig.load(staging, environment: ["GPCN_CONFIG": path])
        #expect(s.profile?.name == "staging")
        #expect(s.settings.apiKey == Sourced("gpcn_staging_key", from: "profile staging (api_key_file)"))
        #expect(s.settings.host == Sourced("https://staging.example", from: "profile staging"))
        #expect(s.settings.theme?.value == "light")
        // GPCN_PROFILE picks when no flag does; the environment beats the profile; flags beat both.
        let env = ["GPCN_CONFIG": path, "GPCN_PROFILE": "staging", "GPCN_HOST": "https://env.example"]
        let e = try ResolvedConfig.load(try GlobalOptions.parse([]), environment: env)
        #expect(e.profile?.name == "staging")
        #expect(e.settings.host.value == "https://env.example")
        let f = try ResolvedConfig.load(try GlobalOptions.parse(["--host", "https://flag.example", "--profile", "prod"]),
                                        environment: env)
        #expect(f.profile?.name == "prod")
        #expect(f.settings.host == Sourced("https://flag.example", from: "--host"))
        // An unknown profile is a usage error naming the known ones.
        do {
            _ = try ResolvedConfig.load(try GlobalOptions.parse(["--profile", "qa"]), environment: ["GPCN_CONFIG": path])
            Issue.record("unknown profile accepted")
        } catch let failure as Failure {
            #expect(failure.code == Exit.usage)
            #expect(failure.message?.contains("profiles: prod, staging") == true)
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test func starter_file_parses_and_a_missing_explicit_file_is_an_error() throws {
        let dir = try temporaryDirectory()
        let path = dir + "/sub/config.toml"
        try ConfigCommand.Init.write(ConfigCommand.starter(profile: "prod", host: "https://api.gpcn.com", apiKey: "k\"ey"),
                                     to: path, replace: false)
        #expect(TOMLFile.mode(path) == 0o600)
        let loaded = try ResolvedConfig.load(try GlobalOptions.parse([]), environment: ["GPCN_CONFIG": path])
        #expect(loaded.profile?.name == "prod")
        #expect(loaded.settings.apiKey?.value == "k\"ey")
        #expect(throws: Failure.self) {
            try ConfigCommand.Init.write("x", to: path, replace: false)  // never overwritten without --force
        }
        #expect(throws: Failure.self) {
            try ResolvedConfig.load(try GlobalOptions.parse([]), environment: ["GPCN_CONFIG": dir + "/absent.toml"])
        }
        // Without a key the starter is fine at any mode, and has no profile key.
        let keyless = dir + "/keyless.toml"
        try ConfigCommand.Init.write(ConfigCommand.starter(profile: "default", host: "https://h.example", apiKey: nil),
                                     to: keyless, replace: false)
        chmod(keyless, 0o644)
        let k = try ResolvedConfig.load(try GlobalOptions.parse([]), environment: ["GPCN_CONFIG": keyless])
        #expect(k.settings.apiKey == nil)
        #expect(k.settings.host.value == "https://h.example")
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test func a_syntax_error_names_the_line() throws {
        do {
            _ = try TOMLFile.parse("a = 1\nb = = 2\n", place: "bad.toml")
            Issue.record("accepted")
        } catch let f as Failure {
            #expect(f.message?.hasPrefix("bad.toml: line 2") == true)
        }
    }
}

/// Splits a POSIX shell line into words: blanks separate, '…' quotes literally, \\x escapes.
private enum ShellWords {
    static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quoted = false
        var escaped = false
        for c in line {
            if escaped { current.append(c); escaped = false; continue }
            if quoted {
                if c == "'" { quoted = false } else { current.append(c) }
                continue
            }
            switch c {
            case "'": quoted = true; inWord = true
            case "\\": escaped = true; inWord = true
            case " ":
                if inWord { words.append(current); current = ""; inWord = false }
            default: current.append(c); inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}

/// Review item 6: the plain follower polls by the dashboard's `PollScheduler`, so it keeps to
/// the rate-limit budget and waits what a 429 says, instead of a fixed 2 s loop.
@Suite struct PlainFollowerSchedulingTests {
    /// Jobs answers scripted per call; everything else unsupported.
    final class ScriptedAPI: GPCNAPI, @unchecked Sendable {
        let endpoint = "https://api.gpcn.com/v1"
        let lock = NSLock()
        var answers: [Result<JobsAnswer, APIError>]
        var calls = 0
        init(_ answers: [Result<JobsAnswer, APIError>]) { self.answers = answers }
        func jobs(ids: [String]) async throws -> JobsAnswer {
            let next: Result<JobsAnswer, APIError> = lock.withLock {
                calls += 1
                return answers.isEmpty ? .failure(APIError(kind: .http(status: 500), message: "script ended")) : answers.removeFirst()
            }
            return try next.get()
        }
        func no<T>() throws -> T { throw APIError(kind: .unreachable("n/a"), message: "n/a") }
        func authCheck() async throws -> AuthCheck { try no() }
        func dataCenters() async throws -> [DataCenter] { try no() }
        func images(datacenterId: String) async throws -> ImageCatalog { try no() }
        func sizes(datacenterId: String) async throws -> SizeCatalog { try no() }
        func sshKeys() async throws -> [SSHKey] { try no() }
        func networks(datacenterId: String?) async throws -> [Network] { try no() }
        func resourceGroups() async throws -> [ResourceGroup] { try no() }
        func createVirtualMachines(_ request: CreateVMRequest) async throws -> [Job] { try no() }
        func virtualMachine(id: String) async throws -> VirtualMachine { try no() }
    }

    /// A clock moved only by the follower's sleeps, which are recorded.
    final class FakeTime: @unchecked Sendable {
        let lock = NSLock()
        var now = 1_780_000_000.0
        var sleeps: [Double] = []
        var clock: @Sendable () -> Double { { [self] in lock.withLock { now } } }
        var sleep: @Sendable (Double) async -> Void { { [self] s in lock.withLock { sleeps.append(s); now += s } } }
    }

    static let id = "00000000-0000-4000-8000-000000000001"
    static func running(_ p: Int) -> Job {
        Job(jobId: id, stage: "provisioning", progressPercentage: p, isCompleted: false, hasFailed: false,
            isTerminal: false, resourceName: "web")
    }
    static let done = Job(jobId: id, stage: "completed", progressPercentage: 100, isCompleted: true, hasFailed: false,
                          isTerminal: true, resourceId: "vm", resourceName: "web")

    @Test func aSmallBudgetStretchesTheIntervalAndA429WaitsItsRetryAfter() async {
        let time = FakeTime()
        let reset = Int(time.now) + 60
        let api = ScriptedAPI([
            // Two requests left in a window that resets in 60 s: the next round waits ~60/3 s.
            .success(JobsAnswer(jobs: [Self.running(10)], requests: 1,
                                rateLimit: RateLimit(limit: 100, remaining: 2, resetAt: reset))),
            .failure(APIError(kind: .http(status: 429), message: "Too many", retryAfter: 7)),
            .success(JobsAnswer(jobs: [Self.done], requests: 1, rateLimit: nil)),
        ])
        let lines = Lines()
        let outcome = await JobFollower.plain(api: api, jobs: [Self.running(0)], journal: nil, interval: 2,
                                                    clock: time.clock, sleep: time.sleep, emit: { lines.add($0) })
        #expect(outcome.exitCode == Exit.ok)
        #expect(api.calls == 3)
        let slept = time.sleeps
        #expect(slept.reduce(0, +) >= 19.9 + 7, "waited for the budget and the Retry-After: \(slept)")
        #expect(!slept.isEmpty && slept.allSatisfy { $0 > 0 })
        #expect(lines.all.contains { $0.contains("trying again in 7 s") })
    }

    static func failed(_ id: String) -> Job {
        Job(jobId: id, stage: "failed", errorMessage: "Out of capacity", canRetry: false, hasFailed: true,
            isTerminal: true, resourceName: "web")
    }

    /// The one exit-code rule at `create --wait`'s level: a failure wins over a job still
    /// running (the plain follower gives up with 2 here, but its report says 3 would have been
    /// the jobs' code: see `JobBoard.exitCode`).
    @Test func aFailureWinsOverStillRunningAndGivingUpIsTwo() async {
        let time = FakeTime()
        let other = "00000000-0000-4000-8000-000000000002"
        var runningOther = Self.running(5)
        runningOther.jobId = other
        let down = APIError(kind: .http(status: 503), message: "down")
        let api = ScriptedAPI([.success(JobsAnswer(jobs: [Self.failed(Self.id), runningOther], requests: 1, rateLimit: nil)),
                               .failure(down), .failure(down)])
        let lines = Lines()
        var start = Self.running(0)
        start.resourceName = nil
        var second = start
        second.jobId = other
        let outcome = await JobFollower.plain(api: api, jobs: [start, second], journal: nil, interval: 2, mode: .untilEnded(giveUpAfter: 2),
                                              clock: time.clock, sleep: time.sleep, emit: { lines.add($0) })
        #expect(outcome.exitCode == Exit.api)
        #expect(JobBoard.exitCode(outcome.jobs, waited: true) == Exit.jobsFailed)
        #expect(lines.all.contains { $0.hasPrefix("giving up after 2 failed polls (") && $0.hasSuffix("gpcn jobs \(other)") },
                "\(lines.all)")
        #expect(api.calls == 3)
    }

    /// A journal that cannot be written is said once, as one `warning:` line.
    @Test func aFailedJournalWriteIsOneWarningLine() async throws {
        let time = FakeTime()
        let dir = NSTemporaryDirectory() + "gpcn-nojournal-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // The journal's path is a directory: every append fails.
        let journal = JournalFile(path: dir)
        let other = "00000000-0000-4000-8000-000000000002"
        var done2 = Self.done
        done2.jobId = other
        var running2 = Self.running(0)
        running2.jobId = other
        let api = ScriptedAPI([.success(JobsAnswer(jobs: [Self.done, running2], requests: 1, rateLimit: nil)),
                               .success(JobsAnswer(jobs: [done2], requests: 1, rateLimit: nil))])
        let lines = Lines()
        let outcome = await JobFollower.plain(api: api, jobs: [Self.running(0), running2], journal: journal, interval: 2,
                                              clock: time.clock, sleep: time.sleep, emit: { lines.add($0) })
        #expect(outcome.exitCode == Exit.ok)
        #expect(lines.all.filter { $0.hasPrefix("warning: the journal was not written") }.count == 1, "\(lines.all)")
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// `gpcn jobs` without a terminal: one round, the same rule (failed and running: 3).
    @Test func jobsWithoutATerminalPollsOneRound() async {
        let other = "00000000-0000-4000-8000-000000000002"
        var running2 = Self.running(0)
        running2.jobId = other
        let api = ScriptedAPI([.success(JobsAnswer(jobs: [Self.failed(Self.id), running2], requests: 1, rateLimit: nil))])
        let state = JobsState(tracked: [TrackedJob(job: Self.running(0)), TrackedJob(job: running2)],
                              openedAt: ConsoleRuntime.wallClock())
        let final = await JobsCommand.refreshOnce(state, api: api, journal: nil)
        #expect(api.calls == 1)
        #expect(final.jobs.map(\.state) == [.failed, .running])
        #expect(final.exitCode == Exit.jobsFailed)
    }

    /// `create --yes` without `--wait`: exit 0, and the JSON says 0 too.
    @Test func withoutWaitTheReportSaysZero() throws {
        let report = JobReport(endpoint: "https://api.gpcn.com/v1", jobs: [TrackedJob(job: Self.running(0), knownName: "web")],
                               waited: false)
        let parsed = try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any]
        #expect(parsed?["exitCode"] as? Int == 0)
        #expect(parsed?["finished"] as? Bool == false)
    }
}
