import Testing
@testable import TerminalUI

func type(_ s: inout TextFieldState, _ text: String) { for c in text { _ = s.handle(.character(c)) } }
func press(_ s: inout TextFieldState, _ keys: Key...) { for k in keys { _ = s.handle(k) } }

@Suite struct TextFieldStateTests {
    @Test func insertDeleteAndMove() {
        var s = TextFieldState()
        type(&s, "hello")
        #expect(s.text == "hello" && s.cursor == 5)
        press(&s, .left, .left)
        #expect(s.handle(.character("X")) == .edited)
        #expect(s.text == "helXlo" && s.cursor == 4)
        press(&s, .home)
        #expect(s.handle(.delete) == .edited)
        #expect(s.text == "elXlo" && s.cursor == 0)
        #expect(s.handle(.backspace) == .moved)          // nothing before the cursor
        press(&s, .end, .backspace)
        #expect(s.text == "elXl")
        press(&s, .ctrl("a"), .right)
        #expect(s.cursor == 1)
        press(&s, .ctrl("e"))
        #expect(s.cursor == 4)
        #expect(s.handle(.delete) == .moved)
        #expect(s.handle(.enter) == .ignored)
        #expect(s.handle(.tab) == .ignored)
        #expect(s.handle(.up) == .ignored)
    }

    @Test func killKeys() {
        var s = TextFieldState(text: "hello big world")
        press(&s, .ctrl("w"))
        #expect(s.text == "hello big ")
        press(&s, .left, .left, .left, .ctrl("k"))
        #expect(s.text == "hello b")
        press(&s, .ctrl("u"))
        #expect(s.text == "" && s.cursor == 0)
    }

    @Test func maxLengthAndPaste() {
        var s = TextFieldState(maxLength: 5)
        type(&s, "abc")
        #expect(s.handle(.paste("de\nfg")) == .edited)   // newline dropped, cut at the limit
        #expect(s.text == "abcde")
        #expect(s.handle(.character("x")) == .refused)
        #expect(s.text == "abcde")
        s.setText("0123456789")
        #expect(s.text == "01234" && s.cursor == 5)
    }

    @Test func wideCharactersAreOneCharacterEach() {
        var s = TextFieldState(text: "東京")
        #expect(s.cursor == 2)
        press(&s, .backspace)
        #expect(s.text == "東")
        type(&s, "京都")
        #expect(s.text == "東京都" && s.characters.count == 3)
    }
}

@Suite struct TextFieldRenderTests {
    func draw(_ f: TextField, width: Int) -> Buffer {
        var b = Buffer(size: Size(width: width, height: 1))
        f.render(in: b.area, into: &b)
        return b
    }

    @Test func normalFieldWithCursor() {
        var s = TextFieldState(text: "web", viewportWidth: 10)
        press(&s, .left)
        let b = draw(TextField(s, isFocused: true), width: 10)
        #expect(b.lines() == ["web"])
        #expect(b[2, 0].style == Style(.input, .reverse))   // cursor on "b"
        #expect(b[0, 0].style == Style(.input))
        #expect(b[9, 0].style == Style(.input))             // the whole field is input-coloured
        let unfocused = draw(TextField(s), width: 10)
        #expect(unfocused[2, 0].style == Style(.input))
    }

    @Test func placeholderWhenEmpty() {
        let s = TextFieldState()
        #expect(draw(TextField(s, placeholder: "name-1"), width: 10).lines() == ["name-1"])
        let b = draw(TextField(s, placeholder: "name-1", isFocused: true), width: 10)
        #expect(b.lines() == [" name-1"])
        #expect(b[0, 0].style == Style(.input, .reverse))
        #expect(b[1, 0].style.role == .muted)
    }

    @Test func horizontalScrollingKeepsTheCursorVisible() {
        var s = TextFieldState(text: "abcdefghij", viewportWidth: 5)
        #expect(draw(TextField(s, isFocused: true), width: 5).lines() == ["ghij"])   // + cursor cell
        press(&s, .home)
        #expect(draw(TextField(s, isFocused: true), width: 5).lines() == ["abcde"])
        press(&s, .end, .left, .left, .left)
        #expect(draw(TextField(s, isFocused: true), width: 5).lines() == ["ghij"])   // no jump while the cursor is in view
        press(&s, .left, .left)
        let b = draw(TextField(s, isFocused: true), width: 5)
        #expect(b.lines() == ["fghij"])
        #expect(b[0, 0].style == Style(.input, .reverse))
    }

    @Test func wideCharactersScrollWhole() {
        let s = TextFieldState(text: "東京都", viewportWidth: 4)
        let b = draw(TextField(s, isFocused: true), width: 4)
        #expect(b.lines() == ["都"])                       // 都 + cursor: 東京 scrolled out
        #expect(b[2, 0].style == Style(.input, .reverse))
        let narrow = draw(TextField(TextFieldState(text: "東京", viewportWidth: 3)), width: 3)
        #expect(narrow.lines() == ["京"])
    }

    @Test func maskedFieldNeverDrawsTheSecret() {
        var s = TextFieldState(isMasked: true, viewportWidth: 20)
        type(&s, "s3cret!Pw")
        let b = draw(TextField(s, isFocused: true), width: 20)
        #expect(b.lines() == ["*********"])
        #expect(!b.cells.contains { "s3cretPw!".contains($0.text) && !$0.text.isEmpty && $0.text != " " })
        #expect(s.text == "s3cret!Pw")
        // masked characters are one column each, even wide ones
        let wide = draw(TextField(TextFieldState(text: "東京", isMasked: true)), width: 5)
        #expect(wide.lines() == ["**"])
    }
}
