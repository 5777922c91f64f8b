import TerminalUI

/// A plain text table for command output: columns padded by display width, so names such
/// as "東京 Tokyo" line up. No colour, no escape sequences (output may be a pipe).
struct TextTable {
    var headers: [String]
    var rows: [[String]]

    func render() -> String {
        let rows = self.rows.map { $0.map(TextTable.printable) }
        let columns = headers.count
        var widths = headers.map { DisplayWidth.of($0) }
        for row in rows {
            for (i, cell) in row.prefix(columns).enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        func line(_ cells: [String]) -> String {
            var out = ""
            for i in 0..<columns {
                let cell = i < cells.count ? cells[i] : ""
                if i == columns - 1 { out += cell } else {
                    out += cell + String(repeating: " ", count: widths[i] - DisplayWidth.of(cell) + 2)
                }
            }
            while out.last == " " { out.removeLast() }
            return out
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    /// Text from the API with control characters (ESC, OSC, CR, DEL, C1) replaced: a VM name or
    /// error message must never retitle the window or write the clipboard of the operator's terminal.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { s in
            (s.value < 0x20 || (0x7F...0x9F).contains(s.value)) ? "?" : s
        }))
    }
}
