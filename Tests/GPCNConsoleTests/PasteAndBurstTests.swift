import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// Input that cannot spend money by accident: a paste is text, never a command, and the
/// Review's Enter must be pressed on its own (the burst rule).
@Suite struct PasteAndBurstTests {
    /// Walks the default path to the Details step (name focused).
    static func atDetails() -> Driver {
        var d = Driver()
        d.press(.enter, .enter, .enter, .enter, .enter)
        #expect(d.wizard.step == .details && d.wizard.detailsFocus == .name)
        return d
    }

    @Test func aPasteIntoTheNameIsTextAndNeverMovesAStep() {
        var d = Self.atDetails()
        d.press(.paste("pasted\n\n"))
        #expect(d.wizard.step == .details)
        #expect(d.wizard.answers.name == "pasted")
        #expect(d.wizard.notice?.contains("line breaks and control characters were dropped") == true)
        #expect(d.submittedRequest == nil)
        #expect(d.text.contains("dropped"))
    }

    @Test func aCleanPasteSaysNothingAndAnOverlongOneSaysItWasCut() {
        var d = Self.atDetails()
        d.press(.paste("web"))
        #expect(d.wizard.answers.name == "web" && d.wizard.notice == nil)
        d.press(.tab, .backspace)                 // the count field
        d.press(.paste("3\t"))
        #expect(d.wizard.answers.count == "3")
        #expect(d.wizard.notice?.contains("dropped") == true)
    }

    @Test func pasteTextIsCleaned() {
        #expect(PasteText.clean("a\r\nb\tc\u{1b}[31m\u{85}d") == ("abc[31md", 4))
        #expect(PasteText.clean("東京 ok") == ("東京 ok", 0))
    }

    @Test func aPasteOnAListOrTheReviewIsIgnoredAndSaysSo() {
        var d = Driver()
        let before = d.wizard.dataCenterList.selectedID
        d.press(.paste("jj\n"))
        #expect(d.wizard.step == .dataCenter)
        #expect(d.wizard.dataCenterList.selectedID == before, "a paste is not keys")
        #expect(d.wizard.notice == WizardState.pasteIgnored)
        // An open filter takes the text, cleaned.
        d.press(.character("/"))
        d.press(.paste("Chi\ncago"))
        #expect(d.wizard.dataCenterList.filter == "Chicago")
        #expect(d.wizard.step == .dataCenter)

        var r = Self.atDetails()
        r.type("web")
        r.press(.enter)
        #expect(r.wizard.step == .review)
        r.press(.paste("\n\ny\n"))
        #expect(r.wizard.step == .review && r.submittedRequest == nil)
        #expect(r.wizard.notice == WizardState.pasteIgnored)
    }

    @Test func anEnterInABurstOnTheReviewAsksAgain() throws {
        var d = Self.atDetails()
        d.type("web")
        // "web" + two newlines pasted into a terminal without bracketed paste: one burst.
        d.send(.terminal(.burstKey(.enter)))
        #expect(d.wizard.step == .review)
        d.send(.terminal(.burstKey(.enter)))
        #expect(d.submittedRequest == nil)
        #expect(d.wizard.blocked == WizardState.pressAgain)
        #expect(d.text.contains("Press Enter again to create"))
        d.send(.terminal(.burstKey(.enter)))
        #expect(d.submittedRequest == nil, "typed-ahead Enters never confirm")
        // Pressed on its own: sent, exactly once.
        d.press(.enter)
        _ = try #require(d.submittedRequest)
        #expect(d.effects.filter { if case .submit = $0 { return true } else { return false } }.count == 1)
    }

    @Test func burstKeysWorkAsKeysEverywhereElse() {
        var d = Driver()
        for _ in 0..<5 { d.send(.terminal(.burstKey(.enter))) }
        #expect(d.wizard.step == .details)
        for c in "web" { d.send(.terminal(.burstKey(.character(c)))) }
        #expect(d.wizard.answers.name == "web")
    }

    @Test func aPasteOnTheDashboardIsIgnored() {
        var d = Driver.submittedWeb()
        d.send(.submitted(.success([Job(jobId: "j1", resourceName: "web")])))
        guard d.state.jobs != nil else { Issue.record("not on the dashboard"); return }
        d.press(.paste("q\nR\ny\n"))
        #expect(d.state.exitCode == nil)
        #expect(d.state.jobs?.notice?.text.contains("Paste ignored here") == true)
    }

    /// A retry sends a create: `r` and `y` typed ahead in one burst (or pasted without bracketed
    /// paste) ask again; the same `y` pressed on its own retries.
    @Test func aRetryIsConfirmedOnlyByAKeyPressedOnItsOwn() {
        typealias F = DashFixture
        var d = DashDriver(jobs: [F.created(1)], request: F.request)
        d.answerPolls([F.failed(1, progress: 40, error: "Out of capacity", canRetry: true, after: 30)])
        d.send(.terminal(.burstKey(.character("r"))))
        #expect(d.jobs.prompt != nil, "r opens the question, typed ahead or not")
        d.send(.terminal(.burstKey(.character("y"))))
        #expect(!d.effects.contains { if case .retrySubmit = $0 { return true } else { return false } })
        #expect(d.jobs.notice?.text == JobsState.pressAgain)
        d.press(.character("y"))
        #expect(d.effects.contains { if case .retrySubmit = $0 { return true } else { return false } })
    }
}
