import Foundation
import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// The key map is the one source of the keys: what works, the footer, the help overlay and the
/// key table in docs/keys.md.
@Suite struct KeyMapTests {
    typealias F = DashFixture

    // MARK: - Representative states

    /// A state with a name, for messages.
    struct Sample: CustomStringConvertible, Sendable {
        var name: String
        var state: AppState
        var now: Double
        var description: String { name }
    }

    static func wizard(_ name: String, _ build: (inout Driver) -> Void) -> Sample {
        var d = Driver()
        build(&d)
        return Sample(name: name, state: d.state, now: d.now)
    }

    static func dashboard(_ name: String, request: CreateVMRequest = F.request, _ build: (inout DashDriver) -> Void = { _ in }) -> Sample {
        var d = DashDriver(jobs: [F.created(1), F.created(2), F.created(3)], request: request)
        d.answerPolls([F.failed(1, progress: 40, error: "Timed out", canRetry: true, after: 30),
                       F.running(2, stage: "provisioning", progress: 34, message: "Cloning", at: F.t0, eta: F.t0 + 60),
                       F.succeeded(3, after: 50)])
        build(&d)
        return Sample(name: name, state: d.state, now: d.now)
    }

    static var samples: [Sample] {
        [
            wizard("1 data center") { _ in },
            wizard("1 data center, filter typed") { $0.press(.character("/")); $0.type("ch") },
            wizard("2 image") { $0.press(.enter) },
            wizard("2 image, load failed") { d in
                d.autoLoad = false
                d.press(.enter)
                d.send(.loaded(.images(datacenterId: Fixture.chicago.id),
                               .failure(APIError(kind: .http(status: 503), message: "Service Unavailable", host: "api"))))
                d.autoLoad = true
            },
            wizard("3 size") { $0.press(.enter, .enter) },
            wizard("4 access, method") { $0.press(.enter, .enter, .enter) },
            wizard("4 access, ssh key") { $0.press(.enter, .enter, .enter, .tab) },
            wizard("4 access, username") { $0.press(.enter, .enter, .enter, .tab, .tab); $0.type("ab") },
            wizard("4 access, password") { $0.press(.enter, .enter, .enter, .right, .tab); $0.type("ab") },
            wizard("5 network") { $0.press(.enter, .enter, .enter, .enter) },
            wizard("5 network, filter typed") { $0.press(.enter, .enter, .enter, .enter, .character("/")); $0.type("w") },
            wizard("5 network, public IP") { $0.press(.enter, .enter, .enter, .enter, .tab) },
            wizard("6 details, name") { $0.press(.enter, .enter, .enter, .enter, .enter); $0.type("ab") },
            wizard("6 details, count") { $0.press(.enter, .enter, .enter, .enter, .enter, .tab) },
            wizard("6 details, resource group") { $0.press(.enter, .enter, .enter, .enter, .enter, .tab, .tab) },
            wizard("7 review") { $0.press(.enter, .enter, .enter, .enter, .enter); $0.type("web"); $0.press(.enter) },
            wizard("7 review, submitting") { $0.press(.enter, .enter, .enter, .enter, .enter); $0.type("web"); $0.press(.enter, .enter) },
            wizard("help overlay") { $0.press(.character("?")) },
            wizard("confirm quit") { $0.send(.terminal(.interrupt)) },
            wizard("too small") { $0.send(.terminal(.resize(Size(width: 60, height: 20)))) },
            dashboard("dashboard"),
            dashboard("dashboard, filter typed") { $0.press(.character("/")); $0.type("web") },
            dashboard("dashboard, failed only") { $0.press(.character("f")) },
            dashboard("job details") { $0.press(.enter) },
            dashboard("retry prompt") { $0.press(.character("r")) },
            dashboard("retry-anyway prompt") { d in
                guard case .jobs(var j) = d.state.screen else { return }
                j.prompt = .confirmRetryMayExist(F.id(1))
                d.state.screen = .jobs(j)
            },
            dashboard("password prompt", request: F.passwordRequest) { $0.press(.character("r"), .character("y")); $0.type("ab") },
        ]
    }

    /// The bindings in force: an overlay's own, else the screen's and those of everywhere.
    static func active(_ state: AppState) -> [KeyBinding] {
        state.overlay == nil ? ConsoleApp.bindings(state) : ConsoleApp.footerBindings(state)
    }

    static func press(_ key: Key, _ s: Sample) -> (state: AppState, effects: [Effect]) {
        var state = s.state
        let effects = ConsoleApp.update(&state, .terminal(.key(key)), now: s.now)
        return (state, effects)
    }

    static func changes(_ key: Key, _ s: Sample) -> Bool {
        let (after, effects) = press(key, s)
        return after != s.state || !effects.isEmpty
    }

    /// Where the keys are: the overlay, the wizard's step, focus and filter, the dashboard's list,
    /// details or prompt. `coarse` keeps only the step (the focus may differ).
    static func place(_ s: AppState, coarse: Bool = false) -> String {
        var p = "\(String(describing: s.overlay)) "
        switch s.screen {
        case .wizard(let w):
            p += "wizard \(w.step)"
            if !coarse { p += " \(w.accessFocus) \(w.networkFocus) \(w.detailsFocus) \(w.isFilteringList) \(w.submit == .submitting)" }
        case .jobs(let j):
            let prompt: String
            switch j.prompt {
            case .confirmRetry?: prompt = "confirm"
            case .confirmRetryMayExist?: prompt = "anyway"
            case .password?: prompt = "password"
            case .resumePassword?: prompt = "resume password"
            case .confirmStopSending?: prompt = "stop sending"
            case .confirmSendRest?: prompt = "send rest"
            case nil: prompt = "-"
            }
            p += "jobs \(prompt) \(j.detail != nil) \(j.list.isEditingFilter)"
        }
        return p
    }

    /// A key that does nothing here is a no-op by design when it is at an edge: after one or two other
    /// active keys (Down, Left …) it does something in the same place under the same binding (Up at the
    /// top of a list, Right at the end of a field, PgUp at the top of the review). Tab and Shift-Tab at
    /// the last and first field count in any focus of the step.
    static func isEdgeNoOp(_ key: Key, of binding: KeyBinding, _ s: Sample, home: String? = nil, depth: Int = 2) -> Bool {
        guard depth > 0 else { return false }
        let coarse = binding.label == "field"
        let home = home ?? place(s.state, coarse: coarse)
        for other in Set(active(s.state).flatMap(\.keys)) where other != key {
            let (moved, _) = press(other, s)
            guard moved != s.state, moved.exitCode == nil, moved.overlay == s.state.overlay else { continue }
            let next = Sample(name: s.name, state: moved, now: s.now)
            let still = active(moved).contains { $0.label == binding.label && $0.section == binding.section && $0.matches(key) }
            if still, place(moved, coarse: coarse) == home, changes(key, next) { return true }
            if isEdgeNoOp(key, of: binding, next, home: home, depth: depth - 1) { return true }
        }
        return false
    }

    static func hasOneRow(_ list: ListState) -> Bool {
        list.matchCount <= 1 || list.rows.filter(\.isSelectable).count <= 1
    }

    /// Moving in a list of one row (or none) does nothing, by design.
    static func movesInAOneRowList(_ b: KeyBinding, _ s: Sample) -> Bool {
        guard ["move", "page", "select", "other job"].contains(b.label) else { return false }
        switch s.state.screen {
        case .wizard(let w): return w.focusedList.map(Self.hasOneRow) ?? true
        case .jobs(let j): return Self.hasOneRow(j.list)
        }
    }

    static let universe: [Key] = {
        var keys: [Key] = [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .tab, .backTab, .enter, .escape,
                           .backspace, .delete, .insert]
        keys += (1...12).map { Key.function($0) }
        keys += "abcdefghijklmnopqrstuvwxyz".map { Key.ctrl($0) }
        keys += (32...126).compactMap { UnicodeScalar($0).map { Key.character(Character($0)) } }
        return keys
    }()

    // MARK: - Tests

    @Test(arguments: samples) func everyActiveKeyDoesSomething(_ s: Sample) {
        for b in Self.active(s.state) {
            for key in b.keys where !Self.changes(key, s) {
                #expect(Self.movesInAOneRowList(b, s) || Self.isEdgeNoOp(key, of: b, s),
                        "\(s): \(key) (\(b.keyLabel) \(b.label)) is in force but does nothing, even after another key")
            }
        }
    }

    @Test(arguments: samples) func everyKeyThatDoesSomethingIsInTheHelp(_ s: Sample) {
        guard s.state.overlay != .help else { return }  // any key closes help: said by its "Esc close (any key does)"
        let bound = Set(Self.active(s.state).flatMap(\.keys))
        let takesText = AppKeys.takesText(s.state)
        for key in Self.universe where !bound.contains(key) {
            if takesText, key.character != nil { continue }  // typed into the field or filter
            #expect(!Self.changes(key, s), "\(s): \(key) does something but no binding in force lists it")
        }
    }

    @Test(arguments: samples) func noKeyHasTwoBindings(_ s: Sample) {
        var seen: [Key: String] = [:]
        for b in Self.active(s.state) {
            for key in b.keys {
                #expect(seen[key] == nil, "\(s): \(key) is bound to '\(seen[key] ?? "")' and '\(b.label)'")
                seen[key] = b.label
            }
        }
    }

    @Test(arguments: samples) func helpAndFooterComeFromTheBindingsInForce(_ s: Sample) {
        guard s.state.size.fits(.minimum) else { return }
        var help = s.state
        help.overlay = nil
        let screen = ConsoleApp.view(s.state, now: s.now).lines().joined(separator: "\n")
        if s.state.overlay == nil {
            let effects = ConsoleApp.update(&help, .terminal(.key(.function(1))), now: s.now)
            #expect(effects.isEmpty && help.overlay == .help, "\(s): F1 opens help")
            var big = help
            big.size = Size(width: 140, height: 60)
            let text = ConsoleApp.view(big, now: s.now).lines().joined(separator: "\n")
            for b in ConsoleApp.bindings(s.state) {
                #expect(text.contains(b.keyLabel + " ") && text.contains(b.help), "\(s): help lists \(b.keyLabel) \(b.help)")
            }
        }
        let footerLine = screen.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        for b in Footer(ConsoleApp.footerBindings(s.state)).visible(width: s.state.size.width - 2) {
            #expect(footerLine.contains(b.keyLabel + " " + b.label), "\(s): footer shows \(b.keyLabel) \(b.label)")
        }
    }

    @Test func typingTakesQuestionMarkAndF1StillHelps() {
        var d = Driver()
        d.press(.enter, .enter, .enter, .enter, .enter)  // details, name field
        let help = ConsoleApp.bindings(d.state).first { $0.label == "help" }
        #expect(help?.keyLabel == "F1" && help?.keys == [.function(1)], "in a text field ? types, F1 helps")
        d.type("a?")
        #expect(d.wizard.answers.name == "a?" && d.state.overlay == nil)
        d.press(.function(1))
        #expect(d.state.overlay == .help)
    }

    @Test func ctrlZIsListed() {
        let d = Driver()
        #expect(ConsoleApp.bindings(d.state).contains { $0.matches(.ctrl("z")) })
    }

    // MARK: - docs/keys.md

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test func markdownHasEverySectionInOrder() {
        let md = ConsoleApp.keysMarkdown()
        // One table; each section is named on its first row.
        let headings = md.split(separator: "\n").dropFirst(2).compactMap { line -> String? in
            let cell = line.split(separator: "|", omittingEmptySubsequences: false)[1].trimmingCharacters(in: .whitespaces)
            return cell.isEmpty ? nil : cell
        }
        #expect(headings == ["Everywhere", "Lists", "Form", "Review", "Wizard", "Quit?", "Dashboard", "Job details", "Prompts"])
        #expect(md.hasPrefix("| Where | Keys | What it does |\n|---|---|---|\n"))
        #expect(ConsoleApp.keysMarkdown() == md, "stable")
    }

    @Test func docsKeysAreTheKeyMap() throws {
        let expected = ConsoleApp.keysMarkdown()
        let readme = try String(contentsOf: Self.packageRoot.appendingPathComponent("docs/keys.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let begin = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "<!-- keys:begin -->" }),
              let end = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "<!-- keys:end -->" }),
              begin < end else {
            Issue.record(Comment(rawValue: "docs/keys.md has no <!-- keys:begin --> and <!-- keys:end --> lines: put them around "
                                 + "the key tables, with this between them:\n\n" + expected))
            return
        }
        let between = lines[(begin + 1)..<end].joined(separator: "\n").trimmingCharacters(in: .newlines)
        #expect(between == expected.trimmingCharacters(in: .newlines),
                Comment(rawValue: "docs/keys.md's keys (between <!-- keys:begin --> and <!-- keys:end -->) differ from the key map; "
                        + "paste this between the markers:\n\n" + expected))
    }

    // MARK: - No literal keys in the handlers

    @Test func handlersDispatchOnTheMapNotOnLiteralKeys() throws {
        let dir = Self.packageRoot.appendingPathComponent("Sources/GPCNConsole")
        let pattern = try NSRegularExpression(
            pattern: #"== \.character|case \.character|== \.(enter|escape|tab|backTab|up|down|left|right|space)\b"#)
        var found: [String] = []
        let files = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(!files.isEmpty)
        for file in files where !(file.lastPathComponent.hasSuffix("Keys.swift") || file.lastPathComponent == "KeyMap.swift") {
            let text = try String(contentsOf: file, encoding: .utf8)
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let l = String(line)
                if pattern.firstMatch(in: l, range: NSRange(l.startIndex..., in: l)) != nil {
                    found.append("\(file.lastPathComponent):\(i + 1): \(l.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(found.isEmpty, Comment(rawValue: "literal key comparisons outside the key map:\n" + found.joined(separator: "\n")))
    }
}
