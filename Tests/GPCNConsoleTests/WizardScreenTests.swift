import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// Every wizard step drawn into the buffer at 80x24 and 120x40, compared with golden text.
@Suite struct WizardScreenTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    static func name(_ base: String, _ size: Size) -> String { "wizard-\(base)-\(size.width)x\(size.height)" }

    /// A driver walked to `step` with the ssh-key Linux path.
    static func at(_ step: CreateStep, size: Size) -> Driver {
        var d = Driver(size: size)
        let walk: [CreateStep: () -> Void] = [:]
        _ = walk
        if step > .dataCenter { d.press(.enter) }
        if step > .image { d.press(.enter) }
        if step > .size { d.press(.enter) }
        if step > .access { d.press(.enter) }
        if step > .network { d.press(.space, .enter) }
        if step > .details { d.type("web"); d.press(.tab, .character("+"), .character("+"), .enter) }
        return d
    }

    @Test(arguments: sizes)
    func everyStep(size: Size) {
        for step in CreateStep.allCases {
            let d = Self.at(step, size: size)
            #expect(d.wizard.step == step)
            assertGolden(d.screen, Self.name("\(step.rawValue)-\(step.title.lowercased().replacingOccurrences(of: " ", with: "-"))", size))
        }
    }

    @Test(arguments: sizes)
    func passwordAccessWithChecklist(size: Size) {
        var d = Self.at(.access, size: size)
        d.press(.right, .tab)
        d.type("abc$")
        #expect(d.wizard.accessFocus == .password)
        let screen = d.text
        #expect(!screen.contains("abc$"), "the password never reaches the screen")
        assertGolden(d.screen, Self.name("4-access-password", size))
    }

    @Test func applianceWithoutLoginOptions() {
        var d = Driver()
        d.press(.enter, .end, .enter, .enter)  // Chicago, last image (the appliance), size
        #expect(d.wizard.image == Fixture.appliance)
        assertGolden(d.screen, "wizard-4-access-appliance-80x24")
    }

    @Test func filterOnTheDataCenterStep() {
        var d = Driver()
        d.press(.character("/"))
        d.type("tok")
        assertGolden(d.screen, "wizard-1-filter-80x24")
    }

    @Test func loadingAndLoadError() {
        var d = Driver()
        d.autoLoad = false
        d.press(.enter)  // Chicago; images requested but not answered
        assertGolden(d.screen, "wizard-2-loading-80x24")
        d.send(.loaded(.images(datacenterId: Fixture.chicago.id),
                       .failure(APIError(kind: .http(status: 503), message: "Service Unavailable", host: "api.gpcn.com"))))
        assertGolden(d.screen, "wizard-2-load-error-80x24")
        d.autoLoad = true
        d.press(.character("r"))
        #expect(d.wizard.imageList.rows.count > 1, "r loads the list again")
    }

    @Test func helpConfirmQuitAndTooSmall() {
        var d = Driver()
        d.press(.character("?"))
        assertGolden(d.screen, "wizard-help-80x24")
        d.press(.escape)
        d.send(.terminal(.interrupt))
        assertGolden(d.screen, "wizard-confirm-quit-80x24")
        d.press(.character("n"))
        d.send(.terminal(.resize(Size(width: 60, height: 20))))
        assertGolden(d.screen, "wizard-too-small-60x20")
    }

    @Test func asciiGlyphs() {
        var d = Driver(glyphs: .ascii)
        d.press(.enter, .enter, .enter, .enter, .space)
        let screen = d.screen
        #expect(screen.allSatisfy { $0.unicodeScalars.allSatisfy { $0.isASCII || $0.value == 0x6771 || $0.value == 0x4EAC } },
                "only ASCII besides data the API sent")
        assertGolden(screen, "wizard-5-network-ascii-80x24")
    }
}
