import Foundation
import GPCNApp
import GPCNConsole
import GPCNCore
import Testing

/// A batch of several creates from the wizard, through the real runtime, against the simulator
/// (docs/batches.md): the dashboard opens on the first create, the later creates' jobs join it,
/// and `q` + `y` stops sending the rest at once (the journal says so; nothing more is sent).
@Suite(.serialized) struct BatchSendingTests {
    /// From the Access step to the Review with `count` VMs named `name`.
    static func review(_ ui: LiveConsole, name: String, count: Int) async throws {
        try await ui.toAccess(image: "ubuntu 24", size: "small-1")
        ui.keys(.enter, .enter)
        try await ui.until("details") { $0.wizard?.step == .details }
        ui.backend.type(name)
        ui.keys(.tab, .backspace, .backspace, .backspace, .backspace)
        ui.backend.type(String(count))
        try await ui.until("\(count) VMs") { $0.wizard?.answers.count == String(count) }
        ui.keys(.enter)
        try await ui.until("review, names checked") { s in
            guard let w = s.wizard, w.step == .review, case .checked? = w.nameCheck else { return false }
            return true
        }
    }

    @Test func theWholeBatchIsSentAndEveryJobJoinsTheDashboard() async throws {
        try await withSimulator({ World.rich.configure(&$0) }) { h in
            let ui = LiveConsole(api: h.client)
            try await Self.review(ui, name: "fleet", count: 13)
            ui.keys(.enter)
            let opened = try await ui.until("dashboard on the first create") { $0.jobs != nil }
            #expect((opened.jobs?.jobs.count ?? 0) >= 10)
            let all = try await ui.until("every create answered") { s in
                s.jobs?.jobs.count == 13 && s.jobs?.queue?.status == .ended(nil)
            }
            #expect(all.jobs?.jobs.map(\.name) == (1...13).map { "fleet-\($0)" })
            let creates = h.sim.simulator.creates().filter { $0.name?.hasPrefix("fleet") == true }
            #expect(creates.map(\.count) == [10, 1, 1, 1], "a create of 10, then one per name")
            let summary = try ui.journal.read()
            #expect(summary.unsentBatches.isEmpty, "the batch ended as sent")
            _ = await ui.quit()
        }
    }

    @Test func qAndYStopSendingTheRestAtOnce() async throws {
        try await withSimulator({ World.rich.configure(&$0) }) { h in
            let ui = LiveConsole(api: h.client)
            try await Self.review(ui, name: "halt", count: 40)  // 31 creates, 0.6 s apart
            ui.keys(.enter)
            try await ui.until("two creates answered") { ($0.jobs?.jobs.count ?? 0) >= 11 }
            ui.keys(.character("q"))
            try await ui.until("asked") { $0.jobs?.prompt == .confirmStopSending }
            ui.keys(.character("y"))
            let final = await ui.run.value
            #expect(final.jobs?.queue?.status == .stopped)
            let atStop = h.sim.simulator.creates().filter { $0.name?.hasPrefix("halt") == true }.count
            try await Task.sleep(for: .milliseconds(1500))  // two and a half creates' spacing
            let sent = h.sim.simulator.creates().filter { $0.name?.hasPrefix("halt") == true }
            #expect(sent.count <= atStop + 1, "nothing sent after the stop but the create under way (\(atStop) → \(sent.count))")
            #expect(sent.count >= 2 && sent.count < 31, "\(sent.count) creates")
            let lines = String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: ui.journal.path))) ?? Data(), as: UTF8.self)
            #expect(lines.contains(#""outcome":"stopped""#), "the stop is journaled at once")
            #expect(try ui.journal.read().unsentBatches.isEmpty, "a stopped batch is not offered again")
            let intents = lines.split(separator: "\n").filter { $0.contains(#""type":"intent""#) }.count
            #expect(intents <= sent.count + 1, "no create journaled after the stop beyond the one under way")
        }
    }
}
