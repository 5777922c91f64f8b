import Foundation
import Testing
@testable import GPCNApp
import GPCNCore

@Suite("gpcn doctor's verdicts")
struct DoctorTests {
    static let serverNow = Date(timeIntervalSince1970: 1_796_600_000)  // Sun, 06 Dec 2026 23:33:20 GMT

    /// A healthy setup: every row ok.
    static func healthy() -> Doctor.Facts {
        Doctor.Facts(
            terminal: Doctor.Terminal(term: "xterm-256color", terminfoFound: true, colors: 256, noColor: false, utf8: true,
                                      locale: "C.UTF-8", size: (120, 40)),
            config: Doctor.FileFacts(path: "/home/u/.config/gpcn/config.toml", mode: 0o600), configHoldsKey: false,
            keyFile: Doctor.FileFacts(path: "/home/u/.config/gpcn/prod.key", mode: 0o600),
            keySource: "profile prod (api_key_file)", configProblem: nil,
            host: "https://api.gpcn.com", hostSource: "profile prod", proxy: nil, proxyProblem: nil, extraTrust: [],
            probe: Doctor.Probe(status: 401, date: "Sun, 06 Dec 2026 23:33:20 GMT"), systemOnlyProbe: nil,
            now: serverNow, auth: .accepted("accepted by https://api.gpcn.com/v1"),
            journal: "/home/u/.local/state/gpcn/journal.jsonl", journalProblem: nil)
    }

    func row(_ checks: [Doctor.Check], _ name: String) -> Doctor.Check? { checks.first { $0.name == name } }

    @Test("a healthy setup is all ok and exits 0")
    func healthySetup() {
        let checks = Doctor.checks(Self.healthy())
        #expect(checks.allSatisfy { $0.verdict == .ok }, "\(checks.filter { $0.verdict != .ok })")
        #expect(Doctor.exitCode(checks) == 0)
        for name in ["TERM", "terminfo", "colours", "locale", "window", "config file", "key file", "API key", "proxy",
                     "host", "TLS", "clock", "API key accepted", "journal"] {
            #expect(row(checks, name) != nil, "no \(name) row")
        }
    }

    @Test("a 0644 key file fails with chmod 600 FILE as the fix")
    func looseKeyFile() {
        var f = Self.healthy()
        f.keyFile = Doctor.FileFacts(path: "/home/u/my keys/prod.key", mode: 0o644)
        let checks = Doctor.checks(f)
        let key = row(checks, "key file")
        #expect(key?.verdict == .fail)
        #expect(key?.fix == "chmod 600 '/home/u/my keys/prod.key'")
        #expect(key?.detail.contains("0644") == true)
        #expect(Doctor.exitCode(checks) == 1)
    }

    @Test("a config file holding a key must be 0600; one without a key may be 0644")
    func configMode() {
        var f = Self.healthy()
        f.config.mode = 0o644
        #expect(row(Doctor.checks(f), "config file")?.verdict == .ok)
        f.configHoldsKey = true
        let c = row(Doctor.checks(f), "config file")
        #expect(c?.verdict == .fail)
        #expect(c?.fix == "chmod 600 /home/u/.config/gpcn/config.toml")
    }

    @Test("the key's source is shown, never a key; no key fails")
    func keyPresence() {
        var f = Self.healthy()
        #expect(row(Doctor.checks(f), "API key")?.detail == "present, from profile prod (api_key_file) (not shown)")
        f.keySource = nil
        f.auth = .notRun("no usable API key")
        let checks = Doctor.checks(f)
        #expect(row(checks, "API key")?.verdict == .fail)
        #expect(row(checks, "API key accepted")?.verdict == .fail)
    }

    @Test("terminal: dumb TERM and a non-UTF-8 locale warn; an unknown terminfo entry fails")
    func terminal() {
        var f = Self.healthy()
        f.terminal = Doctor.Terminal(term: "dumb", terminfoFound: nil, colors: nil, noColor: false, utf8: false,
                                     locale: "C", size: nil)
        var checks = Doctor.checks(f)
        #expect(row(checks, "TERM")?.verdict == .warn)
        #expect(row(checks, "locale")?.verdict == .warn)
        #expect(row(checks, "locale")?.fix?.contains("LANG=C.UTF-8") == true)
        #expect(Doctor.exitCode(checks) == 0)
        f.terminal = Doctor.Terminal(term: "vt-unknown", terminfoFound: false, colors: nil, noColor: false, utf8: true,
                                     locale: "C.UTF-8", size: (60, 20))
        checks = Doctor.checks(f)
        #expect(row(checks, "terminfo")?.verdict == .fail)
        #expect(row(checks, "window")?.verdict == .warn)
    }

    @Test("clock skew against the server's Date header: ok, warn at 30 s, fail at 5 min")
    func clock() {
        var f = Self.healthy()
        f.now = Self.serverNow.addingTimeInterval(12)
        #expect(row(Doctor.checks(f), "clock")?.verdict == .ok)
        f.now = Self.serverNow.addingTimeInterval(-45)
        #expect(row(Doctor.checks(f), "clock")?.verdict == .warn)
        #expect(row(Doctor.checks(f), "clock")?.detail == "45 s behind the server")
        f.now = Self.serverNow.addingTimeInterval(600)
        #expect(row(Doctor.checks(f), "clock")?.verdict == .fail)
        #expect(Doctor.httpDate("Sun, 06 Dec 2026 23:33:20 GMT") == Self.serverNow)
        #expect(Doctor.httpDate("yesterday") == nil)
    }

    @Test("TLS: which CA verified it, and an unknown CA fails with the fix")
    func tls() {
        var f = Self.healthy()
        #expect(row(Doctor.checks(f), "TLS")?.detail == "verified by the system's CAs")
        f.extraTrust = ["SSL_CERT_FILE /etc/corp.pem"]
        f.systemOnlyProbe = Doctor.Probe(error: APIError(kind: .tls("not trusted"), message: "x"))
        #expect(row(Doctor.checks(f), "TLS")?.detail == "verified by SSL_CERT_FILE /etc/corp.pem (not by the system's CAs)")
        f.extraTrust = []
        f.probe = Doctor.Probe(error: APIError(kind: .tls("the server's certificate is not signed by a trusted CA"), message: "x",
                                               host: "api.gpcn.com"))
        f.auth = .failed("the host was not reached")
        let checks = Doctor.checks(f)
        #expect(row(checks, "TLS")?.verdict == .fail)
        #expect(row(checks, "TLS")?.fix?.contains("SSL_CERT_FILE") == true)
        #expect(row(checks, "host")?.verdict == .fail)
    }

    @Test("proxy: in use is ok; a refusing proxy fails on the proxy row")
    func proxy() {
        var f = Self.healthy()
        f.proxy = "proxy 127.0.0.1:3128 (from HTTPS_PROXY)"
        #expect(row(Doctor.checks(f), "proxy")?.detail == "proxy 127.0.0.1:3128 (from HTTPS_PROXY) for https://api.gpcn.com")
        f.probe = Doctor.Probe(error: APIError(kind: .proxy("proxy 127.0.0.1:3128 (from HTTPS_PROXY) refused the connection"),
                                               message: "x"))
        let p = row(Doctor.checks(f), "proxy")
        #expect(p?.verdict == .fail)
        #expect(p?.detail.contains("refused the connection") == true)
    }

    @Test("an unwritable journal fails with a fix naming its folder")
    func journal() {
        var f = Self.healthy()
        f.journalProblem = "/home/u/.local/state is not writable (Permission denied)"
        let j = row(Doctor.checks(f), "journal")
        #expect(j?.verdict == .fail)
        #expect(j?.fix?.hasPrefix("mkdir -p /home/u/.local/state/gpcn") == true)
    }

    @Test("the JSON report says ok only when nothing failed")
    func report() throws {
        var f = Self.healthy()
        f.keyFile?.mode = 0o640
        let data = try JSONEncoder().encode(Doctor.Report(checks: Doctor.checks(f)))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"ok\":false"))
        #expect(text.contains("\"verdict\":\"fail\""))
    }
}
