import Testing
@testable import TerminalUI

let networkRows: [ListRow] = [
    .header("Standard (L3)"),
    .item("net-a", ["default-l3", "10.0.0.0/24"]),
    .item("net-b", ["backend", "10.0.1.0/24"]),
    .header("Custom (L2)"),
    .item("l2-a", ["storage", "L2"]),
    .item("l2-x", ["legacy", "L2"], disabled: "full"),
]

@Suite struct MultiSelectTests {
    @Test func spaceTogglesAndExactlyOnePrimary() {
        var s = MultiSelectState(rows: networkRows, maxSelected: 2)
        #expect(s.handle(.space) == .changed)
        #expect(s.selected == ["net-a"] && s.primary == "net-a")
        _ = s.handle(.down)
        #expect(s.handle(.space) == .changed)
        #expect(s.selected == ["net-a", "net-b"] && s.primary == "net-a")
        #expect(s.handle(.character("p")) == .changed)
        #expect(s.primary == "net-b")
        guard case .refused(let why) = s.handle(.character("p")) else { Issue.record("p on the primary said nothing"); return }
        #expect(why.hasSuffix("is already the primary network"))
        _ = s.handle(.down)
        #expect(s.list.selectedID == "l2-a")                   // header skipped
        #expect(s.handle(.space) == .refused("at most 2 can be selected"))
        #expect(s.handle(.character("p")) == .refused("at most 2 can be selected"))
        _ = s.handle(.up)
        #expect(s.handle(.space) == .changed)                  // unselect the primary...
        #expect(s.selected == ["net-a"] && s.primary == "net-a")   // ...it passes on
        #expect(s.handle(.space) == .changed)                  // select net-b again: net-a stays primary
        #expect(s.primary == "net-a")
        #expect(s.handle(.character("p")) == .changed)
        #expect(s.primary == "net-b")
        #expect(s.handle(.enter) == .ignored)
    }

    @Test func anExclusiveItemIsChosenAlone() {
        let rows: [ListRow] = [.header("VPC subnets"), .item("subnet:s", ["app"]), .item("subnet:t", ["db"]),
                               .header("Legacy networks")] + networkRows.filter { $0.kind == .item }
        var s = MultiSelectState(rows: rows, maxSelected: 2, exclusive: ["subnet:s", "subnet:t"])
        #expect(s.toggle("net-a") == .changed && s.toggle("net-b") == .changed)
        #expect(s.toggle("subnet:s") == .changed, "the limit of 2 does not stop a subnet replacing them")
        #expect(s.selected == ["subnet:s"] && s.primary == "subnet:s")
        #expect(s.toggle("subnet:t") == .changed)
        #expect(s.selected == ["subnet:t"], "one subnet at a time")
        #expect(s.toggle("net-b") == .changed)
        #expect(s.selected == ["net-b"] && s.primary == "net-b", "a legacy network replaces the subnet")
        #expect(s.toggle("l2-x") == .refused("full"))
    }

    @Test func pSelectsAndUnselectingAllClearsPrimary() {
        var s = MultiSelectState(rows: networkRows)
        _ = s.handle(.end)                                     // l2-a (l2-x is disabled)
        #expect(s.handle(.character("p")) == .changed)
        #expect(s.selected == ["l2-a"] && s.primary == "l2-a")
        _ = s.handle(.space)
        #expect(s.selected.isEmpty && s.primary == nil)
        #expect(s.toggle("l2-x") == .refused("full"))
        #expect(s.toggle("nope") == .ignored)
    }

    @Test func initialSelectionIsCleanedUp() {
        let s = MultiSelectState(rows: networkRows, selected: ["net-b", "l2-x", "gone", "net-a"], primary: "gone")
        #expect(s.selected == ["net-a", "net-b"] && s.primary == "net-a")
    }

    @Test func filterTakesSpaceAndP() {
        var s = MultiSelectState(rows: networkRows)
        _ = s.handle(.character("/"))
        _ = s.handle(.character("p"))
        _ = s.handle(.space)
        #expect(s.list.filter == "p " && s.selected.isEmpty)
    }

    @Test func rendersCheckboxesAndPrimaryMark() {
        var s = MultiSelectState(rows: networkRows)
        _ = s.handle(.space)
        _ = s.handle(.down)
        _ = s.handle(.space)
        _ = s.handle(.character("p"))
        #expect(render(MultiSelectView(s, glyphs: .unicode), 40, 6) == [
            "Standard (L3)",
            "  [✓]   default-l3  10.0.0.0/24",
            "▶ [✓] ● backend     10.0.1.0/24",
            "Custom (L2)",
            "  [ ]   storage     L2",
            "  [ ]   legacy      L2" + String(repeating: " ", count: 11) + "(full)",
        ])
        #expect(render(MultiSelectView(s, glyphs: .ascii), 40, 3)[2] == "> [x] * backend     10.0.1.0/24")
    }
}

@Suite struct SmallWidgetTests {
    @Test func progressBarUnicodeAndAscii() {
        #expect(render(ProgressBar(percent: 42, glyphs: .unicode), 20, 1) == ["██████░░░░░░░░░  42%"])
        #expect(render(ProgressBar(percent: 42, glyphs: .ascii), 20, 1) == ["######---------  42%"])
        #expect(render(ProgressBar(percent: 100, glyphs: .ascii), 20, 1) == ["############### 100%"])
        #expect(render(ProgressBar(percent: -5, glyphs: .ascii), 10, 1) == ["-----   0%"])
        #expect(render(ProgressBar(fraction: 0.5, glyphs: .ascii, showsPercent: false), 10, 1) == ["#####-----"])
        var b = Buffer(size: Size(width: 20, height: 1))
        ProgressBar(percent: 42, glyphs: .unicode, role: .ok).render(in: b.area, into: &b)
        #expect(b[0, 0].style.role == .ok && b[6, 0].style.role == .muted)
    }

    @Test func spinnerFrameComesFromOutside() {
        #expect(Spinner(frame: 11, glyphs: .unicode).symbol == "⠙")
        #expect(Spinner(frame: 5, glyphs: .ascii).symbol == "/")
        #expect(Spinner(frame: -1, glyphs: .ascii).symbol == "\\")
        #expect(render(Spinner(frame: 0, glyphs: .ascii), 3, 1) == ["|"])
    }

    @Test func boxWithTitle() {
        #expect(render(Box(title: "Title", glyphs: .unicode), 20, 3) == [
            "┌─ Title ──────────┐",
            "│                  │",
            "└──────────────────┘",
        ])
        #expect(render(Box(title: "A very long title indeed", glyphs: .ascii), 16, 2) == [
            "+- A very lo~ -+",
            "+--------------+",
        ])
        #expect(Box.inner(Rect(x: 0, y: 0, width: 20, height: 3)) == Rect(x: 1, y: 1, width: 18, height: 1))
    }

    @Test func checkbox() {
        #expect(render(Checkbox("Public IP", isOn: true, isFocused: true, glyphs: .unicode), 30, 1) == ["▶ [✓] Public IP"])
        #expect(render(Checkbox("Public IP", isOn: false, disabledReason: "primary is an L2 network", glyphs: .ascii), 50, 1)
                == ["  [ ] Public IP  (primary is an L2 network)"])
        #expect(Checkbox.toggles(.space) && !Checkbox.toggles(.enter))
    }

    @Test func tooSmall() {
        let lines = render(TooSmall(), 60, 20)
        #expect(lines[9] == String(repeating: " ", count: 14) + "terminal too small (need 80x24)")
        #expect(lines[10] == String(repeating: " ", count: 25) + "now 60x20")
        #expect(lines.enumerated().allSatisfy { $0.offset == 9 || $0.offset == 10 || $0.element.isEmpty })
        #expect(render(TooSmall(), 12, 4) == ["terminal too", "small (need", "   80x24)", ""])
    }

    @Test func paragraphWraps() {
        #expect(render(Paragraph.wrapped("the quick brown fox jumps", width: 10), 10, 3) == ["the quick", "brown fox", "jumps"])
    }
}

@Suite struct KeyHintTests {
    let bindings: [KeyBinding] = [
        KeyBinding([.up, .down], "move", keyLabel: "Up/Down"),
        KeyBinding([.enter], "choose"),
        KeyBinding([.character("/")], "filter"),
        KeyBinding([.escape], "back"),
        KeyBinding([.pageUp, .pageDown], "page"),
        KeyBinding([.space], "select"),
        KeyBinding([.character("p")], "primary"),
        KeyBinding([.ctrl("c")], "quit"),
        .help,
        KeyBinding([.ctrl("l")], "redraw", inFooter: false),
    ]

    @Test func footerKeepsWhatFitsAndAlwaysHelp() {
        #expect(render(Footer(bindings), 80, 1) == ["Up/Down move  Enter choose  / filter  Esc back  PgUp/PgDn page  ? help"])
        #expect(render(Footer(bindings), 120, 1) == [
            "Up/Down move  Enter choose  / filter  Esc back  PgUp/PgDn page  Space select  p primary  Ctrl-C quit  ? help"])
        #expect(render(Footer(bindings), 20, 1) == ["Up/Down move  ? help"])
        var b = Buffer(size: Size(width: 80, height: 1))
        Footer(bindings).render(in: b.area, into: &b)
        #expect(b[0, 0].style.role == .key && b[8, 0].style.role == .muted)
    }

    @Test func bindingsMatchKeys() {
        #expect(bindings.binding(for: .function(1))?.label == "help")
        #expect(bindings.binding(for: .character("?"))?.label == "help")
        #expect(bindings.binding(for: .ctrl("l"))?.label == "redraw")
        #expect(bindings.binding(for: .character("x")) == nil)
        #expect(KeyBinding([.ctrl("c"), .backTab, .function(12)], "x").keyLabel == "Ctrl-C/Shift-Tab/F12")
        #expect(Key.space.description == "Space")
    }

    @Test func helpOverlayGroupsBySection() {
        let bs = [
            KeyBinding.help,
            KeyBinding([.ctrl("c")], "quit", help: "quit (asks first)", section: "Everywhere"),
            KeyBinding([.enter], "choose", help: "choose the row", section: "Lists"),
        ]
        func boxed(_ s: String) -> String { "    │ " + s.fitted(toWidth: 38) + " │" }
        #expect(render(HelpOverlay(bs, glyphs: .unicode), 50, 14) == [
            "", "",
            "    ┌─ Keys " + String(repeating: "─", count: 33) + "┐",
            boxed("Everywhere"),
            boxed("  ?       show the keys of this screen"),
            boxed("  Ctrl-C  quit (asks first)"),
            boxed(""),
            boxed("Lists"),
            boxed("  Enter   choose the row"),
            boxed(""),
            boxed("Esc close"),
            "    └" + String(repeating: "─", count: 40) + "┘",
            "", "",
        ])
    }

    @Test func helpOverlayFromTheListBindingsTooSmallShowsEllipsis() {
        let lines = render(HelpOverlay(ListState.bindings, glyphs: .ascii), 40, 6)
        #expect(lines.count == 6)
        #expect(lines[0].hasPrefix("+- Keys "))
        #expect(lines[1] == "| Lists" + String(repeating: " ", count: 32) + "|")
        #expect(lines[2].contains("~ (enlarge the terminal to see all)"))
        #expect(lines[4].hasPrefix("| Esc close"))
    }

    @Test func modalCentresWrapsAndShowsHints() {
        let m = Modal(title: "Quit?", message: ["Leave the wizard? Nothing has been submitted."],
                      hints: [KeyBinding([.character("y")], "quit"), KeyBinding([.escape], "stay")],
                      glyphs: .ascii, maxWidth: 40)
        func boxed(_ s: String) -> String { "     | " + s.fitted(toWidth: 36) + " |" }
        #expect(m.frame(in: Rect(x: 0, y: 0, width: 50, height: 10)) == Rect(x: 5, y: 2, width: 40, height: 6))
        #expect(render(m, 50, 10) == [
            "", "",
            "     +- Quit? " + String(repeating: "-", count: 30) + "+",
            boxed("Leave the wizard? Nothing has been"),
            boxed("submitted."),
            boxed(""),
            boxed("y quit  Esc stay"),
            "     +" + String(repeating: "-", count: 38) + "+",
            "", "",
        ])
    }

    @Test func modalClearsWhatIsUnderIt() {
        var b = Buffer(size: Size(width: 30, height: 5), fill: Cell("x"))
        Modal(title: "Error", message: ["boom"], role: .error, glyphs: .ascii).render(in: b.area, into: &b)
        #expect(b.lines()[2] == "xxxxxxxx| boom      |xxxxxxxxx")
        #expect(b[12, 1].style.role == .error)   // the title
    }
}

@Suite struct BackendTests {
    @Test func recordingBackendRecordsAndDeliversEvents() async {
        let t = RecordingBackend(size: Size(width: 100, height: 30))
        var f = Buffer(size: t.size)
        f.put("hi", at: .zero)
        t.present(f)
        t.redraw()
        t.suspend()
        t.send(.key(.enter))
        t.send(.resize(Size(width: 60, height: 20)))
        #expect(t.size == Size(width: 60, height: 20))
        await t.stop()
        var got: [TerminalEvent] = []
        for await e in t.events { got.append(e) }
        #expect(got == [.key(.enter), .resize(Size(width: 60, height: 20))])
        #expect(t.frames.count == 1 && t.lastFrame?.lines()[0] == "hi")
        #expect(t.redrawCount == 1 && t.suspendCount == 1 && t.isStopped)
    }

    @Test func glyphSetsAreOneColumnAndAsciiIsAscii() {
        let u = Glyphs.unicode, a = Glyphs.ascii
        for g in [u, a] {
            for s in [g.horizontal, g.vertical, g.topLeft, g.topRight, g.bottomLeft, g.bottomRight, g.pointer, g.ok,
                      g.failed, g.primary, g.barFull, g.barEmpty, g.ellipsis, g.separator] + g.spinner {
                #expect(s.displayWidth == 1, "\(s)")
            }
            #expect(g.checkboxOn.displayWidth == 3 && g.checkboxOff.displayWidth == 3)
        }
        let all = [a.horizontal, a.vertical, a.topLeft, a.pointer, a.checkboxOn, a.ok, a.failed, a.primary, a.barFull,
                   a.barEmpty, a.ellipsis, a.separator] + a.spinner
        #expect(all.allSatisfy { $0.unicodeScalars.allSatisfy { $0.value < 0x80 } })
        #expect(Glyphs.forLocale(utf8: false) == .ascii && Glyphs.forLocale(utf8: true) == .unicode)
    }
}
