import Testing
@testable import TerminalUI

/// `ListState.replaceItems` (a dashboard's poll answer changes a few rows of thousands) leaves
/// the list exactly as `setRows` with all the rows would: filter, ranking, highlight, scroll
/// position, column widths, folded haystacks.
@Suite struct ListReplaceTests {
    /// A small deterministic generator (xorshift), so the test needs nothing else.
    struct Rng {
        var s: UInt64
        mutating func next(_ n: Int) -> Int {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17
            return Int(s % UInt64(n))
        }
    }

    static let words = ["web", "db", "Zürich", "東京", "running", "OK", "FAIL", "a-much-longer-column-text", "", "9"]

    static func row(_ id: Int, _ rng: inout Rng) -> ListRow {
        .item("id-\(id)", (0..<3).map { _ in words[rng.next(words.count)] + (rng.next(2) == 0 ? "-\(id)" : "") })
    }

    @Test func replacingItemsEqualsSettingAllRows() {
        var rng = Rng(s: 0x9E37_79B9)
        for _ in 0..<200 {
            let n = 1 + rng.next(60)
            var rows = (0..<n).map { Self.row($0, &rng) }
            var list = ListState(rows: rows, viewportHeight: 1 + rng.next(12))
            for _ in 0..<rng.next(8) { _ = list.handle([Key.down, .up, .pageDown, .end][rng.next(4)]) }
            if rng.next(3) == 0 { list.setFilter(["w", "e", "ok", "9", "zu", "東"][rng.next(6)]) }
            var changes: [(index: Int, row: ListRow)] = []
            for _ in 0..<rng.next(6) {
                let i = rng.next(n)
                let r = Self.row(i, &rng)
                rows[i] = r
                changes.append((i, r))
            }
            var expected = list
            expected.setRows(rows)
            let replaced = list.replaceItems(changes)
            #expect(replaced)
            #expect(list == expected)
        }
    }

    @Test func anotherIdOrAHeaderIsRefusedAndChangesNothing() {
        var list = ListState(rows: [.header("G"), .item("a", ["A"]), .item("b", ["B"])])
        let before = list
        let otherId = list.replaceItems([(1, .item("z", ["Z"]))])
        let header = list.replaceItems([(0, .item("a", ["A"]))])
        let disabled = list.replaceItems([(2, .item("b", ["B"], disabled: "no"))])
        #expect(!otherId && !header && !disabled)
        #expect(list == before)
    }
}
