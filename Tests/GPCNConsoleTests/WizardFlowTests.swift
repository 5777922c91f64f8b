import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

@Suite struct WizardFlowTests {
    @Test func networkSelectionReachesTheAnswers() {
        var d = Driver()
        d.press(.enter)            // Chicago
        d.press(.enter)            // Ubuntu
        d.press(.enter)            // G-Small-1
        #expect(d.wizard.step == .access)
        d.press(.enter)            // default ssh key
        #expect(d.wizard.step == .network)
        d.press(.down, .space)
        #expect(d.wizard.answers.networkIds == [Fixture.storage.id])
        d.press(.up, .character("p"))
        #expect(d.wizard.answers.networkIds == [Fixture.web.id, Fixture.storage.id])
        #expect(d.wizard.answers.primaryNetworkId == Fixture.web.id)
    }
}
