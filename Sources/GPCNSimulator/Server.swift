import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The request context of the simulator: Hummingbird's basic one plus the channel, so an
/// injected "dropped connection" can close it without an answer.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Hummingbird adapter: turns an HTTP request into a `SimRequest`, applies the configured latency,
/// and writes the `SimResponse` back (or, for an injected transport fault, holds the connection,
/// closes it, or trickles the body).
struct SimulatorResponder: HTTPResponder {
    typealias Context = SimulatorRequestContext
    let simulator: Simulator

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let body: [UInt8]
        do {
            var buffer = try await request.collectBody(upTo: 1 << 20)
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            return Self.response(Errors.shapeA(413, code: "Payload Too Large", message: "Request body exceeds 1 MiB"))
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let path = request.uri.path
        if simulator.configuration.latencyMs > 0 && !path.hasPrefix("/_simulator") {
            try? await Task.sleep(for: .milliseconds(simulator.configuration.latencyMs))
        }
        let answer = simulator.handle(SimRequest(method: request.method.rawValue, path: path, query: request.uri.query,
                                                 headers: headers, body: body))
        switch answer.delivery {
        case .normal, .slow:
            return Self.response(answer)
        case .hang(let seconds):
            // The answer never comes: hold on until the client gives up (or the simulator stops).
            let until = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
            while ContinuousClock.now < until, !simulator.isStopping, !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(50))
            }
            try? await context.channel.close()
            return Self.response(answer)  // nobody is listening any more
        case .drop:
            try? await context.channel.close()
            return Self.response(answer)
        }
    }

    static func response(_ r: SimResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in r.headers {
            if let n = HTTPField.Name(name) { fields.append(HTTPField(name: n, value: value)) }
        }
        let status = HTTPResponse.Status(code: r.status == 0 ? 500 : r.status)
        if case .slow(let ms) = r.delivery, !r.body.isEmpty {
            // The whole answer, in about ten pieces spread over `ms` milliseconds.
            let bytes = r.body
            let pieces = min(10, bytes.count)
            let size = (bytes.count + pieces - 1) / pieces
            let pause = max(ms / pieces, 1)
            return Response(status: status, headers: fields, body: ResponseBody(contentLength: bytes.count) { writer in
                var start = 0
                while start < bytes.count {
                    try await Task.sleep(for: .milliseconds(pause))
                    let end = min(start + size, bytes.count)
                    try await writer.write(ByteBuffer(bytes: bytes[start..<end]))
                    start = end
                }
                try await writer.finish(nil)
            })
        }
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: r.body)))
    }
}

extension Simulator {
    /// A Hummingbird application serving this simulator on `configuration.host:port`.
    /// `onListening` receives the bound port (useful with port 0). For HummingbirdTesting too.
    public func makeApplication(onListening: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol {
        let logger = configuration.logger
        return Application(
            responder: SimulatorResponder(simulator: self),
            server: configuration.serverBuilder,
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port),
                                                     serverName: "gpcn-simulator"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? -1
                logger.info("GPCN simulator listening on \(port)")
                await onListening(port)
            },
            logger: logger)
    }
}

public enum SimulatorError: Error, Sendable, CustomStringConvertible {
    /// The server stopped before it reported a bound port.
    case didNotStart(String)

    public var description: String {
        switch self {
        case .didNotStart(let why): return "the simulator did not start: \(why)"
        }
    }
}

/// `gpcn simulate`: runs the simulator in the foreground until SIGINT or SIGTERM, then shuts
/// down gracefully and returns.
public enum SimulatorServer {
    /// - Parameter onListening: called once with the bound port (the CLI prints the address and key).
    public static func run(_ configuration: SimulatorConfiguration,
                           onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let simulator = Simulator(configuration: configuration)
        let app = simulator.makeApplication { onListening($0) }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: configuration.logger))
        try await group.run()
    }
}

/// The simulator inside the current process, on an ephemeral loopback port (`--demo`, tests).
///
///     let sim = try await EmbeddedSimulator.start()
///     // talk to sim.baseURL with sim.apiKey …
///     await sim.stop()
public final class EmbeddedSimulator: Sendable {
    /// The bound TCP port.
    public let port: Int
    public let simulator: Simulator
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// `http://127.0.0.1:PORT` (https with `tls`) — the host to use as GPCN_HOST (paths start with /v1).
    public var baseURL: String { "\(simulator.configuration.scheme)://\(simulator.configuration.host):\(port)" }
    /// `http://127.0.0.1:PORT/v1`
    public var apiBaseURL: String { baseURL + "/v1" }
    public var apiKey: String { simulator.configuration.apiKey }
    public var catalog: SimulatorCatalog { simulator.catalog }
    public func stats() -> SimulatorStats { simulator.stats() }

    private init(port: Int, simulator: Simulator, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port; self.simulator = simulator; self.group = group; self.task = task
    }

    /// Starts the server; returns once the port is bound. Installs no signal handlers.
    public static func start(_ configuration: SimulatorConfiguration = SimulatorConfiguration()) async throws
        -> EmbeddedSimulator {
        let simulator = Simulator(configuration: configuration)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = simulator.makeApplication { continuation.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [],
                                                      logger: configuration.logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw SimulatorError.didNotStart("the server stopped before binding")
        }
        guard port > 0 else {
            await group.triggerGracefulShutdown()
            _ = try? await task.value
            throw SimulatorError.didNotStart("no port was bound")
        }
        return EmbeddedSimulator(port: port, simulator: simulator, group: group, task: task)
    }

    /// Stops accepting connections, finishes in-flight requests and waits for the server to end.
    /// Requests held open by an injected hang are let go at once.
    public func stop() async {
        simulator.markStopping()
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}
