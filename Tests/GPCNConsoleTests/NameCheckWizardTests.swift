import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// The review's name check and count limit, through `ConsoleApp.update` (the test answers the
/// effects: `Driver`).
@Suite struct NameCheckWizardTests {
    /// To the review with name `name` and `count` VMs (the count typed over the field's "1").
    static func review(_ name: String = "web", count: Int = 3, existing: [String]? = []) -> Driver {
        var d = Driver()
        d.existingVMNames = existing
        d.press(.enter, .enter, .enter, .enter, .enter)
        d.type(name)
        d.press(.tab, .backspace)
        d.type(String(count))
        d.press(.enter)
        #expect(d.wizard.step == .review)
        return d
    }

    static func checks(_ d: Driver) -> [[String]] {
        d.effects.compactMap { if case .checkNames(_, let names) = $0 { return names } else { return nil } }
    }

    static func submits(_ d: Driver) -> Int {
        d.effects.filter { if case .submit = $0 { return true } else { return false } }.count
    }

    @Test func freeNamesAreSaidAndEnterCreatesAtOnce() {
        var d = Self.review()
        #expect(d.effects.contains(.checkNames(search: "web", names: ["web-1", "web-2", "web-3"])))
        #expect(d.text.contains("no VM has any of these names yet"))
        d.press(.enter)
        #expect(Self.submits(d) == 1)
    }

    @Test func takenNamesWarnAndOnlyASecondDeliberateEnterCreates() {
        var d = Self.review(count: 12, existing: ["web-3", "web-7", "web-30", "db-1"])
        #expect(d.text.contains("Warning: web-3 and web-7 already exist"))
        #expect(d.wizard.nameCheck?.isWarning == true)
        d.press(.enter)
        #expect(Self.submits(d) == 0, "the first Enter only shows what exists")
        #expect(d.text.contains("press Enter again to create anyway"))
        #expect(d.wizard.blocked == "web-3 and web-7 already exist: press Enter again to create anyway, or Esc to go back and rename.")
        d.send(.terminal(.burstKey(.enter)))
        #expect(Self.submits(d) == 0, "an Enter typed ahead never confirms")
        d.press(.enter)
        #expect(Self.submits(d) == 1)
        #expect(d.submittedRequest?.name == "web" && d.submittedRequest?.numberOfInstances == 12)
    }

    @Test func aBurstNeverArmsTheConfirmation() {
        var d = Self.review(existing: ["web-2"])
        for _ in 0..<3 { d.send(.terminal(.burstKey(.enter))) }
        d.press(.enter)
        #expect(Self.submits(d) == 0, "the first deliberate Enter still only warns")
        d.press(.enter)
        #expect(Self.submits(d) == 1)
    }

    @Test func goingBackToRenameChecksTheNewNamesOnce() {
        var d = Self.review(existing: ["web-1"])
        d.press(.enter)  // the warning
        d.press(.escape)
        #expect(d.wizard.step == .details)
        d.press(.backTab)
        for _ in 0..<3 { d.press(.backspace) }
        d.type("db")
        d.press(.enter)
        #expect(Self.checks(d) == [["web-1", "web-2", "web-3"], ["db-1", "db-2", "db-3"]])
        #expect(d.text.contains("no VM has any of these names yet"))
        d.press(.enter)
        #expect(Self.submits(d) == 1, "new free names create on the first Enter")
        #expect(d.submittedRequest?.name == "db")
    }

    @Test func coming_back_with_the_same_names_asks_no_second_time_and_wants_the_confirmation_again() {
        var d = Self.review(existing: ["web-2"])
        d.press(.enter)  // warned
        d.press(.escape, .enter)  // details, then the review again: same names
        #expect(Self.checks(d).count == 1)
        d.press(.enter)
        #expect(Self.submits(d) == 0, "a warning is confirmed on the review it was shown on")
        d.press(.enter)
        #expect(Self.submits(d) == 1)
    }

    @Test func enterWhileCheckingWaitsThenCreatesWhenTheNamesAreFree() {
        var d = Self.review(existing: nil)
        #expect(d.text.contains("checking names…"))
        d.press(.enter)
        #expect(Self.submits(d) == 0)
        #expect(d.wizard.blocked?.hasPrefix("Checking whether these names are taken") == true)
        d.send(.namesChecked(NameCheckResult(names: ["web-1", "web-2", "web-3"], outcome: .checked(existing: []))))
        #expect(Self.submits(d) == 1)
    }

    @Test func enterWhileCheckingThenTakenNamesWarnsFirst() {
        var d = Self.review(existing: nil)
        d.press(.enter)
        d.send(.namesChecked(NameCheckResult(names: ["web-1", "web-2", "web-3"], outcome: .checked(existing: ["web-3"]))))
        #expect(Self.submits(d) == 0)
        #expect(d.text.contains("web-3 already exists"))
        d.press(.enter)
        #expect(Self.submits(d) == 1)
    }

    @Test func anAnswerAboutOtherNamesIsIgnored() {
        var d = Self.review(existing: nil)
        d.send(.namesChecked(NameCheckResult(names: ["web"], outcome: .checked(existing: ["web"]))))
        #expect(d.wizard.nameCheck == .checking(names: ["web-1", "web-2", "web-3"]))
    }

    @Test func aCheckThatFailedIsSaidAndEnterCreates() {
        var d = Self.review(existing: nil)
        d.send(.namesChecked(NameCheckResult(names: ["web-1", "web-2", "web-3"], outcome: .failed("the API did not answer"))))
        #expect(d.text.contains("Warning: could not check names: the API did not answer"))
        d.press(.enter)
        #expect(Self.submits(d) == 1, "the operator was told; creating is allowed")
    }

    @Test func aSplitBatchSaysItsCreatesTimeAndCost() {
        var d = Self.review(count: 25)
        d.state.size = Size(width: 160, height: 60)
        let text = d.text
        #expect(text.contains("Sent as"))
        #expect(text.contains("16 creates: web-1 … web-10 in one, then web-11 … web-25 one VM each"))
        #expect(text.contains("about 9 s to send them all, at 100/min (the documented default)"))
        #expect(text.contains("$1,138.75/mo for 25 VMs ($45.55/mo each)"))
    }

    @Test func aProfilesMaxCountBoundsPlusAndTheField() {
        var d = Driver()
        var w = d.wizard
        w.form.maxCount = 3
        d.state.screen = .wizard(w)
        d.press(.enter, .enter, .enter, .enter, .enter)
        d.type("web")
        d.press(.tab)
        for _ in 0..<5 { d.press(.character("+")) }
        #expect(d.wizard.answers.count == "3")
        #expect(d.text.contains("1 to 3"))
        d.press(.backspace)
        d.type("4")
        #expect(d.text.contains("Create 1-3 instances (now 4; the profile's max_count)"))
        d.press(.enter)
        #expect(d.wizard.step == .details, "a count over the limit does not leave the step")
    }

    @Test func twoHundredFiftyIsTheLimitWithoutAProfile() {
        var d = Self.review(count: 250)
        #expect(d.wizard.step == .review)
        d.press(.escape, .tab, .backspace, .backspace, .backspace)
        d.type("251")
        #expect(d.text.contains("Create 1-250 instances (now 251)"))
        d.press(.enter)
        #expect(d.wizard.step == .details)
    }
}
