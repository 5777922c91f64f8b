import Foundation
import GPCNCore

/// `gpcn doctor`'s verdicts, decided from facts the command line gathered (files' modes, the
/// terminal, one probe of the host, `auth check`). Pure: the same facts give the same table.
/// Never holds the API key: only where it came from.
public enum Doctor {
    public enum Verdict: String, Codable, Sendable, Comparable {
        case ok, warn, fail
        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
        var rank: Int { self == .ok ? 0 : self == .warn ? 1 : 2 }
    }

    /// One row of the table: what was checked, what was found, and the fix (nil when ok).
    public struct Check: Codable, Sendable, Equatable {
        public var name: String
        public var verdict: Verdict
        public var detail: String
        public var fix: String?

        public init(_ name: String, _ verdict: Verdict, _ detail: String, fix: String? = nil) {
            self.name = name; self.verdict = verdict; self.detail = detail; self.fix = fix
        }
    }

    /// The terminal as found: TERM, whether terminfo knows it and its colours, the locale's
    /// character set, and the window size when output is a terminal.
    public struct Terminal: Sendable, Equatable {
        public var term: String?
        /// nil when TERM is unset (nothing to look up).
        public var terminfoFound: Bool?
        /// The terminfo `colors` capability (nil: none, or not looked up).
        public var colors: Int?
        public var noColor: Bool
        public var utf8: Bool
        public var locale: String
        /// Columns and rows; nil when standard output is not a terminal.
        public var size: (columns: Int, rows: Int)?

        public init(term: String?, terminfoFound: Bool?, colors: Int?, noColor: Bool, utf8: Bool, locale: String,
                    size: (columns: Int, rows: Int)?) {
            self.term = term; self.terminfoFound = terminfoFound; self.colors = colors; self.noColor = noColor
            self.utf8 = utf8; self.locale = locale; self.size = size
        }

        public static func == (a: Self, b: Self) -> Bool {
            a.term == b.term && a.terminfoFound == b.terminfoFound && a.colors == b.colors && a.noColor == b.noColor
                && a.utf8 == b.utf8 && a.locale == b.locale && a.size?.columns == b.size?.columns && a.size?.rows == b.size?.rows
        }
    }

    /// A file gpcn reads: where, whether it exists, its permission bits.
    public struct FileFacts: Sendable, Equatable {
        public var path: String
        /// nil: it does not exist.
        public var mode: UInt32?
        /// Why gpcn will not use it (another owner, writable by others, unreadable syntax…).
        public var problem: String?

        public init(path: String, mode: UInt32?, problem: String? = nil) {
            self.path = path; self.mode = mode; self.problem = problem
        }
    }

    /// What one unauthenticated request to the host found.
    public struct Probe: Sendable, Equatable {
        /// Any HTTP answer (the host was reached).
        public var status: Int?
        /// The answer's `Date` header.
        public var date: String?
        /// Why there was no answer (one line), and of which kind.
        public var error: APIError?

        public init(status: Int? = nil, date: String? = nil, error: APIError? = nil) {
            self.status = status; self.date = date; self.error = error
        }
    }

    /// `auth check`'s outcome.
    public enum Auth: Sendable, Equatable {
        case accepted(String)
        case refused(String)
        case failed(String)
        case notRun(String)
    }

    public struct Facts: Sendable, Equatable {
        public var terminal: Terminal
        /// The config file (nil mode: none), and whether it holds a key itself.
        public var config: FileFacts
        public var configHoldsKey: Bool
        /// The profile's `api_key_file`, when it names one.
        public var keyFile: FileFacts?
        /// Where the key comes from (`GPCN_API_KEY`, `profile prod (api_key_file)`, `--demo`); nil: none.
        public var keySource: String?
        /// Why the configuration could not be used, when it could not (one line).
        public var configProblem: String?
        /// `https://api.gpcn.com` and where it came from.
        public var host: String
        public var hostSource: String
        /// The proxy for the host (`ProxyChoice.description`), or why the proxy variables are unusable.
        public var proxy: String?
        public var proxyProblem: String?
        /// Extra trust roots in force (`SSL_CERT_FILE /etc/corp.pem`), empty: the system's only.
        public var extraTrust: [String]
        /// The probe with every trust root, and with the system's only (nil when there are no extras).
        public var probe: Probe
        public var systemOnlyProbe: Probe?
        public var now: Date
        public var auth: Auth
        /// The journal file and, when it cannot be written, why.
        public var journal: String
        public var journalProblem: String?

        public init(terminal: Terminal, config: FileFacts, configHoldsKey: Bool, keyFile: FileFacts?, keySource: String?,
                    configProblem: String?, host: String, hostSource: String, proxy: String?, proxyProblem: String?,
                    extraTrust: [String], probe: Probe, systemOnlyProbe: Probe?, now: Date, auth: Auth,
                    journal: String, journalProblem: String?) {
            self.terminal = terminal; self.config = config; self.configHoldsKey = configHoldsKey; self.keyFile = keyFile
            self.keySource = keySource; self.configProblem = configProblem; self.host = host; self.hostSource = hostSource
            self.proxy = proxy; self.proxyProblem = proxyProblem; self.extraTrust = extraTrust; self.probe = probe
            self.systemOnlyProbe = systemOnlyProbe; self.now = now; self.auth = auth; self.journal = journal
            self.journalProblem = journalProblem
        }
    }

    /// Smallest window the wizard and dashboard lay out in without clipping.
    public static let minimumSize = (columns: 80, rows: 24)
    /// Clock skew that is worth a warning, and one that breaks TLS validity and job times.
    public static let skewWarn: Double = 30
    public static let skewFail: Double = 300

    /// Exit status: 0 only when nothing failed.
    public static func exitCode(_ checks: [Check]) -> Int32 { checks.contains { $0.verdict == .fail } ? 1 : 0 }

    public static func checks(_ f: Facts) -> [Check] {
        terminal(f.terminal) + files(f) + connection(f) + [journal(f)]
    }

    // MARK: - Terminal

    static func terminal(_ t: Terminal) -> [Check] {
        var out: [Check] = []
        let term = t.term ?? ""
        if term.isEmpty || term == "dumb" {
            out.append(Check("TERM", .warn, term.isEmpty ? "not set: the wizard and dashboard cannot start (commands still work)"
                             : "dumb: the wizard and dashboard cannot start (commands still work)",
                             fix: "export TERM=xterm-256color"))
        } else {
            out.append(Check("TERM", .ok, term))
            if t.terminfoFound == false {
                out.append(Check("terminfo", .fail, "no terminfo entry for \(term): the wizard and dashboard cannot start",
                                 fix: "install ncurses-term (apt-get install ncurses-term), or export TERM=xterm-256color"))
            } else {
                out.append(Check("terminfo", .ok, "found for \(term)"))
                if t.noColor {
                    out.append(Check("colours", .ok, "off (NO_COLOR is set): attributes only"))
                } else if let c = t.colors, c >= 8 {
                    out.append(Check("colours", .ok, c >= 256 ? "\(c)" : "\(c) (themes use their 8/16-colour forms)"))
                } else {
                    out.append(Check("colours", .warn, "none in terminfo for \(term): attributes only",
                                     fix: "use a colour terminal type, e.g. export TERM=xterm-256color"))
                }
            }
        }
        if t.utf8 {
            out.append(Check("locale", .ok, "\(t.locale) (UTF-8)"))
        } else {
            out.append(Check("locale", .warn, "\(t.locale.isEmpty ? "C" : t.locale) is not UTF-8: boxes and names fall back to ASCII",
                             fix: "export LANG=C.UTF-8 (or another UTF-8 locale from locale -a)"))
        }
        if let size = t.size {
            let small = size.columns < minimumSize.columns || size.rows < minimumSize.rows
            out.append(Check("window", small ? .warn : .ok, "\(size.columns)x\(size.rows)"
                             + (small ? ", smaller than \(minimumSize.columns)x\(minimumSize.rows): screens are cut" : ""),
                             fix: small ? "enlarge the window to at least \(minimumSize.columns)x\(minimumSize.rows)" : nil))
        } else {
            out.append(Check("window", .ok, "output is not a terminal (size not measured)"))
        }
        return out
    }

    // MARK: - Files and the key

    static func files(_ f: Facts) -> [Check] {
        var out: [Check] = []
        let config = f.config
        if let mode = config.mode {
            if let problem = config.problem {
                out.append(Check("config file", .fail, problem, fix: fixIn(problem) ?? "edit \(config.path)"))
            } else if f.configHoldsKey, mode & 0o077 != 0 {
                out.append(Check("config file", .fail, "\(config.path) holds an API key but is mode \(octal(mode))",
                                 fix: "chmod 600 \(Shell.quote(config.path))"))
            } else {
                out.append(Check("config file", .ok, "\(config.path) (mode \(octal(mode)))"))
            }
        } else {
            out.append(Check("config file", .ok, "none at \(config.path) (environment only)"))
        }
        if let key = f.keyFile {
            if let mode = key.mode {
                if mode & 0o077 != 0 {
                    out.append(Check("key file", .fail, "\(key.path) is mode \(octal(mode)): others can read the API key",
                                     fix: "chmod 600 \(Shell.quote(key.path))"))
                } else if let problem = key.problem {
                    out.append(Check("key file", .fail, problem, fix: "check \(key.path)"))
                } else {
                    out.append(Check("key file", .ok, "\(key.path) (mode \(octal(mode)))"))
                }
            } else {
                out.append(Check("key file", .fail, "\(key.path) does not exist",
                                 fix: "create it with the key on one line and chmod 600 it, or run gpcn config init"))
            }
        }
        if let source = f.keySource {
            out.append(Check("API key", .ok, "present, from \(source) (not shown)"))
        } else {
            out.append(Check("API key", .fail, f.configProblem.map { "not usable: \($0)" } ?? "none configured",
                             fix: f.configProblem.flatMap(fixIn) ?? "export GPCN_API_KEY=… or run gpcn config init"))
        }
        return out
    }

    /// The `Fix it with: …` part of a gpcn message, as a fix.
    static func fixIn(_ message: String) -> String? {
        guard let r = message.range(of: "Fix it with: ") else { return nil }
        return String(message[r.upperBound...])
    }

    static func octal(_ mode: UInt32) -> String {
        let s = String(mode & 0o777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    // MARK: - Connection

    static func connection(_ f: Facts) -> [Check] {
        var out: [Check] = []
        let https = f.host.lowercased().hasPrefix("https://")
        // Proxy
        if let problem = f.proxyProblem {
            out.append(Check("proxy", .fail, problem, fix: "fix or unset the variable it names"))
        } else if let proxy = f.proxy {
            if case .proxy(let why)? = f.probe.error?.kind {
                out.append(Check("proxy", .fail, why, fix: "check the proxy variable, or list the host in NO_PROXY"))
            } else {
                out.append(Check("proxy", .ok, "\(proxy) for \(f.host)"))
            }
        } else {
            out.append(Check("proxy", .ok, "none: direct to \(f.host)"))
        }
        // Reachable
        let probe = f.probe
        if let status = probe.status {
            out.append(Check("host", .ok, "\(f.host) (from \(f.hostSource)) answered (HTTP \(status) without a key)"))
        } else if let error = probe.error {
            switch error.kind {
            case .proxy:
                out.append(Check("host", .fail, "\(f.host) not reached: the proxy failed", fix: "see the proxy row"))
            case .tls:
                out.append(Check("host", .fail, "\(f.host) not reached: the TLS handshake failed", fix: "see the TLS row"))
            case .configuration:
                out.append(Check("host", .fail, error.userMessage, fix: "correct the setting it names"))
            default:
                out.append(Check("host", .fail, error.userMessage,
                                 fix: "check GPCN_HOST (\(f.hostSource)) and the network; behind a proxy set HTTPS_PROXY"))
            }
        }
        // TLS
        if !https {
            out.append(Check("TLS", .ok, "not used: plain http to this machine (allowed for loopback only)"))
        } else if case .tls(let why)? = probe.error?.kind {
            out.append(Check("TLS", .fail, why, fix: f.extraTrust.isEmpty
                             ? "export SSL_CERT_FILE=/path/to/ca.pem, or ca_file = \"…\" in the profile"
                             : "check that \(f.extraTrust.joined(separator: ", ")) holds the CA that signed the server's certificate"))
        } else if probe.status != nil {
            if f.extraTrust.isEmpty || f.systemOnlyProbe?.status != nil {
                out.append(Check("TLS", .ok, "verified by the system's CAs"))
            } else {
                out.append(Check("TLS", .ok, "verified by \(f.extraTrust.joined(separator: ", ")) (not by the system's CAs)"))
            }
        } else {
            out.append(Check("TLS", .warn, "not checked: the host was not reached", fix: "see the host row"))
        }
        // Clock
        if let header = probe.date {
            if let server = httpDate(header) {
                let skew = f.now.timeIntervalSince(server)
                let text = abs(skew) < 1 ? "in step with the server" : "\(Int(abs(skew).rounded())) s \(skew > 0 ? "ahead of" : "behind") the server"
                let verdict: Verdict = abs(skew) >= skewFail ? .fail : abs(skew) >= skewWarn ? .warn : .ok
                out.append(Check("clock", verdict, text,
                                 fix: verdict == .ok ? nil : "sync the clock (timedatectl set-ntp true, or chronyc makestep)"))
            } else {
                out.append(Check("clock", .warn, "the server's Date header is not an HTTP date", fix: nil))
            }
        } else {
            out.append(Check("clock", .warn, probe.status == nil ? "not checked: the host was not reached" : "the server sent no Date header",
                             fix: probe.status == nil ? "see the host row" : nil))
        }
        // Auth
        switch f.auth {
        case .accepted(let what): out.append(Check("API key accepted", .ok, what))
        case .refused(let why): out.append(Check("API key accepted", .fail, why, fix: "check GPCN_API_KEY or the profile's key (gpcn config show)"))
        case .failed(let why): out.append(Check("API key accepted", .fail, "not checked: \(why)", fix: "see the rows above"))
        case .notRun(let why): out.append(Check("API key accepted", .fail, "not checked: \(why)", fix: "see the API key row"))
        }
        return out
    }

    static func journal(_ f: Facts) -> Check {
        if let problem = f.journalProblem {
            let dir = (f.journal as NSString).deletingLastPathComponent
            return Check("journal", .fail, "\(f.journal): \(problem)",
                         fix: "mkdir -p \(Shell.quote(dir)) && chmod u+w \(Shell.quote(dir)), or set XDG_STATE_HOME to a writable folder")
        }
        return Check("journal", .ok, "\(f.journal) is writable")
    }

    /// An IMF-fixdate (`Sun, 06 Dec 2026 23:50:00 GMT`, RFC 9110), the form servers send.
    public static func httpDate(_ text: String) -> Date? {
        let parts = text.trimmingWhitespace().split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT" else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let day = Int(parts[1]), let monthIndex = months.firstIndex(of: String(parts[2])), let year = Int(parts[3]) else { return nil }
        let hms = parts[4].split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: year, month: monthIndex + 1, day: day,
                                                  hour: hms[0], minute: hms[1], second: hms[2]))
    }

    // MARK: - Rendering

    /// The table as text: CHECK, RESULT, DETAIL, FIX columns are laid out by the command line;
    /// this is the JSON form (`--output json`).
    public struct Report: Codable, Sendable {
        public var ok: Bool
        public var checks: [Check]
        public init(checks: [Check]) { self.checks = checks; ok = Doctor.exitCode(checks) == 0 }
    }
}
