import Testing
@testable import TerminalUI

@Suite struct BufferTests {
    func buffer(_ w: Int, _ h: Int = 1) -> Buffer { Buffer(size: Size(width: w, height: h)) }

    @Test func putPlainTextAndTrimmedLines() {
        var b = buffer(10, 2)
        let end = b.put("hello", at: Point(x: 2, y: 1))
        #expect(end == 7)
        #expect(b.lines() == ["", "  hello"])
        #expect(b.lines(trimming: false) == ["          ", "  hello   "])
    }

    @Test func wideCharactersTakeTwoCellsWithContinuation() {
        var b = buffer(8)
        let end = b.put("東京 Tokyo", at: .zero)
        #expect(end == 8)
        #expect(b[0, 0].text == "東")
        #expect(b[1, 0].isContinuation)
        #expect(b[2, 0].text == "京")
        #expect(b[3, 0].isContinuation)
        #expect(b.lines() == ["東京 Tok"])   // 8 columns: 2 + 2 + 1 + 3
    }

    @Test func wideCharacterThatDoesNotFitIsDropped() {
        var b = buffer(5)
        b.put("abcd東", at: .zero)
        #expect(b.lines(trimming: false) == ["abcd "])
        var c = buffer(10)
        c.put("ab東", at: .zero, maxWidth: 3)
        #expect(c.lines() == ["ab"])
    }

    @Test func overwritingRightHalfBlanksLeftHalf() {
        var b = buffer(6)
        b.put("東京", at: .zero)
        b.put("x", at: Point(x: 1, y: 0))
        #expect(b.lines(trimming: false) == [" x京  "])
        #expect(!b[1, 0].isContinuation)
    }

    @Test func overwritingLeftHalfBlanksRightHalf() {
        var b = buffer(6)
        b.put("東京", at: .zero)
        b.put("y", at: Point(x: 2, y: 0))
        #expect(b.lines(trimming: false) == ["東y   "])
    }

    @Test func wideOverWideAtOddOffsetRepairsBothNeighbours() {
        var b = buffer(6)
        b.put("東京", at: .zero)
        b.put("中", at: Point(x: 1, y: 0))
        #expect(b.lines(trimming: false) == [" 中   "])
        #expect(b[1, 0].text == "中" && b[2, 0].isContinuation && b[3, 0].text == " ")
    }

    @Test func clippingAtEdgesAndNegativeOrigin() {
        var b = buffer(4, 2)
        b.put("abcdef", at: Point(x: 2, y: 0))
        b.put("xyz", at: Point(x: -1, y: 1))
        b.put("never", at: Point(x: 0, y: 5))
        #expect(b.lines() == ["  ab", "yz"])
    }

    @Test func combiningMarksStayInTheirCell() {
        var b = buffer(6)
        // "e" + COMBINING ACUTE is one grapheme; "São" with a precomposed ã
        b.put("e\u{301}São", at: .zero)
        #expect(b[0, 0].text == "e\u{301}")
        #expect(b.lines() == ["e\u{301}São"])
        #expect("e\u{301}São".displayWidth == 4)
        // a lone combining mark joins the previous cell written by the same put
        var c = buffer(4)
        c.put("a", at: .zero)
        c.put("\u{301}b", at: Point(x: 1, y: 0))
        #expect(c.lines() == ["ab"])
    }

    @Test func controlCharactersAreShownAsQuestionMarks() {
        var b = buffer(5)
        b.put("a\tb\u{7}", at: .zero)
        #expect(b.lines() == ["a?b?"])
    }

    @Test func fillAndStyles() {
        var b = buffer(4, 2)
        b.fill(Rect(x: 1, y: 0, width: 2, height: 2), with: "#", style: Style(.accent))
        #expect(b.lines() == [" ##", " ##"])
        #expect(b[1, 1].style.role == .accent)
        #expect(b[0, 1].style.role == .text)
        b.setStyle(Rect(x: 0, y: 0, width: 4, height: 1), Style(.selection))
        #expect(b[0, 0].style == Style(.selection))
        #expect(b[1, 0].text == "#")
    }

    @Test func spansKeepTheirStyles() {
        var b = buffer(12)
        let end = b.put([Span("2/7", .accent), Span(" Image", .title)], at: .zero)
        #expect(end == 9)
        #expect(b.lines() == ["2/7 Image"])
        #expect(b[0, 0].style.role == .accent)
        #expect(b[4, 0].style.role == .title)
        var c = buffer(12)
        c.put([Span("abc"), Span("defgh")], at: .zero, maxWidth: 5)
        #expect(c.lines() == ["abcde"])
    }

    @Test func diffReportsOnlyChangedCellsAndNoContinuations() {
        var a = buffer(6, 2)
        a.put("abc", at: .zero)
        var b = a
        b.put("aXc", at: .zero)
        #expect(b.changes(since: a) == [CellChange(x: 1, y: 0, cell: Cell("X"))])
        var c = a
        c.put("東", at: Point(x: 0, y: 1))
        let ch = c.changes(since: a)
        #expect(ch.map { [$0.x, $0.y] } == [[0, 1]])
        #expect(ch[0].cell.text == "東")
        #expect(a.changes(since: a).isEmpty)
    }

    @Test func diffAgainstNothingOrAnotherSizeIsEverything() {
        var a = buffer(3, 2)
        a.put("東x", at: .zero)
        #expect(a.changes(since: nil).count == 5)  // 6 cells minus one continuation
        #expect(a.changes(since: buffer(4, 2)).count == 5)
    }

    @Test func styleChangeAloneIsAChange() {
        var a = buffer(3)
        a.put("abc", at: .zero)
        var b = a
        b.setStyle(Rect(x: 2, y: 0, width: 1, height: 1), Style(.error))
        #expect(b.changes(since: a).map(\.x) == [2])
    }

    @Test func drawCopiesAnotherBuffer() {
        var small = buffer(3)
        small.put("東a", at: .zero)
        var b = buffer(6, 2)
        b.draw(small, at: Point(x: 2, y: 1))
        #expect(b.lines() == ["", "  東a"])
    }
}

@Suite struct GeometryTests {
    @Test func splitsAndInsets() {
        let r = Rect(x: 0, y: 0, width: 80, height: 24)
        let (header, rest) = r.splitTop(2)
        let (body, footer) = rest.splitBottom(1)
        #expect(header == Rect(x: 0, y: 0, width: 80, height: 2))
        #expect(body == Rect(x: 0, y: 2, width: 80, height: 21))
        #expect(footer == Rect(x: 0, y: 23, width: 80, height: 1))
        #expect(r.inset(by: 1) == Rect(x: 1, y: 1, width: 78, height: 22))
        #expect(Rect(x: 0, y: 0, width: 1, height: 1).inset(by: 1).isEmpty)
        #expect(r.rows([1, 3]) == [Rect(x: 0, y: 0, width: 80, height: 1), Rect(x: 0, y: 1, width: 80, height: 3)])
        #expect(r.centered(Size(width: 10, height: 4)) == Rect(x: 35, y: 10, width: 10, height: 4))
        #expect(r.intersection(Rect(x: 70, y: 20, width: 20, height: 20)) == Rect(x: 70, y: 20, width: 10, height: 4))
        let (l, rr) = r.splitLeft(30)
        #expect(l.width == 30 && rr.x == 30 && rr.width == 50)
        #expect(Size(width: 80, height: 24).fits(.minimum) && !Size(width: 79, height: 30).fits(.minimum))
    }
}
