import GPCNCore
import Testing
@testable import GPCNConsole

/// A create whose answer was lost is never sent again blindly from the wizard (issue 7, item 1).
@Suite struct LostCreateWizardTests {
    func submitted() -> Driver { Driver.submittedWeb() }

    func submits(_ d: Driver) -> Int { d.effects.filter { if case .submit = $0 { return true } else { return false } }.count }

    func lose(_ d: inout Driver) {
        d.send(.submitted(.failure(APIError(kind: .timeout(seconds: 30), message: "timeout"))))
    }

    @Test func enterWaitsForTheCheckAndRefusesWhenTheVMsExist() {
        var d = submitted()
        #expect(submits(d) == 1)
        lose(&d)
        #expect(d.text.contains("No answer: the create may have gone through"))
        d.press(.enter)
        #expect(submits(d) == 1, "not re-sent while checking")
        d.send(.createChecked(retryOf: nil, .recovered([.init(vmId: "v1", name: "web", status: "Provisioning")])))
        #expect(d.text.contains("Created (answer lost): 1 of 1 VM found; not sent again"))
        d.press(.enter)
        #expect(submits(d) == 1, "not re-sent: it went through")
        #expect(d.wizard.blocked?.contains("Not sent again") == true)
        d.press(.escape)  // back to details and forward again, same answers: still refused
        d.press(.enter, .enter)
        #expect(submits(d) == 1)
    }

    @Test func notFoundOffersToSendAgain() {
        var d = submitted()
        lose(&d)
        d.send(.createChecked(retryOf: nil, .notFound))
        #expect(d.text.contains("Not created: no VM named web exists"))
        d.press(.enter)
        #expect(submits(d) == 2)
    }

    @Test func anUnreadableListNeedsASecondEnter() {
        var d = submitted()
        lose(&d)
        d.send(.createChecked(retryOf: nil, .failed(APIError(kind: .timeout(seconds: 30), message: "timeout"))))
        #expect(d.text.contains("May have been created: gpcn could not read the VM list"))
        #expect(d.wizard.unconfirmedText.contains("Check before creating again: gpcn vms --name web"))
        d.press(.enter)
        #expect(submits(d) == 1)
        d.press(.enter)
        #expect(submits(d) == 2, "sent on the operator's explicit second Enter")
    }

    @Test func aRefusalIsNotUnconfirmedAndTheSubmissionCarriesTheIntent() {
        var d = submitted()
        d.send(.submitted(.failure(APIError(kind: .http(status: 401), message: "Failed to authenticate."))))
        #expect(d.wizard.unconfirmed == nil)
        d.press(.enter)
        #expect(submits(d) == 2)
        d.send(.submitted(.success([Job(jobId: "11111111-0000-4000-8000-000000000001", resourceId: "vm-1",
                                        resourceName: "web")])))
        #expect(d.state.jobs != nil, "the accepted retry opens the dashboard")
        #expect(!d.effects.contains { if case .appendJournal = $0 { return true } else { return false } },
                "the submitter journals the submission with its intent (CreateSubmitterTests), not the screen")
    }
}

/// Review item 4: quitting the wizard while a create is on its way, or unconfirmed, is said
/// truthfully, and what to check is printed after the UI ends.
@Suite struct QuitDuringCreateTests {
    func submitted() -> Driver { Driver.submittedWeb() }

    @Test func quittingWhileTheCreateIsOnItsWaySaysSoAndPrintsWhatToCheck() {
        var d = submitted()
        #expect(d.wizard.submit == .submitting)
        d.send(.terminal(.interrupt))
        #expect(d.state.overlay == .confirmQuit)
        #expect(!d.text.contains("Nothing has been submitted"))
        #expect(d.text.contains("The create of web was on its way"))
        #expect(ConsoleApp.quitNotice(d.state) == nil, "nothing to print before quitting")
        d.press(.character("y"))
        #expect(d.state.exitCode == 130)
        let notice = ConsoleApp.quitNotice(d.state) ?? ""
        #expect(notice.contains("web") && notice.contains("on its way"))
        #expect(notice.contains("gpcn jobs") && notice.contains("gpcn vms --name web"))
        #expect(notice.contains("in the journal"))
    }

    @Test func quittingAfterALostAnswerSaysTheVMsMayExist() {
        var d = submitted()
        d.send(.submitted(.failure(APIError(kind: .timeout(seconds: 30), message: "timeout"))))
        d.send(.createChecked(retryOf: nil, .failed(APIError(kind: .timeout(seconds: 30), message: "timeout"))))
        d.press(.ctrl("c"))
        #expect(d.text.contains("The create of web lost its answer"))
        d.press(.character("y"))
        #expect(ConsoleApp.quitNotice(d.state)?.contains("gpcn vms --name web") == true)
    }

    @Test func quittingWithNothingSentStillSaysSo() {
        var d = Driver()
        d.press(.ctrl("c"))
        #expect(d.text.contains("Nothing has been submitted"))
        d.press(.character("y"))
        #expect(ConsoleApp.quitNotice(d.state) == nil)
        // A lost create the VM list shows absent is nothing to warn about either.
        var n = submitted()
        n.send(.submitted(.failure(APIError(kind: .timeout(seconds: 30), message: "timeout"))))
        n.send(.createChecked(retryOf: nil, .notFound))
        n.press(.ctrl("c"), .character("y"))
        #expect(ConsoleApp.quitNotice(n.state) == nil)
    }
}
