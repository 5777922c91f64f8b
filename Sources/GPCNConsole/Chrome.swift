import TerminalUI

/// The frame every screen shares: a title bar, a body, a status line and the key footer.
struct Chrome {
    /// Rows above the body: title bar, step strip, answers line, notice line.
    static let headerRows = 4
    /// Rows below the body: status line and footer.
    static let footerRows = 2

    static func bodyRect(_ size: Size) -> Rect {
        Rect(x: 0, y: headerRows, width: size.width, height: max(0, size.height - headerRows - footerRows))
    }

    /// The title bar: product and screen on the left, endpoint on the right.
    static func titleBar(_ left: String, right: String, into buffer: inout Buffer) {
        let width = buffer.size.width
        buffer.fill(Rect(x: 0, y: 0, width: width, height: 1), style: Style(.title, .reverse))
        let rightText = DisplayWidth.truncate(right, toWidth: max(0, width / 2 - 2))
        let rightWidth = DisplayWidth.of(rightText)
        buffer.put(" " + left, at: Point(x: 0, y: 0), style: Style(.title, [.reverse, .bold]),
                   maxWidth: max(0, width - rightWidth - 2))
        buffer.put(rightText, at: Point(x: max(0, width - rightWidth - 1), y: 0), style: Style(.title, .reverse))
    }

    static func footer(_ bindings: [KeyBinding], into buffer: inout Buffer) {
        let y = buffer.size.height - 1
        buffer.render(Footer(bindings), in: Rect(x: 1, y: y, width: max(0, buffer.size.width - 2), height: 1))
    }

    static func status(_ spans: [Span], into buffer: inout Buffer) {
        let y = buffer.size.height - 2
        buffer.put(spans, at: Point(x: 1, y: y), maxWidth: max(0, buffer.size.width - 2))
    }
}
