import Foundation
import GPCNClient
import GPCNCore
import GPCNSimulator
import Testing

/// Failures over real loopback HTTP: what reaches the caller, and how many requests it cost.
@Suite struct ErrorClientTests {
    static let wrongKey = "gpcn_wrong_key_0123456789abcdefgh"

    // MARK: 401, 422, 400

    /// A wrong key: 401 with a message that says to check GPCN_API_KEY, never the key itself, and
    /// no retry (one request each).
    @Test func wrongKeyIsRefusedWithAMessageNamingGPCNAPIKey() async throws {
        try await withSimulator { h in
            let client = try h.otherClient(apiKey: Self.wrongKey)
            for call in [{ _ = try await client.authCheck() },
                         { _ = try await client.dataCenters() },
                         { _ = try await client.createVirtualMachines(h.catalog.goodRequest()) }] as [() async throws -> Void] {
                let error = await apiError(call)
                #expect(error?.status == 401)
                #expect(error?.code == "Authentication Failed")
                #expect(error?.userMessage.contains("GPCN_API_KEY") == true)
                #expect(error?.userMessage.hasPrefix("the API key was refused (401)") == true)
                #expect(error?.userMessage.contains(Self.wrongKey) == false)
                #expect(error?.description.contains(Self.wrongKey) == false)
            }
            await client.shutdown()
            #expect(h.stats().unauthorized == 3)
            #expect(h.stats().totalRequests == 3)
            #expect(h.sleeps.recorded.isEmpty)
        }
    }

    /// A bad body (empty name, a bad password, a malformed network id) is a 422 whose issues are
    /// exactly the server's: the same paths, including the dotted one, and the same messages, in
    /// the server's order (they rebuild its "Invalid Parameters: …" sentence).
    @Test func badBodyIs422WithTheServersFieldPaths() async throws {
        try await withSimulator { h in
            var request = h.catalog.goodRequest()
            request.name = ""
            request.authMethod = .password
            request.sshKeyId = nil
            request.password = "short$"
            request.networkInterfaces?.append(NetworkInterface(networkId: "not-a-uuid", primary: false))

            let error = try #require(await apiError { try await h.client.createVirtualMachines(request) })
            #expect(error.status == 422)
            #expect(error.isValidation)
            #expect(error.code == "Validation Error")
            var paths: [String] = []
            for issue in error.issues where paths.last != issue.path { paths.append(issue.path) }
            #expect(paths == ["name", "networkInterfaces.1.networkId", "password"])
            #expect(error.issues.first == FieldIssue(path: "name", message: "Name is required"))
            #expect(error.issues.filter { $0.path == "password" }.count >= 3, "length, characters, classes")
            #expect(error.message == "Invalid Parameters: "
                    + error.issues.map { "\($0.path): \($0.message)" }.joined(separator: "; "))
            #expect(error.userMessage.hasPrefix("the request was rejected (422): name: Name is required; "))
            #expect(!error.userMessage.contains("short$"), "the password is not echoed")
            #expect(h.stats().createRequests == 1 && h.stats().createsAccepted == 0)
        }
    }

    /// A cross-field rule (a public IP on a custom L2 primary network) is a 400 on `allocatePublicIp`.
    @Test func publicIPOnACustomL2PrimaryIs400() async throws {
        try await withSimulator { h in
            let chicago = h.catalog.dc("Chicago")
            var request = h.catalog.goodRequest()
            request.allocatePublicIp = true
            request.networkInterfaces = [
                NetworkInterface(networkId: h.catalog.network(named: "storage-l2", in: chicago.id)!.id, primary: true),
                NetworkInterface(networkId: h.catalog.network(named: "prod-web", in: chicago.id)!.id, primary: false),
            ]
            let error = try #require(await apiError { try await h.client.createVirtualMachines(request) })
            #expect(error.status == 400)
            #expect(error.isValidation)
            #expect(error.code == "Bad Request")
            #expect(error.issues.map(\.path) == ["allocatePublicIp"])
            #expect(error.issues.first?.message.contains("storage-l2") == true)
            #expect(error.userMessage.hasPrefix("the request was rejected (400): allocatePublicIp: "))

            // The same body with the standard network as primary is accepted.
            request.networkInterfaces = request.networkInterfaces!.map { NetworkInterface(networkId: $0.networkId, primary: !$0.primary) }
            let jobs = try await h.client.createVirtualMachines(request)
            #expect(jobs.count == 1)
            #expect(h.stats().createRequests == 2)
        }
    }

    // MARK: 429

    /// Over the rate limit a GET waits exactly the `Retry-After` the server sent (here 20 s: the
    /// rest of the fixed window), then succeeds; the recorded sleep moves the simulator's clock.
    @Test func rateLimitedGETWaitsTheServersRetryAfter() async throws {
        try await withSimulator({ $0.rateLimitPerMinute = 2 }) { h in
            let probe = try h.otherClient(apiKey: h.sim.apiKey, retry: .none)
            _ = try await probe.dataCenters()
            _ = try await probe.sshKeys()
            let limited = try #require(await apiError { try await probe.resourceGroups() })
            await probe.shutdown()
            #expect(limited.status == 429)
            #expect(limited.code == "Rate Limited")
            let serverWait = try #require(limited.retryAfter)
            #expect(serverWait == 20, "the manual clock stands 40 s into its minute")
            #expect(limited.userMessage == "rate limited (429): try again in 20 s")

            let groups = try await h.client.resourceGroups()
            #expect(groups.count == h.catalog.resourceGroups.count)
            #expect(h.sleeps.recorded == [Double(serverWait)])
            #expect(h.stats().rateLimited == 2)
        }
    }

    /// The jobs POST honours `Retry-After` the same way.
    @Test func rateLimitedJobsPollWaitsTheServersRetryAfter() async throws {
        try await withSimulator({ $0.rateLimitPerMinute = 2 }) { h in
            let job = try #require(try await h.client.createVirtualMachines(h.catalog.goodRequest()).first)
            _ = try await h.client.jobs(ids: [job.jobId])
            let answer = try await h.client.jobs(ids: [job.jobId])
            #expect(answer.jobs.map(\.jobId) == [job.jobId])
            #expect(answer.requests == 2, "one 429, one success")
            #expect(h.sleeps.recorded == [20])
            #expect(h.stats().rateLimited == 1)
            #expect(h.stats().jobPolls == 3)
        }
    }

    /// A `Retry-After` longer than the policy's cap (55 s > 30 s) is not slept: the 429 surfaces
    /// at once with `retryAfter`. A policy with a higher cap waits it out.
    @Test func retryAfterBeyondTheCapSurfacesTheError() async throws {
        try await withSimulator({
            $0.rateLimitPerMinute = 1
            $0.clock = .manual(start: Date(timeIntervalSince1970: 1_779_999_965))  // 5 s into a minute
        }) { h in
            _ = try await h.client.authCheck()
            let error = try #require(await apiError { try await h.client.dataCenters() })
            #expect(error.status == 429)
            #expect(error.retryAfter == 55)
            #expect(error.userMessage == "rate limited (429): try again in 55 s")
            #expect(h.sleeps.recorded.isEmpty)
            #expect(h.stats().rateLimited == 1)

            let patient = try h.otherClient(apiKey: h.sim.apiKey, retry: RetryPolicy(maxRetries: 3, maxBackoff: 60))
            let dcs = try await patient.dataCenters()
            await patient.shutdown()
            #expect(dcs.count == 10)
            #expect(h.sleeps.recorded == [55])
        }
    }

    // MARK: 5xx

    /// A GET that always meets a 5xx is tried 1 + maxRetries times, with a bounded wait between
    /// tries, then the last error surfaces.
    @Test(arguments: [0, 1, 3])
    func serverErrorsOnGETsAreRetriedUpToTheLimit(maxRetries: Int) async throws {
        try await withSimulator({ $0.errorRate = 1 }, retry: RetryPolicy(maxRetries: maxRetries)) { h in
            let error = try #require(await apiError { try await h.client.dataCenters() })
            #expect((500...504).contains(error.status ?? 0))
            #expect(error.userMessage.hasPrefix("the GPCN API failed (5"))
            #expect(h.stats().totalRequests == 1 + maxRetries)
            #expect(h.stats().faultsInjected == 1 + maxRetries)
            #expect(h.sleeps.recorded.count == maxRetries)
            #expect(h.sleeps.recorded.allSatisfy { $0 > 0 && $0 <= 30 })
        }
    }

    /// Occasional 5xx (HTML 502/504 pages included) never reach the caller of a GET: 20 listings all
    /// succeed, and the server saw exactly one extra request per injected fault.
    @Test func transientServerErrorsAreInvisibleToGETs() async throws {
        try await withSimulator({ $0.errorRate = 0.3 }, retry: RetryPolicy(maxRetries: 10)) { h in
            for _ in 0..<20 {
                let dcs = try await h.client.dataCenters()
                #expect(dcs.map(\.id) == h.catalog.dataCenters.map(\.id))
            }
            let s = h.stats()
            #expect(s.faultsInjected > 0)
            #expect(s.totalRequests == 20 + s.faultsInjected)
            #expect(h.sleeps.recorded.count == s.faultsInjected)
        }
    }

    /// The create POST is never retried: exactly one create request per call, even when it fails
    /// with a 5xx (which may come after the work was done).
    @Test func createIsNeverRetriedOnServerErrors() async throws {
        try await withSimulator({ $0.errorRate = 1 }) { h in
            let error = try #require(await apiError { try await h.client.createVirtualMachines(h.catalog.goodRequest()) })
            #expect((500...504).contains(error.status ?? 0))
            #expect(h.stats().createRequests == 1)
            #expect(h.stats().requests("POST", "/v1/resource/virtual-machines") == 1)
            #expect(h.stats().totalRequests == 1)
            #expect(h.sleeps.recorded.isEmpty)
        }
        try await withSimulator({ $0.errorRate = 0.4 }) { h in
            var failures = 0
            for i in 0..<15 {
                do { _ = try await h.client.createVirtualMachines(h.catalog.goodRequest(name: "vm\(i)")) } catch let e as APIError {
                    #expect((500...504).contains(e.status ?? 0))
                    failures += 1
                }
            }
            #expect(failures > 0)
            #expect(h.stats().createRequests == 15)
            #expect(h.stats().faultsInjected == failures)
            #expect(h.sleeps.recorded.isEmpty)
        }
    }

    /// The jobs POST is retried on 5xx like a GET: every poll returns the job, and the attempts the
    /// client reports match the requests the server counted.
    @Test func jobsPollIsRetriedOnServerErrors() async throws {
        try await withSimulator({ $0.errorRate = 0.4 }, retry: RetryPolicy(maxRetries: 10)) { h in
            var job: Job?
            for _ in 0..<30 where job == nil {
                job = try? await h.client.createVirtualMachines(h.catalog.goodRequest()).first
            }
            let id = try #require(job?.jobId)
            h.resetStats()
            let slept = h.sleeps.recorded.count
            var attempts = 0
            for _ in 0..<10 {
                let answer = try await h.client.jobs(ids: [id])
                #expect(answer.jobs.map(\.jobId) == [id])
                attempts += answer.requests
            }
            #expect(attempts > 10, "some polls met a fault")
            #expect(h.stats().jobPolls == attempts)
            #expect(h.sleeps.recorded.count - slept == attempts - 10)
        }
    }

    // MARK: Transport

    /// Nothing listening: GETs are retried, then "cannot reach … check GPCN_HOST"; a create is tried once.
    @Test func unreachableHostIsRetriedForGETsOnly() async throws {
        let sleeps = SleepLog()
        let client = try GPCNClient(configuration: ClientConfiguration(host: "http://127.0.0.1:1", apiKey: "gpcn_x",
                                                                       connectTimeout: 2),
                                    sleep: sleeps.sleep, jitter: { 0.5 })
        let get = await apiError { try await client.dataCenters() }
        #expect(sleeps.recorded == [0.75, 1.5, 3], "3 retries, equal-jitter backoff 1, 2, 4 s")
        let create = await apiError { try await client.createVirtualMachines(CreateVMRequest(name: "x")) }
        #expect(sleeps.recorded.count == 3, "create not retried")
        await client.shutdown()
        for error in [get, create] {
            guard case .unreachable? = error?.kind else {
                Issue.record("expected unreachable, got \(String(describing: error))"); continue
            }
            #expect(error?.userMessage.hasPrefix("cannot reach 127.0.0.1:1: ") == true)
            #expect(error?.userMessage.contains("GPCN_HOST") == true)
        }
    }

    /// A server slower than the request timeout: a timeout error, retried for GETs.
    @Test func slowServerTimesOut() async throws {
        try await withSimulator({ $0.latencyMs = 1500 }, retry: RetryPolicy(maxRetries: 1), requestTimeout: 0.3) { h in
            let started = ContinuousClock.now
            let error = try #require(await apiError { try await h.client.authCheck() })
            #expect(ContinuousClock.now - started < .milliseconds(1400), "gave up before the server answered")
            guard case .timeout = error.kind else { Issue.record("expected a timeout, got \(error)"); return }
            #expect(error.userMessage.hasPrefix("no answer from 127.0.0.1:"))
            #expect(h.sleeps.recorded.count == 1)
        }
    }

    /// GPCN_HOST with a wrong path reaches the server but no route: the JSON "Route Not Found" 404
    /// says to check GPCN_HOST, and is not retried.
    @Test func wrongPathIsRouteNotFound() async throws {
        try await withSimulator { h in
            let client = try GPCNClient(configuration: ClientConfiguration(host: h.sim.baseURL + "/api", apiKey: h.sim.apiKey),
                                        sleep: h.sleeps.sleep)
            let error = await apiError { try await client.dataCenters() }
            await client.shutdown()
            #expect(error?.status == 404)
            #expect(error?.userMessage.hasPrefix("127.0.0.1:\(h.sim.port) does not know this route (404): check GPCN_HOST") == true)
            #expect(h.stats().requestsByRoute["unmatched"] == 1)
            #expect(h.sleeps.recorded.isEmpty)
        }
    }

    /// A malformed GPCN_HOST fails before anything is sent, with a message naming GPCN_HOST.
    @Test(arguments: ["not a url", "http://", "http://host:99999", "ftp://api.gpcn.com", ""])
    func malformedHostIsAConfigurationError(host: String) throws {
        do {
            _ = try GPCNClient(configuration: ClientConfiguration(host: host, apiKey: "gpcn_x"))
            Issue.record("accepted \(host)")
        } catch let error as APIError {
            guard case .configuration = error.kind else { Issue.record("expected configuration, got \(error)"); return }
            #expect(error.userMessage.hasPrefix("GPCN_HOST '\(host)' "))
        }
    }
}
