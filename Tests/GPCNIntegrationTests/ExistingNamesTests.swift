import Foundation
import GPCNApp
import GPCNClient
import GPCNConsole
import GPCNCore
import GPCNRuntime
import GPCNSimulator
import Testing
import TerminalUI
@testable import gpcn

/// Names checked before sending, against the simulator over loopback: the wizard through the real
/// runtime (its `.checkNames` effect asks the VM list), and `gpcn create --yes`'s check before the
/// send (docs/product.md, "Before sending: the review and the name check").
@Suite(.serialized)
struct ExistingNamesTests {
    /// Creates one VM named `name` and waits until the VM list shows it.
    static func existingVM(_ name: String, _ h: Harness) async throws {
        var flags = World.rich.flags
        flags.name = name
        flags.count = 1
        let catalog = try await CreateResolver.loadCatalog(for: flags, api: h.client)
        let resolution = CreateResolver.resolve(flags, password: nil, catalog: catalog)
        #expect(resolution.isValid, "\(resolution.problems.map(\.line))")
        _ = try await h.client.createVirtualMachines(resolution.request)
        for _ in 0..<200 {
            if try await h.client.virtualMachines(search: name).contains(where: { $0.name == name }) { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("the VM \(name) never showed in the list")
    }

    @Test func theWizardShowsTakenNamesAndCreatesOnlyAfterADeliberateSecondEnter() async throws {
        try await withSimulator({ World.rich.configure(&$0) }) { h in
            try await Self.existingVM("web-2", h)
            #expect(h.sim.simulator.creates().count == 1)
            let ui = LiveConsole(api: h.client)
            try await ui.toAccess(image: "ubuntu 24", size: "small-1")
            ui.keys(.enter, .enter)
            try await ui.until("details") { $0.wizard?.step == .details }
            ui.backend.type("web")
            ui.keys(.tab, .character("+"), .character("+"))
            try await ui.until("three VMs") { $0.wizard?.answers.count == "3" }
            ui.keys(.enter)
            let warned = try await ui.until("the name check answered") { s in
                guard let w = s.wizard, w.step == .review, case .checked? = w.nameCheck else { return false }
                return true
            }
            #expect(warned.wizard?.nameCheck?.text == "web-2 already exists")
            let screen = ConsoleApp.view(warned, now: 0).lines().joined(separator: "\n")
            #expect(screen.contains("Warning: web-2 already exists"))

            ui.keys(.enter)
            let asked = try await ui.until("asked to confirm") { $0.wizard?.blocked?.contains("press Enter again") == true }
            #expect(asked.wizard?.blocked?.hasPrefix("web-2 already exists") == true)
            try await Task.sleep(for: .milliseconds(200))
            #expect(h.sim.simulator.creates().count == 1, "the first Enter sends nothing")

            ui.keys(.enter)
            try await ui.until("accepted") { $0.jobs != nil }
            let creates = h.sim.simulator.creates()
            #expect(creates.count == 2)
            #expect(creates.last?.name == "web" && creates.last?.count == 3)
            #expect(h.stats().requests("GET", "/v1/resource/virtual-machines") >= 1)
            _ = await ui.quit()
        }
    }

    @Test func freeNamesCreateOnTheFirstEnter() async throws {
        try await withSimulator({ World.rich.configure(&$0) }) { h in
            try await Self.existingVM("web-2", h)
            let ui = LiveConsole(api: h.client)
            try await ui.toAccess(image: "ubuntu 24", size: "small-1")
            try await ui.accessToReview(name: "fresh")
            ui.keys(.enter)  // at once: while checking, Enter waits for the answer, then creates
            try await ui.until("accepted") { $0.jobs != nil }
            #expect(h.sim.simulator.creates().count == 2)
            _ = await ui.quit()
        }
    }

    /// `create --yes`: taken names refuse the batch (exit 2, nothing sent) unless
    /// `--allow-existing-names`; a dry run only warns.
    @Test func scriptsRefuseTakenNamesUnlessAllowed() async throws {
        try await withSimulator({ World.rich.configure(&$0) }) { h in
            try await Self.existingVM("api-1", h)
            var flags = World.rich.flags
            flags.name = "api"
            flags.count = 2
            let catalog = try await CreateResolver.loadCatalog(for: flags, api: h.client)
            let resolution = CreateResolver.resolve(flags, password: nil, catalog: catalog)
            let plan = CreatePlan(resolution.request)
            let before = h.sim.simulator.creates()

            let refused = Lines()
            let code = await ScriptNameCheck.check(plan, api: h.client, allowExisting: false, dryRun: false,
                                                   err: { refused.add($0) })
            #expect(code == Exit.api)
            #expect(refused.all.count == 1)
            #expect(refused.all.first?.hasPrefix("api-1 already exists") == true)
            #expect(refused.all.first?.contains("nothing was sent") == true)
            #expect(refused.all.first?.contains("--allow-existing-names") == true)
            #expect(h.sim.simulator.creates() == before, "nothing sent")

            let dry = Lines()
            #expect(await ScriptNameCheck.check(plan, api: h.client, allowExisting: false, dryRun: true, err: { dry.add($0) }) == nil)
            #expect(dry.all == ["warning: api-1 already exists: --yes would refuse this batch without --allow-existing-names"])

            let allowed = Lines()
            #expect(await ScriptNameCheck.check(plan, api: h.client, allowExisting: true, dryRun: false,
                                                err: { allowed.add($0) }) == nil)
            #expect(allowed.all == ["warning: api-1 already exists; creating anyway (--allow-existing-names)"])
            let submitter = CreateSubmitter(api: h.client, journal: nil, clock: ConsoleRuntime.wallClock)
            let (outcome, sendCode) = await CreateCommand.send(resolution.request, with: submitter, output: .text,
                                                               err: { _ in }, out: { _ in })
            #expect(sendCode == nil)
            #expect(outcome.acceptedJobs.count == 2)
            #expect(h.sim.simulator.creates().count == before.count + 1)

            let free = Lines()
            var other = flags
            other.name = "spare"
            let otherPlan = CreatePlan(CreateResolver.resolve(other, password: nil, catalog: catalog).request)
            #expect(await ScriptNameCheck.check(otherPlan, api: h.client, allowExisting: false, dryRun: false,
                                                err: { free.add($0) }) == nil)
            #expect(free.all.isEmpty, "free names say nothing")
        }
    }
}
