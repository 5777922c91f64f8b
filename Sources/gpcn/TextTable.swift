import TerminalUI

/// A plain text table for command output: columns padded by display width, so names such
/// as "東京 Tokyo" line up. No colour, no escape sequences (output may be a pipe).
struct TextTable {
    var headers: [String]
    var rows: [[String]]

    func render() -> String {
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
}
