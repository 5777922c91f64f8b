import Foundation
import GPCNApp
import GPCNClient
import GPCNConsole
import GPCNCore
import GPCNRuntime
import GPCNSimulator
import Synchronization
import Testing
import TerminalUI
@testable import gpcn

/// The servers gpcn must work against (docs/api.md, "When the server does not say"): our rich
/// simulator, one that sends only what the reference documents, and a VPC-era account (on the
/// documented minimum too).
enum World: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case rich, minimal, vpc

    var testDescription: String { rawValue }

    func configure(_ c: inout SimulatorConfiguration) {
        c.clock = .system
        c.speed = 900  // a job takes a fraction of a second
        c.failRate = 0
        c.cancelRate = 0
        switch self {
        case .rich: break
        case .minimal: c.dialect = .minimal
        case .vpc: c.dialect = .minimal; c.vpc = true
        }
    }

    /// A Linux VM with an SSH key and a public address, as an operator would ask for it.
    var flags: CreateFlags {
        var f = CreateFlags(datacenter: "Chicago", image: "Ubuntu 24.04 LTS", size: "G-Small-1", publicIp: true,
                            count: 3, name: "world-\(rawValue)")
        if self == .vpc { f.subnet = "app" }
        return f
    }
}

/// The real runtime on a scripted terminal, with the last state it drew.
final class LastState: Sendable {
    let value = Mutex<AppState?>(nil)
}

final class LiveConsole: @unchecked Sendable {
    let backend = ScriptedBackend()
    let last = LastState()
    let run: Task<AppState, Never>
    let journal = JournalFile(path: NSTemporaryDirectory() + "gpcn-worlds-\(UUID().uuidString)/journal.jsonl")

    init(api: any GPCNAPI, start: WizardState = WizardState()) {
        let backend = self.backend
        let last = self.last
        let journal = self.journal
        let runtime = ConsoleRuntime(api: api, backend: backend, journal: journal,
                                     observe: { state, _ in last.value.withLock { $0 = state } })
        run = Task {
            await runtime.run(AppState(settings: ConsoleSettings(endpoint: api.endpoint), size: backend.size,
                                       screen: .wizard(start)))
        }
    }

    /// Waits (up to 20 s) until `condition` holds for the state on screen.
    @discardableResult
    func until(_ what: String, _ condition: (AppState) -> Bool,
               sourceLocation: SourceLocation = #_sourceLocation) async throws -> AppState {
        for _ in 0..<800 {
            if let s = last.value.withLock({ $0 }), condition(s) { return s }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("timed out waiting for: \(what)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    func keys(_ ks: Key...) { for k in ks { backend.key(k) } }
    /// `/` + text + Enter in the focused list, once the list has rows.
    func pick(_ text: String) { backend.key(.character("/")); backend.type(text); backend.key(.enter) }

    /// Data center Chicago, then `image` and `size` by filter, to the Access step with a key chosen.
    func toAccess(image: String, size: String) async throws {
        try await until("data centers") { $0.wizard?.catalog.dataCenters.value != nil }
        pick("chicago")
        try await until("images") { $0.wizard?.step == .image && $0.wizard?.form.imageCatalog != nil }
        pick(image)
        try await until("sizes") { $0.wizard?.step == .size && $0.wizard?.catalog.sizes.values.first?.value != nil }
        pick(size)
        try await until("access, a key chosen") { $0.wizard?.step == .access && $0.wizard?.answers.sshKeyId != nil }
    }

    /// From the Access step, past the network (the default) to the Review, naming the VMs `name`.
    func accessToReview(name: String) async throws {
        keys(.enter, .enter)
        try await until("details") { $0.wizard?.step == .details }
        backend.type(name)
        keys(.enter)
        try await until("review") { $0.wizard?.step == .review }
    }

    func quit() async -> AppState {
        backend.key(.character("q"))
        backend.key(.character("y"))
        backend.key(.ctrl("c"))
        backend.key(.character("y"))
        return await run.value
    }
}

@Suite("Three worlds: rich, documented minimum, VPC account", .serialized)
struct ThreeWorldsTests {
    /// The flags path (`create --yes --wait`): resolved, sent, followed to the end, addresses read
    /// from the documented places.
    @Test(arguments: World.allCases)
    func scriptedCreateIsFollowedToTheEndWithAddresses(_ world: World) async throws {
        try await withSimulator({ world.configure(&$0) }) { h in
            let flags = world.flags
            let catalog = try await CreateResolver.loadCatalog(for: flags, api: h.client)
            let resolution = CreateResolver.resolve(flags, password: nil, catalog: catalog)
            #expect(resolution.isValid, "\(resolution.problems.map(\.line))")
            #expect(resolution.request.authMethod == .sshKey, "an image that does not say still takes an SSH key")
            let err = Lines(), out = Lines()
            let submitter = CreateSubmitter(api: h.client, journal: nil, clock: ConsoleRuntime.wallClock)
            let (outcome, code) = await CreateCommand.send(resolution.request, with: submitter, output: .text,
                                                           err: { err.add($0) }, out: { out.add($0) })
            #expect(code == nil, "\(err.all)")
            let jobs = outcome.acceptedJobs
            #expect(jobs.count == 3)
            let creates = h.sim.simulator.creates()
            if world == .vpc {
                let chicago = try #require(h.catalog.dataCenter(named: "Chicago"))
                let app = try #require(h.catalog.vpcWorld.subnet(named: "app", inDataCenter: chicago.id))
                #expect(resolution.request.subnetId == app.id, "the look-alike 'app' of another data center is never chosen")
                #expect(creates.count == 3, "one create per VM")
                for c in creates {
                    #expect(c.keys == ["acquirePublicIp", "authMethod", "datacenterId", "imageId", "name", "skuId",
                                       "sshKeyId", "subnetId"], "the documented keys only")
                }
                #expect(creates.map(\.name) == ["world-vpc-1", "world-vpc-2", "world-vpc-3"])
            } else {
                #expect(creates.count == 1 && creates[0].keys.contains("numberOfInstances"))
            }
            let followed = await JobFollower.plain(api: h.client, jobs: jobs,
                                                   names: Dictionary(uniqueKeysWithValues: jobs.map { ($0.jobId, $0.resourceName ?? "") }),
                                                   journal: nil)
            #expect(followed.exitCode == Exit.ok && followed.jobs.allSatisfy { $0.state == .succeeded })
            for job in followed.jobs {
                let vm = try await ConsoleRuntime.loadVM(try #require(job.job.resourceId), h.client)
                #expect(vm.interfaces?.isEmpty == false, "…/network-interfaces answered")
                #expect(vm.addresses.privateIp != nil && vm.addresses.publicIp != nil, "\(vm)")
                if world != .rich {
                    #expect(vm.primaryPrivateIp == nil, "the single GET does not carry addresses here: they came from the interfaces")
                }
            }
        }
    }

    /// The wizard, walked with keys against each world, to a 202 and a finished VM whose details
    /// show its addresses.
    @Test(arguments: World.allCases)
    func theWizardWalksToACreateAndShowsTheAddresses(_ world: World) async throws {
        try await withSimulator({ world.configure(&$0) }) { h in
            let ui = LiveConsole(api: h.client)
            try await ui.toAccess(image: "ubuntu 24", size: "small-1")
            ui.keys(.enter)
            try await ui.until("networks") { s in
                guard let w = s.wizard, w.step == .network, let dc = w.answers.datacenterId else { return false }
                return w.catalog.subnets[dc]?.isLoading == false && w.catalog.networks[dc]?.isLoading == false
            }
            if world == .vpc {
                ui.pick("app")
                ui.keys(.escape)  // leave the filter; the choice stays
                try await ui.until("subnet highlighted") { $0.wizard?.networkSelect.list.selectedID?.hasPrefix("subnet:") == true }
                ui.keys(.space)
                try await ui.until("subnet chosen") { $0.wizard?.answers.subnetId != nil }
            }
            ui.keys(.enter)
            try await ui.until("details") { $0.wizard?.step == .details }
            ui.backend.type("walk")
            ui.keys(.enter)
            try await ui.until("review") { $0.wizard?.step == .review }
            ui.keys(.enter)
            let done = try await ui.until("jobs ended") { s in
                guard let j = s.jobs, !j.jobs.isEmpty else { return false }
                return j.jobs.allSatisfy { $0.state.isTerminal }
            }
            #expect(done.jobs?.jobs.allSatisfy { $0.state == .succeeded } == true)
            if world == .vpc {
                #expect(h.sim.simulator.creates().last?.keys.contains("subnetId") == true)
            }
            ui.keys(.enter)  // the selected job's details load its VM
            let detail = try await ui.until("VM details") { s in
                guard let j = s.jobs, let id = j.jobs.first?.job.resourceId, case .loaded? = j.vms[id] else { return false }
                return true
            }
            let id = try #require(detail.jobs?.jobs.first?.job.resourceId)
            guard case .loaded(let vm)? = detail.jobs?.vms[id] else { return }
            #expect(vm.addresses.privateIp != nil, "private address from …/network-interfaces")
            _ = await ui.quit()
        }
    }

    /// Against the documented minimum, a Windows image does not say it takes only a password: the
    /// wizard offers the SSH key first, the server's refusal lands on the login method, and a
    /// password then gets the 202.
    @Test func aServerRefusalOfTheLoginLandsOnTheFieldAndAPasswordGetsThrough() async throws {
        try await withSimulator({ World.minimal.configure(&$0) }) { h in
            let ui = LiveConsole(api: h.client)
            try await ui.toAccess(image: "windows 2022", size: "small-1")
            try await ui.accessToReview(name: "win")
            ui.keys(.enter)
            let refused = try await ui.until("back at the login") { s in
                s.wizard?.step == .access && s.wizard?.serverIssues.contains { $0.path == "authMethod" } == true
            }
            let words = refused.wizard?.form.issues(for: .authMethod).first?.message ?? ""
            #expect(words.contains("ssh-key"), "the server's words at the field: \(words)")
            #expect(h.stats().createsAccepted == 0)
            ui.keys(.right)  // the login method: password
            try await ui.until("password chosen") { $0.wizard?.answers.authMethod == .password }
            ui.keys(.ctrl("g"))
            try await ui.until("password generated") { $0.wizard?.answers.password.isEmpty == false }
            ui.keys(.enter)
            try await ui.until("networks") { $0.wizard?.step == .network }
            ui.keys(.enter)
            try await ui.until("details") { $0.wizard?.step == .details }
            ui.keys(.enter)
            try await ui.until("review") { $0.wizard?.step == .review }
            ui.keys(.enter)
            try await ui.until("accepted") { $0.jobs != nil }
            #expect(h.stats().createsAccepted == 1)
            _ = await ui.quit()
        }
    }

    /// Against the documented minimum no size says it is sold out, so every one can be chosen; the
    /// server's 409 for a sold-out one sends the wizard back to the size step with its words.
    @Test func aSoldOutSizeIsExplainedOnTheSizeStep() async throws {
        try await withSimulator({ World.minimal.configure(&$0) }) { h in
            let ui = LiveConsole(api: h.client)
            try await ui.toAccess(image: "ubuntu 24", size: "m-medium-1")
            try await ui.accessToReview(name: "big")
            ui.keys(.enter)
            let back = try await ui.until("back at the size") { s in
                s.wizard?.step == .size && s.wizard?.serverIssues.contains { $0.path == "skuId" } == true
            }
            let words = back.wizard?.form.issues(for: .skuId).first?.message ?? ""
            #expect(words.contains("M-Medium-1"), "the server's words on the size step: \(words)")
            #expect(h.stats().createsAccepted == 0)
            _ = await ui.quit()
        }
    }

    /// The accessible flow, answered as a person types, on a VPC account: the subnet is among
    /// the network choices, a subnet that is not ready is refused with its state, and the batch
    /// goes out as one create per VM.
    @Test func theAccessibleFlowChoosesASubnet() async throws {
        try await withSimulator({ World.vpc.configure(&$0) }) { h in
            var flow = AccessibleCreate(answers: CreateAnswers())
            let typed: [AccessibleQuestion: [String]] = [
                .dataCenter: ["chicago"], .image: ["ubuntu 24"], .size: ["g-small-1"], .networks: ["batch", "app"],
                .publicIp: ["n"], .name: ["acc"], .count: ["2"], .confirm: ["y"],
            ]
            var left = typed
            var said: [String] = []
            var body: CreateVMRequest?
            for _ in 0..<200 where body == nil {
                switch flow.next() {
                case .load(let r): flow.loaded(r, await ConsoleRuntime.fetch(r, h.client))
                case .checkNames(let search, let names):
                    flow.namesChecked(await NameCheck.run(search: search, names: names, api: h.client))
                case .ask(let p):
                    said += p.lines
                    let answer = left[p.question]?.first ?? ""
                    if left[p.question]?.isEmpty == false { left[p.question]?.removeFirst() }
                    said += flow.answer(answer)
                case .submit(let r): body = r
                case .stop(let m, _): Issue.record("stopped: \(m ?? "")"); return
                }
            }
            let request = try #require(body, "\(said.suffix(30).joined(separator: "\n"))")
            #expect(said.contains { $0.contains("batch") && $0.contains("creating") }, "the subnet's state is said")
            #expect(said.contains { $0.hasPrefix("batch cannot be chosen: creating") || $0.contains("cannot be chosen: creating") })
            let chicago = try #require(h.catalog.dataCenter(named: "Chicago"))
            #expect(request.subnetId == h.catalog.vpcWorld.subnet(named: "app", inDataCenter: chicago.id)?.id)
            let outcome = await AccessibleFlow.send(request, with: CreateSubmitter(api: h.client, journal: nil,
                                                                                  clock: ConsoleRuntime.wallClock),
                                                    io: LineIO(ascii: false, sink: { _ in }))
            #expect(outcome.acceptedJobs.count == 2 && h.sim.simulator.creates().count == 2)
        }
    }

    /// A VPC account refuses a legacy body (here: the default network): the wizard goes back to
    /// the network step and says to choose a subnet; the script path exits 2 with the same words.
    @Test func aLegacyBodyOnAVPCAccountSaysChooseASubnet() async throws {
        try await withSimulator({ World.vpc.configure(&$0) }) { h in
            var flags = World.vpc.flags
            flags.subnet = nil
            let catalog = try await CreateResolver.loadCatalog(for: flags, api: h.client)
            let resolution = CreateResolver.resolve(flags, password: nil, catalog: catalog)
            let err = Lines()
            let (_, code) = await CreateCommand.send(resolution.request,
                                                     with: CreateSubmitter(api: h.client, journal: nil, clock: ConsoleRuntime.wallClock),
                                                     output: .text, err: { err.add($0) }, out: { _ in })
            #expect(code == Exit.api)
            #expect(err.all.joined().contains("this account uses VPC networking; choose a subnet"), "\(err.all)")
            #expect(err.all.joined().contains("--subnet"))

            let start = CreateCommand.prefilled(resolution.request, password: nil, catalog: catalog)
            let ui = LiveConsole(api: h.client, start: start)
            try await ui.until("review") { $0.wizard?.step == .review }
            ui.keys(.enter)
            let back = try await ui.until("network step again") { s in
                s.wizard?.step == .network && s.wizard?.serverIssues.contains { $0.path == "subnetId" } == true
            }
            #expect(back.wizard?.form.issues(for: .subnetId).first?.message == "This account uses VPC networking: choose a subnet")
            #expect(h.stats().createsAccepted == 0, "nothing was re-sent by itself")
            _ = await ui.quit()
        }
    }
}

/// `create --wait` after a lost create answer whose VMs were found by name follows them by
/// status until they run, instead of stopping with exit 2.
@Suite("Following VMs found after a lost answer", .serialized)
struct RecoveredFollowTests {
    @Test(arguments: [World.rich, World.minimal])
    func vmsFoundByNameAreFollowedUntilTheyRun(_ world: World) async throws {
        try await withSimulator({ world.configure(&$0); $0.speed = 60 }) { h in
            let api = LosesCreateAnswers(h.client)
            let flags = CreateFlags(datacenter: "Chicago", image: "Ubuntu 24.04 LTS", size: "G-Small-1", count: 2, name: "lost")
            let catalog = try await CreateResolver.loadCatalog(for: flags, api: api)
            let request = CreateResolver.resolve(flags, password: nil, catalog: catalog).request
            let outcome = await CreateSubmitter(api: api, journal: nil, clock: ConsoleRuntime.wallClock).submit(request)
            guard case .lost(_, .recovered(let vms), let batch) = outcome else { Issue.record("\(outcome)"); return }
            #expect(vms.count == 2)
            let said = Lines()
            let followed = await RecoveredFollower.follow(vms, batch: batch, api: h.client, interval: 0.2, err: { said.add($0) })
            #expect(followed.exitCode == 0, "\(said.all)")
            #expect(vms.allSatisfy { VMFollow.readiness(followed.statuses[$0.vmId] ?? nil) == .ready })
            #expect(said.all.contains { $0.hasPrefix("lost-1: Running") }, "\(said.all)")
            #expect(h.sim.simulator.creates().count == 1, "never sent again")
        }
    }

    @Test func readinessAndTheExitCodeFollowTheJobsRule() {
        #expect(VMFollow.readiness("RUNNING") == .ready && VMFollow.readiness("Shutoff") == .ready)
        #expect(VMFollow.readiness("Error") == .failed && VMFollow.readiness("Destroyed") == .failed)
        #expect(VMFollow.readiness("Provisioning") == .pending && VMFollow.readiness("") == .pending && VMFollow.readiness(nil) == .pending)
        #expect(VMFollow.exitCode(["Running", "Error", "Provisioning"]) == 3, "a failure wins over still running")
        #expect(VMFollow.exitCode(["Running", "Building"]) == 4)
        #expect(VMFollow.exitCode(["Running", "Stopped"]) == 0)
    }
}
