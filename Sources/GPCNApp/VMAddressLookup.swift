import GPCNCore

/// The private and public addresses of finished VMs, from the two places the reference gives
/// them (docs/api.md §2.9): the VM list's items (`primaryPrivateIp`/`primaryPublicIp`, many VMs
/// a call) and `…/network-interfaces` (one VM a call). Never from the single VM GET, which does
/// not document them.
///
/// `plan` (pure) decides which calls to make; `fetch` makes them one after another, so a lookup
/// costs at most `plan(…).count` requests (plus the list's extra pages) and a few more for VMs a
/// searched list did not show (`fallback`).
public enum VMAddressLookup {
    /// One VM whose addresses are wanted: its id, its name and the base name of its batch (the
    /// create's `name`, which the list is searched by).
    public struct Target: Sendable, Equatable, Hashable {
        public var vmId: String
        public var name: String
        public var batch: String

        public init(vmId: String, name: String, batch: String) {
            self.vmId = vmId; self.name = name; self.batch = batch
        }
    }

    /// A request to make.
    public enum Call: Sendable, Equatable {
        /// `GET /resource/virtual-machines?search=SEARCH` (all pages; every VM when `search` is
        /// nil), read for the addresses of `vmIds`.
        case list(search: String?, vmIds: [String])
        /// `GET /resource/virtual-machines/{vmId}/network-interfaces`.
        case interfaces(vmId: String)
    }

    /// What a lookup found.
    public struct Result: Sendable, Equatable {
        /// Addresses by VM id, for every VM a call answered about (possibly empty: none yet).
        public var addresses: [String: VMAddresses]
        /// Requests made (a list's pages count as one).
        public var calls: Int
        /// What went wrong, one line per failed call (the VMs it was for have no entry).
        public var problems: [String]
        /// VMs the server does not know (any more): a 404 for their interfaces, or missing from
        /// the whole VM list. Deleted since their job succeeded, most likely.
        public var gone: Set<String>

        public init(addresses: [String: VMAddresses] = [:], calls: Int = 0, problems: [String] = [],
                    gone: Set<String> = []) {
            self.addresses = addresses; self.calls = calls; self.problems = problems; self.gone = gone
        }
    }

    /// Above this many planned calls, one walk through the whole VM list (100 VMs a page) is
    /// cheaper than a call per batch or per VM, and keeps within the rate budget.
    public static let maxCalls = 20

    /// The targets of the succeeded jobs that name their VM (`resourceId`), each VM once, in
    /// the jobs' order. The batch is the request's base name, else the VM name without its
    /// `-N` suffix.
    public static func targets(_ jobs: [TrackedJob]) -> [Target] {
        var seen = Set<String>()
        var out: [Target] = []
        for t in jobs where t.state == .succeeded {
            guard let id = t.job.resourceId?.trimmingWhitespace(), !id.isEmpty,
                  seen.insert(id.lowercased()).inserted else { continue }
            out.append(Target(vmId: id, name: t.name, batch: batchName(t)))
        }
        return out
    }

    /// The base name a job's VM was created under: the request's `name` when it asked for
    /// several VMs, else the VM name without a trailing `-N` (a VPC-era batch is journaled as
    /// one create per VM, each named `NAME-N`, docs/api.md §2.11).
    public static func batchName(_ t: TrackedJob) -> String {
        if let n = t.request?.name?.trimmingWhitespace(), !n.isEmpty, (t.request?.numberOfInstances ?? 1) >= 2 {
            return n
        }
        let name = t.name
        if let dash = name.lastIndex(of: "-"), dash != name.startIndex,
           !name[name.index(after: dash)...].isEmpty, name[name.index(after: dash)...].allSatisfy(\.isASCIIDigit) {
            return String(name[..<dash])
        }
        return name
    }

    /// The calls for `targets`: per batch, one list call searched by its base name when the
    /// batch has two VMs or more (one call instead of one per VM), else the VM's interfaces
    /// (the documented place for one VM). When that would be more than `maxCalls` requests,
    /// one unsearched walk through the VM list instead.
    public static func plan(_ targets: [Target], maxCalls: Int = maxCalls) -> [Call] {
        var order: [String] = []
        var groups: [String: [String]] = [:]
        var seen = Set<String>()
        for t in targets where seen.insert(t.vmId.lowercased()).inserted {
            let batch = t.batch.trimmingWhitespace()
            if groups[batch] == nil { order.append(batch) }
            groups[batch, default: []].append(t.vmId)
        }
        var calls: [Call] = []
        for batch in order {
            let ids = groups[batch] ?? []
            if ids.count >= 2 && !batch.isEmpty {
                calls.append(.list(search: batch, vmIds: ids))
            } else {
                calls += ids.map { .interfaces(vmId: $0) }
            }
        }
        if calls.count > maxCalls {
            return [.list(search: nil, vmIds: order.flatMap { groups[$0] ?? [] })]
        }
        return calls
    }

    /// The calls for VMs a searched list call did not show (a server whose search matches
    /// differently, or a list that lags): their interfaces, at most `limit` of them. An unsearched
    /// list shows every VM, so a VM missing from it is gone: nothing to ask.
    public static func fallback(after call: Call, found: Set<String>, limit: Int = maxCalls) -> [Call] {
        guard case .list(.some, let ids) = call else { return [] }
        let lowered = Set(found.map { $0.lowercased() })
        return ids.filter { !lowered.contains($0.lowercased()) }.prefix(max(0, limit)).map { .interfaces(vmId: $0) }
    }

    /// Looks the addresses of `targets` up through `api`, one request at a time, as planned.
    public static func fetch(_ targets: [Target], api: any GPCNAPI, maxCalls: Int = maxCalls) async -> Result {
        var result = Result()
        var queue = plan(targets, maxCalls: maxCalls)
        var spentOnFallback = 0
        while !queue.isEmpty {
            let call = queue.removeFirst()
            result.calls += 1
            switch call {
            case .list(let search, let ids):
                do {
                    let vms = try await api.virtualMachines(search: search)
                    let wanted = Set(ids.map { $0.lowercased() })
                    var found = Set<String>()
                    for vm in vms where wanted.contains(vm.id.lowercased()) {
                        let key = ids.first { $0.lowercased() == vm.id.lowercased() } ?? vm.id
                        result.addresses[key] = vm.addresses
                        found.insert(key)
                    }
                    if search == nil { result.gone.formUnion(ids.filter { !found.contains($0) }) }
                    let more = fallback(after: call, found: found, limit: maxCalls - spentOnFallback)
                    spentOnFallback += more.count
                    queue += more
                } catch {
                    result.problems.append("cannot list VMs\(search.map { " named like '\($0)'" } ?? ""): "
                                           + message(error))
                }
            case .interfaces(let id):
                do {
                    result.addresses[id] = VMAddresses(interfaces: try await api.networkInterfaces(vmId: id))
                } catch let e as APIError where e.status == 404 {
                    result.gone.insert(id)
                } catch {
                    result.problems.append("cannot read the network interfaces of VM \(id): " + message(error))
                }
            }
        }
        return result
    }

    private static func message(_ error: any Error) -> String {
        (error as? APIError)?.userMessage ?? "\(error)"
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension VMAddressLookup {
    /// The addresses of the succeeded jobs' VMs (`targets(jobs)`), looked up as planned.
    public static func fetch(for jobs: [TrackedJob], api: any GPCNAPI, maxCalls: Int = maxCalls) async -> Result {
        let wanted = targets(jobs)
        guard !wanted.isEmpty else { return Result() }
        return await fetch(wanted, api: api, maxCalls: maxCalls)
    }
}
