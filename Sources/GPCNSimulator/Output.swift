import Foundation
import GPCNCore

/// A transport-neutral request, so the simulator core does not depend on Hummingbird types.
struct SimRequest: Sendable {
    var method: String
    var path: String
    var query: String?
    /// Header names lowercased; the last value wins.
    var headers: [String: String]
    var body: [UInt8]
}

struct SimResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    /// How the HTTP layer delivers it (injected transport faults).
    var delivery: Delivery = .normal

    enum Delivery: Sendable, Equatable {
        case normal
        /// Hold the connection open this many seconds, then close it without an answer.
        case hang(Double)
        /// Close the connection without an answer.
        case drop
        /// Send the headers, then the body in small pieces over this many milliseconds.
        case slow(Int)
    }

    static func json<T: Encodable>(_ status: Int, _ value: T, headers: [(String, String)] = []) -> SimResponse {
        SimResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + headers,
                    body: JSONOut.encode(value))
    }
}

enum JSONOut {
    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(value))) ?? Array(#"{"success":false,"message":"encoding failed"}"#.utf8)
    }
}

/// `meta` of the success envelope: null, pagination, or a free-form object.
enum MetaOut: Encodable {
    case none
    case page(PageMeta)
    case value(JSONValue)

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .none: try c.encodeNil()
        case .page(let p): try c.encode(p)
        case .value(let v): try c.encode(v)
        }
    }
}

/// `{ "success": true, "message": …, "data": …, "meta": … }` (§1.3).
struct SuccessOut<T: Encodable>: Encodable {
    var message: String
    var data: T
    var meta: MetaOut = .none

    enum CodingKeys: String, CodingKey { case success, message, data, meta }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(true, forKey: .success)
        try c.encode(message, forKey: .message)
        try c.encode(data, forKey: .data)
        try c.encode(meta, forKey: .meta)
    }
}

/// Shape A: `{ success:false, message, error:{ code, statusCode, details } }` (§1.6).
struct ErrorAOut: Encodable {
    var message: String
    var code: String
    var statusCode: Int
    var issues: [FieldIssue]?

    enum CodingKeys: String, CodingKey { case success, message, error }
    enum ErrorKeys: String, CodingKey { case code, statusCode, details }
    enum DetailKeys: String, CodingKey { case issues }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(false, forKey: .success)
        try c.encode(message, forKey: .message)
        var e = c.nestedContainer(keyedBy: ErrorKeys.self, forKey: .error)
        try e.encode(code, forKey: .code)
        try e.encode(statusCode, forKey: .statusCode)
        if let issues {
            var d = e.nestedContainer(keyedBy: DetailKeys.self, forKey: .details)
            try d.encode(issues, forKey: .issues)
        } else {
            try e.encodeNil(forKey: .details)
        }
    }
}

/// Shape C, the rate limiter's body.
struct ErrorCOut: Encodable {
    struct Inner: Encodable { var code: String; var message: String; var retryAfter: Int }
    var success = false
    var error: Inner
}

/// Shape D.
struct ErrorDOut: Encodable { var message: String }

/// Shape B, the documented one (docs/api.md §1.6): `error` is a string code.
struct ErrorBOut: Encodable {
    var success = false
    var error: String
    var message: String
}

enum Errors {
    static func shapeA(_ status: Int, code: String, message: String, issues: [FieldIssue]? = nil,
                       headers: [(String, String)] = []) -> SimResponse {
        .json(status, ErrorAOut(message: message, code: code, statusCode: status, issues: issues), headers: headers)
    }

    /// 422 "Validation Error" / 400 "Bad Request" with `details.issues` and the
    /// "Invalid Parameters: path: message; …" sentence.
    static func validation(_ status: Int, _ issues: [FieldIssue]) -> SimResponse {
        let sentence = "Invalid Parameters: " + issues.map { "\($0.path): \($0.message)" }.joined(separator: "; ")
        return shapeA(status, code: status == 422 ? "Validation Error" : "Bad Request", message: sentence, issues: issues)
    }

    static let unauthorized = shapeA(401, code: "Authentication Failed", message: "Failed to authenticate.")
    /// The documented 401 (shape B, `INVALID_CREDENTIALS`), served by the minimal dialect.
    static let unauthorizedShapeB = SimResponse.json(401, ErrorBOut(error: "INVALID_CREDENTIALS", message: "Invalid API key"))
    /// `403 LEGACY_NETWORKING_CUT_OVER`: a legacy create in an account moved to VPC networking (§2.11).
    static let legacyNetworkingCutOver = shapeA(403, code: "LEGACY_NETWORKING_CUT_OVER",
                                                message: "This account has moved to VPC networking.")
    static let routeNotFound = SimResponse.json(404, ErrorDOut(message: "Route Not Found"))

    static func notFound(_ what: String) -> SimResponse { shapeA(404, code: "Not Found", message: what) }
}

// MARK: - Encodable views that add fields the shared models do not carry

/// An image with `config.customizations` written as an object holding only the accepted
/// customizations (`{}` for none), as A-3 proposes; without `details` only `{id, name}` (§2.2).
struct ImageOut: Encodable {
    var image: VMImage
    var details = true
    enum CodingKeys: String, CodingKey { case id, name, description, username, config }
    enum ConfigKeys: String, CodingKey { case type, customizations }
    enum CustomizationKeys: String, CodingKey { case sshKey, password, username }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(image.id, forKey: .id)
        try c.encodeIfPresent(image.name, forKey: .name)
        guard details else { return }
        try c.encodeIfPresent(image.description, forKey: .description)
        try c.encode(image.username, forKey: .username)
        var cfg = c.nestedContainer(keyedBy: ConfigKeys.self, forKey: .config)
        try cfg.encodeIfPresent(image.config?.type, forKey: .type)
        var cu = cfg.nestedContainer(keyedBy: CustomizationKeys.self, forKey: .customizations)
        let x = image.customizations
        if x.sshKey { try cu.encode(true, forKey: .sshKey) }
        if x.password { try cu.encode(true, forKey: .password) }
        if x.username { try cu.encode(true, forKey: .username) }
    }
}

struct ImageCategoryOut: Encodable {
    var category: ImageCategory
    var details = true
    enum CodingKeys: String, CodingKey { case id, name, sortOrder, images }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(category.id, forKey: .id)
        try c.encodeIfPresent(category.name, forKey: .name)
        try c.encodeIfPresent(category.sortOrder, forKey: .sortOrder)
        try c.encode(category.images.map { ImageOut(image: $0, details: details) }, forKey: .images)
    }
}

/// A network plus the list/GET fields of §2.5 that `Network` does not model.
struct NetworkOut: Encodable {
    var network: Network
    var connectedVms: Int
    enum Extra: String, CodingKey { case snat, connectedVms, dnsNameservers, allocationPools }
    struct Pool: Encodable { var start: String; var end: String }

    func encode(to encoder: any Encoder) throws {
        try network.encode(to: encoder)
        var c = encoder.container(keyedBy: Extra.self)
        let standard = network.type == .standard
        try c.encode(standard ? "enabled" : "disabled", forKey: .snat)
        try c.encode(String(connectedVms), forKey: .connectedVms)
        try c.encode(standard ? "1.1.1.1,8.8.8.8" : "", forKey: .dnsNameservers)
        if let prefix = network.cidrBlock.flatMap(IPv4.prefix24) {
            try c.encode([Pool(start: prefix + ".10", end: prefix + ".250")], forKey: .allocationPools)
        } else {
            try c.encode([Pool](), forKey: .allocationPools)
        }
    }
}

enum IPv4 {
    /// "10.10.0.0/24" -> "10.10.0"
    static func prefix24(_ cidr: String) -> String? {
        let addr = cidr.split(separator: "/").first.map(String.init) ?? cidr
        let parts = addr.split(separator: ".")
        guard parts.count == 4 else { return nil }
        return parts.prefix(3).joined(separator: ".")
    }
}
