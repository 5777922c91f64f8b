import AsyncHTTPClient
import Foundation
import GPCNCore
import Logging
import NIOCore
import NIOHTTP1

/// The GPCN API over HTTP (AsyncHTTPClient). One instance per process; call `shutdown()`.
///
/// Every failure surfaces as `APIError`. GETs and the jobs poll are retried on 429/5xx and
/// connection failures per `configuration.retry`; the create POST never is.
///
/// With a `budget`, every attempt (retries included) first asks it and sleeps the wait it
/// gives, and every answer's rate-limit headers (and a 429's `Retry-After`) go back to it;
/// clients given the same budget spend one rate limit between them (docs/api.md §1.7).
public final class GPCNClient: GPCNAPI {
    public let configuration: ClientConfiguration
    public var endpoint: String { base }
    /// The request budget shared with the process's other clients (nil: none; each request goes
    /// out when asked).
    public let budget: SharedRequestBudget?

    private let base: String
    private let http: HTTPClient
    private let logger: Logger
    private let sleep: @Sendable (Double) async throws -> Void
    private let jitter: @Sendable () -> Double

    /// - Parameters:
    ///   - sleep: how to wait `seconds` between retries (tests record instead of sleeping).
    ///   - jitter: a random value in 0..<1 for backoff jitter.
    ///   - budget: the request budget to spend (shared with other clients of the process).
    public init(configuration: ClientConfiguration,
                logger: Logger = Logger(label: "gpcn.client"),
                sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) },
                jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                budget: SharedRequestBudget? = nil) throws {
        self.configuration = configuration
        self.budget = budget
        self.base = try configuration.baseURL()
        self.logger = logger
        self.sleep = sleep
        self.jitter = jitter
        var config = HTTPClient.Configuration()
        config.timeout = .init(connect: .milliseconds(Int64(configuration.connectTimeout * 1000)),
                               read: .milliseconds(Int64(configuration.requestTimeout * 1000)))
        // Fail fast when the server is down instead of retrying inside the pool until the deadline.
        config.connectionPool.retryConnectionEstablishment = false
        config.redirectConfiguration = .disallow
        try Transport.configure(&config, for: configuration)  // proxy and extra CAs (Transport.swift)
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    public func shutdown() async {
        try? await http.shutdown()
    }

    // MARK: - GPCNAPI

    public func authCheck() async throws -> AuthCheck {
        try await get("/auth/check", as: AuthCheck.self).data ?? AuthCheck()
    }

    public func dataCenters() async throws -> [DataCenter] {
        try await allPages("/resource/data-centers", query: [])
    }

    public func images(datacenterId: String) async throws -> ImageCatalog {
        let env = try await get("/resource/data-centers/\(pathSegment(datacenterId))/virtual-machine-images",
                                as: [Lossy<ImageCategory>].self)
        return ImageCatalog(categories: (env.data ?? []).compactMap(\.value),
                            reservedUsernames: ImageCatalog.reservedUsernames(fromMeta: env.meta))
    }

    public func sizes(datacenterId: String) async throws -> SizeCatalog {
        try await get("/resource/data-centers/\(pathSegment(datacenterId))/virtual-machine-sizes",
                      as: SizeCatalog.self).data ?? SizeCatalog(categories: [])
    }

    public func sshKeys() async throws -> [SSHKey] {
        try await allPages("/resource/ssh-keys", query: [])
    }

    public func networks(datacenterId: String?) async throws -> [Network] {
        var query: [(String, String)] = []
        if let datacenterId { query.append(("filter[datacenterId]", datacenterId)) }
        return try await allPages("/resource/networks", query: query)
    }

    public func resourceGroups() async throws -> [ResourceGroup] {
        try await allPages("/resource-groups", query: [])
    }

    public func createVirtualMachines(_ request: CreateVMRequest) async throws -> [Job] {
        let body = try encode(request)
        let answer = try await send(method: .POST, path: "/resource/virtual-machines", query: [], body: body,
                                    retry: .none)
        // An accepted create must list its jobs; without them the VMs may be on their way while
        // gpcn would know nothing of them, so it counts as an answer that was lost.
        let jobs = try jobList(answer).jobs
        guard !jobs.isEmpty else {
            throw APIError(kind: .undecodable("the create was accepted but listed no jobs"),
                           message: "no jobs in the create answer", host: configuration.displayHost)
        }
        return jobs
    }

    /// `data.jobs` of a success envelope; `success: false`, no `data` or a `jobs` that is not an
    /// array is a broken answer (never "no jobs": that would drop every polled job for good).
    private func jobList(_ answer: Answer) throws -> JobList {
        let envelope = try decode(Envelope<JobList>.self, answer)
        guard envelope.success != false, let list = envelope.data else {
            throw APIError(kind: .undecodable("a jobs answer without its jobs"), message: envelope.message ?? "no jobs",
                           host: configuration.displayHost)
        }
        return list
    }

    public func jobs(ids: [String]) async throws -> JobsAnswer {
        var seen = Set<String>()
        let unique = ids.filter { seen.insert($0).inserted }
        var jobs: [Job] = []
        var requests = 0
        var rateLimit: RateLimit?
        var start = 0
        while start < unique.count {
            let chunk = Array(unique[start..<min(start + JobsQuery.maxIds, unique.count)])
            start += chunk.count
            let answer = try await send(method: .POST, path: "/resource/jobs", query: [],
                                        body: try encode(JobsQuery(jobIds: chunk)),
                                        retry: configuration.retry)
            requests += answer.attempts
            rateLimit = answer.rateLimit ?? rateLimit
            jobs += try jobList(answer).jobs
        }
        return JobsAnswer(jobs: jobs, requests: requests, rateLimit: rateLimit)
    }

    public func virtualMachine(id: String) async throws -> VirtualMachine {
        guard let vm = try await get("/resource/virtual-machines/\(pathSegment(id))",
                                     as: VirtualMachine.self).data else {
            throw APIError(kind: .undecodable("no VM in the answer"), message: "no VM in the answer",
                           host: configuration.displayHost)
        }
        return vm
    }

    public func virtualMachines(search: String?) async throws -> [VirtualMachine] {
        var query: [(String, String)] = []
        if let search, !search.isEmpty { query.append(("search", search)) }
        return try await allPages("/resource/virtual-machines", query: query)
    }

    public func networkInterfaces(vmId: String) async throws -> [VMNetworkInterface] {
        let env = try await get("/resource/virtual-machines/\(pathSegment(vmId))/network-interfaces",
                                as: [Lossy<VMNetworkInterface>].self)
        return (env.data ?? []).compactMap(\.value)
    }

    public func vpcs() async throws -> [VPC] {
        try await allPages("/resource/vpcs", query: [])
    }

    public func subnets(of vpc: VPC) async throws -> [VPCSubnet] {
        let items: [VPCSubnet] = try await allPages("/resource/vpcs/\(pathSegment(vpc.id))/subnets", query: [])
        return items.map { subnet in
            var s = subnet
            s.vpcId = vpc.id
            s.vpcName = vpc.name
            s.datacenterId = vpc.datacenter?.id
            return s
        }
    }

    // MARK: - Plumbing

    struct Answer {
        var status: Int
        var body: [UInt8]
        var rateLimit: RateLimit?
        var attempts: Int
    }

    private func get<T: Decodable & Sendable>(_ path: String, query: [(String, String)] = [],
                                              as: T.Type) async throws -> Envelope<T> {
        let answer = try await send(method: .GET, path: path, query: query, body: nil, retry: configuration.retry)
        return try decode(Envelope<T>.self, answer)
    }

    /// Walks a paginated list with `limit=100` until the server says there is no next page.
    private func allPages<T: Decodable & Sendable>(_ path: String, query: [(String, String)]) async throws -> [T] {
        var items: [T] = []
        var page = 1
        while true {
            let env = try await get(path, query: query + [("page", String(page)), ("limit", "100")],
                                    as: [Lossy<T>].self)
            let got = (env.data ?? []).compactMap(\.value)
            items += got
            // Stop on the server's word, on an empty page, or at a sanity bound.
            guard let meta = env.page, meta.hasMore, !(env.data ?? []).isEmpty, page < 1000 else { break }
            page += 1
        }
        return items
    }

    private func send(method: HTTPMethod, path: String, query: [(String, String)], body: [UInt8]?,
                      retry: RetryPolicy) async throws -> Answer {
        var attempt = 0
        while true {
            attempt += 1
            do {
                var answer = try await sendOnce(method: method, path: path, query: query, body: body)
                answer.attempts = attempt
                return answer
            } catch let error as APIError {
                if let wait = retry.delay(beforeRetry: attempt, after: error, jitter: jitter()) {
                    logger.debug("retrying", metadata: ["path": "\(path)", "attempt": "\(attempt + 1)",
                                                        "wait_s": "\(wait)", "error": "\(error.userMessage)"])
                    do { try await sleep(wait) } catch { throw CancellationError() }
                    continue
                }
                throw error
            }
        }
    }

    /// Waits until the shared budget lets a request go (and counts it); nothing without a budget.
    /// A wait longer than `budget.maxSleep` is not slept: the request fails unsent as a 429 with
    /// the seconds left.
    private func waitForBudget(method: HTTPMethod, path: String) async throws {
        guard let budget else { return }
        while let wait = budget.admit() {
            guard wait <= budget.maxSleep else {
                let seconds = max(1, Int(wait.rounded(.up)))
                logger.debug("rate budget spent, not sent", metadata: [
                    "method": "\(method.rawValue)", "path": "\(path)", "wait_s": "\(seconds)"])
                throw APIError(kind: .http(status: 429), code: "RATE_BUDGET_SPENT",
                               message: "not sent: the rate budget is spent for \(seconds) s more",
                               retryAfter: seconds, host: configuration.displayHost)
            }
            logger.debug("rate budget wait", metadata: [
                "method": "\(method.rawValue)", "path": "\(path)", "wait_s": "\(wait)"])
            do { try await sleep(wait) } catch { throw CancellationError() }
        }
    }

    private func sendOnce(method: HTTPMethod, path: String, query: [(String, String)],
                          body: [UInt8]?) async throws -> Answer {
        try await waitForBudget(method: method, path: path)
        // Admitted: the budget hears how this attempt ended, exactly once.
        var reported = budget == nil
        defer { if !reported { budget?.failed() } }
        var request = HTTPClientRequest(url: base + path + queryString(query))
        request.method = method
        request.headers.add(name: "X-API-Key", value: configuration.apiKey)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "gpcn/\(GPCNVersion.current)")
        let correlation = UUID().uuidString.lowercased()
        request.headers.add(name: "X-Correlation-ID", value: correlation)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        let started = ContinuousClock.now
        let host = configuration.displayHost
        let timeout = configuration.requestTimeout
        do {
            let response = try await http.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            let rate = RateLimit { response.headers.first(name: $0) }
            budget?.answered(rate)
            reported = true
            // The deadline covers the body too: a body that trickles in forever is a timeout.
            let left = timeout - Double(Self.milliseconds(since: started)) / 1000
            let bytes = try await Self.within(seconds: left) { try await response.body.collect(upTo: 16 * 1024 * 1024) }
            let status = Int(response.status.code)
            logger.debug("http", metadata: [
                "method": "\(method.rawValue)", "path": "\(path)", "status": "\(status)",
                "ms": "\(Self.milliseconds(since: started))", "request_id": "\(correlation)",
            ])
            guard (200...299).contains(status) else {
                let body = Array(bytes.readableBytesView)
                let error = APIError.parse(status: status, body: body,
                                           retryAfterHeader: response.headers.first(name: "Retry-After"), host: host)
                if status == 429, let after = error.retryAfter { budget?.blocked(retryAfter: after) }
                // The GPCN API answers unknown routes with JSON ({"message":"Route Not Found"}); a 404
                // that is not JSON comes from something else at GPCN_HOST (a web server, a proxy), and
                // must not read as "that VM/data center does not exist".
                if status == 404, !Self.isJSONObject(body) {
                    let page = error.message.isEmpty ? "" : ": \(error.message)"
                    throw APIError(kind: .undecodable("a 404 page that is not JSON\(page)"), message: error.message,
                                   host: host)
                }
                throw error
            }
            return Answer(status: status, body: Array(bytes.readableBytesView), rateLimit: rate, attempts: 1)
        } catch let error as APIError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            logger.debug("http failed", metadata: [
                "method": "\(method.rawValue)", "path": "\(path)",
                "error": "\(Self.redacting(configuration.apiKey, in: String(describing: error)))",
                "ms": "\(Self.milliseconds(since: started))", "request_id": "\(correlation)",
            ])
            throw Transport.explain(error, configuration: configuration)
                ?? Self.transportError(error, host: host, timeout: timeout, secret: configuration.apiKey)
        }
    }

    struct BodyDeadline: Error {}

    /// `body`'s result, or `HTTPClientError.deadlineExceeded` when it takes longer than `seconds`.
    static func within<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard seconds > 0 else { throw HTTPClientError.deadlineExceeded }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw HTTPClientError.deadlineExceeded }
            return value
        }
    }

    /// `text` with every occurrence of `secret` masked: error descriptions from the HTTP stack
    /// can quote header values (the key) verbatim.
    static func redacting(_ secret: String, in text: String) -> String {
        guard secret.count >= 4 else { return text }
        return text.replacingOccurrences(of: secret, with: "***")
    }

    static func transportError(_ error: any Error, host: String, timeout: Double, secret: String = "") -> APIError {
        if let e = error as? HTTPClientError {
            if String(describing: e).contains("invalidHeaderField") {
                // Its description quotes the header values, the API key among them.
                return APIError(kind: .configuration(
                    "a request header is not valid HTTP (is there a line break or control character in GPCN_API_KEY?)"),
                    message: "invalid header", host: host)
            }
            switch e {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return APIError(kind: .timeout(seconds: Int(timeout.rounded(.up))), message: "timeout", host: host)
            case .connectTimeout:
                return APIError(kind: .unreachable("connection timed out"), message: "connect timeout", host: host)
            case .remoteConnectionClosed:
                return APIError(kind: .unreachable("the connection was closed before an answer"),
                                message: "connection closed", host: host)
            default:
                break
            }
        }
        let text = redacting(secret, in: String(describing: error))
        let lower = text.lowercased()
        let why: String
        if lower.contains("connection refused") || lower.contains("econnrefused") { why = "connection refused" }
        else if lower.contains("name") && (lower.contains("resolv") || lower.contains("lookup")) ||
                    lower.contains("unknown host") || lower.contains("nodename") { why = "host name not found" }
        else if lower.contains("certificate") || lower.contains("ssl") || lower.contains("tls") { why = "TLS failed (\(text.prefix(80)))" }
        else if lower.contains("timeout") || lower.contains("timed out") {
            return APIError(kind: .timeout(seconds: Int(timeout.rounded(.up))), message: "timeout", host: host)
        }
        else { why = String(text.prefix(120)) }
        return APIError(kind: .unreachable(why), message: why, host: host)
    }

    static func isJSONObject(_ body: [UInt8]) -> Bool {
        if case .object? = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) { return true }
        return false
    }

    private func decode<T: Decodable>(_ type: T.Type, _ answer: Answer) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(answer.body))
        } catch {
            throw APIError(kind: .undecodable("not the expected JSON"), message: "undecodable answer",
                           host: configuration.displayHost)
        }
    }

    private func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(value))
    }

    private func queryString(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        return "?" + items.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    private func percentEncode(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~".contains(c)) { out.append(c) }
            else { out += String(format: "%%%02X", byte) }
        }
        return out
    }

    private func pathSegment(_ s: String) -> String { percentEncode(s) }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let d = ContinuousClock.now - start
        return Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
    }
}

/// `Lossy` is internal to GPCNCore; the client needs its own to skip bad list items.
struct Lossy<T: Decodable & Sendable>: Decodable, Sendable {
    let value: T?
    init(from decoder: any Decoder) throws { value = try? T(from: decoder) }
}
