import Foundation
import Logging
import Synchronization

/// How a simulator behaves. Every field has a default, so `SimulatorConfiguration()` is a
/// well-behaved, fault-free simulator on an ephemeral loopback port.
public struct SimulatorConfiguration: Sendable {
    /// The API key every request must carry (`X-API-Key` or `Authorization: Bearer`).
    public static let defaultAPIKey = "gpcn_demo_key_000000000000000000"

    /// Address to bind; the simulator is meant for loopback only.
    public var host: String
    /// TCP port; 0 picks a free ephemeral port (reported once bound).
    public var port: Int
    /// The one accepted API key.
    public var apiKey: String
    /// Time scale of jobs: a job takes 60–180 s divided by `speed` (60 -> 1–3 s).
    public var speed: Double
    /// Share (0…1) of VM jobs that fail at a random stage.
    public var failRate: Double
    /// Share (0…1) of VM jobs the "platform" cancels mid-way.
    public var cancelRate: Double
    /// Delay added to every API request, in milliseconds.
    public var latencyMs: Int
    /// Share (0…1) of API requests answered with an injected 500/502/503/504.
    public var errorRate: Double
    /// Share (0…1) of API requests whose answer never comes: the connection is held open for
    /// `hangSeconds` (the client times out first) and then closed without an answer.
    public var timeoutRate: Double
    /// Share (0…1) of API requests whose connection is closed without any answer.
    public var dropRate: Double
    /// Share (0…1) of API requests answered correctly but slowly: the body trickles out over
    /// `slowBodyMs` milliseconds.
    public var slowBodyRate: Double
    /// Share (0…1) of API requests answered `200` with JSON cut in half.
    public var malformedRate: Double
    /// Share (0…1) of API requests that start a burst of `burstLength` `429`s (Retry-After 1 s).
    public var burstRate: Double
    /// 429s in one burst (the drawing request included).
    public var burstLength: Int
    /// How long an injected "never answered" request holds its connection, seconds.
    public var hangSeconds: Double
    /// How long an injected slow body takes, milliseconds.
    public var slowBodyMs: Int
    /// Requests per API key per fixed window of `rateLimitWindow` seconds (a minute unless
    /// changed, hence the name).
    public var rateLimitPerMinute: Int
    /// Length of the rate limiter's fixed window in seconds; nil = the dialect's default (60 for
    /// `.rich`, 900 for `.minimal`, where a 429 then asks for a wait of many minutes as the real
    /// API did). A 429 asks the client to wait for the rest of the window.
    public var rateLimitWindowSeconds: Int?
    /// What the simulator serves: `.rich` (everything gpcn assumes, the default and `--demo`) or
    /// `.minimal` (only what docs/api.md documents with a source). See `Dialect.swift`.
    public var dialect: SimulatorDialect
    /// A VPC-era account (docs/api.md §2.11): VPCs and subnets, creates with `subnetId` and a
    /// strict body, and `403 LEGACY_NETWORKING_CUT_OVER` on a legacy create body.
    public var vpc: Bool
    /// Whether `GET /resource/vpcs` exists (an assumption); false answers it with `404` shape D,
    /// while `GET /resource/vpcs/{id}` and its subnets are still served.
    public var vpcListing: Bool
    /// Largest page the list endpoints serve (1…100): a larger `limit` is quietly capped, as
    /// endpoints whose page size "varies" do. Lets tests make small catalogs span several pages.
    public var maxPageSize: Int
    /// Seed of every random choice (job durations, failures, faults, job and VM ids). The default
    /// is drawn at random per configuration, so job ids of two demo runs never collide; set it
    /// for repeatable runs.
    public var seed: UInt64
    /// Where "now" comes from; tests pass a manual clock to step jobs deterministically.
    public var clock: SimulatorClock
    /// All logging of the simulator (and of its HTTP server) goes here; the library never prints.
    /// The default logger is at level `.warning`, so an embedded simulator stays silent under a
    /// full-screen UI even when swift-log was not bootstrapped; pass your own for more.
    public var logger: Logger

    // --- TLS (`gpcn simulate --tls-cert/--tls-key`; TLS.swift) ---
    /// Serve https with this certificate; nil serves plain http.
    public var tls: SimulatorTLS? = nil

    public init(host: String = "127.0.0.1", port: Int = 0, apiKey: String = SimulatorConfiguration.defaultAPIKey,
                speed: Double = 1, failRate: Double = 0, cancelRate: Double = 0, latencyMs: Int = 0,
                errorRate: Double = 0, timeoutRate: Double = 0, dropRate: Double = 0, slowBodyRate: Double = 0,
                malformedRate: Double = 0, burstRate: Double = 0, burstLength: Int = 3, hangSeconds: Double = 30,
                slowBodyMs: Int = 1500, rateLimitPerMinute: Int = 1000, maxPageSize: Int = 100,
                seed: UInt64 = .random(in: 0 ... .max),
                clock: SimulatorClock = .system, logger: Logger = SimulatorConfiguration.defaultLogger,
                dialect: SimulatorDialect = .rich, rateLimitWindowSeconds: Int? = nil, vpc: Bool = false,
                vpcListing: Bool = true) {
        self.host = host; self.port = port; self.apiKey = apiKey; self.speed = speed
        self.failRate = failRate; self.cancelRate = cancelRate; self.latencyMs = latencyMs
        self.errorRate = errorRate; self.timeoutRate = timeoutRate; self.dropRate = dropRate
        self.slowBodyRate = slowBodyRate; self.malformedRate = malformedRate; self.burstRate = burstRate
        self.burstLength = burstLength; self.hangSeconds = hangSeconds; self.slowBodyMs = slowBodyMs
        self.rateLimitPerMinute = rateLimitPerMinute
        self.maxPageSize = maxPageSize; self.seed = seed
        self.clock = clock; self.logger = logger
        self.dialect = dialect; self.rateLimitWindowSeconds = rateLimitWindowSeconds
        self.vpc = vpc; self.vpcListing = vpcListing
    }

    /// `gpcn.simulator` at level `.warning`.
    public static var defaultLogger: Logger {
        var logger = Logger(label: "gpcn.simulator")
        logger.logLevel = .warning
        return logger
    }

    /// The rate limiter's window in seconds (at least 1).
    var rateLimitWindow: Int { max(rateLimitWindowSeconds ?? dialect.rules.defaultRateLimitWindowSeconds, 1) }

    /// `speed` guarded against zero/negative/NaN values.
    var effectiveSpeed: Double { speed.isFinite && speed > 0 ? speed : 1 }
    func clamp(_ rate: Double) -> Double { rate.isFinite ? min(max(rate, 0), 1) : 0 }
}

/// The simulator's notion of "now". `.system` is the wall clock; a manual clock only moves when
/// told to, which makes job progress deterministic in tests.
public final class SimulatorClock: Sendable {
    private let manual: Mutex<Date?>

    /// The wall clock.
    public static var system: SimulatorClock { SimulatorClock(nil) }

    /// A clock standing still at `start` until `advance(by:)` or `set(_:)`.
    public static func manual(start: Date = Date(timeIntervalSince1970: 1_780_000_000)) -> SimulatorClock {
        SimulatorClock(start)
    }

    private init(_ start: Date?) { manual = Mutex(start) }

    public var now: Date { manual.withLock { $0 } ?? Date() }

    /// Moves a manual clock forward (no effect on the system clock).
    public func advance(by seconds: TimeInterval) {
        manual.withLock { d in if let cur = d { d = cur.addingTimeInterval(seconds) } }
    }

    /// Sets a manual clock (no effect on the system clock).
    public func set(_ date: Date) {
        manual.withLock { d in if d != nil { d = date } }
    }
}
