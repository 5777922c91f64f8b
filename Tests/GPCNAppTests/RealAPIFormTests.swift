import Foundation
import GPCNApp
import GPCNCore
import Synchronization
import Testing

/// The create form and its sending against what the reference documents, not what our own
/// simulator adds: images without customizations, VPC subnets, lists that are not served.
@Suite struct RealAPIFormTests {
    static let chicago = DataCenter(id: "11111111-1111-4111-8111-111111111111", name: "Chicago", vpcCapable: true)
    static let tokyo = DataCenter(id: "22222222-2222-4222-8222-222222222222", name: "Tokyo")
    /// As the reference's own examples show an image: id and name only.
    static let bare = VMImage(id: "aaaaaaaa-0000-4000-8000-000000000009", name: "Alma Linux 9.x")
    static let size = VMSize(skuId: "bbbbbbbb-0000-4000-8000-000000000001", name: "G-Small-1")
    static let keys = [SSHKey(id: "cccccccc-0000-4000-8000-000000000001", name: "ops", isDefault: true)]
    static let app = VPCSubnet(id: "dddddddd-0000-4000-8000-000000000001", name: "app", cidr: "10.1.0.0/24", state: "ready",
                               vpcId: "v1", vpcName: "prod", datacenterId: chicago.id)
    static let building = VPCSubnet(id: "dddddddd-0000-4000-8000-000000000002", name: "batch", state: "creating",
                                    vpcId: "v1", vpcName: "prod", datacenterId: chicago.id)
    /// The same name in another data center: never to be chosen for Chicago.
    static let lookAlike = VPCSubnet(id: "dddddddd-0000-4000-8000-000000000003", name: "app", state: "ready",
                                     vpcId: "v2", vpcName: "tokyo", datacenterId: tokyo.id)

    func catalog(subnets: [VPCSubnet]? = [app, building, lookAlike], groupsUnlisted: Bool = false) -> ResolutionCatalog {
        var c = ResolutionCatalog(dataCenters: [Self.chicago, Self.tokyo],
                                  images: ImageCatalog(categories: [ImageCategory(name: "Linux", images: [Self.bare])],
                                                       reservedUsernames: []),
                                  sizes: SizeCatalog(categories: [SizeCategory(sizes: [Self.size])]), networks: [],
                                  sshKeys: Self.keys, resourceGroups: groupsUnlisted ? nil : [], subnets: subnets)
        c.subnetsUnlisted = subnets == nil
        c.resourceGroupsUnlisted = groupsUnlisted
        return c
    }

    func flags(_ change: (inout CreateFlags) -> Void = { _ in }) -> CreateFlags {
        var f = CreateFlags(datacenter: "Chicago", image: "Alma Linux 9.x", size: "G-Small-1", name: "web")
        change(&f)
        return f
    }

    // MARK: Unknown is not "no"

    @Test func anImageThatDoesNotSayOffersEveryLoginAndAUsername() {
        #expect(!Self.bare.customizations.isKnown)
        var form = CreateForm()
        form.catalog = CatalogCache(catalog(), datacenterId: Self.chicago.id)
        _ = form.chooseDataCenter(Self.chicago.id)
        _ = form.chooseImage(Self.bare.id)
        #expect(form.allowedAuthMethods == [.sshKey, .password, .custom])
        #expect(form.answers.authMethod == .sshKey, "the first offered, as for a Linux image")
        #expect(form.asks(.authMethod) && form.asks(.username))
        #expect(form.loads(for: .access) == [.sshKeys])
        for method in AuthMethod.allCases {
            form.answers.authMethod = method
            form.answers.username = "deploy"
            #expect(form.issues(for: .access).filter { $0.path == "authMethod" || $0.path == "username" }.isEmpty,
                    "nothing refused on our side for \(method): the server decides")
        }
        #expect(Self.bare.customizations.summary.contains("server decides"))
    }

    @Test func theFlagsMakeALinuxCreateWithoutCustomizations() {
        let r = CreateResolver.resolve(flags(), password: nil, catalog: catalog())
        #expect(r.isValid, "\(r.problems.map(\.line))")
        #expect(r.request.authMethod == .sshKey && r.request.sshKeyId == Self.keys[0].id)
        let withPassword = CreateResolver.resolve(flags { $0.auth = .password }, password: "Good-Pass-1234",
                                                  passwordSource: .stdin, catalog: catalog())
        #expect(withPassword.isValid && withPassword.request.password == "Good-Pass-1234")
    }

    @Test func aResourceGroupIdIsTakenAsGivenWhenTheListIsNotServed() {
        let id = "eeeeeeee-0000-4000-8000-000000000001"
        let r = CreateResolver.resolve(flags { $0.resourceGroup = id }, password: nil, catalog: catalog(groupsUnlisted: true))
        #expect(r.isValid && r.request.resourceGroupId == id)
        let bad = CreateResolver.resolve(flags { $0.resourceGroup = "prod" }, password: nil, catalog: catalog(groupsUnlisted: true))
        #expect(bad.problems.first { $0.field == .resourceGroupId }?.line.contains("UUID") == true)
        var cache = CatalogCache()
        cache.store(.resourceGroups, .failure(APIError(kind: .http(status: 404), message: "Route Not Found")))
        #expect(cache.resourceGroups == .loaded([]) && cache.resourceGroupsUnlisted, "a 404 is no list, not a failure")
    }

    // MARK: VPC subnets

    @Test func aSubnetNameResolvesInTheChosenDataCenterOnly() {
        let r = CreateResolver.resolve(flags { $0.subnet = "app" }, password: nil, catalog: catalog())
        #expect(r.isValid, "\(r.problems.map(\.line))")
        #expect(r.request.subnetId == Self.app.id, "never the look-alike of Tokyo")
        let notReady = CreateResolver.resolve(flags { $0.subnet = "batch" }, password: nil, catalog: catalog())
        #expect(notReady.problems.map(\.line) == ["--subnet: subnet 'batch' is creating: choose a ready one (see gpcn catalog subnets --datacenter Chicago)"])
        let both = CreateResolver.resolve(flags { $0.subnet = "app"; $0.networks = ["lan"] }, password: nil, catalog: catalog())
        #expect(both.problems.contains { $0.field == .subnetId && $0.line.contains("not both") })
        let unlisted = CreateResolver.resolve(flags { $0.subnet = Self.lookAlike.id }, password: nil, catalog: catalog(subnets: nil))
        #expect(unlisted.isValid && unlisted.request.subnetId == Self.lookAlike.id, "taken as given when VPCs cannot be listed")
    }

    @Test func aVPCBatchIsOneCreatePerVMWithTheDocumentedKeysOnly() throws {
        var r = CreateResolver.resolve(flags { $0.subnet = "app"; $0.count = 3; $0.publicIp = true }, password: nil,
                                       catalog: catalog()).request
        #expect(r.numberOfInstances == 3 && r.isVPC)
        let plan = CreatePlan(r)
        #expect(plan.creates == 3 && plan.names == [["web-1"], ["web-2"], ["web-3"]])
        for body in plan.bodies {
            let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(body)) as! [String: Any]
            #expect(Set(json.keys) == ["authMethod", "datacenterId", "imageId", "name", "skuId", "sshKeyId", "subnetId",
                                       "acquirePublicIp"])
        }
        r.subnetId = nil
        #expect(CreatePlan(r).creates == 1, "a legacy body makes its VMs in one create")
        #expect(CreateFlags.describing(plan.request, catalog: catalog()).commandLine().contains("--subnet app"))
    }

    // MARK: Addresses

    @Test func addressesComeFromThePrimaryInterfaceThenAListItem() {
        let nics = [VMNetworkInterface(id: "b", networkInterface: 1, isPrimary: false, privateIp: "10.9.0.5", publicIp: "203.0.113.9"),
                    VMNetworkInterface(id: "a", networkInterface: 0, isPrimary: true, privateIp: "10.1.0.4", publicIp: nil)]
        #expect(VMAddresses(interfaces: nics) == VMAddresses(privateIp: "10.1.0.4", publicIp: "203.0.113.9"))
        var vm = VirtualMachine(id: "vm", primaryPrivateIp: "10.0.0.1")
        #expect(vm.addresses.privateIp == "10.0.0.1", "a list item's documented field")
        vm.interfaces = nics
        #expect(vm.addresses.privateIp == "10.1.0.4", "the interfaces win once fetched")
        let json = #"{"data":[{"id":"n","isPrimary":1,"privateIp":"10.1.0.4","publicIp":"","publicIpId":null,"world":"vpc","subnetName":"app","vpcName":"prod"}]}"#
        let decoded = try? JSONDecoder().decode(Envelope<[VMNetworkInterface]>.self, from: Data(json.utf8))
        #expect(decoded?.data?.first?.publicIp == nil, "an empty address is none")
        #expect(decoded?.data?.first?.attachment == "app (VPC prod)")
    }
}

/// A VPC account in memory: one VM per create, answers as scripted per create.
final class ScriptedCreates: GPCNAPI, Sendable {
    let endpoint = "http://fake/v1"
    private let script: Mutex<[Result<[Job], APIError>]>
    let bodies = Mutex<[CreateVMRequest]>([])
    init(_ script: [Result<[Job], APIError>]) { self.script = Mutex(script) }

    func authCheck() async throws -> AuthCheck { AuthCheck() }
    func dataCenters() async throws -> [DataCenter] { [] }
    func images(datacenterId: String) async throws -> ImageCatalog { ImageCatalog(categories: [], reservedUsernames: []) }
    func sizes(datacenterId: String) async throws -> SizeCatalog { SizeCatalog(categories: []) }
    func sshKeys() async throws -> [SSHKey] { [] }
    func networks(datacenterId: String?) async throws -> [Network] { [] }
    func resourceGroups() async throws -> [ResourceGroup] { [] }
    func jobs(ids: [String]) async throws -> JobsAnswer { JobsAnswer(jobs: [], requests: 1, rateLimit: nil) }
    func virtualMachine(id: String) async throws -> VirtualMachine { VirtualMachine(id: id) }
    func virtualMachines(search: String?) async throws -> [VirtualMachine] { [] }
    func createVirtualMachines(_ request: CreateVMRequest) async throws -> [Job] {
        bodies.withLock { $0.append(request) }
        let next = script.withLock { $0.isEmpty ? .success([Job(jobId: UUID().uuidString)]) : $0.removeFirst() }
        return try next.get()
    }
}

@Suite struct SplitBatchSendingTests {
    let request: CreateVMRequest = {
        var r = CreateVMRequest(datacenterId: "11111111-1111-4111-8111-111111111111", imageId: "i", skuId: "s", name: "web",
                                numberOfInstances: 3, authMethod: .sshKey, sshKeyId: "k")
        r.subnetId = "dddddddd-0000-4000-8000-000000000001"
        return r
    }()

    final class Waits: Sendable {
        let values = Mutex<[Double]>([])
        var all: [Double] { values.withLock { $0 } }
    }

    func submitter(_ api: ScriptedCreates, slept: Waits = Waits()) -> CreateSubmitter {
        CreateSubmitter(api: api, journal: JournalFile(path: NSTemporaryDirectory() + "gpcn-split-\(UUID().uuidString)/j.jsonl"),
                        clock: { 1_800_000_000 }, sleep: { s in slept.values.withLock { $0.append(s) } })
    }

    @Test func threeVMsAreThreeCreatesEachJournaledAndSpacedWithinTheBudget() async throws {
        let api = ScriptedCreates([])
        let slept = Waits()
        let s = submitter(api, slept: slept)
        let outcome = await s.submit(request)
        guard case .accepted(let jobs, let submission) = outcome else { Issue.record("\(outcome)"); return }
        #expect(jobs.count == 3 && submission.jobs.map(\.name) == ["web-1", "web-2", "web-3"])
        #expect(api.bodies.withLock { $0.map { $0.name } } == ["web-1", "web-2", "web-3"])
        #expect(api.bodies.withLock { $0.allSatisfy { $0.numberOfInstances == nil && $0.networkInterfaces == nil } })
        #expect(slept.all == [0.6, 0.6], "60 s / the documented 100 a minute between creates")
        let journal = try #require(s.journal).read()
        #expect(journal.openIntents.isEmpty && journal.jobs.count == 3, "each create journaled and answered")
    }

    @Test func aRefusalPartWayStopsTheRestAndSaysWhatWasNotRequested() async {
        let api = ScriptedCreates([.success([Job(jobId: "j1")]),
                                   .failure(APIError(kind: .http(status: 409), message: "G-Small-1 is out of capacity"))])
        let outcome = await submitter(api).submit(request)
        guard case .partial(let jobs, _, let stop) = outcome else { Issue.record("\(outcome)"); return }
        #expect(jobs.map { $0.jobId } == ["j1"] && api.bodies.withLock { $0.count } == 2)
        #expect(stop == "Create 2 of 3 (web-2) was refused: conflict (409): G-Small-1 is out of capacity Not requested: web-3.")
        #expect(outcome.text.hasPrefix("Submitted: 1 job accepted. Create 2 of 3"))
    }

    @Test func aFirstRefusalIsThatCreatesOwnOutcome() async {
        let api = ScriptedCreates([.failure(APIError(kind: .http(status: 403), code: "LEGACY_NETWORKING_CUT_OVER", message: "x"))])
        let outcome = await submitter(api).submit(request)
        guard case .refused(let e) = outcome else { Issue.record("\(outcome)"); return }
        #expect(e.isLegacyNetworkingCutOver && api.bodies.withLock { $0.count } == 1, "nothing more is sent")
    }

    @Test func aRateLimitedLaterCreateWaitsAsToldAndIsSentAgain() async {
        let api = ScriptedCreates([.success([Job(jobId: "j1")]),
                                   .failure(APIError(kind: .http(status: 429), message: "slow down", retryAfter: 840))])
        let slept = Waits()
        let events = Mutex<[CreateSubmitter.Event]>([])
        let outcome = await submitter(api, slept: slept).submit(request) { e in events.withLock { $0.append(e) } }
        guard case .accepted(let jobs, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(jobs.count == 3 && api.bodies.withLock { $0.map { $0.name } } == ["web-1", "web-2", "web-2", "web-3"])
        #expect(slept.all == [0.6, 840, 0.6], "the server's wait, honoured once, not hammered")
        #expect(events.withLock { $0.contains { if case .waiting(840, _) = $0 { return true }; return false } })
    }
}
