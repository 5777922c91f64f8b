import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GPCNApp
import GPCNClient
import GPCNCore
import GPCNRuntime
import GPCNSimulator
import Logging

/// Exit codes, the CLI contract of docs/product.md §2.
enum Exit {
    static let ok: Int32 = 0
    static let usage: Int32 = 1
    static let api: Int32 = 2
    static let jobsFailed: Int32 = 3
    static let detached: Int32 = 4
    static let interrupted: Int32 = 130
}

/// A failure already explained to the user: print `message` (if any) and exit with `code`.
struct Failure: Error {
    var code: Int32
    var message: String?
}

/// What a command talks to: the API client, and the embedded simulator under `--demo`.
/// Always `close()` it: it shuts the HTTP client and the simulator down.
final class Session: Sendable {
    let client: GPCNClient
    let simulator: EmbeddedSimulator?
    let environment: [String: String]
    /// The profile in force (its create defaults and theme), if any.
    let profileName: String?
    let profile: GPCNConfig.Profile?
    /// The theme asked for by `GPCN_THEME` or the profile (a `--theme` flag beats it).
    let theme: String?

    private init(client: GPCNClient, simulator: EmbeddedSimulator?, environment: [String: String],
                 config: ResolvedConfig?) {
        self.client = client; self.simulator = simulator; self.environment = environment
        self.profileName = config?.profile?.name
        self.profile = config?.profile?.profile
        self.theme = config?.settings.theme?.value
    }

    var isDemo: Bool { simulator != nil }

    /// Where submissions are recorded: `journal.jsonl`, or `demo-journal.jsonl` beside it under
    /// `--demo` (demo jobs die with their in-process simulator; `gpcn jobs` must never offer them).
    var journal: JournalFile { JournalFile(path: Session.journalPath(demo: isDemo, environment: environment)) }

    static func journalPath(demo: Bool, environment: [String: String]) -> String {
        let path = JournalFile.defaultPath(environment: environment)
        guard demo, let slash = path.lastIndex(of: "/") else { return path }
        return String(path[...slash]) + "demo-journal.jsonl"
    }

    /// A client like the session's but without automatic retries, for the dashboard: its
    /// `PollScheduler` owns back-off (so "next try in N s" is true and a 429's wait is not
    /// spent twice). It spends the session's request budget, so its polls and the session's
    /// creates and look-ups together stay within the rate limit. The caller shuts it down.
    func makePollClient() throws -> GPCNClient {
        var configuration = client.configuration
        configuration.retry = .none
        return try GPCNClient(configuration: configuration, budget: client.budget)
    }

    /// The create defaults of the profile (empty without one).
    var createDefaults: CreateFlags { profile?.create ?? CreateFlags() }

    /// Flags beat the environment, the environment beats the config profile; `--demo` beats all.
    static func open(_ options: GlobalOptions,
                     environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> Session {
        Logs.bootstrap(options, environment: environment)
        let logger = Logger(label: "gpcn.client")
        let config = try ResolvedConfig.load(options, environment: environment)
        if options.demo {
            var simConfig = SimulatorConfiguration()
            simConfig.port = 0
            simConfig.speed = environment["GPCN_DEMO_SPEED"].flatMap(Double.init) ?? 20
            simConfig.failRate = environment["GPCN_DEMO_FAIL_RATE"].flatMap(Double.init) ?? 0.15
            let simulator = try await EmbeddedSimulator.start(simConfig)
            let client = try GPCNClient(configuration: ClientConfiguration(host: simulator.baseURL,
                                                                           apiKey: simulator.apiKey),
                                        logger: logger, budget: SharedRequestBudget())
            return Session(client: client, simulator: simulator, environment: environment, config: config)
        }
        guard let rawKey = config.settings.apiKey?.value else {
            throw Failure(code: Exit.api, message: "no API key: set GPCN_API_KEY, add api_key_file to a profile in "
                          + "\(config.path) (gpcn config init writes one), or add --demo to try gpcn against its simulator")
        }
        // A key copied from a file often carries a line ending; anything else that is not a
        // visible character cannot be a key. Say so without ever echoing the key.
        let key = rawKey.trimmingWhitespace()
        guard !key.isEmpty, key.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw Failure(code: Exit.api, message: "the API key (\(config.settings.apiKey?.source ?? "GPCN_API_KEY")) contains spaces, "
                          + "control characters or non-ASCII letters: check how it was set (a copied line ending?)")
        }
        var configuration = ClientConfiguration(host: config.settings.host.value, apiKey: key)
        if let raw = environment["GPCN_TIMEOUT"], !raw.isEmpty {
            // Seconds per request (connect included); for slow links, or scripts that must fail fast.
            guard let seconds = Double(raw), seconds.isFinite, seconds > 0, seconds <= 3600 else {
                throw Failure(code: Exit.usage, message: "GPCN_TIMEOUT '\(raw)' is not a number of seconds: use e.g. 30")
            }
            configuration.requestTimeout = seconds
            configuration.connectTimeout = min(configuration.connectTimeout, seconds)
        }
        do {
            // Proxy (curl's environment rules) and extra CAs (SSL_CERT_FILE, SSL_CERT_DIR, ca_file).
            configuration = try Transport.fromEnvironment(configuration, environment: environment,
                                                          caFile: config.caFile(environment: environment))
            // One request budget for every request of the process (docs/api.md §1.7).
            let client = try GPCNClient(configuration: configuration, logger: logger, budget: SharedRequestBudget())
            return Session(client: client, simulator: nil, environment: environment, config: config)
        } catch let error as APIError {
            throw Failure(code: Exit.usage, message: error.userMessage)
        }
    }

    func close() async {
        await client.shutdown()
        await simulator?.stop()
    }

    /// Runs `body` and always closes the session; API errors become one line and exit 2.
    static func with<T>(_ options: GlobalOptions, _ body: (Session) async throws -> T) async throws -> T {
        let session = try await open(options)
        do {
            let result = try await body(session)
            await session.close()
            return result
        } catch let error as APIError {
            await session.close()
            if case .configuration = error.kind { throw Failure(code: Exit.usage, message: error.userMessage) }
            throw Failure(code: Exit.api, message: error.userMessage)
        } catch {
            await session.close()
            throw error
        }
    }
}

/// Standard error, unbuffered; the only place the CLI prints diagnostics.
enum Console {
    /// One diagnostic line; control characters from API text are neutralised.
    static func error(_ line: String) { write("gpcn: " + TextTable.printable(line) + "\n", to: 2) }

    static func out(_ text: String) { write(text, to: 1) }

    /// Plain write(2): a closed pipe or a dead terminal (the SSH session dropped) loses the text,
    /// never crashes gpcn (Foundation's FileHandle.write traps on EIO/EPIPE).
    static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }
}
