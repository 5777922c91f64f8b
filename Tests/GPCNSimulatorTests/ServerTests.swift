import AsyncHTTPClient
import Foundation
import GPCNCore
import NIOCore
import Testing
@testable import GPCNSimulator

@Suite struct ServerTests {
    static func get(_ url: String, key: String?) async throws -> (Int, [UInt8]) {
        var request = HTTPClientRequest(url: url)
        if let key { request.headers.add(name: "X-API-Key", value: key) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), Array(body.readableBytesView))
    }

    @Test func embeddedSimulatorStartsOnAnEphemeralPortAndStops() async throws {
        let sim = try await EmbeddedSimulator.start()
        #expect(sim.port > 0)
        #expect(sim.baseURL == "http://127.0.0.1:\(sim.port)")
        #expect(sim.apiBaseURL == sim.baseURL + "/v1")
        #expect(sim.apiKey == SimulatorConfiguration.defaultAPIKey)
        let (status, body) = try await Self.get(sim.apiBaseURL + "/resource/data-centers", key: sim.apiKey)
        #expect(status == 200)
        let env = try JSONDecoder().decode(Envelope<[DataCenter]>.self, from: Data(body))
        #expect(env.data?.count == 10)
        #expect(try await Self.get(sim.apiBaseURL + "/auth/check", key: nil).0 == 401)
        #expect(sim.stats().totalRequests == 2)
        let (statsStatus, statsBody) = try await Self.get(sim.baseURL + "/_simulator/stats", key: nil)
        #expect(statsStatus == 200)
        #expect(try JSONDecoder().decode(SimulatorStats.self, from: Data(statsBody)).totalRequests == 2)

        // A second simulator runs side by side on another port.
        let other = try await EmbeddedSimulator.start(SimulatorConfiguration(apiKey: "gpcn_second_key_000000000000000"))
        #expect(other.port != sim.port)
        #expect(try await Self.get(other.apiBaseURL + "/auth/check", key: "gpcn_second_key_000000000000000").0 == 200)
        await other.stop()
        await sim.stop()
    }

    @Test func startFailsWhenThePortIsTaken() async throws {
        let first = try await EmbeddedSimulator.start()
        await #expect(throws: (any Error).self) {
            _ = try await EmbeddedSimulator.start(SimulatorConfiguration(port: first.port))
        }
        await first.stop()
    }

    @Test func foregroundServerReportsItsPortAndEndsOnCancel() async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            try await SimulatorServer.run(SimulatorConfiguration()) { continuation.yield($0) }
        }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        #expect(port > 0)
        #expect(try await Self.get("http://127.0.0.1:\(port)/v1/auth/check", key: SimulatorConfiguration.defaultAPIKey).0 == 200)
        task.cancel()
        _ = try? await task.value
    }
}
