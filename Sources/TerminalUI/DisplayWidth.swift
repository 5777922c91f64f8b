/// Terminal display width (in columns) of text, consistent with glibc `wcwidth` — which is what
/// ncurses uses to lay text out. East Asian wide/fullwidth characters take 2 columns, combining
/// marks 0, everything else 1. Control characters count 1 because `Buffer` shows them as `?`.
///
/// A grapheme (`Character`) is as wide as its first non-zero-width scalar; the terminal draws
/// that scalar plus up to 4 following zero-width ones (see `Cell`).
public enum DisplayWidth {
    /// Horizontal alignment for `fit`.
    public enum Alignment: Sendable { case left, right, center }

    /// True for C0/C1 controls and DEL.
    static func isControl(_ v: UInt32) -> Bool { v < 0x20 || (v >= 0x7F && v < 0xA0) }

    /// Width of one scalar: 0, 1 or 2.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return 1 }  // ASCII, Latin-1, Latin Extended: width 1 (controls shown as '?')
        if contains(WidthTable.zero, v) { return 0 }
        if contains(WidthTable.wide, v) { return 2 }
        return 1
    }

    /// Width of one grapheme cluster: the width of its first non-zero-width scalar (0 if none).
    public static func of(_ c: Character) -> Int {
        let scalars = c.unicodeScalars
        if scalars.count == 1, let s = scalars.first { return of(s) }
        for s in scalars { let w = of(s); if w > 0 { return w } }
        return 0
    }

    /// Width of a string: the sum of its graphemes' widths.
    public static func of<S: StringProtocol>(_ s: S) -> Int {
        var ascii = true
        var n = 0
        for b in s.utf8 { if b >= 0x80 { ascii = false; break }; n += 1 }
        if ascii { return n }
        var w = 0
        for c in s { w += of(c) }
        return w
    }

    static func contains(_ table: [ClosedRange<UInt32>], _ v: UInt32) -> Bool {
        var lo = 0, hi = table.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = table[mid]
            if v < r.lowerBound { hi = mid - 1 } else if v > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// `s` cut to at most `width` columns; when cut, the end is replaced by `ellipsis`
    /// (use `Glyphs.ellipsis` so the ASCII fallback works). A wide character never straddles the limit.
    public static func truncate(_ s: String, toWidth width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(s) <= width { return s }
        let ew = of(ellipsis)
        let budget = ew <= width ? width - ew : width
        var out = ""
        var used = 0
        for c in s {
            let w = of(c)
            if used + w > budget { break }
            out.append(c); used += w
        }
        return ew <= width ? out + ellipsis : out
    }

    /// `s` truncated (with `ellipsis`) or padded with spaces to exactly `width` columns.
    public static func fit(_ s: String, width: Int, alignment: Alignment = .left, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        let t = truncate(s, toWidth: width, ellipsis: ellipsis)
        let gap = width - of(t)
        switch alignment {
        case .left: return t + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + t
        case .center:
            let l = gap / 2
            return String(repeating: " ", count: l) + t + String(repeating: " ", count: gap - l)
        }
    }

    /// Word-wraps `s` to lines of at most `width` columns. Newlines start new lines; words longer
    /// than a line are broken between characters. Never returns an empty array.
    public static func wrap(_ s: String, width: Int) -> [String] {
        guard width > 0 else { return [""] }
        var lines: [String] = []
        for paragraph in s.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lw = 0
            for word in paragraph.split(separator: " ") {
                var word = String(word)
                var ww = of(word)
                if lw > 0 && lw + 1 + ww <= width {
                    line += " " + word; lw += 1 + ww; continue
                }
                if lw > 0 { lines.append(line); line = ""; lw = 0 }
                while ww > width {  // hard-break a long word
                    var head = "", hw = 0
                    var rest = Substring(word)
                    while let c = rest.first, hw + of(c) <= width { head.append(c); hw += of(c); rest = rest.dropFirst() }
                    if head.isEmpty, let c = rest.first { head.append(c); rest = rest.dropFirst() }  // width-2 char in width 1
                    lines.append(head)
                    word = String(rest); ww = of(word)
                }
                line = word; lw = ww
            }
            lines.append(line)
        }
        return lines
    }
}

extension StringProtocol {
    /// Terminal display width in columns (see `DisplayWidth`).
    public var displayWidth: Int { DisplayWidth.of(self) }
}

extension String {
    /// Cut to `width` columns with an ellipsis (see `DisplayWidth.truncate`).
    public func truncated(toWidth width: Int, ellipsis: String = "…") -> String {
        DisplayWidth.truncate(self, toWidth: width, ellipsis: ellipsis)
    }
    /// Truncated or space-padded to exactly `width` columns.
    public func fitted(toWidth width: Int, alignment: DisplayWidth.Alignment = .left, ellipsis: String = "…") -> String {
        DisplayWidth.fit(self, width: width, alignment: alignment, ellipsis: ellipsis)
    }
}
