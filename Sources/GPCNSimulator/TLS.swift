import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL

/// The certificate the simulator serves https with (`gpcn simulate --tls-cert FILE --tls-key
/// FILE`): a test CA's server certificate lets the client's trust settings (SSL_CERT_FILE,
/// ca_file) be tried end to end (Tests/e2e/install.sh).
public struct SimulatorTLS: Sendable {
    /// The PEM files it was read from.
    public let certificateFile: String
    public let keyFile: String
    let server: HTTPServerBuilder

    /// Reads the PEM certificate chain and private key now, so a bad file stops the start with
    /// a sentence instead of failing every handshake.
    public static func load(certificateFile: String, keyFile: String) throws -> SimulatorTLS {
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(certificateFile) } catch {
            throw SimulatorError.didNotStart("\(certificateFile) is not a PEM certificate file")
        }
        guard !chain.isEmpty else { throw SimulatorError.didNotStart("\(certificateFile) holds no certificate") }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(file: keyFile, format: .pem) } catch {
            throw SimulatorError.didNotStart("\(keyFile) is not a PEM private key file")
        }
        let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                            privateKey: .privateKey(key))
        return SimulatorTLS(certificateFile: certificateFile, keyFile: keyFile,
                            server: try .tls(.http1(), tlsConfiguration: tls))
    }
}

extension SimulatorConfiguration {
    /// Plain HTTP/1.1, or HTTP/1.1 over TLS when `tls` is set.
    var serverBuilder: HTTPServerBuilder { tls?.server ?? .http1() }

    /// `http` or `https`, for the address the simulator prints.
    public var scheme: String { tls == nil ? "http" : "https" }
}
