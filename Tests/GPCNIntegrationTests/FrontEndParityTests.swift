import Foundation
import GPCNApp
import GPCNClient
import GPCNConsole
import GPCNCore
import GPCNRuntime
import Synchronization
import Testing
import TerminalUI
@testable import gpcn

/// The three ways to create — the full-screen wizard, the accessible flow and `create --yes` —
/// send the identical body for the same answers, and say the identical thing when the same
/// create's answer is lost (issue "One application layer", done-means).
@Suite("Front ends agree", .serialized)
struct FrontEndParityTests {
    static let flags = CreateFlags(datacenter: "Chicago", image: "Ubuntu 24.04 LTS", size: "G-Micro-1",
                                   count: 2, name: "parity")

    func journal() -> JournalFile {
        JournalFile(path: NSTemporaryDirectory() + "gpcn-parity-\(UUID().uuidString)/journal.jsonl")
    }

    /// `create --yes`: the flags resolved and sent the way `CreateCommand.scripted` sends them; the
    /// last line it writes on stderr.
    func scripted(_ h: Harness) async throws -> (CreateVMRequest, String) {
        let api = LosesCreateAnswers(h.client)
        let catalog = try await CreateResolver.loadCatalog(for: Self.flags, api: api)
        let resolution = CreateResolver.resolve(Self.flags, password: nil, catalog: catalog)
        #expect(resolution.isValid, "\(resolution.problems)")
        let err = Lines(), out = Lines()
        let (_, code) = await CreateCommand.send(resolution.request,
                                                 with: CreateSubmitter(api: api, journal: journal(),
                                                                       clock: { h.clock.now.timeIntervalSince1970 }),
                                                 output: .text, err: { err.add($0) }, out: { out.add($0) })
        #expect(code == Exit.api)
        #expect(err.all.first?.hasPrefix("No answer: the create may have gone through") == true, "\(err.all)")
        #expect(out.all.joined().contains("parity-1") && out.all.joined().contains("parity-2"), "the VMs found, on stdout")
        return (try #require(api.bodies.first), err.all.last ?? "")
    }

    /// The wizard, pre-filled from the same flags, run by the real runtime: Enter on the review.
    func wizard(_ h: Harness) async throws -> (CreateVMRequest, String) {
        let api = LosesCreateAnswers(h.client)
        let catalog = try await CreateResolver.loadCatalog(for: Self.flags, api: api, everything: true)
        let resolution = CreateResolver.resolve(Self.flags, password: nil, catalog: catalog)
        let start = CreateCommand.prefilled(resolution.request, password: nil, catalog: catalog)
        #expect(start.step == .review)
        let backend = ScriptedBackend()
        let checked = Mutex(false)
        let runtime = ConsoleRuntime(api: api, backend: backend, journal: journal(),
                                     clock: { h.clock.now.timeIntervalSince1970 },
                                     observe: { state, _ in
                                         if state.wizard?.unconfirmed?.check != nil { checked.withLock { $0 = true } }
                                     })
        let run = Task { await runtime.run(AppState(settings: ConsoleSettings(endpoint: api.endpoint),
                                                   size: backend.size, screen: .wizard(start))) }
        backend.key(.enter)
        for _ in 0..<200 where !checked.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(25)) }
        backend.key(.ctrl("c"))
        backend.key(.character("y"))
        let final = await run.value
        let wizard = try #require(final.wizard)
        #expect(wizard.unconfirmed?.check != nil, "the runtime looked the lost create up")
        return (try #require(api.bodies.first), wizard.unconfirmedText)
    }

    /// The accessible flow, pre-filled the same way, every question answered with Enter, then `y`.
    func accessible(_ h: Harness) async throws -> (CreateVMRequest, String) {
        let api = LosesCreateAnswers(h.client)
        let catalog = try await CreateResolver.loadCatalog(for: Self.flags, api: api)
        let resolution = CreateResolver.resolve(Self.flags, password: nil, catalog: catalog)
        var flow = AccessibleCreate(answers: CreateAnswers(request: resolution.request, password: nil))
        var body: CreateVMRequest?
        for _ in 0..<100 where body == nil {
            switch flow.next() {
            case .load(let r): flow.loaded(r, await ConsoleRuntime.fetch(r, api))
            case .checkNames(let search, let names): flow.namesChecked(await NameCheck.run(search: search, names: names, api: api))
            case .ask(let p): _ = flow.answer(p.question == .confirm ? "y" : "")
            case .submit(let r): body = r
            case .stop(let m, _): Issue.record("stopped: \(m ?? "")"); return (CreateVMRequest(), "")
            }
        }
        let request = try #require(body)
        // Sent and said the way `AccessibleFlow.run` does; its lines are captured.
        let said = Lines()
        _ = await AccessibleFlow.send(request, with: CreateSubmitter(api: api, journal: journal(),
                                                                     clock: { h.clock.now.timeIntervalSince1970 }),
                                      io: LineIO(ascii: false, sink: { said.add($0) }))
        let lines = said.all.joined().split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("No answer: the create may have gone through") == true, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("  parity-1: VM ") }, "the VMs found are listed")
        return (try #require(api.bodies.first), lines.first { $0.hasPrefix("Created") } ?? "")
    }

    @Test func theSameAnswersMakeTheSameBodyAndTheSameLostAnswerTheSameWords() async throws {
        // A fresh simulator for each front end, so each lost create finds exactly its own VMs.
        let (yesBody, yesText) = try await withSimulator { try await scripted($0) }
        let (wizardBody, wizardText) = try await withSimulator { try await wizard($0) }
        let (accessibleBody, accessibleText) = try await withSimulator { try await accessible($0) }
        #expect(wizardBody == yesBody)
        #expect(accessibleBody == yesBody)
        #expect(yesBody.instanceNames == ["parity-1", "parity-2"])
        #expect(yesText.hasPrefix("Created (answer lost): 2 of 2 VMs found; not sent again."), "\(yesText)")
        #expect(wizardText == yesText)
        #expect(accessibleText == yesText)
    }
}
