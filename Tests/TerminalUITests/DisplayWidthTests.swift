import Testing
@testable import TerminalUI

@Suite struct DisplayWidthTests {
    @Test func widthsOfTheScriptsWeShow() {
        #expect("Tokyo".displayWidth == 5)
        #expect("東京".displayWidth == 4)
        #expect("東京 Tokyo".displayWidth == 10)
        #expect("São Paulo".displayWidth == 9)
        #expect("Zürich".displayWidth == 6)
        #expect("S\u{61}\u{303}o".displayWidth == 3)   // decomposed ã
        #expect("─│┌┐└┘✓✗█░▶●…·".displayWidth == 14)
        #expect("서울".displayWidth == 4)
        #expect("ＡＢ".displayWidth == 4)             // fullwidth Latin
        #expect(DisplayWidth.of(Unicode.Scalar(0x301)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x200B)!) == 0)   // zero width space
    }

    @Test func truncateWithEllipsis() {
        #expect("São Paulo".truncated(toWidth: 20) == "São Paulo")
        #expect("São Paulo".truncated(toWidth: 5) == "São …")
        #expect("東京 Tokyo".truncated(toWidth: 4) == "東…")   // 東 + … = 3; 京 would make 5
        #expect("東京 Tokyo".truncated(toWidth: 5, ellipsis: "~") == "東京~")
        #expect("abc".truncated(toWidth: 0) == "")
        #expect("abcdef".truncated(toWidth: 2, ellipsis: "...") == "ab")
    }

    @Test func fitPadsToExactWidthSoColumnsAlign() {
        let names = ["東京 Tokyo", "São Paulo", "Frankfurt"]
        let col = names.map { $0.fitted(toWidth: 12) + "|" }
        #expect(col == ["東京 Tokyo  |", "São Paulo   |", "Frankfurt   |"])
        #expect(col.allSatisfy { $0.displayWidth == 13 })
        #expect("東京".fitted(toWidth: 3) == "東…")
        #expect("東京".fitted(toWidth: 2) == "… ")   // a wide char never straddles the limit
        #expect("ab".fitted(toWidth: 5, alignment: .right) == "   ab")
        #expect("ab".fitted(toWidth: 6, alignment: .center) == "  ab  ")
    }

    @Test func wrapBreaksWordsAndLongWords() {
        #expect(DisplayWidth.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(DisplayWidth.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(DisplayWidth.wrap("one\n\ntwo", width: 10) == ["one", "", "two"])
        #expect(DisplayWidth.wrap("東京東京東京", width: 5) == ["東京", "東京", "東京"])
        #expect(DisplayWidth.wrap("", width: 5) == [""])
    }
}

