import Foundation
import GPCNCore
import Logging

/// The routes of docs/api.md §2 the simulator serves.
enum Route: Equatable {
    case authCheck, dataCenters, images(String), sizes(String), sshKeys, networks, resourceGroups
    case createVM, listVMs, getVM(String), deleteVM(String), networkInterfaces(String), jobs
    case listVPCs, getVPC(String), listSubnets(String)

    /// "METHOD /template" for the stats.
    var key: String {
        switch self {
        case .authCheck: return "GET /v1/auth/check"
        case .dataCenters: return "GET /v1/resource/data-centers"
        case .images: return "GET /v1/resource/data-centers/{id}/virtual-machine-images"
        case .sizes: return "GET /v1/resource/data-centers/{id}/virtual-machine-sizes"
        case .sshKeys: return "GET /v1/resource/ssh-keys"
        case .networks: return "GET /v1/resource/networks"
        case .resourceGroups: return "GET /v1/resource-groups"
        case .createVM: return "POST /v1/resource/virtual-machines"
        case .listVMs: return "GET /v1/resource/virtual-machines"
        case .getVM: return "GET /v1/resource/virtual-machines/{id}"
        case .deleteVM: return "DELETE /v1/resource/virtual-machines/{id}"
        case .networkInterfaces: return "GET /v1/resource/virtual-machines/{id}/network-interfaces"
        case .jobs: return "POST /v1/resource/jobs"
        case .listVPCs: return "GET /v1/resource/vpcs"
        case .getVPC: return "GET /v1/resource/vpcs/{id}"
        case .listSubnets: return "GET /v1/resource/vpcs/{id}/subnets"
        }
    }

    /// `parts` are the path components after "v1" (empty components, i.e. trailing or doubled
    /// slashes, already removed).
    static func match(method: String, parts: [String]) -> Route? {
        switch (method, parts.count) {
        case ("GET", 2) where parts == ["auth", "check"]: return .authCheck
        case ("GET", 2) where parts == ["resource", "data-centers"]: return .dataCenters
        case ("GET", 4) where parts[0] == "resource" && parts[1] == "data-centers" && parts[3] == "virtual-machine-images":
            return .images(parts[2])
        case ("GET", 4) where parts[0] == "resource" && parts[1] == "data-centers" && parts[3] == "virtual-machine-sizes":
            return .sizes(parts[2])
        case ("GET", 2) where parts == ["resource", "ssh-keys"]: return .sshKeys
        case ("GET", 2) where parts == ["resource", "networks"]: return .networks
        case ("GET", 1) where parts == ["resource-groups"]: return .resourceGroups
        case ("POST", 2) where parts == ["resource", "virtual-machines"]: return .createVM
        case ("GET", 2) where parts == ["resource", "virtual-machines"]: return .listVMs
        case ("GET", 3) where parts[0] == "resource" && parts[1] == "virtual-machines": return .getVM(parts[2])
        case ("DELETE", 3) where parts[0] == "resource" && parts[1] == "virtual-machines": return .deleteVM(parts[2])
        case ("GET", 4) where parts[0] == "resource" && parts[1] == "virtual-machines" && parts[3] == "network-interfaces":
            return .networkInterfaces(parts[2])
        case ("POST", 2) where parts == ["resource", "jobs"]: return .jobs
        case ("GET", 2) where parts == ["resource", "vpcs"]: return .listVPCs
        case ("GET", 3) where parts[0] == "resource" && parts[1] == "vpcs": return .getVPC(parts[2])
        case ("GET", 4) where parts[0] == "resource" && parts[1] == "vpcs" && parts[3] == "subnets": return .listSubnets(parts[2])
        default: return nil
        }
    }
}

/// Query string parsing with percent-decoding of keys and values (`filter%5BdatacenterId%5D`).
struct Query {
    var values: [String: String] = [:]

    init(_ raw: String?) {
        guard let raw, !raw.isEmpty else { return }
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let plus = s.replacingOccurrences(of: "+", with: " ")
                return plus.removingPercentEncoding ?? plus
            }
            let key = decode(kv[0])
            values[key] = kv.count > 1 ? decode(kv[1]) : ""
        }
    }

    subscript(_ key: String) -> String? {
        guard let v = values[key] else { return nil }
        let t = v.trimmingCharacters(in: .whitespaces)
        return t.isEmpty ? nil : t
    }

    func bool(_ key: String) -> Bool? {
        switch self[key]?.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: return nil
        }
    }
}

extension Simulator {
    // MARK: Entry point

    /// Answers one request. Synchronous: added latency is applied by the HTTP layer.
    func handle(_ request: SimRequest) -> SimResponse {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let method = request.method.uppercased()

        if parts == ["_simulator", "stats"] && method == "GET" {
            return .json(200, stats())
        }
        if parts == ["_simulator", "creates"] && method == "GET" {
            return .json(200, creates())
        }
        if parts == ["_simulator", "jobs"] && method == "GET" {
            return .json(200, jobRecords())
        }

        let now = self.now
        // A route this configuration does not serve (the minimal dialect's resource-group list, an
        // unlistable VPC list) is an unknown route.
        let route = parts.first == "v1" ? Route.match(method: method, parts: Array(parts.dropFirst()))
            .flatMap { configuration.serves($0) ? $0 : nil } : nil
        return world.withLock { w -> SimResponse in
            w.stats.totalRequests += 1
            w.stats.requestsByRoute[route?.key ?? "unmatched", default: 0] += 1
            if route == .createVM { w.stats.createRequests += 1 }
            if route == .jobs { w.stats.jobPolls += 1 }

            w.lastAccepted = nil
            w.pendingFaultKind = nil
            var response = process(request, route: route, isAPI: parts.first == "v1", now: now, world: &w)
            let answer: String
            switch response.delivery {
            case .hang: answer = "hang"
            case .drop: answer = "drop"
            case .normal, .slow: answer = String(response.status)
            }
            w.stats.responsesByStatus[answer, default: 0] += 1
            if route == .createVM { logCreate(request, answer: answer, response: response, world: &w) }
            switch response.status {
            case 400, 422: w.stats.validationFailures += 1
            case 401: w.stats.unauthorized += 1
            case 429: w.stats.rateLimited += 1
            default: break
            }
            if !response.headers.contains(where: { $0.0.lowercased() == "content-type" }) {
                response.headers.append(("Content-Type", "application/json; charset=utf-8"))
            }
            return response
        }
    }

    private func process(_ request: SimRequest, route: Route?, isAPI: Bool, now: Date, world w: inout World) -> SimResponse {
        guard isAPI else { return Errors.routeNotFound }

        // Rate limit, per API key (all unauthenticated callers share one bucket).
        let presented = presentedKey(request.headers)
        let authenticated = presented == configuration.apiKey
        let (rateHeaders, limited) = consumeRate(bucket: authenticated ? "key:" + configuration.apiKey : "anonymous",
                                                 now: now, world: &w)
        func with(_ r: SimResponse) -> SimResponse {
            var r = r
            r.headers += rateHeaders
            return r
        }
        if let limited { return with(limited) }
        guard let route else { return with(Errors.routeNotFound) }

        // Injected faults (deterministic: the n-th eligible request under a given seed).
        let fault = drawFault(world: &w)
        w.pendingFaultKind = fault?.kind
        if let fault, !fault.afterProcessing {
            return with(inject(fault, answer: nil, world: &w))
        }
        guard authenticated else {
            if let fault {  // a gateway error stays a gateway error
                return with(inject(fault, answer: nil, world: &w))
            }
            return with(configuration.rules.unauthorized)
        }

        let answer = dispatch(route, request: request, now: now, world: &w)
        if let fault {
            // Faults after the work was done: the client cannot know whether it happened.
            logger.debug("injected \(fault.kind) after processing \(route.key) (\(answer.status))")
            return with(inject(fault, answer: answer, world: &w))
        }
        return with(answer)
    }

    private func presentedKey(_ headers: [String: String]) -> String? {
        if let k = headers["x-api-key"]?.trimmingCharacters(in: .whitespaces), !k.isEmpty { return k }
        if let auth = headers["authorization"] {
            let parts = auth.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                let key = parts[1].trimmingCharacters(in: .whitespaces)
                return key.hasPrefix("gpcn_") ? key : nil
            }
        }
        return nil
    }

    private func consumeRate(bucket: String, now: Date, world w: inout World) -> ([(String, String)], SimResponse?) {
        let limit = max(configuration.rateLimitPerMinute, 1)
        let length = configuration.rateLimitWindow
        let seconds = Int(now.timeIntervalSince1970.rounded(.down))
        let window = seconds / length
        var entry = w.rateWindows[bucket] ?? (window, 0)
        if entry.window != window { entry = (window, 0) }
        entry.count += 1
        w.rateWindows[bucket] = entry
        let reset = (window + 1) * length
        let headers = !configuration.rules.rateLimitHeaders ? [] :
            [("X-RateLimit-Limit", String(limit)), ("X-RateLimit-Remaining", String(max(limit - entry.count, 0))),
             ("X-RateLimit-Reset", String(reset))]
        guard entry.count > limit else { return (headers, nil) }
        let wait = max(reset - seconds, 1)
        // "in 14 minutes" for 840 s, as the real limiter words a long wait.
        let words = wait >= 120 ? "\((wait + 59) / 60) minutes" : "\(wait) seconds"
        let body = ErrorCOut(error: .init(code: "Rate Limited",
                                          message: "Too many requests. Please try again in \(words).",
                                          retryAfter: wait))
        return (headers, .json(429, body, headers: [("Retry-After", String(wait))]))
    }

    /// An injected fault: its kind (for the stats), whether the request is carried out first
    /// (the client cannot tell whether it happened), and how the answer is made from the real one.
    private struct Fault {
        var kind: String
        var afterProcessing: Bool
        var make: @Sendable (SimResponse?) -> SimResponse
    }

    private func inject(_ fault: Fault, answer: SimResponse?, world w: inout World) -> SimResponse {
        w.stats.faultsInjected += 1
        w.stats.faultsByKind[fault.kind, default: 0] += 1
        return fault.make(answer)
    }

    /// Deterministic under `seed`: the n-th API request meets the same fault in every run.
    /// One draw per request picks among the kinds in a fixed order, so a rate of 0 for one kind
    /// leaves the others as they were.
    private func drawFault(world w: inout World) -> Fault? {
        let c = configuration
        if w.burstRemaining > 0 {
            w.burstRemaining -= 1
            return Fault(kind: "429-burst", afterProcessing: false, make: { _ in Self.burst429() })
        }
        let error = c.clamp(c.errorRate), timeout = c.clamp(c.timeoutRate), drop = c.clamp(c.dropRate)
        let slow = c.clamp(c.slowBodyRate), malformed = c.clamp(c.malformedRate), burst = c.clamp(c.burstRate)
        guard error + timeout + drop + slow + malformed + burst > 0 else { return nil }
        var g = SplitMix64(seed: Hashing.mix(c.seed, 0xFA17, w.faultCounter))
        w.faultCounter += 1
        let u = g.unit()
        if u < error {
            switch g.next() % 4 {
            case 0:
                let r = Errors.shapeA(500, code: "Internal Server Error",
                                      message: "An unexpected error occurred. Please try again later.")
                return Fault(kind: "500", afterProcessing: false, make: { _ in r })
            case 1:
                return Fault(kind: "502", afterProcessing: g.next() % 2 == 0, make: { _ in Self.html(502, "502 Bad Gateway") })
            case 2:
                let r = Errors.shapeA(503, code: "Service Unavailable",
                                      message: "The service is temporarily unavailable. Please retry shortly.",
                                      headers: [("Retry-After", "1")])
                return Fault(kind: "503", afterProcessing: false, make: { _ in r })
            default:
                return Fault(kind: "504", afterProcessing: g.next() % 2 == 0, make: { _ in Self.html(504, "504 Gateway Time-out") })
            }
        }
        var edge = error
        edge += timeout
        if u < edge {
            let seconds = c.hangSeconds
            return Fault(kind: "hang", afterProcessing: g.next() % 2 == 0, make: { _ in
                SimResponse(status: 0, headers: [], body: [], delivery: .hang(seconds))
            })
        }
        edge += drop
        if u < edge {
            return Fault(kind: "drop", afterProcessing: g.next() % 2 == 0, make: { _ in
                SimResponse(status: 0, headers: [], body: [], delivery: .drop)
            })
        }
        edge += slow
        if u < edge {
            let ms = c.slowBodyMs
            return Fault(kind: "slow", afterProcessing: true, make: { answer in
                var r = answer ?? Errors.routeNotFound
                r.delivery = .slow(ms)
                return r
            })
        }
        edge += malformed
        if u < edge {
            return Fault(kind: "malformed", afterProcessing: g.next() % 2 == 0, make: { answer in
                // A 200 whose JSON stops in the middle (a proxy cut it, a buggy backend).
                let body = answer?.body ?? Array(#"{"success":true,"message":"ok","data":{"jobs":[{"jobId":"1"}]}}"#.utf8)
                return SimResponse(status: 200, headers: [("Content-Type", "application/json; charset=utf-8")],
                                   body: Array(body.prefix(max(body.count / 2, 1))))
            })
        }
        edge += burst
        if u < edge {
            w.burstRemaining = max(c.burstLength, 1) - 1
            return Fault(kind: "429-burst", afterProcessing: false, make: { _ in Self.burst429() })
        }
        return nil
    }

    private static func burst429() -> SimResponse {
        let body = ErrorCOut(error: .init(code: "Rate Limited", message: "Too many requests. Please try again in 1 seconds.",
                                          retryAfter: 1))
        return .json(429, body, headers: [("Retry-After", "1")])
    }

    private func logCreate(_ request: SimRequest, answer: String, response: SimResponse, world w: inout World) {
        var name: String?, count: Int?, keys: [String] = []
        if case .object(let o)? = try? JSONDecoder().decode(JSONValue.self, from: Data(request.body)) {
            if case .string(let n)? = o["name"] { name = n }
            if case .number(let c)? = o["numberOfInstances"] { count = Int(c) }
            keys = o.keys.sorted()
        }
        let accepted = w.lastAccepted
        let fault = w.pendingFaultKind
        w.createLog.append(SimulatorCreateRecord(
            n: w.createLog.count + 1, name: name, count: count, keys: keys, answer: answer, fault: fault,
            accepted: accepted != nil, jobIds: accepted?.jobIds ?? [], vmIds: accepted?.vmIds ?? [],
            vmNames: accepted?.names ?? []))
    }

    private static func html(_ status: Int, _ title: String) -> SimResponse {
        let page = "<html>\r\n<head><title>\(title)</title></head>\r\n<body>\r\n<center><h1>\(title)</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        return SimResponse(status: status, headers: [("Content-Type", "text/html")], body: Array(page.utf8))
    }

    // MARK: Dispatch

    private func dispatch(_ route: Route, request: SimRequest, now: Date, world w: inout World) -> SimResponse {
        let q = Query(request.query)
        switch route {
        case .authCheck: return authCheck()
        case .dataCenters: return listDataCenters(q)
        case .images(let id): return images(id.lowercased())
        case .sizes(let id): return sizes(id.lowercased(), q, now: now, world: w)
        case .sshKeys: return listSSHKeys(q)
        case .networks: return listNetworks(q, now: now, world: w)
        case .resourceGroups: return listResourceGroups(q)
        case .createVM: return createVM(request.body, now: now, world: &w)
        case .listVMs: return listVMs(q, now: now, world: w)
        case .getVM(let id): return getVM(id.lowercased(), now: now, world: w)
        case .deleteVM(let id): return deleteVM(id.lowercased(), now: now, world: &w)
        case .networkInterfaces(let id): return networkInterfaces(id.lowercased(), now: now, world: w)
        case .jobs: return jobs(request.body, now: now, world: w)
        case .listVPCs: return listVPCs(q)
        case .getVPC(let id): return getVPC(id.lowercased())
        case .listSubnets(let id): return listSubnets(id.lowercased(), q, now: now, world: w)
        }
    }

    // MARK: Pagination

    struct ResponseError: Error { var response: SimResponse }

    /// One page of `items` per §1.4 (`page` ≥ 1, 1 ≤ `limit` ≤ 100, default 10), or a 422.
    func paginate<T>(_ items: [T], _ q: Query) -> Result<([T], PageMeta), ResponseError> {
        var issues: [FieldIssue] = []
        var page = 1, limit = 10
        if let p = q["page"] {
            if let v = Int(p), v >= 1 { page = v } else {
                issues.append(FieldIssue(path: "page", message: "Page must be an integer of at least 1"))
            }
        }
        if let l = q["limit"] {
            if let v = Int(l), v >= 1, v <= 100 { limit = v } else {
                issues.append(FieldIssue(path: "limit", message: "Limit must be an integer from 1 to 100"))
            }
        }
        if !issues.isEmpty { return .failure(ResponseError(response: Errors.validation(422, issues))) }
        limit = min(limit, min(max(configuration.maxPageSize, 1), 100))
        let start = min((page - 1) * limit, items.count)
        let end = min(start + limit, items.count)
        return .success((Array(items[start..<end]), PageMeta(total: items.count, page: page, pageSize: limit)))
    }

    func pageResponse<T, Out: Encodable>(_ items: [T], _ q: Query, message: String, _ transform: (T) -> Out) -> SimResponse {
        switch paginate(items, q) {
        case .failure(let e): return e.response
        case .success(let (slice, meta)):
            return .json(200, SuccessOut(message: message, data: slice.map(transform), meta: .page(meta)))
        }
    }

    /// `sort=field:direction[,…]` over the given string keys; unknown fields are ignored.
    func sorted<T>(_ items: [T], _ q: Query, default fallback: String?, keys: [String: (T) -> String]) -> [T] {
        guard let spec = q["sort"] ?? fallback else { return items }
        var result = items
        for term in spec.split(separator: ",").reversed() {
            let parts = term.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let field = parts.first, let key = keys[field] else { continue }
            let descending = parts.count > 1 && parts[1].lowercased() == "desc"
            // Stable sort: enumerate to keep the previous order among equals.
            result = result.enumerated().sorted { a, b in
                let ka = key(a.element), kb = key(b.element)
                if ka == kb { return a.offset < b.offset }
                return descending ? ka > kb : ka < kb
            }.map(\.element)
        }
        return result
    }

    static func contains(_ haystack: String?, _ needle: String) -> Bool {
        guard let haystack else { return false }
        return haystack.range(of: needle, options: [.caseInsensitive, .diacriticInsensitive]) != nil
    }

    // MARK: Catalog endpoints

    private func authCheck() -> SimResponse {
        let key = configuration.apiKey
        let data = AuthCheck(
            authenticated: true,
            credential: .init(kind: "api_key", id: StableID.uuid("api-key:" + key), name: "gpcn simulator",
                              keyStart: String(key.prefix(8)), entityId: catalog.entityId, expiresAt: nil),
            grants: .init(source: "api_key_role", entityId: catalog.entityId,
                          permissions: ["virtual-machine:read", "virtual-machine:create", "virtual-machine:delete",
                                        "network:read", "ssh-key:read", "resource-group:read"]))
        return .json(200, SuccessOut(message: "", data: data))
    }

    private func listDataCenters(_ q: Query) -> SimResponse {
        var items = catalog.dataCenters
        if let s = q["search"] {
            items = items.filter { Self.contains($0.name, s) || Self.contains($0.code, s) || Self.contains($0.countryName, s) }
        }
        if let c = q["countryName"] { items = items.filter { $0.countryName?.caseInsensitiveCompare(c) == .orderedSame } }
        if let r = q["regionName"] { items = items.filter { $0.regionName?.caseInsensitiveCompare(r) == .orderedSame } }
        if let b = q.bool("gpuEnabled") { items = items.filter { ($0.gpuEnabled ?? false) == b } }
        if let b = q.bool("vpcCapable") { items = items.filter { ($0.vpcCapable ?? false) == b } }
        if let b = q.bool("l2Capable") { items = items.filter { ($0.l2Capable ?? false) == b } }
        items = sorted(items, q, default: nil, keys: ["name": { $0.name ?? "" }, "code": { $0.code ?? "" }])
        return pageResponse(items, q, message: "Data centers retrieved successfully") { $0 }
    }

    private func images(_ dcId: String) -> SimResponse {
        guard catalog.dcEntries[dcId] != nil else { return Errors.notFound("Datacenter not found") }
        let details = configuration.rules.imageDetails
        let meta = JSONValue.object(["constraints": .object(["usernames": .array(catalog.reservedUsernames.map { .string($0) })])])
        return .json(200, SuccessOut(message: "Virtual machine images retrieved successfully",
                                     data: catalog.imageCategories(dataCenterId: dcId).map { ImageCategoryOut(category: $0, details: details) },
                                     meta: details ? .value(meta) : .none))
    }

    private func sizes(_ dcId: String, _ q: Query, now: Date, world w: World) -> SimResponse {
        guard var sizes = catalog.sizeCatalog(dataCenterId: dcId) else { return Errors.notFound("Datacenter not found") }
        if let vmId = q["vmId"]?.lowercased() {
            // Only in-place upgrade targets of that VM: same data center, not its current size, no smaller disk.
            guard let vm = w.vms[vmId], w.status(of: vm, at: now) != nil else {
                return Errors.notFound("Virtual machine not found")
            }
            let disk = vm.size.disk ?? 0
            sizes.categories = sizes.categories.map { cat in
                var cat = cat
                cat.sizes = cat.sizes.filter { $0.skuId != vm.size.skuId && ($0.disk ?? 0) >= disk }
                return cat
            }.filter { !$0.sizes.isEmpty }
        }
        if !configuration.rules.sizeCommerce {
            sizes.categories = sizes.categories.map { cat in
                var cat = cat
                cat.sizes = cat.sizes.map { VMSize(skuId: $0.skuId, name: $0.name, skuCode: $0.skuCode, cpu: $0.cpu, ram: $0.ram, disk: $0.disk) }
                return cat
            }
        }
        return .json(200, SuccessOut(message: "Virtual machine sizes retrieved successfully", data: sizes))
    }

    private func listSSHKeys(_ q: Query) -> SimResponse {
        var items = catalog.sshKeys
        if let s = q["search"] {
            items = items.filter { Self.contains($0.name, s) || Self.contains($0.fingerprint, s) || Self.contains($0.algorithm, s) }
        }
        items = sorted(items, q, default: nil, keys: ["name": { $0.name ?? "" }, "createdAt": { $0.createdAt ?? "" }])
        return pageResponse(items, q, message: "SSH keys retrieved successfully") { $0 }
    }

    private func listNetworks(_ q: Query, now: Date, world w: World) -> SimResponse {
        var items = Array(w.defaultNetworks.values) + catalog.networks
        if let dc = q["filter[datacenterId]"]?.lowercased() { items = items.filter { $0.datacenter?.id == dc } }
        if let t = q["filter[networkType]"]?.lowercased() { items = items.filter { $0.networkType?.lowercased() == t } }
        if let r = q["filter[regionId]"], let regionId = Int(r) {
            let dcs = Set(catalog.dataCenters.filter { $0.regionId == regionId }.map(\.id))
            items = items.filter { dcs.contains($0.datacenter?.id ?? "") }
        }
        if let s = q["search"] { items = items.filter { Self.contains($0.name, s) || Self.contains($0.cidrBlock, s) } }
        items = sorted(items, q, default: "createdAt:desc",
                       keys: ["name": { $0.name ?? "" }, "createdAt": { $0.createdAt ?? "" }])
        var connected: [String: Int] = [:]
        for vm in w.vms.values where w.status(of: vm, at: now) != nil {
            for nic in vm.nics { if let n = nic.networkId { connected[n, default: 0] += 1 } }
        }
        let flagDefault = configuration.rules.defaultNetworkFlag
        return pageResponse(items, q, message: "Networks retrieved successfully") { net in
            var net = net
            if !flagDefault { net.isDefault = nil }
            return NetworkOut(network: net, connectedVms: connected[net.id] ?? 0)
        }
    }

    private func listResourceGroups(_ q: Query) -> SimResponse {
        var items = catalog.resourceGroups
        if let s = q["search"] { items = items.filter { Self.contains($0.name, s) || Self.contains($0.description, s) } }
        items = sorted(items, q, default: nil, keys: ["name": { $0.name ?? "" }, "createdAt": { $0.createdAt ?? "" }])
        return pageResponse(items, q, message: "Resource groups retrieved successfully") { $0 }
    }
}
