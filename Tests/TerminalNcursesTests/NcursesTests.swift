import CNcursesw
import Glibc
import Testing
import TerminalUI
@testable import TerminalNcurses

@Suite struct WidthAgreesWithWcwidth {
    @Test func everyPrintableScalarHasTheSameWidthAsGlibc() {
        #expect(setlocale(LC_CTYPE, "C.UTF-8") != nil)
        var compared = 0
        var mismatches: [String] = []
        for v in UInt32(0x20)...0x10FFFF {
            guard let s = Unicode.Scalar(v), !(0x7F..<0xA0).contains(v) else { continue }
            let w = Int(cnc_wcwidth(wchar_t(bitPattern: v)))
            if w < 0 { continue }   // unassigned or non-printable: not something we draw
            compared += 1
            if DisplayWidth.of(s) != w, mismatches.count < 10 { mismatches.append("U+\(String(v, radix: 16)) ours \(DisplayWidth.of(s)) glibc \(w)") }
        }
        #expect(mismatches == [])
        #expect(compared > 250_000)   // the scan really covered the assigned scalars
    }

    @Test func theRangesWeUseAreAssignedAndMatch() {
        #expect(setlocale(LC_CTYPE, "C.UTF-8") != nil)
        let samples: [(String, Int)] = [("東", 2), ("京", 2), ("서", 2), ("ａ", 2), ("ã", 1), ("ü", 1), ("─", 1), ("┌", 1),
                                        ("✓", 1), ("✗", 1), ("█", 1), ("░", 1), ("▶", 1), ("●", 1), ("…", 1), ("⠋", 1),
                                        ("\u{301}", 0), ("\u{200B}", 0)]
        for (s, w) in samples {
            let v = s.unicodeScalars.first!.value
            #expect(Int(cnc_wcwidth(wchar_t(bitPattern: v))) == w, "\(s)")
            #expect(DisplayWidth.of(s.unicodeScalars.first!) == w, "\(s)")
        }
    }
}

@Suite struct KeyDecoderTests {
    @Test func functionKeyCodes() {
        let table: [(Int32, Key?)] = [
            (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right),
            (KEY_PPAGE, .pageUp), (KEY_NPAGE, .pageDown), (KEY_HOME, .home), (KEY_END, .end),
            (KEY_BTAB, .backTab), (KEY_ENTER, .enter), (KEY_BACKSPACE, .backspace), (KEY_DC, .delete),
            (KEY_IC, .insert), (KEY_F0 + 1, .function(1)), (KEY_F0 + 12, .function(12)), (cnc_key_f(5), .function(5)),
            (KEY_F0 + 13, nil), (KEY_RESIZE, nil), (KEY_MOUSE, nil),
        ]
        for (code, key) in table {
            #expect(KeyDecoder.key(code: UInt32(code), isKeyCode: true) == key, "code \(code)")
        }
    }

    @Test func characterCodes() {
        let table: [(UInt32, Key?)] = [
            (27, .escape), (9, .tab), (10, .enter), (13, .enter), (127, .backspace), (8, .backspace),
            (3, .ctrl("c")), (12, .ctrl("l")), (1, .ctrl("a")), (26, .ctrl("z")), (0, nil), (28, nil), (0x85, nil),
            (32, .space), (UInt32(UInt8(ascii: "j")), .character("j")), (UInt32(UInt8(ascii: "?")), .character("?")),
            (0x6771, .character("東")), (0xE3, .character("ã")), (0xD800, nil),
        ]
        for (code, key) in table {
            #expect(KeyDecoder.key(code: code, isKeyCode: false) == key, "code \(code)")
        }
    }
}

@Suite struct ColorPlanTests {
    @Test func fullColourUsesThe256Values() {
        let p = ColorPlan.make(palette: .default, colors: 256, pairLimit: 65536, noColor: false, defaultColors: true)
        #expect(p.depth == .full256)
        let sel = p.pairs[p.pairNumbers[.selection]!]!
        #expect(sel == ColorPlan.Pair(fg: 231, bg: 25))
        #expect(p.pairs[p.pairNumbers[.text]!]! == ColorPlan.Pair(fg: -1, bg: -1))
        #expect(p.attributes[.title] == .bold)
        #expect(Set(p.pairNumbers.values).count == Role.allCases.count)
        #expect(!p.pairNumbers.values.contains(0))
    }

    @Test func sixteenAndEightColourFallbacks() {
        let p16 = ColorPlan.make(palette: .default, colors: 16, pairLimit: 256, noColor: false, defaultColors: true)
        #expect(p16.depth == .sixteen)
        #expect(p16.pairs[p16.pairNumbers[.accent]!]!.fg == 14)
        let p8 = ColorPlan.make(palette: .default, colors: 8, pairLimit: 64, noColor: false, defaultColors: false)
        #expect(p8.depth == .eight)
        #expect(p8.pairs[p8.pairNumbers[.accent]!]! == ColorPlan.Pair(fg: 6, bg: 0))  // bright cyan → cyan + bold
        #expect(p8.attributes[.accent] == .bold)
        #expect(p8.pairs[p8.pairNumbers[.text]!]! == ColorPlan.Pair(fg: 7, bg: 0))    // no default colours
    }

    @Test func noColorOrNoColoursMeansAttributesOnly() {
        for p in [ColorPlan.make(palette: .default, colors: 256, pairLimit: 65536, noColor: true, defaultColors: true),
                  ColorPlan.make(palette: .default, colors: 0, pairLimit: 0, noColor: false, defaultColors: false)] {
            #expect(p.depth == .monochrome)
            #expect(p.pairNumbers.isEmpty)
            #expect(p.attributes[.selection] == .reverse)
            #expect(p.attributes[.error] == .bold)
            #expect(p.attributes[.text] == [])
        }
    }

    @Test func attributeBits() {
        #expect(NcursesTerminal.attr([]) == CNC_A_NORMAL)
        #expect(NcursesTerminal.attr([.bold, .reverse]) == CNC_A_BOLD | CNC_A_REVERSE)
        #expect(NcursesTerminal.attr([.dim, .underline]) == CNC_A_DIM | CNC_A_UNDERLINE)
    }
}

@Suite struct StartupTests {
    @Test func refusesWhenStdinIsNotATerminal() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        #expect(throws: TerminalStartError.notATerminal) {
            _ = try NcursesTerminal(handleSignals: false, inputFD: fds[0], outputFD: fds[1])
        }
        let null = open("/dev/null", O_RDWR)
        defer { close(null) }
        #expect(throws: TerminalStartError.notATerminal) {
            try NcursesTerminal.checkTerminal(inputFD: null, outputFD: null, term: "xterm")
        }
        #expect(TerminalStartError.notATerminal.description == "gpcn: stdin and stdout must be a terminal (use --yes for scripts)")
    }

    @Test func startupRule() {
        for term in [nil, "", "dumb"] as [String?] {
            #expect(NcursesTerminal.startupProblem(inputIsTTY: true, outputIsTTY: true, term: term) == .dumbTerminal)
        }
        #expect(NcursesTerminal.startupProblem(inputIsTTY: false, outputIsTTY: true, term: "xterm") == .notATerminal)
        #expect(NcursesTerminal.startupProblem(inputIsTTY: true, outputIsTTY: false, term: "xterm") == .notATerminal)
        #expect(NcursesTerminal.startupProblem(inputIsTTY: true, outputIsTTY: true, term: "xterm-256color") == nil)
    }

    @Test func errorMessagesAreOneLine() {
        let all: [TerminalStartError] = [.notATerminal, .dumbTerminal, .unknownTerminal("nosuchterm"), .noCursorAddressing("vt52")]
        for e in all {
            #expect(!e.description.contains("\n") && e.description.hasPrefix("gpcn: "))
        }
        #expect(TerminalStartError.unknownTerminal("nosuchterm").description.contains("'nosuchterm'"))
    }
}
