import Foundation
import TextFolding
import Testing
@testable import TerminalUI

/// Data centers as the wizard lists them: name, code, place.
let placeRows: [ListRow] = [
    .item("chi", ["Chicago", "CHI-1", "Central, United States"]),
    .item("nrt", ["東京 Tokyo", "NRT-1", "Asia Pacific, Japan"]),
    .item("gru", ["São Paulo", "GRU-1", "South America, Brazil"]),
    .item("zrh", ["Zürich", "ZRH-1", "Europe, Switzerland"]),
    .item("krk", ["Kraków", "KRK-1", "Europe, Poland"]),
    .item("yul", ["Montréal", "YUL-1", "Canada East, Canada"]),
    .item("bog", ["Bogotá", "BOG-1", "South America, Colombia"]),
]

func ids(_ s: ListState) -> [String] { s.visible.map { s.rows[$0].id } }

@Suite struct FoldingTests {
    @Test func foldsCaseAndDiacritics() {
        #expect(TextFold.folded("Zürich") == "zurich")
        #expect(TextFold.folded("São Paulo") == "sao paulo")
        #expect(TextFold.folded("Kraków") == "krakow")
        #expect(TextFold.folded("Montréal") == "montreal")
        #expect(TextFold.folded("BOGOTÁ") == "bogota")
        #expect(TextFold.folded("Straße") == "strasse")
        #expect(TextFold.folded("ÆRØ Œuvre Łódź İstanbul") == "aero oeuvre lodz istanbul")
        #expect(TextFold.folded("Ｚｕｒｉｃｈ") == "zurich")          // fullwidth forms
        #expect(TextFold.folded("Hà Nội") == "ha noi")              // Latin Extended Additional
        #expect(TextFold.folded("Zu\u{308}rich") == "zurich")      // decomposed: the mark is dropped
        #expect(TextFold.folded("東京 Tokyo") == "東京 tokyo")       // no case: unchanged
        #expect(TextFold.folded("ΑΘΗΝΑ") == "αθηνα")               // other scripts: lowercased
    }

    @Test func agreesWithFoundationOnAccentedNames() {
        let names = ["Zürich", "São Paulo", "Kraków", "Montréal", "Bogotá", "Reykjavík", "Île-de-France", "Ålesund",
                     "Çanakkale", "Dvůr Králové", "Nový Jičín", "Señor Öçal", "Ústí nad Labem"]
        for name in names {
            #expect(TextFold.folded(name) == name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil),
                    "\(name)")
        }
    }

    @Test func characterOriginsForHighlighting() {
        let (scalars, origins) = TextFold.foldWithOrigins("Straße Zu\u{308}r")
        #expect(scalars.count == origins.count)
        #expect(FuzzyMatch.matchedCharacters("zur", in: "Zu\u{308}rich")?.characters == [0, 1, 2])
        #expect(FuzzyMatch.matchedCharacters("ss", in: "Straße")?.characters == [4])   // ß is two folded letters
        #expect(FuzzyMatch.matchedCharacters("ubu2404", in: "Ubuntu 24.04 LTS")?.characters == [0, 1, 2, 7, 8, 10, 11])
    }
}

@Suite struct RankingTests {
    @Test(arguments: [("zur", "zrh"), ("sao", "gru"), ("krakow", "krk"), ("montreal", "yul"), ("bogota", "bog"),
                      ("tokyo", "nrt"), ("nrt", "nrt"), ("NRT-1", "nrt"), ("東京", "nrt"), ("ZÜRICH", "zrh"), ("switz", "zrh")])
    func everyDataCenterIsFoundByWhatPeopleType(query: String, id: String) {
        var s = ListState(rows: placeRows)
        s.setFilter(query)
        #expect(ids(s).first == id, "\(query): \(ids(s))")
        #expect(s.selectedID == id, "the best match is highlighted")
    }

    @Test func fuzzyUbuntuFindsTheRightRelease() {
        let rows: [ListRow] = [
            .header("Linux"),
            .item("u22", ["Ubuntu 22.04 LTS", "ssh key / password"]),
            .item("deb", ["Debian 12", "ssh key / password"]),
            .item("u24", ["Ubuntu 24.04 LTS", "ssh key / password"]),
            .header("Custom"),
            .item("u24min", ["Minimal build: ubu 2 - 4 0 4", "fixed login"]),
        ]
        var s = ListState(rows: rows)
        s.setFilter("ubu2404")
        #expect(ids(s) == ["\u{1}header:Linux", "u24", "\u{1}header:Custom", "u24min"])
        #expect(s.selectedID == "u24")
    }

    @Test func exactSubstringBeatsScatteredAndWordStartsWin() {
        let rows: [ListRow] = [
            .item("start1", ["web-bridge-a"]),      // substring at the start
            .item("spread", ["w-e-b"]),             // scattered
            .item("inside", ["cobweb"]),            // substring inside a word
            .item("word", ["my-web"]),              // substring at a word start
            .item("start2", ["webhooks"]),          // substring at the start, after an equal one
        ]
        var s = ListState(rows: rows)
        s.setFilter("web")
        #expect(ids(s) == ["start1", "start2", "word", "inside", "spread"])
        #expect(FuzzyMatch.score("web", in: "cobweb")! >= FuzzyMatch.substringBase)
        #expect(FuzzyMatch.score("web", in: "w-e-b")! < FuzzyMatch.substringBase)
        #expect(FuzzyMatch.score("bew", in: "w-e-b") == nil)   // order matters
    }

    @Test func equalMatchesKeepTheirOrder() {
        let rows = (1...6).map { ListRow.item("w\($0)", ["web-\($0)", "zone \($0 % 2)"]) }
        var s = ListState(rows: rows)
        s.setFilter("web")
        #expect(ids(s) == ["w1", "w2", "w3", "w4", "w5", "w6"])
        s.setFilter("we")
        #expect(ids(s) == ["w1", "w2", "w3", "w4", "w5", "w6"])
    }

    @Test func theNameColumnWinsOverLaterColumnsAndGroupsFollowTheirBestMatch() {
        let rows: [ListRow] = [
            .header("A"),
            .item("a1", ["alpha", "tokyo region"]),
            .header("B"),
            .item("b1", ["tokyo", "x"]),
            .item("b2", ["beta", "y"]),
        ]
        var s = ListState(rows: rows)
        s.setFilter("tokyo")
        #expect(ids(s) == ["\u{1}header:B", "b1", "\u{1}header:A", "a1"])
        s.setFilter("")
        #expect(ids(s) == rows.map(\.id), "no filter: the original order")
        #expect(s.selectedID == "b1", "clearing the filter keeps the highlighted row")
    }

    @Test func slashWhileEditingStartsANewFilterAndSlashOnAnAppliedFilterEditsIt() {
        var s = ListState(rows: placeRows)
        press(&s, .character("/"))
        type(&s, "reyk")
        #expect(s.matchCount == 0)
        press(&s, .character("/"))
        type(&s, "zur")
        #expect(s.filter == "zur" && s.selectedID == "zrh")
        press(&s, .backspace, .backspace, .backspace, .backspace)   // leave the (empty) filter
        #expect(!s.isEditingFilter)
        s.setFilter("kra")
        press(&s, .character("/"))                                   // an applied filter: edit it
        type(&s, "k")
        #expect(s.filter == "krak" && s.selectedID == "krk")
        #expect(s.handle(.enter) == .chosen(placeRows[4]))
        s.clearFilter(selecting: "bog")
        #expect(s.filter.isEmpty && ids(s) == placeRows.map(\.id) && s.selectedID == "bog")
    }
}

@Suite struct HighlightTests {
    @Test func matchedCharactersAreDrawnInTheMatchRole() {
        var s = ListState(rows: placeRows)
        s.setFilter("sp")                       // São Paulo: S and P, scattered
        #expect(s.selectedID == "gru")
        var b = Buffer(size: Size(width: 50, height: 3))
        ListView(s, glyphs: .unicode).render(in: b.area, into: &b)
        #expect(b.line(1).hasPrefix("▶ São Paulo"))
        // the highlighted row keeps its selection look, matched cells add bold + underline
        #expect(b[2, 1].style == Style(.selection, [.bold, .underline]))
        #expect(b[3, 1].style == Style(.selection))
        #expect(b[6, 1].style == Style(.selection, [.bold, .underline]))
        var other = ListState(rows: placeRows)
        other.setFilter("e")                   // several rows: the others draw matches in `.match`
        var c = Buffer(size: Size(width: 60, height: 8))
        ListView(other, glyphs: .unicode).render(in: c.area, into: &c)
        let matched = c.cells.filter { $0.style.role == .match }
        #expect(!matched.isEmpty && matched.allSatisfy { TextFold.folded($0.text) == "e" }, "\(matched.map(\.text))")
        #expect(Palette.default[.match].monochrome == [.bold, .underline], "visible without colour")
    }
}
