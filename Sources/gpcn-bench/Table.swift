/// One figure of the table: repeated samples (median, min, max), an aim, and optionally a
/// reference measured in the same run, reported as the ratio figure / reference.
struct Row {
    enum Aim {
        case none
        /// The median must be at most this.
        case atMost(Double, String)
        /// The median must be at least this.
        case atLeast(Double, String)
        /// The ratio to the reference must be at most this.
        case ratioAtMost(Double, String)
        /// The median must equal this (counts).
        case equals(Double, String)
    }

    var name: String
    var unit: String
    var samples: [Double]
    var decimals = 2
    var aim: Aim = .none
    var reference: (name: String, samples: [Double])?
    /// Why the row has no samples, or anything a reader should know.
    var note = ""

    var median: Double? { Self.median(samples) }
    var referenceMedian: Double? { reference.flatMap { Self.median($0.samples) } }
    var ratio: Double? {
        guard let m = median, let r = referenceMedian, r != 0 else { return nil }
        return m / r
    }

    static func median(_ xs: [Double]) -> Double? {
        let s = xs.filter(\.isFinite).sorted()
        guard !s.isEmpty else { return nil }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// nil when there is no aim or nothing to judge.
    var meetsAim: Bool? {
        guard let m = median else { return nil }
        switch aim {
        case .none: return nil
        case .atMost(let v, _): return m <= v
        case .atLeast(let v, _): return m >= v
        case .equals(let v, _): return m == v
        case .ratioAtMost(let v, _): return ratio.map { $0 <= v }
        }
    }

    var aimText: String {
        switch aim {
        case .none: return "report"
        case .atMost(_, let t), .atLeast(_, let t), .ratioAtMost(_, let t), .equals(_, let t): return t
        }
    }

    func fmt(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "n/a" }
        return Self.fixed(v, decimals)
    }

    static func fixed(_ v: Double, _ decimals: Int) -> String {
        var p = 1.0
        for _ in 0..<decimals { p *= 10 }
        let scaled = Int((abs(v) * p).rounded())
        let whole = scaled / Int(p), frac = scaled % Int(p)
        var s = (v < 0 ? "-" : "") + String(whole)
        if decimals > 0 { s += "." + String(frac).leftPadding(decimals, "0") }
        return s
    }

    /// The whole table, with a header and the notes under it.
    static func table(_ rows: [Row], title: String) -> String {
        let headers = ["figure", "median", "min", "max", "unit", "n", "reference (median)", "ratio", "aim", ""]
        var lines: [[String]] = []
        for r in rows {
            let s = r.samples.filter(\.isFinite).sorted()
            let ref = r.reference.map { "\($0.name): \(r.fmt(r.referenceMedian))" } ?? ""
            let ratio = r.ratio.map { "x" + fixed($0, $0 < 0.1 ? 3 : 2) } ?? ""
            let verdict = r.samples.isEmpty ? "MISSING" : (r.meetsAim.map { $0 ? "ok" : "MISSES" } ?? "")
            lines.append([r.name, r.fmt(r.median), r.fmt(s.first), r.fmt(s.last), r.unit, String(s.count),
                          ref, ratio, r.aimText, verdict])
        }
        var widths = headers.map(\.count)
        for l in lines { for (i, c) in l.enumerated() { widths[i] = max(widths[i], c.count) } }
        let right: Set<Int> = [1, 2, 3, 5, 7]
        func render(_ l: [String]) -> String {
            var out = ""
            for (i, c) in l.enumerated() {
                if i > 0 { out += "  " }
                out += right.contains(i) ? c.leftPadding(widths[i]) : c.padding(widths[i])
            }
            while out.last == " " { out.removeLast() }
            return out
        }
        var out = title + "\n\n" + render(headers) + "\n" + render(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for l in lines { out += render(l) + "\n" }
        let notes = rows.filter { !$0.note.isEmpty }
        if !notes.isEmpty {
            out += "\n"
            for r in notes { out += "- \(r.name): \(r.note)\n" }
        }
        return out
    }
}

extension String {
    func leftPadding(_ n: Int, _ c: Character = " ") -> String {
        count >= n ? self : String(repeating: c, count: n - count) + self
    }
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
