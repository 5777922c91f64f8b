import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// How a frame looks on a terminal without colour (NO_COLOR, --no-color, vt100): one letter per
/// cell for the attributes the monochrome palette gives it, as the ncurses backend draws them.
/// `X` reverse+bold, `R` reverse, `H` underline+bold, `U` underline, `B` bold, `D` dim,
/// `*` another mix, space for none.
enum Mono {
    static func attributes(_ cell: Cell, palette: Palette = .default) -> Attributes {
        palette[cell.style.role].monochrome.union(cell.style.attributes)
    }

    static func letter(_ a: Attributes) -> Character {
        switch a {
        case []: return " "
        case [.reverse, .bold], [.reverse, .bold, .underline]: return "X"
        case [.reverse]: return "R"
        case [.underline, .bold]: return "H"
        case [.underline]: return "U"
        case [.bold]: return "B"
        case [.dim]: return "D"
        default: return "*"
        }
    }

    static func lines(_ buffer: Buffer) -> [String] {
        (0..<buffer.size.height).map { y in
            var s = ""
            for x in 0..<buffer.size.width { s.append(letter(attributes(buffer.cells[y * buffer.size.width + x]))) }
            while s.last == " " { s.removeLast() }
            return s
        }
    }

    /// What a non-UTF-8 terminal without colour shows: the ASCII text, then the attributes.
    static func golden(_ buffer: Buffer) -> [String] {
        let ascii = buffer.asciiOnly()
        return ascii.lines() + ["~~~~ attributes without colour (X reverse+bold, R reverse, U underline, B bold, D dim) ~~~~"]
            + lines(ascii)
    }
}

/// Screens in monochrome and ASCII at 80x24: state and focus must stay visible without colour
/// and without Unicode (docs/product.md §6, issue 6).
@Suite struct LookTests {
    static let size = Size(width: 80, height: 24)

    /// A driver with ASCII glyphs walked to `step` (ssh-key Linux path, as WizardScreenTests).
    static func at(_ step: CreateStep) -> Driver {
        var d = Driver(size: size, glyphs: .ascii)
        if step > .dataCenter { d.press(.enter) }
        if step > .image { d.press(.enter) }
        if step > .size { d.press(.enter) }
        if step > .access { d.press(.enter) }
        if step > .network { d.press(.space, .enter) }
        if step > .details { d.type("web"); d.press(.tab, .character("+"), .enter) }
        return d
    }

    var frame: (Driver) -> Buffer = { ConsoleApp.view($0.state, now: $0.now) }

    @Test(arguments: CreateStep.allCases)
    func wizardInMonochromeASCII(step: CreateStep) {
        let d = Self.at(step)
        #expect(d.wizard.step == step)
        let buffer = frame(d)
        let golden = Mono.golden(buffer)
        #expect(golden.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) }, "nothing but ASCII")
        assertGolden(golden, "look-mono-ascii-\(step.rawValue)-\(step.title.lowercased().replacingOccurrences(of: " ", with: "-"))-80x24")
    }

    @Test func tokyoKeepsItsColumnsInTheCLocale() {
        var d = Driver(size: Self.size, glyphs: .ascii)
        d.press(.down)
        let lines = frame(d).asciiOnly().lines()
        let row = lines.first { $0.contains("Tokyo") }
        #expect(row?.contains("> ???? Tokyo  TYO-1") == true, "the wide name is ???? and the columns line up: \(row ?? "")")
        let chicago = lines.first { $0.contains("Chicago") }
        #expect(chicago?.firstRange(of: "CHI-1")?.lowerBound.utf16Offset(in: chicago!) ==
                row?.firstRange(of: "TYO-1")?.lowerBound.utf16Offset(in: row!))
        #expect(lines.allSatisfy { $0.count <= 80 })
    }

    @Test func theSelectedRowIsReversedWithAPointer() {
        var d = Driver(size: Self.size, glyphs: .ascii)
        d.press(.down)
        let buffer = frame(d)
        let text = buffer.lines(), mono = Mono.lines(buffer)
        let selected = text.firstIndex { $0.contains("> ") && $0.contains("Tokyo") }
        let other = text.firstIndex { $0.contains("Chicago") && !$0.contains("Nothing") }
        #expect(selected != nil && other != nil)
        if let selected, let other {
            #expect(mono[selected].contains("RRRRRRRRRR"), "selection is reverse video without colour")
            #expect(!mono[other].contains("R"), "other rows are plain")
            #expect(!text[other].contains(">"), "only the selected row has the pointer")
        }
    }

    @Test func theFocusedFieldIsMarkedWithoutColour() {
        var d = Self.at(.details)
        func row(_ label: String) -> (text: String, mono: String)? {
            let buffer = frame(d)
            let text = buffer.lines(), mono = Mono.lines(buffer)
            return text.firstIndex { $0.contains(" \(label)  ") }.map { (text[$0], mono[$0]) }
        }
        #expect(row("Name")?.text.contains("> Name") == true)
        #expect(row("Name")?.mono.contains("XXXX") == true, "the focused label is reverse+bold")
        #expect(row("Instances")?.mono.contains("X") == false)
        #expect(row("Name")?.mono.contains("U") == true, "the text field is underlined")
        d.press(.tab)
        #expect(row("Instances")?.text.contains("> Instances") == true)
        #expect(row("Instances")?.mono.contains("XXXXXXXXX") == true)
        #expect(row("Name")?.mono.contains("X") == false)
    }

    @Test func jobsScreenShowsStateAndSelectionWithoutColour() {
        var state = AppState(settings: ConsoleSettings(endpoint: "http://sim/v1", glyphs: .ascii), size: Self.size,
                             screen: .jobs(JobsState(jobs: [
                                Job(jobId: "j-1", stage: "provisioning", progressPercentage: 40, resourceName: "web-1"),
                                Job(jobId: "j-2", stage: "failed", errorMessage: "No capacity", canRetry: true,
                                    hasFailed: true, isTerminal: true, resourceName: "web-2"),
                                Job(jobId: "j-3", stage: "completed", progressPercentage: 100, isCompleted: true,
                                    isTerminal: true, resourceName: "web-3"),
                             ], request: nil, submittedAt: 0)))
        _ = ConsoleApp.start(&state, now: 0)
        _ = ConsoleApp.update(&state, .terminal(.key(.down)), now: 0)
        let buffer = ConsoleApp.view(state, now: 0)
        let text = buffer.asciiOnly().lines(), mono = Mono.lines(buffer)
        #expect(text.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        let failed = text.firstIndex { $0.contains("web-2") }
        let running = text.firstIndex { $0.contains("web-1") && !$0.contains("web-2") }
        #expect(failed != nil && running != nil)
        if let failed, let running {
            #expect(mono[failed].contains("RRRRR"), "the selected job is reverse video")
            #expect(!mono[running].contains("R"))
            #expect(text[failed].uppercased().contains("FAIL"), "failure is said in text, not only colour")
        }
    }

    @Test func helpListsEveryBindingOfEveryWizardStep() {
        for step in CreateStep.allCases {
            var d = Self.at(step)
            d.send(.terminal(.resize(Size(width: 120, height: 50))))
            let bindings = ConsoleApp.bindings(d.state)
            d.press(.function(1))
            #expect(d.state.overlay == .help, "F1 opens help on step \(step)")
            let screen = d.text
            for b in bindings {
                #expect(screen.contains(b.help), "help of step \(step) lists '\(b.help)'")
                if !b.section.isEmpty { #expect(screen.contains(b.section), "help groups under \(b.section)") }
            }
        }
    }

    @Test func footerKeepsHelpAndTheMainKeysAt80Columns() {
        for step in CreateStep.allCases {
            let d = Self.at(step)
            let bindings = ConsoleApp.bindings(d.state)
            let shown = Footer(bindings).visible(width: 78)
            #expect(shown.last?.label == "help", "? help stays reachable on step \(step)")
            #expect(shown.count >= 3 && shown.count <= 6, "a few keys, not a manual: \(shown.map(\.label))")
            #expect(shown.first?.keys.contains(.enter) == true, "Enter comes first on step \(step)")
        }
    }

    @Test func lowBandwidthHasNoSpinnerTimerAndSlowerPolls() {
        let settings = ConsoleSettings(endpoint: "e", glyphs: .unicode, lowBandwidth: true)
        #expect(settings.glyphs.spinner.isEmpty)
        #expect(settings.minimumPollInterval >= ConsoleSettings.lowBandwidthPollInterval)
        var state = AppState.wizard(settings: settings, size: Self.size)
        let effects = ConsoleApp.start(&state, now: 0)
        #expect(!effects.contains { if case .startTimer(.spinner, _) = $0 { return true } else { return false } })
        let screen = ConsoleApp.view(state).lines().joined(separator: "\n")
        #expect(screen.contains("Loading data centers"), "still says it is loading, without animation")
        // The normal mode animates.
        var normal = AppState.wizard(settings: ConsoleSettings(endpoint: "e"), size: Self.size)
        #expect(ConsoleApp.start(&normal, now: 0).contains(.startTimer(.spinner, seconds: 0.15)))
    }

    @Test func tooSmallRecoversWithEverythingKept() {
        var d = Self.at(.details)
        d.type("keep")
        let before = d.screen
        d.send(.terminal(.resize(Size(width: 60, height: 20))))
        #expect(d.text.contains("terminal too small"))
        d.send(.terminal(.resize(Self.size)))
        #expect(d.screen == before)
    }
}
