import GPCNCore
import Testing
@testable import GPCNConsole

/// A create whose answer was lost is never sent again blindly from the wizard (issue 7, item 1).
@Suite struct LostCreateWizardTests {
    /// Walks to the review with name "web" and presses Enter (one `.submit`).
    func submitted() -> Driver {
        var d = Driver()
        d.press(.enter, .enter, .enter, .enter, .enter)
        d.type("web")
        d.press(.enter, .enter)
        return d
    }

    func submits(_ d: Driver) -> Int { d.effects.filter { if case .submit = $0 { return true } else { return false } }.count }

    func lose(_ d: inout Driver) {
        d.send(.intentRecorded(intentId: "intent-1", retryOf: nil))
        d.send(.submitted(.failure(APIError(kind: .timeout(seconds: 30), message: "timeout"))))
    }

    @Test func enterWaitsForTheCheckAndRefusesWhenTheVMsExist() {
        var d = submitted()
        #expect(submits(d) == 1)
        lose(&d)
        #expect(d.text.contains("No answer: the VMs may have been created"))
        d.press(.enter)
        #expect(submits(d) == 1, "not re-sent while checking")
        d.send(.createChecked(retryOf: nil, .recovered([.init(vmId: "v1", name: "web", status: "Provisioning")])))
        #expect(d.text.contains("Created (answer lost): 1 VM(s) found; not sent again"))
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
        #expect(d.text.contains("Not created (no VM named web exists)"))
        d.press(.enter)
        #expect(submits(d) == 2)
    }

    @Test func anUnreadableListNeedsASecondEnter() {
        var d = submitted()
        lose(&d)
        d.send(.createChecked(retryOf: nil, .failed(APIError(kind: .timeout(seconds: 30), message: "timeout"))))
        #expect(d.text.contains("VM list unreadable. Check: gpcn vms --name web"))
        d.press(.enter)
        #expect(submits(d) == 1)
        d.press(.enter)
        #expect(submits(d) == 2, "sent on the operator's explicit second Enter")
    }

    @Test func aRefusalIsNotUnconfirmedAndTheSubmissionCarriesTheIntent() {
        var d = submitted()
        d.send(.intentRecorded(intentId: "intent-2", retryOf: nil))
        d.send(.submitted(.failure(APIError(kind: .http(status: 401), message: "Failed to authenticate."))))
        #expect(d.wizard.unconfirmed == nil)
        d.press(.enter)
        #expect(submits(d) == 2)
        d.send(.intentRecorded(intentId: "intent-3", retryOf: nil))
        d.send(.submitted(.success([Job(jobId: "11111111-0000-4000-8000-000000000001", resourceId: "vm-1",
                                        resourceName: "web")])))
        let journaled = d.effects.compactMap { e -> JournalEntry.Submission? in
            if case .appendJournal(.submission(let s)) = e { return s } else { return nil }
        }
        #expect(journaled.last?.intentId == "intent-3")
        #expect(journaled.last?.jobs.first?.resourceId == "vm-1")
    }
}
