import Foundation
import GPCNApp
import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// A batch of several creates on the dashboard (SendQueue.swift): queued rows, `q` while creates
/// are queued, the later creates' jobs joining, and `S` on a batch an earlier gpcn left part-sent.
@Suite struct BatchQueueTests {
    typealias F = DashFixture

    static func batchRequest(_ count: Int, password: Bool = false) -> CreateVMRequest {
        var r = password ? F.passwordRequest : F.request
        r.numberOfInstances = count
        return r
    }

    static func sending(_ count: Int) -> DashDriver {
        let plan = CreatePlan(batchRequest(count))
        var d = DashDriver(jobs: (1...10).map { F.created($0) }, request: plan.bodies[0], size: Size(width: 100, height: 30))
        guard case .jobs(var j) = d.state.screen else { fatalError() }
        j.queue = SendQueue(plan: plan, now: d.now)
        d.state.screen = .jobs(j)
        return d
    }

    func screen(_ d: DashDriver) -> String { ConsoleApp.view(d.state, now: d.now).lines().joined(separator: "\n") }

    @Test func queuedCreatesAreRowsWithTheirPlannedTime() {
        let d = Self.sending(14)
        let text = screen(d)
        #expect(text.contains("Sending: 1 of 5 creates sent, 4 VMs queued (web-11 … web-14)"), "\(text)")
        for n in 11...14 { #expect(text.contains("web-\(n)"), "queued row web-\(n)") }
        #expect(text.contains("queued") && text.contains("create 5 of 5"))
        #expect(text.contains("in 2s"), "the fourth queued create is planned 4 × 0.6 s later: \(text)")
        #expect(text.contains("10 jobs · 10 running · 4 queued"), "the header counts the queued VMs")
    }

    @Test func qWhileQueuedAsksAndOnlyYStopsSending() {
        var d = Self.sending(14)
        d.press(.character("q"))
        #expect(d.jobs.prompt == .confirmStopSending)
        #expect(!d.effects.contains { if case .quit = $0 { return true } else { return false } })
        #expect(screen(d).contains("Stop sending?"))
        d.press(.character("n"))
        #expect(d.jobs.prompt == nil && d.jobs.queue?.isSending == true)
        #expect(!d.effects.contains(.stopSending(batchId: nil)))
        d.press(.character("q"), .character("y"))
        #expect(d.effects.suffix(2).contains(.stopSending(batchId: nil)))
        #expect(d.effects.last == .quit(exitCode: 4))
        #expect(d.jobs.queue?.status == .stopped)
    }

    @Test func sStopsSendingAndStays() {
        var d = Self.sending(14)
        d.press(.character("q"), .character("s"))
        #expect(d.effects.last == .stopSending(batchId: nil))
        #expect(d.jobs.quitRequested == nil && d.jobs.prompt == nil && d.jobs.queue?.status == .stopped)
        #expect(screen(d).contains("Sending stopped: 4 VMs not requested"))
        d.press(.character("q"))
        #expect(d.effects.last == .quit(exitCode: 4), "nothing queued is being sent any more: q leaves at once")
    }

    @Test func laterCreatesJoinTheBoardNamedByTheirBody() {
        var d = Self.sending(12)
        d.send(.batchSending(create: 1))
        #expect(d.jobs.queue?.queuedNames == ["web-12"], "the one under way is not queued")
        d.send(.batchCreateAccepted(create: 1, [F.created(11, name: "web-11")]))
        #expect(d.jobs.jobs.count == 11)
        let added = d.jobs.jobs.last!
        #expect(added.name == "web-11" && added.request?.name == "web-11" && added.request?.numberOfInstances == 1)
        #expect(d.jobs.scheduler.active.contains(F.id(11)), "the new job is polled")
        d.send(.batchSending(create: 2))
        d.send(.batchCreateAccepted(create: 2, [F.created(12, name: "web-12")]))
        d.send(.batchEnded(stop: nil))
        #expect(d.jobs.queue?.isSending == false)
        d.press(.character("q"))
        #expect(d.jobs.prompt == nil && d.effects.last == .quit(exitCode: 4), "nothing queued: q leaves at once")
    }

    @Test func aStopIsSaidAndTheUnrequestedStayShown() {
        var d = Self.sending(14)
        d.send(.batchEnded(stop: "Create 2 of 5 (web-11) was refused: sold out. Not requested: web-12 … web-14."))
        let text = screen(d)
        #expect(text.contains("was refused: sold out"), "\(text)")
        #expect(text.contains("not sent"))
    }

    /// `create --wait` without a screen follows while the rest is sent: it is not over while a
    /// create is still to be sent, even when every job so far has ended.
    @Test func aHeadlessFollowerWaitsForTheRestOfTheBatch() {
        var j = JobsState(tracked: [], openedAt: F.t0, mode: .lineFollowing)
        j.queue = SendQueue(plan: CreatePlan(Self.batchRequest(12)), now: F.t0)
        let settings = ConsoleSettings(endpoint: F.endpoint)
        #expect(!j.start(now: F.t0, settings: settings).contains(.quit(exitCode: 0)), "the rest is still to be sent")
        _ = j.update(.batchSending(create: 1), now: F.t0 + 1, settings: settings)
        _ = j.update(.batchCreateAccepted(create: 1, [F.succeeded(11, after: 1)]), now: F.t0 + 1, settings: settings)
        _ = j.update(.batchSending(create: 2), now: F.t0 + 2, settings: settings)
        let last = j.update(.batchCreateAccepted(create: 2, [F.succeeded(12, after: 1)]), now: F.t0 + 2, settings: settings)
        #expect(!last.contains { if case .quit = $0 { return true } else { return false } })
        let ended = j.update(.batchEnded(stop: nil), now: F.t0 + 3, settings: settings)
        #expect(ended == [.quit(exitCode: 0)], "every create sent and every job ended: over")
    }

    // MARK: Left part-sent by an earlier gpcn

    static func unsent(password: Bool = false) -> JournalSummary.UnsentBatch {
        let request = batchRequest(14, password: password)
        let batch = JournalEntry.Batch(id: "b1", time: ISOTime.format(F.t0 - 60), endpoint: F.endpoint, request: request,
                                       creates: CreatePlan(request).names, owner: "elsewhere:1")
        return JournalSummary.UnsentBatch(batch: batch, unsent: [3, 4], uncertain: [2])
    }

    static func resumable(password: Bool = false) -> DashDriver {
        var d = DashDriver(tracked: [], size: Size(width: 100, height: 30))
        guard case .jobs(var j) = d.state.screen else { fatalError() }
        j.queue = SendQueue(unsent: unsent(password: password), ownerAlive: false, now: d.now)
        d.state.screen = .jobs(j)
        return d
    }

    @Test func anUnsentBatchIsSentOnlyAfterSAndADeliberateY() {
        var d = Self.resumable()
        let text = screen(d)
        #expect(text.contains("2 VMs of a batch were never sent (web-13, web-14)"), "\(text)")
        #expect(text.contains("0 jobs · 2 not sent") && text.contains("0%") && !text.contains("100%"),
                "an empty board with unsent VMs is not 100 % done: \(text)")
        #expect(text.contains("web-13") && text.contains("not sent"))
        d.press(.character("y"), .enter)
        #expect(d.jobs.prompt == nil && !d.effects.contains { if case .resumeBatch = $0 { return true } else { return false } })
        d.press(.character("S"))
        #expect(d.jobs.prompt == .confirmSendRest)
        #expect(screen(d).contains("looks those up by name"), "an uncertain create is not offered")
        d.send(.terminal(.burstKey(.character("y"))))
        #expect(d.jobs.prompt == .confirmSendRest, "a key typed ahead never sends")
        d.press(.enter)
        #expect(d.jobs.prompt == .confirmSendRest, "Enter is not enough")
        d.press(.character("y"))
        #expect(d.effects.last == .resumeBatch(Self.unsent(), password: nil))
        #expect(d.jobs.queue?.status == .sending)
    }

    @Test func aPasswordBatchAsksForThePasswordAgain() {
        var d = Self.resumable(password: true)
        d.press(.character("S"), .character("y"))
        guard case .resumePassword? = d.jobs.prompt else { Issue.record("no password prompt"); return }
        d.type("short")
        d.press(.enter)
        guard case .resumePassword(_, let error?)? = d.jobs.prompt else { Issue.record("a bad password is refused at the field"); return }
        #expect(!error.isEmpty)
        for _ in 0..<5 { d.press(.backspace) }
        d.type("Str0ng!Passw0rd")
        d.press(.enter)
        #expect(d.effects.last == .resumeBatch(Self.unsent(password: true), password: "Str0ng!Passw0rd"))
        #expect(!screen(d).contains("Str0ng!Passw0rd"))
    }

    @Test func aBatchAnotherProcessIsSendingIsNotOffered() {
        var d = DashDriver(tracked: [], size: Size(width: 100, height: 30))
        guard case .jobs(var j) = d.state.screen else { fatalError() }
        j.queue = SendQueue(unsent: Self.unsent(), ownerAlive: true, now: d.now)
        d.state.screen = .jobs(j)
        d.press(.character("S"))
        #expect(d.jobs.prompt == nil)
        #expect(screen(d).contains("still being sent by gpcn elsewhere:1"))
    }
}
