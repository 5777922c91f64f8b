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
          GPCN_HOST=http://127.0.0.1:8080 GPCN_API_KEY=<printed key> gpcn catalog data-centers
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

    @Option(help: "Requests allowed per API key per minute.")
    var rateLimit: Int = 1000

    @Option(help: "Seed for every random choice (same seed, same run).")
    var seed: UInt64 = 1

    @Option(help: "The API key the simulator accepts (default: printed at start).")
    var apiKey: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535") }
        guard speed > 0 else { throw ValidationError("--speed must be more than 0") }
        guard (0...1).contains(failRate) else { throw ValidationError("--fail-rate must be between 0 and 1") }
        guard (0...1).contains(errorRate) else { throw ValidationError("--error-rate must be between 0 and 1") }
        guard latencyMs >= 0 else { throw ValidationError("--latency-ms must be 0 or more") }
        guard rateLimit > 0 else { throw ValidationError("--rate-limit must be more than 0") }
    }

    func run() async throws {
        var config = SimulatorConfiguration()
        config.port = port
        config.speed = speed
        config.failRate = failRate
        config.latencyMs = latencyMs
        config.errorRate = errorRate
        config.rateLimitPerMinute = rateLimit
        config.seed = seed
        if let apiKey { config.apiKey = apiKey }
        let key = config.apiKey
        try await SimulatorServer.run(config) { port in
            Console.out("""
            GPCN API simulator listening on http://127.0.0.1:\(port)
            accepted API key: \(key)
            try: GPCN_HOST=http://127.0.0.1:\(port) GPCN_API_KEY=\(key) gpcn catalog data-centers

            """)
        }
    }
}
