import CNcursesw
@testable import TerminalNcurses
import TerminalUI
import Testing

/// Bracketed paste and the burst rule, decoded from `wget_wch` results without a terminal.
@Suite struct InputDecoderTests {
    /// Feeds plain characters (no key codes) and returns every key completed.
    static func feed(_ d: inout InputDecoder, _ text: String) -> [Key] {
        text.unicodeScalars.flatMap { d.feed(code: $0.value, isKeyCode: false) }
    }

    @Test func aBracketedPasteIsOneEventAndNoEnter() {
        var d = InputDecoder()
        var keys = Self.feed(&d, "\u{1b}[200~name\r\r\r\u{1b}[201~")
        keys += d.endOfInput()
        #expect(keys == [.paste("name\n\n\n")])
        #expect(!keys.contains(.enter))
        #expect(d.waitLimit == nil)
    }

    @Test func keysAroundAPasteStayKeys() {
        var d = InputDecoder()
        var keys = Self.feed(&d, "a\u{1b}[200~x\u{1b}[201~\r")
        keys += Self.feed(&d, "\u{1b}")
        keys += d.endOfInput()
        #expect(keys == [.character("a"), .paste("x"), .enter, .escape])
    }

    @Test func aPasteSplitAcrossReads() {
        var d = InputDecoder()
        var keys = Self.feed(&d, "\u{1b}[200~na")
        keys += d.endOfInput()
        #expect(keys.isEmpty && d.isInPaste && d.waitLimit == InputDecoder.idleLimit)
        keys += Self.feed(&d, "me\r\u{1b}[2")   // the end marker split too
        keys += d.endOfInput()
        #expect(keys.isEmpty)
        keys += Self.feed(&d, "01~")
        keys += d.endOfInput()
        #expect(keys == [.paste("name\n")])
    }

    @Test func aStartMarkerSplitAcrossReadsWaitsBriefly() {
        var d = InputDecoder()
        var keys = Self.feed(&d, "\u{1b}[2")
        keys += d.endOfInput()
        #expect(keys.isEmpty && d.waitLimit != nil)
        keys += Self.feed(&d, "00~hi\u{1b}[201~")
        #expect(keys == [.paste("hi")])
        // A partial marker that goes no further is the keys it was.
        var e = InputDecoder()
        _ = Self.feed(&e, "\u{1b}[")
        let atEnd = e.endOfInput(), atIdle = e.idle()
        #expect(atEnd.isEmpty)
        #expect(atIdle == [.escape, .character("[")])
    }

    @Test func anUnterminatedPasteEndsAsTextWhenInputStops() {
        var d = InputDecoder()
        var keys = Self.feed(&d, "\u{1b}[200~abc\r\r\u{1b}[20")
        keys += d.endOfInput()
        #expect(keys.isEmpty)
        keys += d.idle()
        #expect(keys.count == 1)
        guard case .paste(let text)? = keys.first else { Issue.record("no paste"); return }
        #expect(text.hasPrefix("abc\n\n") && !d.isInPaste)
        #expect(PasteText.clean(text).text == "abc[20")
        // The decoder is back to keys.
        let after = Self.feed(&d, "\r")
        #expect(after == [.enter])
    }

    @Test func aHugePasteIsBounded() {
        var d = InputDecoder()
        _ = Self.feed(&d, "\u{1b}[200~")
        let big = String(repeating: "x", count: InputDecoder.maxPaste + 10)
        _ = Self.feed(&d, big)
        #expect(d.truncated == 10)
        let keys = Self.feed(&d, "\u{1b}[201~")
        #expect(keys == [.paste(String(repeating: "x", count: InputDecoder.maxPaste))])
    }

    @Test func keyCodesInsideAPasteAreDropped() {
        var d = InputDecoder()
        var keys = Self.feed(&d, "\u{1b}[200~a")
        keys += d.feed(code: UInt32(KEY_UP), isKeyCode: true)
        keys += Self.feed(&d, "b\u{1b}x\u{1b}[201~")
        #expect(keys == [.paste("ab\u{1b}x")])
    }

    @Test func plainEscapeAndOtherSequencesAreUnchanged() {
        var d = InputDecoder()
        let a = Self.feed(&d, "\u{1b}"), b = d.endOfInput()
        #expect(a == [] && b == [.escape])
        let c = Self.feed(&d, "\u{1b}[2x")
        #expect(c == [.escape, .character("["), .character("2"), .character("x")])
        let e = Self.feed(&d, "\u{1b}\u{1b}"), f = d.endOfInput()
        #expect(e == [.escape] && f == [.escape])
        let g = d.feed(code: UInt32(KEY_DOWN), isKeyCode: true)
        #expect(g == [.down])
    }

    @Test func burstIsSameWakeupOrWithinTheWindow() {
        var b = KeyBurst()
        let verdicts = [b.isBurst(at: 10, sameWakeup: false),                          // the first key ever
                        b.isBurst(at: 10.5, sameWakeup: true),                          // a second key in one wakeup
                        b.isBurst(at: 10.5 + KeyBurst.window / 2, sameWakeup: false),   // within the window
                        b.isBurst(at: 11, sameWakeup: false),                           // pressed on its own
                        b.isBurst(at: 11.2, sameWakeup: false)]
        #expect(verdicts == [false, true, true, false, false])
    }
}
