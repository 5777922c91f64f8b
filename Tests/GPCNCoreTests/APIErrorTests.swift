import Testing
@testable import GPCNCore

/// One error answer and everything expected of its parse.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    let label: String
    let status: Int
    let body: [UInt8]
    let header: String?
    let code: String?
    let message: String
    let issues: [FieldIssue]
    let retryAfter: Int?
    let retryable: Bool
    /// Substrings `userMessage` must contain.
    let says: [String]
    var testDescription: String { label }

    init(_ label: String, _ status: Int, _ body: String, header: String? = nil, code: String?, message: String,
         issues: [(String, String)] = [], retryAfter: Int? = nil, retryable: Bool, says: [String]) {
        self.init(label, status, Array(body.utf8), header: header, code: code, message: message, issues: issues,
                  retryAfter: retryAfter, retryable: retryable, says: says)
    }

    init(_ label: String, _ status: Int, _ body: [UInt8], header: String? = nil, code: String?, message: String,
         issues: [(String, String)] = [], retryAfter: Int? = nil, retryable: Bool, says: [String]) {
        self.label = label; self.status = status; self.body = body; self.header = header; self.code = code
        self.message = message; self.issues = issues.map { FieldIssue(path: $0.0, message: $0.1) }
        self.retryAfter = retryAfter; self.retryable = retryable; self.says = says
    }
}

@Suite("API error bodies")
struct APIErrorTests {
    static let cases: [ErrorCase] = [
        ErrorCase("A: 422 validation with issues", 422, """
            { "success": false, "message": "Invalid Parameters: name: Name is required; networkInterfaces.1.networkId: Invalid uuid",
              "error": { "code": "Validation Error", "statusCode": 422,
                         "details": { "issues": [ { "path": "name", "message": "Name is required" },
                                                  { "path": "networkInterfaces.1.networkId", "message": "Invalid uuid" } ] } } }
            """, code: "Validation Error",
            message: "Invalid Parameters: name: Name is required; networkInterfaces.1.networkId: Invalid uuid",
            issues: [("name", "Name is required"), ("networkInterfaces.1.networkId", "Invalid uuid")],
            retryable: false, says: ["(422)", "name: Name is required", "networkInterfaces.1.networkId: Invalid uuid"]),
        ErrorCase("A: 400 with zod array paths", 400, """
            { "success": false, "message": "Bad Request",
              "error": { "code": "Bad Request", "statusCode": 400,
                         "details": { "issues": [ { "path": ["networkInterfaces", 0, "networkId"], "message": "Network is in another datacenter" },
                                                  { "path": "username", "message": "Reserved username" } ] } } }
            """, code: "Bad Request", message: "Bad Request",
            issues: [("networkInterfaces.0.networkId", "Network is in another datacenter"), ("username", "Reserved username")],
            retryable: false, says: ["(400)", "username: Reserved username"]),
        ErrorCase("A: 401", 401, """
            { "success": false, "message": "Failed to authenticate.",
              "error": { "code": "Authentication Failed", "statusCode": 401, "details": null } }
            """, code: "Authentication Failed", message: "Failed to authenticate.",
            retryable: false, says: ["GPCN_API_KEY", "401", "Failed to authenticate."]),
        ErrorCase("A: 403", 403, """
            { "success": false, "message": "You do not have permission to perform this action.",
              "error": { "code": "Insufficient Permissions", "statusCode": 403, "details": null } }
            """, code: "Insufficient Permissions", message: "You do not have permission to perform this action.",
            retryable: false, says: ["403", "permission"]),
        ErrorCase("A: 403 legacy networking cut-over", 403, """
            { "success": false, "message": "This account has moved to VPC networking.",
              "error": { "code": "LEGACY_NETWORKING_CUT_OVER", "statusCode": 403, "details": null } }
            """, code: "LEGACY_NETWORKING_CUT_OVER", message: "This account has moved to VPC networking.",
            retryable: false, says: ["uses VPC networking; choose a subnet", "403", "legacy networks", "--subnet"]),
        ErrorCase("A: 409", 409, """
            { "success": false, "message": "VPC is not empty", "error": { "code": "VPC_NOT_EMPTY", "statusCode": 409 } }
            """, code: "VPC_NOT_EMPTY", message: "VPC is not empty", retryable: false, says: ["conflict (409)"]),
        ErrorCase("B: error string", 401, """
            { "success": false, "error": "INVALID_CREDENTIALS", "message": "Invalid API key" }
            """, code: "INVALID_CREDENTIALS", message: "Invalid API key", retryable: false, says: ["GPCN_API_KEY"]),
        ErrorCase("B: documented rate limit, header seconds", 429, """
            {"success":false,"error":"RATE_LIMIT_EXCEEDED","message":"You have exceeded the rate limit. Please wait."}
            """, header: "30", code: "RATE_LIMIT_EXCEEDED", message: "You have exceeded the rate limit. Please wait.",
            retryAfter: 30, retryable: true, says: ["rate limited (429)", "30 s"]),
        ErrorCase("B: code only", 400, #"{"success":false,"error":"TWO_FACTOR_REQUIRED"}"#,
                  code: "TWO_FACTOR_REQUIRED", message: "TWO_FACTOR_REQUIRED", retryable: false, says: ["(400)"]),
        ErrorCase("C: rate limiter with retryAfter", 429, """
            { "success": false, "error": { "code": "Rate Limited",
              "message": "Too many requests. Please try again in 14 minutes.", "retryAfter": 840 } }
            """, header: "60", code: "Rate Limited", message: "Too many requests. Please try again in 14 minutes.",
            retryAfter: 840, retryable: true, says: ["rate limited (429)", "14 min"]),
        ErrorCase("C: no retryAfter in body: header used", 429, """
            { "success": false, "error": { "code": "Rate Limited", "message": "Too many requests." } }
            """, header: " 120 ", code: "Rate Limited", message: "Too many requests.",
            retryAfter: 120, retryable: true, says: ["2 min"]),
        ErrorCase("C: header as HTTP date is ignored", 429, """
            { "success": false, "error": { "code": "Rate Limited", "message": "Too many requests." } }
            """, header: "Wed, 21 Oct 2026 07:28:00 GMT", code: "Rate Limited", message: "Too many requests.",
            retryAfter: nil, retryable: true, says: ["try again later"]),
        ErrorCase("C: retryAfter as string, huge values clamped", 429, """
            { "error": { "code": "Rate Limited", "message": "Slow down", "retryAfter": "1e300" } }
            """, code: "Rate Limited", message: "Slow down", retryAfter: 86_400, retryable: true, says: ["24 h"]),
        ErrorCase("C: code without message", 429, #"{"success":false,"error":{"code":"Rate Limited","retryAfter":5}}"#,
                  code: "Rate Limited", message: "Rate Limited", retryAfter: 5, retryable: true, says: ["5 s"]),
        ErrorCase("D: route not found", 404, #"{ "message": "Route Not Found" }"#,
                  code: nil, message: "Route Not Found", retryable: false, says: ["GPCN_HOST", "404"]),
        ErrorCase("D: VM not found", 404, #"{"message":"virtual machine not found"}"#,
                  code: nil, message: "virtual machine not found", retryable: false, says: ["not found (404): virtual machine not found"]),
        ErrorCase("HTML 502 from a proxy", 502, """
            <html>
            <head><title>502 Bad Gateway</title></head>
            <body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body>
            </html>
            """, code: nil, message: "502 Bad Gateway", retryable: true, says: ["(502)", "502 Bad Gateway", "try again"]),
        ErrorCase("HTML 503 title across lines", 503, "<HTML><HEAD><TITLE>\n  Service\n Unavailable </TITLE></HEAD></HTML>",
                  code: nil, message: "Service Unavailable", retryable: true, says: ["(503): Service Unavailable"]),
        ErrorCase("plain text 500", 500, "upstream connect error or disconnect/reset before headers",
                  code: nil, message: "upstream connect error or disconnect/reset before headers",
                  retryable: true, says: ["(500)"]),
        ErrorCase("empty body 500", 500, "", code: nil, message: "", retryable: true,
                  says: ["the GPCN API failed (500); try again shortly"]),
        ErrorCase("empty body 401", 401, "", code: nil, message: "", retryable: false, says: ["GPCN_API_KEY"]),
        ErrorCase("non-UTF-8 garbage", 502, [0xFF, 0xFE, 0x00, 0xC3, 0x28, 0x80, 0x81, 0x0A, 0x9F],
                  code: nil, message: "an answer that is not text (9 bytes)", retryable: true, says: ["(502)"]),
        ErrorCase("JSON that is not an object", 500, #"["boom"]"#, code: nil, message: #"["boom"]"#,
                  retryable: true, says: ["(500)"]),
        ErrorCase("multi-line server message", 400, #"{"message":"line one\nline two","error":{"code":"Bad Request"}}"#,
                  code: "Bad Request", message: "line one\nline two", retryable: false, says: ["line one line two"]),
        ErrorCase("top message empty, inner message used", 429, #"{"message":"","error":{"code":"Rate Limited","message":"Too many","retryAfter":3}}"#,
                  code: "Rate Limited", message: "Too many", retryAfter: 3, retryable: true, says: ["3 s"]),
    ]

    @Test(arguments: cases)
    func parse(_ c: ErrorCase) {
        let e = APIError.parse(status: c.status, body: c.body, retryAfterHeader: c.header, host: "api.gpcn.com")
        #expect(e.status == c.status)
        #expect(e.code == c.code)
        #expect(e.message == c.message)
        #expect(e.issues == c.issues)
        #expect(e.retryAfter == c.retryAfter)
        #expect(e.isRetryable == c.retryable)
        #expect(e.isValidation == (c.status == 400 || c.status == 422))
        let line = e.userMessage
        #expect(!line.isEmpty)
        #expect(!line.contains("\n") && !line.contains("\r"), "\(line)")
        for s in c.says { #expect(line.contains(s), "\(line)") }
    }

    @Test func issuesMapBackToWizardFields() {
        let e = APIError.parse(status: 400, body: Array("""
            {"message":"x","error":{"code":"Bad Request","details":{"issues":[
              {"path":"password","message":"weak"},{"path":"networkInterfaces.2.networkId","message":"gone"},
              {"path":"subnetId","message":"?"},{"path":"vpcId","message":"?"},{"path":"","message":""}]}}}
            """.utf8))
        #expect(e.issues.map(\.field) == [.password, .networkInterfaces, .subnetId, nil])
    }

    @Test(arguments: [
        (APIError.Kind.unreachable("connection refused"), true, "GPCN_HOST"),
        (.timeout(seconds: 60), true, "60 s"),
        (.undecodable("not JSON"), false, "GPCN_HOST"),
        (.configuration("GPCN_HOST is not a URL: 'x y'"), false, "GPCN_HOST is not a URL"),
    ])
    func localFailures(_ kind: APIError.Kind, _ retryable: Bool, _ says: String) {
        let e = APIError(kind: kind, message: "", host: "api.gpcn.com")
        #expect(e.status == nil)
        #expect(e.isRetryable == retryable)
        #expect(e.userMessage.contains(says))
        #expect(e.description == e.userMessage)
    }

    @Test(arguments: [(0, "0 s"), (89, "89 s"), (90, "2 min"), (840, "14 min"), (5399, "90 min"), (5400, "2 h")])
    func humanSeconds(_ s: Int, _ text: String) {
        #expect(APIError.humanSeconds(s) == text)
    }

    @Test func rateLimitHeaders() {
        let h = ["X-RateLimit-Limit": "1000", "X-RateLimit-Remaining": " 998", "X-RateLimit-Reset": "1779199322"]
        let r = RateLimit(header: { h[$0] })
        #expect(r == RateLimit(limit: 1000, remaining: 998, resetAt: 1_779_199_322))
        #expect(RateLimit(header: { _ in nil }) == nil)
    }
}
