/// What a frame becomes on a terminal whose locale is not UTF-8 (`LANG=C`): the screens already
/// draw with `Glyphs.ascii` there, but data from the API may hold any text ("東京 Tokyo").
/// Every cell is made ASCII here, in one place, keeping widths: Latin letters lose their
/// accents (`ō` -> `o`), box-drawing characters become `+ - |`, and anything else becomes one
/// `?` per column it covers (a wide character becomes `??`), so columns stay aligned.
public enum ASCIIFallback {
    /// The ASCII text for one cell's grapheme (one column: the caller repeats `?` for the
    /// right half of a wide character).
    public static func text(_ grapheme: String) -> String {
        guard let first = grapheme.unicodeScalars.first else { return "?" }
        if first.isASCII { return String(Character(first)) }
        let v = first.value
        if let t = latin[v] { return t }
        switch v {
        case 0x2500, 0x2501, 0x254C, 0x254D, 0x2550, 0x2574, 0x2576, 0x2578, 0x257A: return "-"
        case 0x2504, 0x2505, 0x2508, 0x2509: return "-"
        case 0x2506, 0x2507, 0x250A, 0x250B: return "|"
        case 0x2502, 0x2503, 0x254E, 0x254F, 0x2551, 0x2575, 0x2577, 0x2579, 0x257B: return "|"
        case 0x250C...0x254B, 0x2552...0x256C: return "+"
        case 0x256D...0x2570: return "+"
        case 0x2018, 0x2019, 0x201A, 0x2032: return "'"
        case 0x201C, 0x201D, 0x201E, 0x2033: return "\""
        case 0x2010...0x2015, 0x2212: return "-"
        case 0x2022, 0x00B7, 0x25CF: return "*"
        case 0x2026: return "~"
        case 0x00A0, 0x2000...0x200A, 0x202F: return " "
        case 0x25B6, 0x25B8, 0x276F: return ">"
        case 0x2713, 0x2714: return "+"
        case 0x2717, 0x2718: return "x"
        case 0x2588: return "#"
        case 0x2591, 0x2592: return "-"
        default: return "?"
        }
    }

    /// True when every cell of `buffer` is already ASCII.
    public static func isASCII(_ buffer: Buffer) -> Bool {
        buffer.cells.allSatisfy { $0.text.unicodeScalars.allSatisfy(\.isASCII) }
    }

    /// Base letters for accented Latin letters (Latin-1 Supplement and Latin Extended-A).
    static let latin: [UInt32: String] = {
        var m: [UInt32: String] = [:]
        let groups: [(String, String)] = [
            ("ÀÁÂÃÄÅĀĂĄ", "A"), ("àáâãäåāăą", "a"), ("ÇĆĈĊČ", "C"), ("çćĉċč", "c"), ("ĎĐ", "D"), ("ďđ", "d"),
            ("ÈÉÊËĒĔĖĘĚ", "E"), ("èéêëēĕėęě", "e"), ("ĜĞĠĢ", "G"), ("ĝğġģ", "g"), ("ĤĦ", "H"), ("ĥħ", "h"),
            ("ÌÍÎÏĨĪĬĮİ", "I"), ("ìíîïĩīĭįı", "i"), ("Ĵ", "J"), ("ĵ", "j"), ("Ķ", "K"), ("ķ", "k"),
            ("ĹĻĽĿŁ", "L"), ("ĺļľŀł", "l"), ("ÑŃŅŇ", "N"), ("ñńņňŉ", "n"), ("ÒÓÔÕÖØŌŎŐ", "O"), ("òóôõöøōŏő", "o"),
            ("ŔŖŘ", "R"), ("ŕŗř", "r"), ("ŚŜŞŠ", "S"), ("śŝşš", "s"), ("ŢŤŦ", "T"), ("ţťŧ", "t"),
            ("ÙÚÛÜŨŪŬŮŰŲ", "U"), ("ùúûüũūŭůűų", "u"), ("Ŵ", "W"), ("ŵ", "w"), ("ÝŶŸ", "Y"), ("ýÿŷ", "y"),
            ("ŹŻŽ", "Z"), ("źżž", "z"), ("ß", "s"), ("Æ", "A"), ("æ", "a"), ("Œ", "O"), ("œ", "o"), ("Þ", "P"), ("þ", "p"),
            ("Ð", "D"), ("ð", "d"), ("×", "x"), ("«", "<"), ("»", ">"), ("¡", "!"), ("¿", "?"),
        ]
        for (chars, base) in groups { for s in chars.unicodeScalars { m[s.value] = base } }
        return m
    }()
}

extension Buffer {
    /// This frame with every cell ASCII (see `ASCIIFallback`): same size, same styles, no wide
    /// characters left, so a terminal in the C locale draws exactly these columns.
    public func asciiOnly() -> Buffer {
        if ASCIIFallback.isASCII(self) { return self }
        var out = Buffer(size: size)
        for (i, c) in cells.enumerated() {
            let ascii = c.isContinuation ? "?" : (c.text.unicodeScalars.allSatisfy(\.isASCII) ? c.text : ASCIIFallback.text(c.text))
            out.put(ascii, at: Point(x: i % size.width, y: i / size.width), style: c.style)
        }
        return out
    }
}

extension String {
    /// This text with every character made ASCII as `ASCIIFallback` does for cells: accents
    /// dropped, other non-ASCII characters replaced by one `?` per column. For line output
    /// (accessible mode) on a terminal whose locale is not UTF-8.
    public var asciiFallback: String {
        var out = ""
        for ch in self {
            if ch.isASCII { out.append(ch); continue }
            let w = max(1, DisplayWidth.of(String(ch)))
            let t = ASCIIFallback.text(String(ch))
            out += t == "?" ? String(repeating: "?", count: w) : t
        }
        return out
    }
}
