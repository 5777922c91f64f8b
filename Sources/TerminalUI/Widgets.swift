/// Anything that draws itself into a rectangle of a buffer. Widgets are values built fresh for
/// every frame from the screen's state; they never keep state of their own.
public protocol Widget {
    func render(in area: Rect, into buffer: inout Buffer)
}

extension Buffer {
    /// Renders `widget` into `area`.
    public mutating func render(_ widget: some Widget, in area: Rect) { widget.render(in: area, into: &self) }
}

/// A border with an optional title: `┌─ Title ───┐`. Does not clear the inside.
public struct Box: Widget {
    public var title: String?
    public var glyphs: Glyphs
    public var style: Style
    public var titleStyle: Style

    public init(title: String? = nil, glyphs: Glyphs, style: Style = Style(.border), titleStyle: Style = Style(.title)) {
        self.title = title; self.glyphs = glyphs; self.style = style; self.titleStyle = titleStyle
    }

    /// The area inside a border drawn around `area`.
    public static func inner(_ area: Rect) -> Rect { area.inset(by: 1) }

    public func render(in area: Rect, into buffer: inout Buffer) {
        guard area.width >= 2, area.height >= 2 else { return }
        let g = glyphs
        let mid = String(repeating: g.horizontal, count: area.width - 2)
        buffer.put(g.topLeft + mid + g.topRight, at: area.origin, style: style)
        buffer.put(g.bottomLeft + mid + g.bottomRight, at: Point(x: area.x, y: area.maxY - 1), style: style)
        for y in (area.y + 1)..<(area.maxY - 1) {
            buffer.put(g.vertical, at: Point(x: area.x, y: y), style: style)
            buffer.put(g.vertical, at: Point(x: area.maxX - 1, y: y), style: style)
        }
        if let title, !title.isEmpty, area.width >= 6 {
            let t = " " + title.truncated(toWidth: area.width - 6, ellipsis: g.ellipsis) + " "
            buffer.put(t, at: Point(x: area.x + 2, y: area.y), style: titleStyle)
        }
    }
}

/// Lines of styled text, clipped to the area (no wrapping; see `Paragraph.wrapped`).
public struct Paragraph: Widget {
    public var lines: [[Span]]
    public init(lines: [[Span]]) { self.lines = lines }
    public init(_ lines: [String], style: Style = .plain) { self.lines = lines.map { [Span($0, style)] } }

    /// `text` word-wrapped to `width` columns.
    public static func wrapped(_ text: String, width: Int, style: Style = .plain) -> Paragraph {
        Paragraph(DisplayWidth.wrap(text, width: width), style: style)
    }

    public func render(in area: Rect, into buffer: inout Buffer) {
        for (i, line) in lines.prefix(area.height).enumerated() {
            buffer.put(line, at: Point(x: area.x, y: area.y + i), maxWidth: area.width)
        }
    }
}

/// A checkbox line: `▶ [✓] Public IP`. The pointer shows focus as text; a disabled box is dimmed
/// and followed by its reason. Space toggles (`Checkbox.toggles(_:)`); the screen owns the Bool.
public struct Checkbox: Widget {
    public var label: String
    public var isOn: Bool
    public var isFocused: Bool
    public var disabledReason: String?
    public var glyphs: Glyphs

    public init(_ label: String, isOn: Bool, isFocused: Bool = false, disabledReason: String? = nil, glyphs: Glyphs) {
        self.label = label; self.isOn = isOn; self.isFocused = isFocused
        self.disabledReason = disabledReason; self.glyphs = glyphs
    }

    /// True for the key that toggles a checkbox (Space).
    public static func toggles(_ key: Key) -> Bool { key == .space }

    public func render(in area: Rect, into buffer: inout Buffer) {
        guard area.height > 0 else { return }
        let role: Role = disabledReason != nil ? .disabled : (isFocused ? .focus : .text)
        var spans = [Span(isFocused ? glyphs.pointer + " " : "  ", Style(role)),
                     Span((isOn ? glyphs.checkboxOn : glyphs.checkboxOff) + " " + label, Style(role))]
        if let r = disabledReason { spans.append(Span("  (\(r))", Style(.disabled))) }
        buffer.put(spans, at: area.origin, maxWidth: area.width)
    }
}

/// A one-line progress bar with the percentage at the right: `█████░░░░░  50%`.
public struct ProgressBar: Widget {
    /// 0...100 (clamped).
    public var percent: Int
    public var glyphs: Glyphs
    public var role: Role
    public var showsPercent: Bool

    public init(percent: Int, glyphs: Glyphs, role: Role = .running, showsPercent: Bool = true) {
        self.percent = min(100, max(0, percent)); self.glyphs = glyphs; self.role = role; self.showsPercent = showsPercent
    }
    /// `fraction` 0...1 shown as a percentage (rounded down).
    public init(fraction: Double, glyphs: Glyphs, role: Role = .running, showsPercent: Bool = true) {
        let p = fraction.isFinite ? Int((fraction * 100).rounded(.down)) : 0
        self.init(percent: p, glyphs: glyphs, role: role, showsPercent: showsPercent)
    }

    public func render(in area: Rect, into buffer: inout Buffer) {
        guard area.height > 0, area.width > 0 else { return }
        let label = showsPercent ? " " + "\(percent)%".fitted(toWidth: 4, alignment: .right) : ""
        let barWidth = max(0, area.width - label.displayWidth)
        let full = barWidth * percent / 100
        var x = buffer.put(String(repeating: glyphs.barFull, count: full), at: area.origin, style: Style(role))
        x = buffer.put(String(repeating: glyphs.barEmpty, count: barWidth - full), at: Point(x: x, y: area.y), style: Style(.muted))
        buffer.put(label, at: Point(x: x, y: area.y), style: Style(.text), maxWidth: area.maxX - x)
    }
}

/// One spinner frame. The frame number comes from outside (a tick counter): no clock here.
public struct Spinner: Widget {
    public var frame: Int
    public var glyphs: Glyphs
    public var role: Role
    public init(frame: Int, glyphs: Glyphs, role: Role = .running) { self.frame = frame; self.glyphs = glyphs; self.role = role }
    /// The symbol for this frame.
    public var symbol: String {
        let n = glyphs.spinner.count
        return n == 0 ? "" : glyphs.spinner[((frame % n) + n) % n]
    }
    public func render(in area: Rect, into buffer: inout Buffer) {
        guard area.height > 0 else { return }
        buffer.put(symbol, at: area.origin, style: Style(role), maxWidth: area.width)
    }
}

/// "terminal too small (need 80x24)" centred in the area, with the current size below.
public struct TooSmall: Widget {
    public var required: Size
    public init(required: Size = .minimum) { self.required = required }
    public func render(in area: Rect, into buffer: inout Buffer) {
        buffer.fill(area)
        let msg = "terminal too small (need \(required))"
        let now = "now \(area.size)"
        var lines = DisplayWidth.wrap(msg, width: area.width)
        if area.height > lines.count + 1 { lines.append(now) }
        let top = area.y + max(0, (area.height - lines.count) / 2)
        for (i, l) in lines.enumerated() where top + i < area.maxY {
            let x = area.x + max(0, (area.width - l.displayWidth) / 2)
            buffer.put(l, at: Point(x: x, y: top + i), style: Style(l == now ? .muted : .warn), maxWidth: area.maxX - x)
        }
    }
}
