import TextFolding

/// Finds a catalog entry from what an operator typed: an id, or a name (or code) matched case-
/// and diacritic-insensitively (`zurich` is Zürich, folded by `TextFold` as the lists' filters
/// fold); a unique prefix or substring also counts when nothing matches exactly.
public enum NameResolution<Item> {
    case found(Item)
    case ambiguous([Item])
    case notFound(suggestions: [Item])

    public static func resolve(_ query: String, in items: [Item], id: (Item) -> String,
                               names: (Item) -> [String]) -> NameResolution<Item> {
        let q = query.trimmingWhitespace()
        if let exact = items.first(where: { id($0) == q }) { return .found(exact) }
        let lower = TextFold.folded(q)
        let byName = items.filter { names($0).contains { TextFold.folded($0) == lower } }
        if byName.count == 1 { return .found(byName[0]) }
        if byName.count > 1 { return .ambiguous(byName) }
        let partial = items.filter { names($0).contains { TextFold.folded($0).contains(lower) } }
        if partial.count == 1, !lower.isEmpty { return .found(partial[0]) }
        if partial.count > 1, !lower.isEmpty { return .ambiguous(partial) }
        // Close matches by edit distance, for "did you mean": against the whole name, or against
        // one word of it ("tokio" -> "東京 Tokyo"), each with its own tolerance.
        let scored = items.map { item in
            (item, names(item).map { closeness(lower, to: TextFold.folded($0)) }.min() ?? Int.max)
        }
        let close = scored.filter { $0.1 != Int.max }.sorted { $0.1 < $1.1 }.map(\.0)
        return .notFound(suggestions: Array(close.prefix(5)))
    }

    /// The edit distance from `query` to `name` or to one of its words, or `Int.max` when neither
    /// is close enough to suggest. A word must be at least 3 letters and differ by at most a
    /// quarter of the query (at least 1), so short words do not match everything.
    static func closeness(_ query: String, to name: String) -> Int {
        var best = Int.max
        let whole = editDistance(name, query)
        if whole <= max(2, query.count / 3) { best = whole }
        let words = name.split { $0 == " " || $0 == "-" || $0 == "_" || $0 == "/" || $0 == "." }
        if words.count > 1, query.count >= 3 {
            for word in words where word.count >= 3 {
                let d = editDistance(String(word), query)
                if d <= max(1, query.count / 4) { best = min(best, d) }
            }
        }
        return best
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
