import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// A generated password can be used: shown once (a key pressed on its own, with a warning),
/// copied with OSC 52, or written to a 0600 file — and the review says which happened.
@Suite struct PasswordUseTests {
    static let generated = "Xy7-generated.Pw"

    /// The wizard at the Access step with a password generated (Windows takes only a password).
    func atAccessWithAGeneratedPassword() -> Driver {
        var d = Driver(size: Size(width: 100, height: 30))
        d.press(.enter)                 // Chicago
        d.press(.down, .enter)          // Windows
        d.press(.enter)                 // the first size
        d.press(.ctrl("g"))
        d.send(.generatedPassword(Self.generated))
        return d
    }

    @Test func ctrlRShowsItOnlyWhenPressedOnItsOwnAndWarns() {
        var d = atAccessWithAGeneratedPassword()
        #expect(d.wizard.step == .access && d.wizard.passwordUse.generated)
        #expect(!d.text.contains(Self.generated), "masked at first")
        d.send(.terminal(.burstKey(.ctrl("r"))))
        #expect(!d.text.contains(Self.generated), "a key typed ahead or pasted never shows it")
        d.press(.ctrl("r"))
        #expect(d.text.contains(Self.generated) && d.text.contains("ON SCREEN"))
        d.press(.ctrl("r"))
        #expect(!d.text.contains(Self.generated), "hidden again")
        d.press(.ctrl("r"), .enter)     // shown, then on to the next step: masked again
        #expect(d.wizard.passwordField.isMasked)
    }

    @Test func ctrlYCopiesAndCtrlOAsksForAFileAndTheReviewSays() {
        var d = atAccessWithAGeneratedPassword()
        d.press(.ctrl("y"))
        #expect(d.effects.last == .emit(.copy(Self.generated)))
        d.press(.ctrl("o"))
        #expect(d.effects.last == .savePassword(Self.generated))
        d.send(.passwordSaved(.success("/state/gpcn/passwords/gpcn-password-20261207-003512.txt")))
        d.press(.enter, .enter)
        d.type("win")
        d.press(.enter)
        #expect(d.wizard.step == .review)
        #expect(d.text.contains("generated; copied to the clipboard; saved to /state/gpcn/passwords/"), "\(d.text)")
        #expect(!d.text.contains(Self.generated), "never on the review")
    }

    @Test func aGeneratedPasswordThatWentNowhereIsAWarningOnTheReview() {
        var d = atAccessWithAGeneratedPassword()
        d.press(.enter, .enter)
        d.type("win")
        d.press(.enter)
        #expect(d.text.contains("generated and never shown or saved"))
    }

    @Test func editingItMakesItTheOperatorsOwnAndTheKeysGoAway() {
        var d = atAccessWithAGeneratedPassword()
        d.press(.backspace)
        #expect(!d.wizard.passwordUse.generated)
        let before = d.effects.count
        d.press(.ctrl("y"))
        #expect(d.effects.count == before, "nothing copied: not a generated password any more")
    }
}
