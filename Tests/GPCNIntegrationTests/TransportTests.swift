import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GPCNClient
import GPCNCore
import GPCNSimulator
import Testing

/// The proxy and trust settings of the real client over real loopback sockets (the proxy that
/// answers, and TLS from a test CA, are in Tests/e2e/install.sh).
@Suite struct TransportTests {
    /// A loopback port nothing listens on: bound, then closed.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else { throw APIError(kind: .configuration("bind failed"), message: "bind") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    @Test func aProxyThatRefusesTheConnectionIsOneLineNamingItAndItsVariableAndNothingReachesTheServer() async throws {
        try await withSimulator { h in
            let port = try Self.closedPort()
            var configuration = ClientConfiguration(host: h.sim.baseURL, apiKey: h.sim.apiKey, connectTimeout: 2, requestTimeout: 5)
            configuration.proxy = ProxyChoice(host: "127.0.0.1", port: port, user: "ops", password: "pr0xy-s3cret",
                                              variable: "HTTPS_PROXY")
            let client = try GPCNClient(configuration: configuration, sleep: h.sleeps.sleep)
            let error = await apiError { try await client.dataCenters() }
            await client.shutdown()
            guard case .proxy(let why)? = error?.kind else { Issue.record("not a proxy error: \(String(describing: error))"); return }
            #expect(why.hasPrefix("proxy 127.0.0.1:\(port) (from HTTPS_PROXY, with credentials) refused the connection"))
            #expect(error?.userMessage.contains("pr0xy-s3cret") == false)
            #expect(error?.userMessage.contains("ops") == false)
            #expect(error?.isRetryable == false)
            #expect(h.sleeps.recorded.isEmpty)
            #expect(h.stats().totalRequests == 0)
        }
    }

    @Test func theProxyComesFromTheEnvironmentByTheProxyRule() throws {
        let base = ClientConfiguration(host: "https://api.gpcn.com", apiKey: "k")
        let proxied = try Transport.fromEnvironment(base, environment: ["HTTPS_PROXY": "http://10.0.0.1:3128"])
        #expect(proxied.proxy?.address == "10.0.0.1:3128")
        let exempt = try Transport.fromEnvironment(base, environment: ["HTTPS_PROXY": "http://10.0.0.1:3128",
                                                                       "NO_PROXY": ".gpcn.com"])
        #expect(exempt.proxy == nil)
        let loopback = ClientConfiguration(host: "http://127.0.0.1:8080", apiKey: "k")
        #expect(try Transport.fromEnvironment(loopback, environment: ["HTTP_PROXY": "http://10.0.0.1:3128"]).proxy != nil)
        #expect(try Transport.fromEnvironment(loopback, environment: ["HTTP_PROXY": "http://10.0.0.1:3128",
                                                                      "REQUEST_METHOD": "POST"]).proxy == nil, "never under CGI")
        #expect(try Transport.fromEnvironment(loopback, environment: ["http_proxy": "http://10.0.0.1:3128"]).proxy != nil)
    }

    @Test func aMissingOrNonPEMCAFileIsAConfigurationErrorNamingItsSetting() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gpcn-transport-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let notPEM = folder + "/not.pem"
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: notPEM))
        let base = ClientConfiguration(host: "https://api.gpcn.com", apiKey: "k")
        for (env, says) in [(["SSL_CERT_FILE": folder + "/missing.pem"], "SSL_CERT_FILE \(folder)/missing.pem: no such file"),
                            (["SSL_CERT_FILE": notPEM], "SSL_CERT_FILE \(notPEM): is not a PEM certificate file"),
                            (["SSL_CERT_DIR": folder], "SSL_CERT_DIR \(folder): holds no PEM certificate")] {
            let configuration = try Transport.fromEnvironment(base, environment: env)
            do {
                _ = try GPCNClient(configuration: configuration)
                Issue.record("accepted \(env)")
            } catch let error as APIError {
                guard case .configuration(let text) = error.kind else { Issue.record("kind \(error.kind)"); continue }
                #expect(text.hasPrefix(says), "\(text)")
            }
        }
        let fromProfile = try Transport.fromEnvironment(base, environment: [:], caFile: (folder + "/corp.pem", "profile corp (ca_file)"))
        #expect(fromProfile.extraTrust == [TrustSource(path: folder + "/corp.pem", origin: "profile corp (ca_file)")])
    }
}
