import ArgumentParser
import Foundation
import GPCNSimulator

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the GPCN API simulator as an HTTP server on 127.0.0.1.",
        discussion: """
        Serves the GPCN API (paths under /v1) from an in-memory catalog: data centers, \
        images, sizes, SSH keys, networks, resource groups; creates jobs that advance in \
        real time. Stop it with Ctrl-C.

        Examples:
          gpcn simulate --port 8080
          gpcn simulate --port 8080 --speed 30 --fail-rate 0.2 --error-rate 0.05
          gpcn simulate --port 8080 --error-rate 0.2 --timeout-rate 0.05 --burst-rate 0.02 --seed 7
                                            an unreliable API: 5xx, answers that never come, 429 bursts

        Faults (each a share of API requests, 0-1; drawn per request in arrival order from --seed): \
        --error-rate 500/502/503/504 (502/504 sometimes after the work was done), --timeout-rate no \
        answer until the client gives up (--hang-seconds), --drop-rate connection closed without an \
        answer, --slow-body-rate the answer trickles out over --slow-body-ms, --malformed-rate 200 with \
        JSON cut in half, --burst-rate a run of --burst-length 429s. GET /_simulator/stats counts them; \
        GET /_simulator/creates lists every create request received (with each body's keys); \
        GET /_simulator/jobs every job.
          GPCN_HOST=http://127.0.0.1:8080 GPCN_API_KEY=<printed key> gpcn catalog data-centers

        Dialects and accounts (docs/api.md, "What the simulator's dialects serve"): --dialect rich \
        (the default, as --demo) serves everything gpcn assumes: image login options, prices, \
        availability, isDefault, the resource-group list, X-RateLimit headers. --dialect minimal \
        serves only what the API reference documents: images as id and name, no prices or \
        availability (a sold-out size is a 409 at create), no isDefault, no resource-group list, \
        no rate-limit headers and a 900 s window (a 429 asks for minutes), a shape-B 401, no \
        primary addresses on a single VM (read them from .../network-interfaces). Creates follow \
        each image's real rules in both. --vpc makes the account a VPC one: VPCs and subnets, \
        creates with subnetId and a strict body, 403 LEGACY_NETWORKING_CUT_OVER on a legacy body; \
        --no-vpc-list makes GET /resource/vpcs a 404. --rate-window changes the window length.
          gpcn simulate --port 8080 --dialect minimal --vpc
        """
    )

    @Option(help: "TCP port on 127.0.0.1 (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "How many times faster than real time jobs advance (real jobs take 1-3 minutes).")
    var speed: Double = 1

    @Option(help: "Share of jobs that fail (0-1).")
    var failRate: Double = 0.1

    @Option(help: "Extra delay added to every answer, in milliseconds.")
    var latencyMs: Int = 0

    @Option(help: "Share of requests answered with a 5xx error (0-1).")
    var errorRate: Double = 0

    @Option(help: "Share of requests never answered (held until the client times out, then closed).")
    var timeoutRate: Double = 0

    @Option(help: "Share of requests whose connection is closed without an answer.")
    var dropRate: Double = 0

    @Option(help: "Share of answers whose body trickles out slowly (see --slow-body-ms).")
    var slowBodyRate: Double = 0

    @Option(help: "Share of requests answered 200 with JSON cut in half.")
    var malformedRate: Double = 0

    @Option(help: "Share of requests that start a burst of 429s (see --burst-length).")
    var burstRate: Double = 0

    @Option(help: "429s in one burst.")
    var burstLength: Int = 3

    @Option(help: "How long a never-answered request is held open, in seconds.")
    var hangSeconds: Double = 30

    @Option(help: "How long a slow body takes, in milliseconds.")
    var slowBodyMs: Int = 1500

    @Option(help: "Requests allowed per API key per rate-limit window (a minute unless --rate-window or --dialect minimal).")
    var rateLimit: Int = 1000

    @Option(help: "Seed for every random choice (same seed, same run).")
    var seed: UInt64 = 1

    @Option(help: "The API key the simulator accepts (default: printed at start).")
    var apiKey: String?

    // Dialect and account options (issue 12), kept together.
    @Option(help: "What the simulator serves: rich (everything gpcn assumes) or minimal (only what the API reference documents).")
    var dialect: String = SimulatorDialect.rich.rawValue

    @Flag(help: "Make the account a VPC one: VPCs, subnets, creates with subnetId, 403 on a legacy create body.")
    var vpc = false

    @Flag(name: .customLong("no-vpc-list"), help: "Answer GET /resource/vpcs with 404 (the list is an assumption); single VPCs and subnets stay.")
    var noVPCList = false

    @Option(name: .customLong("rate-window"), help: "Length of the rate-limit window in seconds (default: 60 rich, 900 minimal).")
    var rateWindow: Int?
    // --- TLS: serve https (GPCNSimulator/TLS.swift; docs/install.md, "Private CAs") ---
    @Option(help: ArgumentHelp("Serve https with this PEM certificate (chain); needs --tls-key.", valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "file"))
    var tlsKey: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535") }
        guard speed > 0 else { throw ValidationError("--speed must be more than 0") }
        guard (0...1).contains(failRate) else { throw ValidationError("--fail-rate must be between 0 and 1") }
        guard (0...1).contains(errorRate) else { throw ValidationError("--error-rate must be between 0 and 1") }
        for (flag, rate) in [("--timeout-rate", timeoutRate), ("--drop-rate", dropRate), ("--slow-body-rate", slowBodyRate),
                             ("--malformed-rate", malformedRate), ("--burst-rate", burstRate)] {
            guard (0...1).contains(rate) else { throw ValidationError("\(flag) must be between 0 and 1") }
        }
        guard burstLength >= 1 else { throw ValidationError("--burst-length must be 1 or more") }
        guard hangSeconds > 0 else { throw ValidationError("--hang-seconds must be more than 0") }
        guard slowBodyMs >= 0 else { throw ValidationError("--slow-body-ms must be 0 or more") }
        guard latencyMs >= 0 else { throw ValidationError("--latency-ms must be 0 or more") }
        guard rateLimit > 0 else { throw ValidationError("--rate-limit must be more than 0") }
        guard SimulatorDialect(rawValue: dialect.lowercased()) != nil else {
            throw ValidationError("--dialect must be rich or minimal (got '\(dialect)')")
        }
        if let rateWindow, rateWindow < 1 { throw ValidationError("--rate-window must be 1 second or more") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
    }

    func run() async throws {
        var config = SimulatorConfiguration()
        config.port = port
        config.speed = speed
        config.failRate = failRate
        config.latencyMs = latencyMs
        config.errorRate = errorRate
        config.timeoutRate = timeoutRate
        config.dropRate = dropRate
        config.slowBodyRate = slowBodyRate
        config.malformedRate = malformedRate
        config.burstRate = burstRate
        config.burstLength = burstLength
        config.hangSeconds = hangSeconds
        config.slowBodyMs = slowBodyMs
        config.rateLimitPerMinute = rateLimit
        config.seed = seed
        if let apiKey { config.apiKey = apiKey }
        config.dialect = SimulatorDialect(rawValue: dialect.lowercased()) ?? .rich
        config.vpc = vpc
        config.vpcListing = !noVPCList
        config.rateLimitWindowSeconds = rateWindow
        if let tlsCert, let tlsKey {
            do { config.tls = try SimulatorTLS.load(certificateFile: tlsCert, keyFile: tlsKey) } catch {
                throw Failure(code: Exit.usage, message: "\(error)")
            }
        }
        let key = config.apiKey
        let scheme = config.scheme
        try await SimulatorServer.run(config) { port in
            Console.out("""
            GPCN API simulator listening on \(scheme)://127.0.0.1:\(port)
            accepted API key: \(key)
            try: GPCN_HOST=\(scheme)://127.0.0.1:\(port) GPCN_API_KEY=\(key) gpcn catalog data-centers

            """)
        }
    }
}
