import Foundation

/// The proxy a request goes through, as the environment asked for it. `password` is a secret:
/// `description` never shows it, nor the user name.
public struct ProxyChoice: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// From `user:password@` in the proxy URL (percent-decoded); sent as `Proxy-Authorization: Basic`.
    public var user: String?
    public var password: String?
    /// The variable it came from (`https_proxy`, `HTTPS_PROXY`, `http_proxy`, `HTTP_PROXY`, `all_proxy`, `ALL_PROXY`).
    public var variable: String

    public init(host: String, port: Int, user: String? = nil, password: String? = nil, variable: String) {
        self.host = host; self.port = port; self.user = user; self.password = password; self.variable = variable
    }

    /// `127.0.0.1:3128`, IPv6 in brackets.
    public var address: String { (host.contains(":") ? "[\(host)]" : host) + ":\(port)" }

    /// `proxy 127.0.0.1:3128 (from HTTPS_PROXY)`; `, with a user name` when it has credentials.
    public var description: String {
        "proxy \(address) (from \(variable)\(user == nil ? "" : ", with credentials"))"
    }
}

/// Which proxy a URL goes through, decided from the environment the way curl decides it
/// (libcurl-env(3) and curl(1) ENVIRONMENT), pure:
///
/// - `https://` URLs use `https_proxy`, else `HTTPS_PROXY`; `http://` URLs use `http_proxy`,
///   else `HTTP_PROXY` — except when run as a CGI program (`REQUEST_METHOD` set), where
///   `HTTP_PROXY` can come from a request's `Proxy:` header ("httpoxy") and is ignored. curl
///   ignores the uppercase `HTTP_PROXY` always; gpcn follows Go's rule here, so `HTTP_PROXY`
///   alone works as operators expect. Without those, `all_proxy`, else `ALL_PROXY`.
/// - The lowercase variable wins whenever it is set, even empty; a variable set to the empty
///   string means no proxy (and stops the search, as in curl).
/// - `no_proxy`, else `NO_PROXY`: `*` alone exempts every host; otherwise a list separated by
///   commas or spaces of host names (a leading dot is ignored; `example.com` exempts
///   `example.com` and `www.example.com`, not `notexample.com`), IPv4 and IPv6 addresses, and
///   addresses with a CIDR prefix (`10.0.0.0/8`). Case-insensitive; ports are not compared.
///   Loopback is not exempt unless listed (curl does not exempt it either).
/// - A proxy URL is `[http://][user:password@]host[:port]`; the port defaults to 1080 as in curl.
///
/// Deviations from curl, each refused with a message rather than silently different: proxies
/// reached over TLS (`https://` proxy URLs) and SOCKS proxies (`socks4://`, `socks5://`, …).
public enum ProxyRule {
    /// The proxy for `url` (`https://api.gpcn.com/v1`), or nil to go direct.
    /// Throws a `.configuration` `APIError` naming the variable when its value is unusable.
    public static func proxy(for url: String, environment: [String: String]) throws -> ProxyChoice? {
        guard let target = Target(url: url) else { return nil }
        if let noProxy = firstSet(["no_proxy", "NO_PROXY"], in: environment),
           exempts(noProxy.value, host: target.host) {
            return nil
        }
        let cgi = environment["REQUEST_METHOD"] != nil
        let names = target.scheme == "https" ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy"] + (cgi ? [] : ["HTTP_PROXY"])
        guard let found = firstSet(names, in: environment) ?? firstSet(["all_proxy", "ALL_PROXY"], in: environment) else {
            return nil
        }
        let value = found.value.trimmingWhitespace()
        if value.isEmpty { return nil }
        return try parse(value, variable: found.name)
    }

    /// The first of `names` that is set (empty counts as set, as curl's getenv does).
    static func firstSet(_ names: [String], in environment: [String: String]) -> (name: String, value: String)? {
        for name in names { if let v = environment[name] { return (name, v) } }
        return nil
    }

    /// Parses `[scheme://][user:password@]host[:port][/]`.
    static func parse(_ raw: String, variable: String) throws -> ProxyChoice {
        func refuse(_ why: String) -> APIError {
            // The value is not quoted: it may hold a password.
            APIError(kind: .configuration("\(variable) \(why)"), message: "bad proxy")
        }
        var rest = Substring(raw)
        if let sep = rest.range(of: "://") {
            let scheme = rest[..<sep.lowerBound].lowercased()
            switch scheme {
            case "http": break
            case "https": throw refuse("names a proxy reached over TLS (https://), which gpcn does not support: use an http:// proxy URL (https requests still go through it encrypted, with CONNECT)")
            case let s where s.hasPrefix("socks"): throw refuse("names a SOCKS proxy (\(s)://), which gpcn does not support: use an http:// proxy")
            default: throw refuse("has the scheme '\(scheme)': use http://host:port")
            }
            rest = rest[sep.upperBound...]
        }
        if let slash = rest.firstIndex(of: "/") {
            guard rest[slash...].allSatisfy({ $0 == "/" }) else { throw refuse("has a path: give only http://host:port") }
            rest = rest[..<slash]
        }
        var user: String?, password: String?
        if let at = rest.lastIndex(of: "@") {
            let info = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let parts = info.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let u = String(parts[0]).removingPercentEncoding,
                  let p = String(parts.count > 1 ? parts[1] : "").removingPercentEncoding else {
                throw refuse("has a user name or password with a bad %-escape")
            }
            user = u
            password = p
        }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw refuse("has an IPv6 address without its ]") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw refuse("has text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { throw refuse("has no host name") }
        var port = 1080
        if let portText {
            guard let p = Int(portText), (1...65535).contains(p) else { throw refuse("has a bad port '\(portText)'") }
            port = p
        }
        return ProxyChoice(host: String(host), port: port, user: user, password: password, variable: variable)
    }

    /// Whether a `no_proxy` value exempts `host` (a name, an IPv4 address or an IPv6 address
    /// without brackets).
    public static func exempts(_ noProxy: String, host rawHost: String) -> Bool {
        let list = noProxy.trimmingWhitespace()
        if list == "*" { return true }
        var host = rawHost.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let address = IPAddress(host)
        if address == nil, host.hasSuffix(".") { host.removeLast() }
        let entries = list.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map { $0.lowercased() }
        for var entry in entries {
            if let address {
                if entry.hasPrefix("[") , let close = entry.firstIndex(of: "]") {
                    entry = String(entry[entry.index(after: entry.startIndex)..<close]) + entry[entry.index(after: close)...]
                }
                var bits: Int?
                if let slash = entry.firstIndex(of: "/") {
                    guard let b = Int(entry[entry.index(after: slash)...]) else { continue }
                    bits = b
                    entry = String(entry[..<slash])
                }
                if let net = IPAddress(entry), address.matches(net, bits: bits) { return true }
            } else {
                if entry.hasPrefix(".") { entry.removeFirst() }
                if entry.hasSuffix(".") { entry.removeLast() }
                if entry.isEmpty { continue }
                if host == entry { return true }
                if host.hasSuffix("." + entry) { return true }
            }
        }
        return false
    }

    /// The scheme and host of a URL (`https`, `api.gpcn.com`; an IPv6 host without brackets).
    public struct Target: Sendable, Equatable {
        public var scheme: String
        public var host: String

        public init?(url: String) {
            guard let sep = url.range(of: "://") else { return nil }
            scheme = url[..<sep.lowerBound].lowercased()
            let authority = url[sep.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            let hostPort = authority.split(separator: "@").last.map(String.init) ?? ""
            if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
                host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            } else {
                host = String(hostPort.prefix { $0 != ":" })
            }
            if host.isEmpty { return nil }
        }
    }
}

/// An IPv4 or IPv6 address as bytes, for `no_proxy` matching.
struct IPAddress: Equatable {
    var bytes: [UInt8]

    init?(_ text: String) {
        if let v4 = IPAddress.v4(text) { bytes = v4; return }
        if text.contains(":"), let v6 = IPAddress.v6(text) { bytes = v6; return }
        return nil
    }

    /// Same family and the first `bits` bits equal (all of them without a prefix length).
    func matches(_ network: IPAddress, bits: Int?) -> Bool {
        guard bytes.count == network.bytes.count else { return false }
        let total = bytes.count * 8
        let n = bits ?? total
        guard (0...total).contains(n) else { return false }
        for i in 0..<bytes.count {
            let used = min(max(n - i * 8, 0), 8)
            if used == 0 { break }
            let mask: UInt8 = used == 8 ? 0xFF : ~(0xFF >> UInt8(used))
            if bytes[i] & mask != network.bytes[i] & mask { return false }
        }
        return true
    }

    static func v4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy(\.isASCII), let b = UInt8(p) else { return nil }
            out.append(b)
        }
        return out
    }

    static func v6(_ text: String) -> [UInt8]? {
        var s = Substring(text)
        if let pct = s.firstIndex(of: "%") { s = s[..<pct] }  // zone id
        var tail: [UInt8] = []
        // An embedded IPv4 address at the end (::ffff:1.2.3.4).
        if let lastColon = s.lastIndex(of: ":"), s[s.index(after: lastColon)...].contains(".") {
            guard let v4 = v4(String(s[s.index(after: lastColon)...])) else { return nil }
            tail = v4
            s = s[...lastColon]
            if s.hasSuffix(":") && !s.hasSuffix("::") { s = s.dropLast() }
        }
        func groups(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            for g in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard !g.isEmpty, g.count <= 4, let v = UInt16(g, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        let want = (16 - tail.count) / 2
        var words: [UInt16]
        if let gap = s.range(of: "::") {
            guard let head = groups(s[..<gap.lowerBound]), let rest = groups(s[gap.upperBound...]),
                  head.count + rest.count < want, !s[gap.upperBound...].contains("::") else { return nil }
            words = head + Array(repeating: 0, count: want - head.count - rest.count) + rest
        } else {
            guard let all = groups(s), all.count == want else { return nil }
            words = all
        }
        return words.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } + tail
    }
}
