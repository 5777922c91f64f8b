import TextFolding

/// Text matching for list filters, as fzf and k9s do it: case- and diacritic-insensitive
/// (`Zürich` is found by `zur`, `São` by `sao`, `STRASSE` by `straße`), fuzzy (the typed
/// characters in order, not necessarily adjacent: `ubu2404` finds `Ubuntu 24.04`) and ranked
/// (an exact substring beats scattered characters; a match at the start of the text or of a
/// word beats one inside a word).
///
/// Folding is `TextFold`'s (the same folding the command line's name lookup uses).
public enum FuzzyMatch {
    // MARK: Matching

    /// Scores: an exact substring is at least `substringBase`, scattered characters less.
    public static let substringBase = 10_000
    static let scatteredBase = 5_000

    /// How well `needle` (folded, not empty) matches `hay[lo..<hi]` (folded), nil when it does
    /// not: all needle characters must appear in order. Higher is better.
    @inline(__always)
    static func score(_ h: UnsafeBufferPointer<UInt32>, _ lo: Int, _ hi: Int, _ n: UnsafeBufferPointer<UInt32>) -> Int? {
        locate(h, lo, hi, n, positions: nil)
    }

    /// `score`, also writing the matched positions into `positions` when given.
    static func locate(_ h: UnsafeBufferPointer<UInt32>, _ lo: Int, _ hi: Int, _ n: UnsafeBufferPointer<UInt32>,
                       positions: UnsafeMutablePointer<[Int]>?) -> Int? {
        let m = n.count
        guard m > 0, hi - lo >= m else { return nil }
        // Greedy subsequence: fails fast for most rows.
        let n0 = n[0]
        var i = lo, j = 0, first = -1
        while i < hi {
            if h[i] == n[j] {
                if j == 0 { first = i }
                j += 1
                if j == m { break }
            }
            i += 1
        }
        guard j == m else { return nil }
        let end = i  // the last needle character, greedily
        // Exact substring: the first occurrence at a word start, else the first one.
        var best = -1, bestBonus = -1
        var s = first
        while s <= hi - m {
            if h[s] == n0 {
                var k = 1
                while k < m && h[s + k] == n[k] { k += 1 }
                if k == m {
                    let bonus = s == lo ? 2 : (isWordStart(h, s, lo) ? 1 : 0)
                    if bonus > bestBonus { best = s; bestBonus = bonus }
                    if bonus >= 1 { break }
                }
            }
            s += 1
        }
        if best >= 0 {
            if let positions { positions.pointee = Array(best..<(best + m)) }
            return substringBase + 100 - min(best - lo, 100) + 300 * bestBonus + (hi - lo == m ? 200 : 0)
        }
        // Scattered: the shortest window ending at `end`, found backwards, then scored forwards.
        var b = end, k = m - 1
        while true {
            if h[b] == n[k] {
                if k == 0 { break }
                k -= 1
            }
            b -= 1
        }
        var score = scatteredBase + (b == lo ? 200 : 0) - min(3 * (end - b + 1 - m), 2_000) - min(b - lo, 100)
        var p = b, q = 0, previous = -2
        var found: [Int] = []
        while q < m {
            if h[p] == n[q] {
                if isWordStart(h, p, lo) { score += 30 }
                if p == previous + 1 { score += 20 }
                if positions != nil { found.append(p) }
                previous = p
                q += 1
            }
            p += 1
        }
        if let positions { positions.pointee = found }
        return min(score, substringBase - 1)
    }

    @inline(__always)
    static func isWordStart(_ h: UnsafeBufferPointer<UInt32>, _ i: Int, _ lo: Int) -> Bool {
        if i == lo { return true }
        let p = h[i - 1]
        if p >= 0x80 { return false }
        return !((p >= 97 && p <= 122) || (p >= 48 && p <= 57))
    }

    /// The score of `needle` against `text` (both unfolded), nil when it does not match.
    public static func score(_ needle: String, in text: String) -> Int? {
        let h = TextFold.fold(text), n = TextFold.fold(needle)
        guard !n.isEmpty else { return 0 }
        return h.withUnsafeBufferPointer { hb in n.withUnsafeBufferPointer { nb in score(hb, 0, hb.count, nb) } }
    }

    /// The indices of the `Character`s of `text` that `needle` matches (for highlighting), with
    /// the score; nil when it does not match.
    public static func matchedCharacters(_ needle: String, in text: String) -> (score: Int, characters: [Int])? {
        let n = TextFold.fold(needle)
        guard !n.isEmpty else { return nil }
        return matchedCharacters(folded: n, in: text)
    }

    static func matchedCharacters(folded n: [UInt32], in text: String) -> (score: Int, characters: [Int])? {
        let (h, origins) = TextFold.foldWithOrigins(text)
        var positions: [Int] = []
        let score = h.withUnsafeBufferPointer { hb in
            n.withUnsafeBufferPointer { nb in locate(hb, 0, hb.count, nb, positions: &positions) }
        }
        guard let score else { return nil }
        var chars: [Int] = []
        for p in positions where chars.last != origins[p] { chars.append(origins[p]) }
        return (score, chars)
    }
}
