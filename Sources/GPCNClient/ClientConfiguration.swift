import GPCNCore

/// Where the client talks to and how patiently. Built from flags/environment by the CLI.
public struct ClientConfiguration: Sendable {
    /// Scheme, host and port, e.g. `https://api.gpcn.com`; `/v1` is appended.
    public var host: String
    /// Sent as `X-API-Key`; never logged or printed.
    public var apiKey: String
    /// Seconds to establish a connection.
    public var connectTimeout: Double
    /// Seconds for a whole request, body included.
    public var requestTimeout: Double
    /// For GETs and the jobs poll. The create POST is never retried.
    public var retry: RetryPolicy
    /// The proxy requests go through (`ProxyRule` decides it from the environment; nil: direct).
    /// Its password is a secret. Transport.swift wires it.
    public var proxy: ProxyChoice?
    /// CA certificates trusted besides the system's (`SSL_CERT_FILE`, `SSL_CERT_DIR`, a
    /// profile's `ca_file`). Transport.swift loads them.
    public var extraTrust: [TrustSource] = []

    public static let defaultHost = "https://api.gpcn.com"

    public init(host: String = ClientConfiguration.defaultHost, apiKey: String,
                connectTimeout: Double = 5, requestTimeout: Double = 30,
                retry: RetryPolicy = RetryPolicy()) {
        self.host = host; self.apiKey = apiKey; self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout; self.retry = retry
    }

    /// The base URL all paths hang off: host without a trailing slash, plus `/v1` unless the
    /// host already ends with it. Throws a configuration error a person can act on.
    public func baseURL() throws -> String {
        try ClientConfiguration.normalizedBase(host)
    }

    /// Host name for messages ("api.gpcn.com"), never the key.
    public var displayHost: String {
        var h = host
        for prefix in ["https://", "http://"] where h.lowercased().hasPrefix(prefix) { h.removeFirst(prefix.count) }
        return String(h.split(separator: "/").first ?? Substring(h))
    }

    /// Whether `authority` (host[:port]) names this machine.
    static func isLoopback(_ authority: String) -> Bool {
        var name = authority.lowercased()
        if name.hasPrefix("[") {  // [::1]:8080
            name = String(name.dropFirst().prefix { $0 != "]" })
            return name == "::1"
        }
        if let colon = name.firstIndex(of: ":") { name = String(name[..<colon]) }
        if name == "localhost" { return true }
        let parts = name.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    static func normalizedBase(_ raw: String) throws -> String {
        var host = raw.trimmingCharacters(in: " \t\n")
        let lower = host.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw APIError(kind: .configuration(
                "GPCN_HOST '\(raw)' is not a URL: use e.g. https://api.gpcn.com (scheme http or https)"),
                message: "bad host")
        }
        while host.hasSuffix("/") { host.removeLast() }
        let afterScheme = host.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: true)
        // afterScheme[0] is "http:"/"https:", [1] is host[:port]
        guard afterScheme.count >= 2, let authority = afterScheme.dropFirst().first, !authority.isEmpty,
              authority.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw APIError(kind: .configuration(
                "GPCN_HOST '\(raw)' has no host name: use e.g. https://api.gpcn.com"), message: "bad host")
        }
        // No user info, query or fragment: "https://api.gpcn.com@elsewhere" must not send the key elsewhere.
        if authority.contains("@") || host.contains("?") || host.contains("#") {
            throw APIError(kind: .configuration(
                "GPCN_HOST '\(raw)' has user info, a query or a fragment: give only scheme, host and port"),
                message: "bad host")
        }
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            let port = authority[authority.index(after: colon)...]
            guard let p = Int(port), (1...65535).contains(p) else {
                throw APIError(kind: .configuration(
                    "GPCN_HOST '\(raw)' has a bad port '\(port)': use a number from 1 to 65535"), message: "bad host")
            }
        }
        // The key travels in a header: plain http only to this machine (the simulator).
        if lower.hasPrefix("http://") && !isLoopback(String(authority)) {
            throw APIError(kind: .configuration(
                "GPCN_HOST '\(raw)' uses plain http, which would send the API key unencrypted: use https "
                + "(plain http is allowed only for 127.0.0.1, ::1 and localhost)"), message: "bad host")
        }
        if host.lowercased().hasSuffix("/v1") { return host }
        return host + "/v1"
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
