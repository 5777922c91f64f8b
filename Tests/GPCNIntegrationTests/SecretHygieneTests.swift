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
@testable import gpcn

/// Secret hygiene where it is cheaper than end to end (Tests/e2e/secrets.sh does the whole flow
/// with the real binary): with a known API key and VM password, nothing gpcn logs at the most
/// verbose level, no error it shows, nothing it journals and nothing it prints for a person holds
/// either; the files that may hold the key are created 0600 whatever the umask.
@Suite(.serialized) struct SecretHygieneTests {
    static let key = "gpcn_SECRETKEY_unit_5b8e1d0c9a7f"
    static let wrongKey = "gpcn_WRONGKEY_unit_0d9c3e2a1b44"
    static let password = "Qv7-UnitSecret.4z"

    /// Every log line of every level, as text.
    final class CapturedLog: Sendable {
        private let lines = Mutex<[String]>([])
        var text: String { lines.withLock { $0.joined(separator: "\n") } }
        func add(_ s: String) { lines.withLock { $0.append(s) } }

        func logger(_ label: String) -> Logger {
            var l = Logger(label: label, factory: { label in Handler(label: label, sink: self) })
            l.logLevel = .trace
            return l
        }

        struct Handler: LogHandler {
            let label: String
            let sink: CapturedLog
            var logLevel: Logger.Level = .trace
            var metadata: Logger.Metadata = [:]
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(event: LogEvent) {
                let all = metadata.merging(event.metadata ?? [:]) { $1 }
                sink.add("\(event.level) \(label): \(event.message) \(all) \(event.source) \(event.file)")
            }
        }
    }

    static func expectClean(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!text.contains(key), "the API key in \(what)", sourceLocation: sourceLocation)
        #expect(!text.contains(wrongKey), "a refused key in \(what)", sourceLocation: sourceLocation)
        #expect(!text.contains(password), "the VM password in \(what)", sourceLocation: sourceLocation)
    }

    static func passwordRequest(_ sim: EmbeddedSimulator, name: String, count: Int = 2) -> CreateVMRequest {
        var r = sim.catalog.goodRequest(name: name, count: count)
        r.authMethod = .password; r.sshKeyId = nil; r.password = password
        return r
    }

    @Test func theClientNeverLogsOrReportsTheKeyOrThePassword() async throws {
        let log = CapturedLog()
        var config = SimulatorConfiguration(apiKey: Self.key, speed: 600, failRate: 0.5, seed: 77)
        config.logger = log.logger("sim")
        let sim = try await EmbeddedSimulator.start(config)
        let client = try GPCNClient(configuration: ClientConfiguration(host: sim.baseURL, apiKey: Self.key),
                                    logger: log.logger("gpcn.client"))
        let wrong = try GPCNClient(configuration: ClientConfiguration(host: sim.baseURL, apiKey: Self.wrongKey, retry: .none),
                                   logger: log.logger("gpcn.client"))
        var errors: [String] = []
        do {
            _ = try await client.authCheck()
            _ = try await client.dataCenters()
            let jobs = try await client.createVirtualMachines(Self.passwordRequest(sim, name: "secret"))
            _ = try await client.jobs(ids: jobs.map(\.jobId))
            // Refusals: a bad password, a bad body around a good password, a refused key.
            var weak = Self.passwordRequest(sim, name: "weak")
            weak.password = Self.password + "\u{7F}with spaces and more than twenty"
            var bad = Self.passwordRequest(sim, name: "bad!name")
            bad.skuId = "nope"
            for r in [weak, bad] {
                do { _ = try await client.createVirtualMachines(r); Issue.record("accepted \(r.name ?? "")") } catch let e as APIError {
                    errors.append(e.userMessage); errors.append(e.description); errors += e.issues.map(\.message)
                }
            }
            do { _ = try await wrong.dataCenters(); Issue.record("a wrong key was accepted") } catch let e as APIError {
                errors.append(e.userMessage); errors.append(e.description)
            }
        } catch {
            Issue.record("\(error)")
        }
        await client.shutdown()
        await wrong.shutdown()
        await sim.stop()
        #expect(log.text.contains("gpcn.client"), "the client logged at trace level")
        Self.expectClean(log.text.components(separatedBy: "\n").filter { $0.contains(" gpcn.client:") }.joined(separator: "\n"),
                         "the client's log")
        Self.expectClean(errors.joined(separator: "\n"), "API errors shown to the user")
        #expect(errors.count >= 4)
    }

    @Test func theRuntimeLogsAndJournalsNoSecretWhenARetryCarriesThePassword() async throws {
        let log = CapturedLog()
        let sim = try await EmbeddedSimulator.start(SimulatorConfiguration(apiKey: Self.key, speed: 600, failRate: 1, seed: 6,
                                                                           logger: log.logger("sim")))
        let client = try GPCNClient(configuration: ClientConfiguration(host: sim.baseURL, apiKey: Self.key),
                                    logger: log.logger("gpcn.client"))
        let dir = NSTemporaryDirectory() + "gpcn-secret-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let journal = JournalFile(path: dir + "/gpcn/journal.jsonl")
        let request = Self.passwordRequest(sim, name: "retry", count: 6)
        let created = try await client.createVirtualMachines(request)
        try journal.append(.submission(.init(id: created[0].jobId, time: ISOTime.format(ConsoleRuntime.wallClock()),
                                             endpoint: client.endpoint, request: request,
                                             jobs: created.map { .init(jobId: $0.jobId, name: $0.resourceName) })))
        let backend = RecordingBackend(size: Size(width: 100, height: 30))
        let runtime = ConsoleRuntime(api: client, backend: backend, journal: journal, logger: log.logger("gpcn.runtime"))
        let state = AppState(settings: ConsoleSettings(endpoint: client.endpoint, minimumPollInterval: 0.05),
                             size: backend.size,
                             screen: .jobs(JobsState(jobs: created, request: request, submittedAt: ConsoleRuntime.wallClock())))
        let task = Task { await runtime.run(state) }
        func frame() -> String { backend.lastFrame?.lines().joined(separator: "\n") ?? "" }
        func wait(_ what: String, _ condition: (String) -> Bool) async -> Bool {
            for _ in 0..<1500 {
                if condition(frame()) { return true }
                try? await Task.sleep(for: .milliseconds(20))
            }
            Issue.record("timed out waiting for \(what) (\(backend.frames.count) frames, stopped: \(backend.isStopped)):\n\(frame())")
            return false
        }
        // Every job fails with failRate 1; retry until one failure allows it (the simulator says which).
        var retried = false
        if await wait("every job to end", { $0.contains("all ended") }) {
            backend.send(.key(.character("R")))
            if await wait("the confirm", { $0.contains("y retry") }) {
                backend.send(.key(.character("y")))
                _ = await wait("the password prompt") { $0.contains("type the password") }
                backend.send(.key(.paste(Self.password)))
                _ = await wait("the masked password") { !$0.contains("type the password") }
                Self.expectClean(frame(), "the password prompt")
                backend.send(.key(.enter))
                retried = await wait("the retry") { $0.contains("retried") || $0.contains("Retry of") }
            }
        }
        backend.send(.key(.character("q")))
        _ = await task.value
        let stats = sim.stats()
        await client.shutdown()
        await sim.stop()
        #expect(retried, "the seed gives a retryable failure")
        #expect(stats.createRequests >= 2)
        for f in backend.frames { Self.expectClean(f.lines().joined(separator: "\n"), "a frame") }
        Self.expectClean(log.text.components(separatedBy: "\n").filter { !$0.contains(" sim:") }.joined(separator: "\n"),
                         "the runtime and client logs")
        let text = (try? String(contentsOfFile: journal.path, encoding: .utf8)) ?? ""
        #expect(text.contains("\"retryOf\""), "the retry was journaled")
        Self.expectClean(text, "the journal")
        #expect(Self.mode(journal.path) == 0o600)
        #expect(Self.mode(dir + "/gpcn") == 0o700)
    }

    static func mode(_ path: String) -> UInt32? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return UInt32(st.st_mode) & 0o7777
    }

    @Test func keyFilesAndJournalsAre0600WhateverTheUmask() throws {
        let dir = NSTemporaryDirectory() + "gpcn-umask-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let old = umask(0)
        defer { umask(old) }
        // config init's writer, into a directory it creates.
        let config = dir + "/config/gpcn/config.toml"
        try ConfigCommand.Init.write(ConfigCommand.starter(profile: "p", host: "https://h.example", apiKey: Self.key),
                                     to: config, replace: false)
        #expect(Self.mode(config) == 0o600)
        #expect(Self.mode(dir + "/config/gpcn") == 0o700)
        // --force over a looser file tightens it.
        chmod(config, 0o644)
        try ConfigCommand.Init.write(ConfigCommand.starter(profile: "p", host: "https://h.example", apiKey: Self.key),
                                     to: config, replace: true)
        #expect(Self.mode(config) == 0o600)
        // The journal: created 0600 in a 0700 directory; a looser one is tightened on append.
        let journal = JournalFile(path: dir + "/state/gpcn/journal.jsonl")
        var request = CreateVMRequest(datacenterId: "d", imageId: "i", skuId: "s", name: "web", numberOfInstances: 1,
                                      authMethod: .password, password: Self.password)
        try journal.append(.submission(.init(id: "s", time: "2026-11-30T10:00:00Z", endpoint: "e", request: request,
                                             jobs: [.init(jobId: "j", name: "web")])))
        #expect(Self.mode(journal.path) == 0o600)
        #expect(Self.mode(dir + "/state/gpcn") == 0o700)
        chmod(journal.path, 0o644)
        request.name = "web2"
        try journal.append(.submission(.init(id: "s2", time: "2026-11-30T10:00:00Z", endpoint: "e", request: request,
                                             jobs: [.init(jobId: "j2", name: "web2")], retryOf: "j")))
        #expect(Self.mode(journal.path) == 0o600)
        Self.expectClean(try String(contentsOfFile: journal.path, encoding: .utf8), "the journal")
        // The log file.
        let logPath = dir + "/gpcn.log"
        let sink = try #require(FileLogSink(path: logPath))
        sink.write("x\n")
        #expect(Self.mode(logPath) == 0o600)
        // The config file it wrote loads, and nothing derived from it shows the key.
        let loaded = try ResolvedConfig.load(try GlobalOptions.parse([]), environment: ["GPCN_CONFIG": config])
        #expect(loaded.settings.apiKey?.value == Self.key)
        Self.expectClean("\(loaded.settings.host) \(loaded.settings.apiKey?.source ?? "")", "config show's sources")
    }

    @Test func whatAPersonSeesOfARequestIsMasked() {
        var request = CreateVMRequest(datacenterId: "d", imageId: "i", skuId: "s", name: "web", numberOfInstances: 2,
                                      authMethod: .password, password: Self.password)
        request.username = "ops"
        Self.expectClean(request.redacted.prettyJSON, "the review / --dry-run JSON")
        Self.expectClean(request.curlCommand(endpoint: "https://api.gpcn.com/v1"), "the curl command")
        #expect(request.curlCommand(endpoint: "e").contains("$GPCN_API_KEY"), "curl takes the key from the environment")
        Self.expectClean(String(decoding: (try? JournalEntry.submission(.init(id: "s", time: "t", endpoint: "e", request: request,
                                                                               jobs: [])).line()) ?? [], as: UTF8.self),
                         "a journal line")
        var flags = CreateFlags()
        flags.name = "web"; flags.auth = .password
        Self.expectClean(flags.presetTOML(), "a preset")
    }
}
