import Foundation
import GPCNApp
import GPCNCore
import Synchronization
import Testing

/// A VM list and interfaces in memory, counting what was asked.
private final class AddressAPI: PartialFakeAPI, Sendable {
    private let vms: [VirtualMachine]
    private let nics: [String: [VMNetworkInterface]]
    private let failList: Bool
    let asked = Mutex<[String]>([])
    init(vms: [VirtualMachine], nics: [String: [VMNetworkInterface]] = [:], failList: Bool = false) {
        self.vms = vms; self.nics = nics; self.failList = failList
    }

    func virtualMachine(id: String) async throws -> VirtualMachine {
        asked.withLock { $0.append("get \(id)") }
        return VirtualMachine(id: id, primaryPrivateIp: "192.0.2.99")  // never to be read
    }
    func virtualMachines(search: String?) async throws -> [VirtualMachine] {
        asked.withLock { $0.append("list \(search ?? "*")") }
        if failList { throw APIError(kind: .http(status: 500), message: "boom") }
        return vms.filter { vm in search.map { vm.name?.contains($0) == true } ?? true }
    }
    func networkInterfaces(vmId: String) async throws -> [VMNetworkInterface] {
        asked.withLock { $0.append("nics \(vmId)") }
        guard let n = nics[vmId] else { throw APIError(kind: .http(status: 404), message: "no such VM") }
        return n
    }
}

@Suite struct VMAddressLookupTests {
    typealias T = VMAddressLookup.Target

    @Test func aBatchOfSeveralIsOneListCallAndASingleVMItsInterfaces() {
        let targets = [T(vmId: "a", name: "web-1", batch: "web"), T(vmId: "db", name: "db", batch: "db"),
                       T(vmId: "b", name: "web-2", batch: "web"), T(vmId: "c", name: "web-3", batch: "web")]
        #expect(VMAddressLookup.plan(targets) == [.list(search: "web", vmIds: ["a", "b", "c"]), .interfaces(vmId: "db")])
    }

    @Test func eachVMIsAskedForOnce() {
        let targets = [T(vmId: "a", name: "x", batch: "x"), T(vmId: "A", name: "x", batch: "x")]
        #expect(VMAddressLookup.plan(targets) == [.interfaces(vmId: "a")])
        #expect(VMAddressLookup.plan([]) == [])
    }

    @Test func moreCallsThanTheBudgetBecomeOneWalkThroughTheList() {
        let singles = (1...5).map { T(vmId: "vm\($0)", name: "solo\($0)", batch: "solo\($0)") }
        #expect(VMAddressLookup.plan(singles, maxCalls: 5).count == 5)
        #expect(VMAddressLookup.plan(singles, maxCalls: 4) == [.list(search: nil, vmIds: singles.map(\.vmId))])
    }

    @Test func vmsASearchedListDidNotShowAreAskedOneByOneWithinALimit() {
        let call = VMAddressLookup.Call.list(search: "web", vmIds: ["a", "b", "c"])
        #expect(VMAddressLookup.fallback(after: call, found: ["A"]) == [.interfaces(vmId: "b"), .interfaces(vmId: "c")])
        #expect(VMAddressLookup.fallback(after: call, found: [], limit: 1) == [.interfaces(vmId: "a")])
        // The whole list shows every VM: one missing from it is gone.
        #expect(VMAddressLookup.fallback(after: .list(search: nil, vmIds: ["a"]), found: []) == [])
    }

    @Test func batchNamesComeFromTheRequestElseTheNameWithoutItsNumber() {
        func t(_ name: String, request: CreateVMRequest? = nil) -> TrackedJob {
            TrackedJob(job: Job(jobId: "j", resourceName: name), request: request)
        }
        #expect(VMAddressLookup.batchName(t("web-2", request: CreateVMRequest(name: "web", numberOfInstances: 3))) == "web")
        #expect(VMAddressLookup.batchName(t("servers 1", request: CreateVMRequest(name: "servers 1", numberOfInstances: 1)))
                == "servers 1")
        // A VPC-era batch: one create per VM, each named NAME-N.
        #expect(VMAddressLookup.batchName(t("vpc-2", request: CreateVMRequest(name: "vpc-2", numberOfInstances: 1))) == "vpc")
        #expect(VMAddressLookup.batchName(t("web-12")) == "web")
        #expect(VMAddressLookup.batchName(t("web-a")) == "web-a")
        #expect(VMAddressLookup.batchName(t("db")) == "db")
        #expect(VMAddressLookup.batchName(t("-1")) == "-1")
    }

    @Test func targetsAreTheSucceededJobsWithAVM() {
        var ok = Job(jobId: "j1", isCompleted: true, isTerminal: true, resourceId: "vm-1", resourceName: "web-1")
        let failed = Job(jobId: "j2", hasFailed: true, isTerminal: true, resourceName: "web-2")
        let running = Job(jobId: "j3", resourceId: "vm-3", resourceName: "web-3")
        let jobs = [TrackedJob(job: ok, state: .succeeded), TrackedJob(job: failed, state: .failed),
                    TrackedJob(job: running, state: .running)]
        #expect(VMAddressLookup.targets(jobs) == [T(vmId: "vm-1", name: "web-1", batch: "web")])
        ok.resourceId = nil
        #expect(VMAddressLookup.targets([TrackedJob(job: ok, state: .succeeded)]) == [])
    }

    @Test func fetchReadsListItemsAndInterfacesNeverTheSingleGet() async {
        let api = AddressAPI(
            vms: [VirtualMachine(id: "a", name: "web-1", primaryPrivateIp: "10.0.0.1", primaryPublicIp: "203.0.113.1"),
                  VirtualMachine(id: "b", name: "web-2", primaryPrivateIp: "10.0.0.2"),
                  VirtualMachine(id: "z", name: "webby", primaryPrivateIp: "10.9.9.9")],
            nics: ["db": [VMNetworkInterface(id: "n2", networkInterface: 1, privateIp: "10.1.0.8"),
                          VMNetworkInterface(id: "n1", networkInterface: 0, isPrimary: true, privateIp: "10.1.0.7")],
                   "c": [VMNetworkInterface(id: "n3", isPrimary: true, privateIp: "10.0.0.3")]])
        let targets = [T(vmId: "a", name: "web-1", batch: "web"), T(vmId: "b", name: "web-2", batch: "web"),
                       T(vmId: "c", name: "renamed", batch: "web"), T(vmId: "db", name: "db", batch: "db")]
        let result = await VMAddressLookup.fetch(targets, api: api)
        #expect(result.addresses == ["a": VMAddresses(privateIp: "10.0.0.1", publicIp: "203.0.113.1"),
                                     "b": VMAddresses(privateIp: "10.0.0.2"),
                                     "c": VMAddresses(privateIp: "10.0.0.3"),
                                     "db": VMAddresses(privateIp: "10.1.0.7")])
        #expect(result.problems == [])
        // One list for the batch, the interfaces of the single VM, then of the one the list missed.
        #expect(api.asked.withLock { $0 } == ["list web", "nics db", "nics c"])
        #expect(result.calls == 3)
    }

    @Test func aVMTheServerDoesNotKnowIsGoneNotAProblem() async {
        let api = AddressAPI(vms: [VirtualMachine(id: "a", name: "web-1", primaryPrivateIp: "10.0.0.1")])
        // "b" is missing from the searched list and its interfaces are a 404.
        let searched = await VMAddressLookup.fetch([T(vmId: "a", name: "web-1", batch: "web"),
                                                    T(vmId: "b", name: "web-2", batch: "web")], api: api)
        #expect(searched.addresses == ["a": VMAddresses(privateIp: "10.0.0.1")])
        #expect(searched.gone == ["b"] && searched.problems == [])
        // Missing from the whole list: gone, without asking more.
        let whole = await VMAddressLookup.fetch([T(vmId: "a", name: "web-1", batch: "x"), T(vmId: "c", name: "y", batch: "y")],
                                                api: api, maxCalls: 1)
        #expect(whole.gone == ["c"] && whole.calls == 1)
    }

    @Test func aFailedCallIsAProblemAndItsVMsHaveNoEntry() async {
        let api = AddressAPI(vms: [], failList: true)
        let result = await VMAddressLookup.fetch([T(vmId: "a", name: "web-1", batch: "web"), T(vmId: "b", name: "web-2", batch: "web"),
                                                  T(vmId: "x", name: "x", batch: "x")], api: api)
        #expect(result.addresses.isEmpty)
        #expect(result.problems.count == 1)
        #expect(result.gone == ["x"], "a 404 for the interfaces: not on the server")
        #expect(result.problems.first?.hasPrefix("cannot list VMs named like 'web'") == true)
        // A failed list is not followed by a call per VM: that would spend the budget it may have hit.
        #expect(api.asked.withLock { $0 } == ["list web", "nics x"])
    }
}
