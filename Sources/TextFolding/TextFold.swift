/// Text folded for matching what people type: case- and diacritic-insensitive (`Zürich` is
/// found by `zur`, `São` by `sao`, `STRASSE` by `straße`). Used by the lists' filters (TerminalUI)
/// and by the command line's name lookup (GPCNCore), so both find the same things.
///
/// No Foundation: folding works on Unicode scalars with the standard library's Unicode
/// properties. Latin letters with diacritics (Latin-1, Extended-A/B, Extended Additional and
/// the fullwidth forms) fold to their base letters by their Unicode names ("LATIN SMALL LETTER U
/// WITH DIAERESIS" -> `u`), ligatures and `ß` to two letters (`ae`, `oe`, `ss`), combining marks
/// (decomposed text: `u` + U+0308) are dropped, every other scalar is lowercased by its
/// `lowercaseMapping`. Scripts without case (`東京`) match as they are.
public enum TextFold {
    /// `text` folded to lower-case scalars without diacritics.
    public static func fold(_ text: String) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(text.utf8.count)
        for s in text.unicodeScalars { appendFolded(s, to: &out) }
        return out
    }

    /// `text` folded, as a `String` (for tests and messages).
    public static func folded(_ text: String) -> String {
        var s = ""
        for v in fold(text) { if let u = Unicode.Scalar(v) { s.unicodeScalars.append(u) } }
        return s
    }

    /// The folded scalars of `text` and, for each of them, the index of the `Character` of
    /// `text` it comes from (to highlight matched characters).
    public static func foldWithOrigins(_ text: String) -> (scalars: [UInt32], origins: [Int]) {
        var out: [UInt32] = [], origins: [Int] = []
        for (i, ch) in text.enumerated() {
            let before = out.count
            for s in ch.unicodeScalars { appendFolded(s, to: &out) }
            for _ in before..<out.count { origins.append(i) }
        }
        return (out, origins)
    }

    @inline(__always)
    public static func appendFolded(_ s: Unicode.Scalar, to out: inout [UInt32]) {
        let v = s.value
        if v < 0x80 {
            if v == 0 { return }  // 0 separates columns in `ListState`'s haystacks
            out.append(v >= 65 && v <= 90 ? v + 32 : v)
            return
        }
        if let t = latin[v] { out.append(contentsOf: t); return }
        let p = s.properties
        switch p.generalCategory {
        case .nonspacingMark, .enclosingMark: return  // diacritics of decomposed text
        default: break
        }
        for l in p.lowercaseMapping.unicodeScalars {
            if let t = latin[l.value] { out.append(contentsOf: t); continue }
            switch l.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: continue
            default: out.append(l.value)
            }
        }
    }

    /// Non-ASCII Latin letters -> their folded ASCII letters, derived from the Unicode names.
    static let latin: [UInt32: [UInt32]] = {
        var m: [UInt32: [UInt32]] = [:]
        let ranges: [ClosedRange<UInt32>] = [0x00C0...0x024F, 0x1E00...0x1EFF, 0xFF21...0xFF5A]
        for r in ranges {
            for v in r {
                guard let s = Unicode.Scalar(v), let name = s.properties.name, let base = latinBase(name) else { continue }
                m[v] = base.unicodeScalars.map(\.value)
            }
        }
        return m
    }()

    /// "LATIN CAPITAL LETTER A WITH GRAVE" -> "a"; nil when the name is not a Latin letter with
    /// a plain base letter.
    static func latinBase(_ name: String) -> String? {
        var n = Substring(name)
        if n.hasPrefix("FULLWIDTH ") { n = n.dropFirst("FULLWIDTH ".count) }
        guard n.hasPrefix("LATIN ") else { return nil }
        n = n.dropFirst("LATIN ".count)
        var found = false
        for p in ["CAPITAL LETTER ", "SMALL LETTER ", "CAPITAL LIGATURE ", "SMALL LIGATURE "] where n.hasPrefix(p) {
            n = n.dropFirst(p.count); found = true; break
        }
        guard found else { return nil }
        if let r = n.firstRange(of: " WITH ") { n = n[..<r.lowerBound] }
        switch n {
        case "SHARP S": return "ss"
        case "DOTLESS I": return "i"
        case "DOTLESS J": return "j"
        case "AE", "OE", "IJ": return n.lowercased()
        default:
            guard n.count == 1, let c = n.unicodeScalars.first, c.value >= 65 && c.value <= 90 else { return nil }
            return n.lowercased()
        }
    }
}
