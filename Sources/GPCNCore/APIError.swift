import Foundation

/// One problem the server (or our own validation) found with one field of a request.
/// `path` is dotted like the server's `details.issues[].path`: `networkInterfaces.1.networkId`.
public struct FieldIssue: Codable, Sendable, Equatable, Hashable {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path; self.message = message
    }
}

/// Every failure of an API call, whatever shape the server chose for it (docs/api.md §1.6:
/// shapes A, B, C, D and non-JSON bodies), plus failures that never reached the server.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The server answered with a non-success status.
        case http(status: Int)
        /// The connection failed: refused, unreachable, reset, TLS.
        case unreachable(String)
        /// No answer in time.
        case timeout(seconds: Int)
        /// A success status with a body we could not read.
        case undecodable(String)
        /// Our own configuration is wrong (e.g. a malformed GPCN_HOST); nothing was sent.
        case configuration(String)
        /// The proxy in use failed: refused the connection, refused the CONNECT, wanted
        /// credentials. The text names the proxy and the variable it came from; nothing was sent.
        case proxy(String)
        /// The TLS handshake failed (an untrusted CA, a certificate for another name); the text
        /// says which and how to fix it; nothing was sent.
        case tls(String)
    }

    public var kind: Kind
    /// The server's machine code (`error.code` or the string `error`), when it sent one.
    public var code: String?
    /// The server's sentence, or a description of the local failure.
    public var message: String
    /// Per-field problems (`details.issues[]`).
    public var issues: [FieldIssue]
    /// Seconds to wait before trying again (body `retryAfter`, else the `Retry-After` header).
    public var retryAfter: Int?
    /// Where the request went, for messages ("api.gpcn.com").
    public var host: String?

    public init(kind: Kind, code: String? = nil, message: String, issues: [FieldIssue] = [],
                retryAfter: Int? = nil, host: String? = nil) {
        self.kind = kind; self.code = code; self.message = message; self.issues = issues
        self.retryAfter = retryAfter; self.host = host
    }

    public var status: Int? {
        if case .http(let s) = kind { return s }
        return nil
    }

    /// Worth trying again automatically (for idempotent calls): 429, 5xx, connection failures
    /// and timeouts. Never other 4xx.
    public var isRetryable: Bool {
        switch kind {
        case .http(let s): return s == 429 || (500...599).contains(s)
        case .unreachable, .timeout: return true
        case .undecodable, .configuration, .proxy, .tls: return false
        }
    }

    public var isValidation: Bool { status == 400 || status == 422 }

    /// A refusal that names the fields to change: a 400/422 with issues, or a 409 with issues
    /// (a size out of capacity names `skuId`). Nothing was created; the front ends put each issue
    /// at its field or flag.
    public var refusesFields: Bool { !issues.isEmpty && (isValidation || status == 409) }

    /// The account has moved to VPC networking: a legacy create (networks, or the default
    /// network) is refused, and a subnet must be chosen (docs/api.md §2.11).
    public var isLegacyNetworkingCutOver: Bool { status == 403 && code == "LEGACY_NETWORKING_CUT_OVER" }

    /// For a create POST that failed this way: could the server have carried it out anyway?
    /// Yes when the answer was lost or garbled (timeout, a connection closed mid-way, a 5xx from a
    /// gateway, a success status with a body we could not read). No for a 4xx (the API refused),
    /// for a connection that was never made, and for our own configuration errors.
    public var createMayHaveHappened: Bool {
        switch kind {
        case .http(let s): return (500...599).contains(s)
        case .timeout, .undecodable: return true
        case .unreachable(let why):
            return !(why == "connection refused" || why == "host name not found" || why.hasPrefix("TLS failed"))
        case .configuration, .proxy, .tls: return false
        }
    }

    /// One line a person can act on.
    public var userMessage: String { APIError.oneLine(rawUserMessage) }

    private var rawUserMessage: String {
        let server = message.trimmingWhitespace()
        let hostText = host ?? "the GPCN API"
        switch kind {
        case .configuration(let what):
            return what
        case .unreachable(let why):
            return "cannot reach \(hostText): \(why); check GPCN_HOST and the network"
        case .proxy(let why):
            return "cannot reach \(hostText): \(why)"
        case .tls(let why):
            return "cannot reach \(hostText): TLS: \(why)"
        case .timeout(let s):
            return "no answer from \(hostText) within \(s) s; the API may be slow or unreachable, try again"
        case .undecodable(let why):
            return "\(hostText) sent an answer gpcn cannot read (\(why)); is GPCN_HOST a GPCN API?"
        case .http(let s):
            switch s {
            case 401:
                return "the API key was refused (401): check GPCN_API_KEY" + (server.isEmpty ? "" : " (\(server))")
            case 403:
                if isLegacyNetworkingCutOver {
                    return "this account uses VPC networking; choose a subnet (403 LEGACY_NETWORKING_CUT_OVER: legacy "
                        + "networks are retired for it; nothing was created). See gpcn catalog subnets, then --subnet ID_OR_NAME"
                }
                return "not allowed (403): \(server.isEmpty ? "the API key lacks the permission for this" : server)"
            case 404:
                if server.lowercased() == "route not found" {
                    return "\(hostText) does not know this route (404): check GPCN_HOST (it should be the API host, e.g. https://api.gpcn.com)"
                }
                return "not found (404): \(server.isEmpty ? "the resource does not exist" : server)"
            case 409:
                return "conflict (409): \(server.isEmpty ? "the request clashes with the current state" : server)"
            case 400, 422:
                if !issues.isEmpty {
                    let list = issues.map { "\($0.path): \($0.message)" }.joined(separator: "; ")
                    return "the request was rejected (\(s)): \(list)"
                }
                return "the request was rejected (\(s)): \(server.isEmpty ? "invalid parameters" : server)"
            case 429:
                let wait = retryAfter.map { "try again in \(APIError.humanSeconds($0))" } ?? "try again later"
                return "rate limited (429): \(wait)"
            case 500...599:
                return "the GPCN API failed (\(s))\(server.isEmpty ? "" : ": \(server)"); try again shortly"
            default:
                return "unexpected answer (\(s))\(server.isEmpty ? "" : ": \(server)")"
            }
        }
    }

    public var description: String { userMessage }

    /// Seconds from a JSON number or numeric string, clamped to 0…1 day (a larger or absurd value
    /// must neither trap nor park the client for ever).
    static func seconds(_ v: JSONValue?) -> Int? {
        guard let d = v?.doubleValue, d.isFinite else { return nil }
        return Int(min(max(d, 0), 86_400).rounded(.up))
    }

    static func nonEmpty(_ s: String) -> String? {
        s.trimmingWhitespace().isEmpty ? nil : s
    }

    /// Control characters and line breaks become spaces, runs of spaces one space.
    static func oneLine(_ s: String) -> String {
        s.unicodeScalars
            .map { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : String($0) }
            .joined()
            .split(separator: " ", omittingEmptySubsequences: true)
            .joined(separator: " ")
    }

    static func humanSeconds(_ s: Int) -> String {
        if s < 90 { return "\(s) s" }
        if s < 5400 { return "\((s + 30) / 60) min" }
        return "\((s + 1800) / 3600) h"
    }

    // MARK: - Parsing

    /// Reads an error answer of any known shape. `retryAfterHeader` is the raw `Retry-After`
    /// header; only its seconds form is used (as the provider does).
    public static func parse(status: Int, body: [UInt8], retryAfterHeader: String? = nil,
                             host: String? = nil) -> APIError {
        let headerRetry = retryAfterHeader.flatMap { Int($0.trimmingWhitespace()) }.map { min(max($0, 0), 86_400) }
        var error = APIError(kind: .http(status: status), message: "", retryAfter: headerRetry, host: host)
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(body)),
              case .object = json else {
            error.message = nonJSONSummary(body, status: status)
            return error
        }
        let topMessage = json["message"]?.stringValue.flatMap(nonEmpty)
        let errorField = json["error"]
        if case .object = errorField {
            // Shape A (sentence at top level, code object inside `error`) and shape C (the rate
            // limiter: no top-level message, `message`/`retryAfter` inside `error`).
            let code = errorField?["code"]?.stringValue.flatMap(nonEmpty)
            let inner = errorField?["message"]?.stringValue.flatMap(nonEmpty)
            error.code = code
            error.message = topMessage ?? inner ?? code ?? ""
            error.issues = issues(in: errorField?["details"])
            if error.issues.isEmpty { error.issues = issues(in: json["details"]) }
            if let r = seconds(errorField?["retryAfter"]) ?? seconds(json["retryAfter"]) { error.retryAfter = r }
        } else if let topMessage {
            // Shape D (`{"message":…}`) and shape B (`error` is a string code).
            error.message = topMessage
            if case .string(let code)? = errorField { error.code = code }
            error.issues = issues(in: json["details"])
            if let r = seconds(json["retryAfter"]) { error.retryAfter = r }
        } else if case .string(let code)? = errorField {
            error.code = code
            error.message = code
        } else {
            error.message = nonJSONSummary(body, status: status)
        }
        return error
    }

    /// `details.issues[]` as `{path, message}`; a path given as an array is joined with dots.
    static func issues(in details: JSONValue?) -> [FieldIssue] {
        guard let list = details?["issues"]?.arrayValue ?? details?.arrayValue else { return [] }
        return list.compactMap { item in
            let message = item["message"]?.stringValue ?? ""
            let path: String
            if let parts = item["path"]?.arrayValue {
                path = parts.compactMap(\.stringValue).joined(separator: ".")
            } else {
                path = item["path"]?.stringValue ?? ""
            }
            if path.isEmpty && message.isEmpty { return nil }
            return FieldIssue(path: path, message: message)
        }
    }

    /// A short, printable summary of a body that is not JSON (an HTML 502 page, say).
    static func nonJSONSummary(_ body: [UInt8], status: Int) -> String {
        if body.isEmpty { return "" }
        guard String(validating: body, as: UTF8.self) != nil else {
            return "an answer that is not text (\(body.count) bytes)"
        }
        let text = String(decoding: body.prefix(2048), as: UTF8.self)
        if let start = text.range(of: "<title>", options: .caseInsensitive),
           let end = text.range(of: "</title>", options: .caseInsensitive, range: start.upperBound..<text.endIndex) {
            return oneLine(String(text[start.upperBound..<end.lowerBound]))
        }
        let printable = text.unicodeScalars
            .map { $0.properties.generalCategory == .control ? " " : String($0) }
            .joined()
            .split(whereSeparator: { $0 == " " })
            .joined(separator: " ")
        if printable.isEmpty { return "" }
        return printable.count > 120 ? String(printable.prefix(117)) + "..." : printable
    }
}

/// The rate-limit headers on every answer (docs/api.md §1.7).
public struct RateLimit: Sendable, Equatable, Codable {
    public var limit: Int?
    public var remaining: Int?
    /// Unix time (seconds) when the window resets.
    public var resetAt: Int?

    public init(limit: Int? = nil, remaining: Int? = nil, resetAt: Int? = nil) {
        self.limit = limit; self.remaining = remaining; self.resetAt = resetAt
    }

    /// From headers, looked up case-insensitively; nil when none of the three is present.
    public init?(header: (String) -> String?) {
        limit = header("X-RateLimit-Limit").flatMap { Int($0.trimmingWhitespace()) }
        remaining = header("X-RateLimit-Remaining").flatMap { Int($0.trimmingWhitespace()) }
        resetAt = header("X-RateLimit-Reset").flatMap { Int($0.trimmingWhitespace()) }
        if limit == nil && remaining == nil && resetAt == nil { return nil }
    }
}

extension APIError {
    /// Any error as an `APIError` (everything the client throws already is one; a cancellation
    /// or anything else becomes "unreachable" with its text).
    public static func from(_ error: any Error) -> APIError {
        if let e = error as? APIError { return e }
        if error is CancellationError { return APIError(kind: .unreachable("cancelled"), message: "cancelled") }
        return APIError(kind: .unreachable("\(error)"), message: "\(error)")
    }
}
