import AsyncHTTPClient
import Foundation
import GPCNCore
import NIOCore
import NIOSSL

/// A file or folder of CA certificates (PEM) trusted besides the system's, and the setting it
/// came from (`SSL_CERT_FILE`, `SSL_CERT_DIR`, `profile prod (ca_file)`), for messages.
public struct TrustSource: Sendable, Equatable {
    public var path: String
    public var origin: String
    public var isDirectory: Bool

    public init(path: String, origin: String, isDirectory: Bool = false) {
        self.path = path; self.origin = origin; self.isDirectory = isDirectory
    }
}

/// How requests leave the machine: the proxy and the trusted CAs of a `ClientConfiguration`
/// turned into AsyncHTTPClient settings, and the failures of both turned into one line that
/// names the cause. `GPCNClient.init` calls `configure`; its transport errors pass `explain` first.
public enum Transport {
    /// The environment's part of a configuration: the proxy for `configuration.host`
    /// (`ProxyRule`, curl's rules) and the extra trust roots of `SSL_CERT_FILE`, `SSL_CERT_DIR`
    /// and `caFile` (a profile's `ca_file`, already expanded). Throws a `.configuration` error.
    public static func fromEnvironment(_ configuration: ClientConfiguration, environment: [String: String],
                                       caFile: (path: String, origin: String)? = nil) throws -> ClientConfiguration {
        var c = configuration
        c.proxy = try ProxyRule.proxy(for: try c.baseURL(), environment: environment)
        c.extraTrust = []
        if let file = environment["SSL_CERT_FILE"], !file.isEmpty {
            c.extraTrust.append(TrustSource(path: file, origin: "SSL_CERT_FILE"))
        }
        if let dir = environment["SSL_CERT_DIR"], !dir.isEmpty {
            // OpenSSL's form: several folders separated by colons.
            for part in dir.split(separator: ":") where !part.isEmpty {
                c.extraTrust.append(TrustSource(path: String(part), origin: "SSL_CERT_DIR", isDirectory: true))
            }
        }
        if let caFile { c.extraTrust.append(TrustSource(path: caFile.path, origin: caFile.origin)) }
        return c
    }

    /// Sets the proxy and TLS trust of `config` from `configuration`. Reads the CA files now, so
    /// a missing or unreadable one is a configuration error before anything is sent.
    static func configure(_ config: inout HTTPClient.Configuration, for configuration: ClientConfiguration) throws {
        if let proxy = configuration.proxy {
            let authorization = proxy.user.map { HTTPClient.Authorization.basic(username: $0, password: proxy.password ?? "") }
            config.proxy = .server(host: proxy.host, port: proxy.port, authorization: authorization)
        }
        if !configuration.extraTrust.isEmpty {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.certificates(try certificates(configuration.extraTrust))]
            config.tlsConfiguration = tls
        }
    }

    /// Every certificate of the sources; a folder contributes each of its files that is PEM.
    static func certificates(_ sources: [TrustSource]) throws -> [NIOSSLCertificate] {
        var all: [NIOSSLCertificate] = []
        for source in sources {
            func refuse(_ why: String) -> APIError {
                APIError(kind: .configuration("\(source.origin) \(source.path): \(why)"), message: "bad CA file")
            }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDir) else {
                throw refuse("no such \(source.isDirectory ? "folder" : "file")")
            }
            if isDir.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: source.path)) ?? []
                let found = names.sorted().flatMap { name in
                    (try? NIOSSLCertificate.fromPEMFile(source.path + "/" + name)) ?? []
                }
                guard !found.isEmpty else { throw refuse("holds no PEM certificate") }
                all += found
            } else {
                guard FileManager.default.isReadableFile(atPath: source.path) else { throw refuse("cannot be read") }
                let found: [NIOSSLCertificate]
                do { found = try NIOSSLCertificate.fromPEMFile(source.path) } catch {
                    throw refuse("is not a PEM certificate file (-----BEGIN CERTIFICATE-----)")
                }
                guard !found.isEmpty else { throw refuse("holds no PEM certificate") }
                all += found
            }
        }
        return all
    }

    /// A transport failure as one line naming its cause, when the proxy or TLS explains it;
    /// nil for the client's generic mapping. Never quotes a secret (the proxy's credentials are
    /// not in these errors' texts, and the texts used here are fixed).
    static func explain(_ error: any Error, configuration: ClientConfiguration) -> APIError? {
        let host = configuration.displayHost
        let text = String(describing: error)
        let lower = text.lowercased()
        if let proxy = configuration.proxy {
            let target = "\(host)"
            if let e = error as? HTTPClientError {
                switch e {
                case .proxyAuthenticationRequired:
                    return proxyError(proxy.user == nil
                        ? "\(proxy) wants a user name and password (407): give them in \(proxy.variable) as http://user:password@host:port"
                        : "\(proxy) refused the user name and password (407): check them in \(proxy.variable)", host: host)
                case .invalidProxyResponse:
                    return proxyError("\(proxy) refused to connect to \(target) (it answered the CONNECT with an error): "
                                      + "check \(proxy.variable), or add \(hostName(configuration)) to NO_PROXY", host: host)
                case .httpProxyHandshakeTimeout:
                    return proxyError("\(proxy) did not answer the CONNECT in time", host: host)
                case .connectTimeout:
                    return proxyError("\(proxy) did not accept the connection in time: check \(proxy.variable)", host: host)
                default: break
                }
            }
            if lower.contains("connection refused") || lower.contains("econnrefused") {
                return proxyError("\(proxy) refused the connection: check \(proxy.variable), or add \(hostName(configuration)) to NO_PROXY",
                                  host: host)
            }
            if lower.contains("name") && (lower.contains("resolv") || lower.contains("lookup")) ||
                lower.contains("unknown host") || lower.contains("nodename") {
                return proxyError("\(proxy): the proxy's host name was not found: check \(proxy.variable)", host: host)
            }
        }
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            return tlsError(error, text: text, configuration: configuration)
        }
        return nil
    }

    static func proxyError(_ why: String, host: String) -> APIError {
        APIError(kind: .proxy(why), message: why, host: host)
    }

    static func tlsError(_ error: any Error, text: String, configuration: ClientConfiguration) -> APIError {
        let host = configuration.displayHost
        let why: String
        let extra = configuration.extraTrust.map(\.origin)
        if let e = error as? NIOSSLExtraError, e == .failedToValidateHostname {
            why = "the server's certificate is not for \(hostName(configuration)): check GPCN_HOST"
        } else if text.contains("CERTIFICATE_VERIFY_FAILED") {
            let fix = extra.isEmpty ? "add it with SSL_CERT_FILE or ca_file"
                : "it is not in the system's CAs nor in \(Set(extra).sorted().joined(separator: ", "))"
            why = "the server's certificate is not signed by a trusted CA (\(fix))"
        } else {
            why = "the handshake failed (\(String(text.prefix(100))))"
        }
        return APIError(kind: .tls(why), message: why, host: host)
    }

    /// The host name of the configured host, without port or brackets.
    static func hostName(_ configuration: ClientConfiguration) -> String {
        ProxyRule.Target(url: configuration.host).map(\.host) ?? configuration.displayHost
    }
}

/// One unauthenticated GET through the same proxy and trust as the client: what `gpcn doctor`
/// learns about the connection (reachable, TLS verified, the server's clock) without the key.
public struct ConnectionProbe: Sendable {
    public struct Result: Sendable {
        /// The HTTP status, when an answer came (any status: the host was reached).
        public var status: Int?
        /// The answer's `Date` header, as sent.
        public var date: String?
        /// Why no answer came.
        public var error: APIError?
    }

    public let configuration: ClientConfiguration

    public init(configuration: ClientConfiguration) { self.configuration = configuration }

    /// GET `/v1/auth/check` without the key (a 401 answer proves the host and TLS just as well).
    public func run() async -> Result {
        let base: String
        do { base = try configuration.baseURL() } catch { return Result(error: APIError.from(error)) }
        var config = HTTPClient.Configuration()
        config.timeout = .init(connect: .milliseconds(Int64(configuration.connectTimeout * 1000)),
                               read: .milliseconds(Int64(configuration.requestTimeout * 1000)))
        config.connectionPool.retryConnectionEstablishment = false
        config.redirectConfiguration = .disallow
        do { try Transport.configure(&config, for: configuration) } catch { return Result(error: APIError.from(error)) }
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        var request = HTTPClientRequest(url: base + "/auth/check")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "gpcn/\(GPCNVersion.current) doctor")
        let result: Result
        do {
            let response = try await http.execute(request, timeout: .milliseconds(Int64(configuration.requestTimeout * 1000)))
            _ = try? await response.body.collect(upTo: 1 << 20)
            result = Result(status: Int(response.status.code), date: response.headers.first(name: "Date"))
        } catch {
            let explained = Transport.explain(error, configuration: configuration)
                ?? GPCNClient.transportError(error, host: configuration.displayHost, timeout: configuration.requestTimeout)
            result = Result(error: explained)
        }
        try? await http.shutdown()
        return result
    }
}
