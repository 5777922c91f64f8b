import Testing
@testable import TerminalUI

let imageRows: [ListRow] = [
    .header("Linux"),
    .item("ubuntu", ["Ubuntu 24.04", "x86_64", "2 GB"]),
    .item("debian", ["Debian 12", "x86_64", "1 GB"]),
    .item("alma", ["AlmaLinux 9", "x86_64", "2 GB"], disabled: "not in this data center"),
    .header("Windows"),
    .item("win22", ["Windows Server 2022", "x86_64", "32 GB"]),
    .header("Custom"),
    .item("tokyo", ["東京 build", "arm64", "4 GB"]),
]

func render(_ w: some Widget, _ width: Int, _ height: Int) -> [String] {
    var b = Buffer(size: Size(width: width, height: height))
    w.render(in: b.area, into: &b)
    return b.lines()
}

func press(_ s: inout ListState, _ keys: Key...) { for k in keys { _ = s.handle(k) } }
func type(_ s: inout ListState, _ text: String) { for c in text { _ = s.handle(.character(c)) } }

@Suite struct ListRenderTests {
    @Test func groupsColumnsDisabledRowAndHighlight() {
        let s = ListState(rows: imageRows)
        #expect(s.selectedID == "ubuntu")
        #expect(s.columnWidths == [19, 6, 5])
        #expect(render(ListView(s, glyphs: .unicode), 64, 9) == [
            "Linux",
            "▶ Ubuntu 24.04         x86_64  2 GB",
            "  Debian 12            x86_64  1 GB",
            "  AlmaLinux 9          x86_64  2 GB   (not in this data center)",
            "Windows",
            "  Windows Server 2022  x86_64  32 GB",
            "Custom",
            "  東京 build           arm64   4 GB",
            "",
        ])
    }

    @Test func rolesCarryStateBesidesText() {
        let s = ListState(rows: imageRows)
        var b = Buffer(size: Size(width: 40, height: 8))
        ListView(s, glyphs: .unicode).render(in: b.area, into: &b)
        #expect(b[0, 0].style.role == .header)
        #expect(b[0, 1].style.role == .selection)
        #expect(b[39, 1].style.role == .selection)   // the whole highlighted line
        #expect(b[2, 2].style.role == .text)
        #expect(b[2, 3].style.role == .disabled)
        var unfocused = Buffer(size: Size(width: 40, height: 8))
        ListView(s, glyphs: .ascii, isFocused: false).render(in: unfocused.area, into: &unfocused)
        #expect(unfocused.line(1).hasPrefix("> Ubuntu"))
        #expect(unfocused[0, 1].style.role == .text)
    }

    @Test func columnsAreDroppedFromTheRightWhenNarrow() {
        let s = ListState(rows: imageRows)
        // 2 pointer + 19 + 2 + 6 = 29: the size column no longer fits in 32
        #expect(render(ListView(s, glyphs: .unicode), 32, 3) == [
            "Linux",
            "▶ Ubuntu 24.04         x86_64",
            "  Debian 12            x86_64",
        ])
        // only the first column, truncated with the ellipsis
        #expect(render(ListView(s, glyphs: .ascii), 12, 6)[5] == "  Windows S~")
        #expect(ListView.columnLayout(widths: [19, 6, 5], available: 20, gap: 2) == [19])
        #expect(ListView.columnLayout(widths: [19, 6, 5], available: 10, gap: 2) == [10])
        #expect(ListView.columnLayout(widths: [3, 6, 5], available: 18, gap: 2) == [3, 6, 5])
    }

    @Test func scrollingKeepsTheSelectionAndItsHeaderVisible() {
        var s = ListState(rows: imageRows, viewportHeight: 3)
        press(&s, .down, .down)   // debian, then win22 (alma disabled, header skipped)
        #expect(s.selectedID == "win22")
        #expect(render(ListView(s, glyphs: .unicode), 40, 3) == [
            "  AlmaLinux 9          x86_64  2 GB   (…",
            "Windows",
            "▶ Windows Server 2022  x86_64  32 GB",
        ])
        press(&s, .end)
        #expect(s.selectedID == "tokyo")
        #expect(render(ListView(s, glyphs: .unicode), 40, 3) == [
            "  Windows Server 2022  x86_64  32 GB",
            "Custom",
            "▶ 東京 build           arm64   4 GB",
        ])
        press(&s, .home)
        #expect(s.selectedID == "ubuntu")
        #expect(render(ListView(s, glyphs: .unicode), 40, 3)[0] == "Linux")
    }

    @Test func filterLineMatchesAndEmptyStates() {
        var s = ListState(rows: imageRows)
        press(&s, .character("/"))
        type(&s, "WIN")
        #expect(s.filter == "WIN")
        #expect(render(ListView(s, glyphs: .unicode), 40, 4) == [
            "/WIN                             1 match",
            "Windows",
            "▶ Windows Server 2022  x86_64  32 GB",
            "",
        ])
        type(&s, "x")
        #expect(render(ListView(s, glyphs: .unicode), 40, 3) == [
            "/WINx                          0 matches",
            "  no match for \"WINx\"",
            "",
        ])
        #expect(render(ListView(ListState(rows: []), glyphs: .unicode, emptyMessage: "no images in this data center"), 40, 2)
                == ["  no images in this data center", ""])
        // headers only: still "no items"
        #expect(render(ListView(ListState(rows: [.header("Linux")]), glyphs: .unicode, emptyMessage: "none"), 20, 1) == ["Linux"])
    }
}

@Suite struct ListKeyTests {
    @Test func cursorSkipsHeadersAndDisabledRows() {
        var s = ListState(rows: imageRows)
        press(&s, .down)
        #expect(s.selectedID == "debian")
        press(&s, .character("j"))
        #expect(s.selectedID == "win22")
        press(&s, .character("k"))
        #expect(s.selectedID == "debian")
        press(&s, .up, .up, .up)
        #expect(s.selectedID == "ubuntu")
        press(&s, .end, .down, .down)
        #expect(s.selectedID == "tokyo")
        #expect(s.select(id: "alma") == false)
        let found = s.select(id: "win22")
        #expect(found)
        #expect(s.selectedID == "win22")
    }

    @Test func pageKeysMoveByTheViewport() {
        let rows = (0..<30).map { ListRow.item("r\($0)", ["row \($0)"], disabled: $0 == 10 ? "busy" : nil) }
        var s = ListState(rows: rows, viewportHeight: 10)
        press(&s, .pageDown)
        #expect(s.selectedID == "r11")          // r10 is disabled: the next one
        press(&s, .pageDown, .pageDown)
        #expect(s.selectedID == "r29")          // clamped at the end
        press(&s, .pageUp)
        #expect(s.selectedID == "r19")
        #expect(s.offset(forHeight: 10) == 19)  // stays where it was, selection at the top
        press(&s, .pageUp)
        #expect(s.selectedID == "r9")           // r9 selectable, r10 skipped only when landed on
    }

    @Test func enterChoosesEscapeIsLeftToTheScreen() {
        var s = ListState(rows: imageRows)
        #expect(s.handle(.enter) == .chosen(imageRows[1]))
        #expect(s.handle(.escape) == .ignored)
        #expect(s.handle(.tab) == .ignored)
        #expect(s.handle(.character("q")) == .ignored)
        var empty = ListState(rows: [])
        #expect(empty.handle(.enter) == .handled)
        #expect(empty.handle(.down) == .handled)
        #expect(empty.selectedRow == nil)
    }

    @Test func filterEditingKeys() {
        var s = ListState(rows: imageRows)
        #expect(s.handle(.character("/")) == .handled)
        #expect(s.isEditingFilter)
        type(&s, "jk")                           // letters type into the filter, not move
        #expect(s.filter == "jk" && s.selectedRow == nil)
        press(&s, .backspace, .backspace)
        #expect(s.filter == "" && s.isEditingFilter)
        press(&s, .backspace)                    // Backspace on an empty filter leaves the filter
        #expect(!s.isEditingFilter)
        press(&s, .character("/"))
        type(&s, "x86")
        #expect(s.matchCount == 4)
        #expect(s.selectedID == "ubuntu")
        press(&s, .down, .down)                  // arrows still move while filtering
        #expect(s.selectedID == "win22")
        #expect(s.handle(.enter) == .chosen(imageRows[5]))
        #expect(s.handle(.escape) == .handled)   // Esc clears the filter...
        #expect(s.filter == "" && !s.isEditingFilter)
        #expect(s.selectedID == "win22")         // ...and the selection stays
        #expect(s.handle(.escape) == .ignored)   // ...and a second Esc is the screen's
    }

    @Test func filterIsCaseInsensitiveOverColumnsButNotAcrossThem() {
        var s = ListState(rows: imageRows)
        s.setFilter("東京")
        #expect(s.selectedID == "tokyo")
        s.setFilter("ARM64")
        #expect(s.matchCount == 1)
        s.setFilter("2022x86")                   // would only match across two columns
        #expect(s.matchCount == 0)
        s.setFilter("alma")                      // disabled rows match but are not selectable
        #expect(s.matchCount == 1 && s.selectedRow == nil)
        #expect(s.visible.map { s.rows[$0].id } == ["\u{1}header:Linux", "alma"])
    }

    @Test func pasteTypesIntoTheFilterOrActsAsKeys() {
        var s = ListState(rows: imageRows)
        #expect(s.handle(.paste("jj")) == .handled)
        #expect(s.selectedID == "win22")
        press(&s, .character("/"), .paste("Debian"))
        #expect(s.filter == "Debian" && s.selectedID == "debian")
    }

    @Test func setRowsKeepsSelectionAndFilter() {
        var s = ListState(rows: imageRows)
        press(&s, .down)
        s.setRows(imageRows.reversed())
        #expect(s.selectedID == "debian")
        s.setFilter("ubuntu")
        s.setRows(imageRows)
        #expect(s.filter == "ubuntu" && s.selectedID == "ubuntu")
    }

    @Test func filteringTenThousandRows() {
        var rows: [ListRow] = []
        for i in 0..<10_000 {
            if i % 1000 == 0 { rows.append(.header("Group \(i / 1000)")) }
            let name = "vm-" + String(repeating: "0", count: 5 - String(i).count) + String(i)
            rows.append(.item(name, [name, i % 500 == 0 ? "ZÜRICH" : "zone-\(i % 7)", "\(i % 64) GB"]))
        }
        var s = ListState(rows: rows, viewportHeight: 20)
        #expect(s.matchCount == 10_000)
        press(&s, .character("/"))
        type(&s, "vm-0999")
        // fuzzy: 10 exact substrings, then 27 scattered ("vm-09099"); the group of the best match first
        #expect(s.matchCount == 37)
        #expect(Array(s.visible.map { s.rows[$0].id }.prefix(11)) == ["\u{1}header:Group 9"] + (9990...9999).map { "vm-0\($0)" })
        #expect(s.selectedID == "vm-09990")
        type(&s, "9")                            // narrows the previous matches
        #expect(s.matchCount == 1 && s.selectedID == "vm-09999")
        press(&s, .backspace, .backspace, .backspace)   // "vm-09": widens again
        #expect(s.matchCount == 3439)            // every name with a 9 after "vm-0" (10000 - 9^4)
        #expect(s.selectedID == "vm-09000")      // a changed filter highlights the best match
        press(&s, .escape)
        s.setFilter("zürich")                    // non-ASCII, case-insensitive
        #expect(s.matchCount == 20)
        #expect(s.visible.count == 30)           // 20 items + 10 group headers
        s.setFilter("")
        #expect(s.visible.count == 10_010)
        press(&s, .end)
        #expect(s.selectedID == "vm-09999")
        #expect(s.offset(forHeight: 20) == 10_010 - 20)
    }
}
