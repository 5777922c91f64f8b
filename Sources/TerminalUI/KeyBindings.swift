/// A key binding as data: the keys, a short footer label and a longer help text. Screens keep one
/// list of bindings and use it both to handle keys (`matches`) and to draw `Footer` and
/// `HelpOverlay`, so what is shown cannot drift from what works.
public struct KeyBinding: Hashable, Sendable {
    public var keys: [Key]
    /// How the keys are shown: `"Up/k"`, `"/"`, `"Enter"`. Defaults to the keys' names joined by `/`.
    public var keyLabel: String
    /// Short footer text: `"move"`, `"filter"`.
    public var label: String
    /// Help overlay text (defaults to `label`).
    public var help: String
    /// Help overlay section: `"Everywhere"`, `"Lists"`.
    public var section: String
    /// Whether the footer shows it (the help overlay always does).
    public var inFooter: Bool

    public init(_ keys: [Key], _ label: String, help: String? = nil, section: String = "",
                keyLabel: String? = nil, inFooter: Bool = true) {
        self.keys = keys; self.label = label; self.help = help ?? label; self.section = section
        self.keyLabel = keyLabel ?? keys.map(\.description).joined(separator: "/")
        self.inFooter = inFooter
    }

    /// True when `key` is one of this binding's keys.
    public func matches(_ key: Key) -> Bool { keys.contains(key) }

    /// The standard help binding: `?` or F1.
    public static let help = KeyBinding([.character("?"), .function(1)], "help", help: "show the keys of this screen",
                                        section: "Everywhere", keyLabel: "?")
}

extension Array where Element == KeyBinding {
    /// The first binding that matches `key`.
    public func binding(for key: Key) -> KeyBinding? { first { $0.matches(key) } }
}

/// One command of a key map: what it does (`action`), its binding as documented (keys, footer
/// label, help text, help section), when it is active, and how it reads in a given state (a
/// label that says what the key does now, keys that typing takes away). bubbles/lazygit style:
/// one value holds the keys, the help and — through `action` — the handler.
public struct KeyCommand<Action: Hashable & Sendable, Context>: Sendable {
    public var action: Action
    /// The binding as documented (README, and what `shown` starts from).
    public var binding: KeyBinding
    /// The keys of `binding` that do the action the other way round (previous field, one fewer,
    /// scroll up). Handlers read it from `KeyMap.Hit.reversed`.
    public var reversed: Set<Key>
    /// Whether the command does something in a state.
    public var isActive: @Sendable (Context) -> Bool
    /// The binding as it is in force in a state (nil: as documented).
    public var shown: (@Sendable (KeyBinding, Context) -> KeyBinding)?

    public init(_ action: Action, _ binding: KeyBinding, reversed: Set<Key> = [],
                when isActive: @escaping @Sendable (Context) -> Bool,
                shown: (@Sendable (KeyBinding, Context) -> KeyBinding)? = nil) {
        self.action = action; self.binding = binding; self.reversed = reversed
        self.isActive = isActive; self.shown = shown
    }

    /// The binding in force in `context`, or nil when the command is not active there.
    public func binding(in context: Context) -> KeyBinding? {
        guard isActive(context) else { return nil }
        return shown.map { $0(binding, context) } ?? binding
    }
}

/// A screen's commands in display order. Handlers dispatch on `hit(for:in:)` (never on a literal
/// key); the footer and the help overlay draw `bindings(in:)`; the README's tables come from
/// `commands` — so what is shown, what works and what is documented are one list.
public struct KeyMap<Action: Hashable & Sendable, Context>: Sendable {
    public var commands: [KeyCommand<Action, Context>]
    public init(_ commands: [KeyCommand<Action, Context>]) { self.commands = commands }

    /// A key resolved to a command.
    public struct Hit: Hashable, Sendable {
        public var action: Action
        /// The key is one of the command's `reversed` keys.
        public var reversed: Bool
    }

    /// The command `key` triggers in `context` (the first active one whose keys hold it).
    public func hit(for key: Key, in context: Context) -> Hit? {
        for c in commands {
            if let b = c.binding(in: context), b.matches(key) { return Hit(action: c.action, reversed: c.reversed.contains(key)) }
        }
        return nil
    }

    /// The action `key` triggers in `context`.
    public func action(for key: Key, in context: Context) -> Action? { hit(for: key, in: context)?.action }

    /// The active commands in `context`, each with its binding as in force there.
    public func active(in context: Context) -> [(action: Action, binding: KeyBinding)] {
        commands.compactMap { c in c.binding(in: context).map { (c.action, $0) } }
    }

    /// The bindings in force in `context`, in display order (footer and help overlay).
    public func bindings(in context: Context) -> [KeyBinding] { active(in: context).map { $0.binding } }

    /// Every binding as documented, in order.
    public var documented: [KeyBinding] { commands.map(\.binding) }
}

/// Renders bindings as one Markdown table `| Where | Keys | What it does |`: the sections in
/// `order` (then any other, in order of appearance), the section named on its first row only;
/// a row that repeats one of its section (same keys, same text) is written once.
public enum KeyMarkdown {
    public static func render(_ bindings: [KeyBinding], sectionOrder order: [String] = []) -> String {
        var names = order.filter { name in bindings.contains { $0.section == name } }
        for b in bindings where !names.contains(b.section) { names.append(b.section) }
        var out = ["| Where | Keys | What it does |", "|---|---|---|"]
        for name in names {
            var rows: [String] = []
            for b in bindings where b.section == name {
                let row = "| `\(b.keyLabel)` | \(b.help.replacingPipes) |"
                if !rows.contains(row) { rows.append(row) }
            }
            for (i, row) in rows.enumerated() {
                out.append("| " + (i == 0 ? (name.isEmpty ? "Other" : name) : "") + " " + row)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate var replacingPipes: String {
        var s = ""
        for c in self { if c == "|" { s += "\\|" } else { s.append(c) } }
        return s
    }
}

/// One line of key hints, `Enter choose  / filter  ? help`, keeping those that fit in order.
/// When hints must be dropped, a help binding (one with `?`) is kept at the end so help stays reachable.
public struct Footer: Widget {
    public var bindings: [KeyBinding]
    public var gap: Int
    public init(_ bindings: [KeyBinding], gap: Int = 2) { self.bindings = bindings.filter(\.inFooter); self.gap = gap }

    /// The bindings that fit in `width` columns, in display order.
    public func visible(width: Int) -> [KeyBinding] {
        func w(_ b: KeyBinding) -> Int { b.keyLabel.displayWidth + 1 + b.label.displayWidth }
        func total(_ bs: [KeyBinding]) -> Int { bs.reduce(0) { $0 + w($1) } + gap * Swift.max(0, bs.count - 1) }
        if total(bindings) <= width { return bindings }
        let help = bindings.last { $0.matches(.character("?")) || $0.matches(.function(1)) }
        let rest = bindings.filter { $0 != help }
        var out: [KeyBinding] = []
        let reserve = help.map { w($0) + gap } ?? 0
        for b in rest {
            if total(out + [b]) + reserve > width { break }
            out.append(b)
        }
        if let help, total(out + [help]) <= width { out.append(help) }
        return out
    }

    public func render(in area: Rect, into buffer: inout Buffer) {
        guard area.height > 0 else { return }
        var spans: [Span] = []
        for (i, b) in visible(width: area.width).enumerated() {
            if i > 0 { spans.append(Span(String(repeating: " ", count: gap))) }
            spans.append(Span(b.keyLabel, Style(.key)))
            spans.append(Span(" " + b.label, Style(.muted)))
        }
        buffer.put(spans, at: area.origin, maxWidth: area.width)
    }
}

/// A centred box with a title, wrapped message lines and a hint line: used for help, confirm-quit
/// and errors. Clears what is under it.
public struct Modal: Widget {
    public var title: String
    public var message: [String]
    public var hints: [KeyBinding]
    /// Role of the title (`.title`, `.error`, `.warn`).
    public var role: Role
    public var glyphs: Glyphs
    public var maxWidth: Int

    public init(title: String, message: [String], hints: [KeyBinding] = [], role: Role = .title, glyphs: Glyphs, maxWidth: Int = 60) {
        self.title = title; self.message = message; self.hints = hints; self.role = role; self.glyphs = glyphs; self.maxWidth = maxWidth
    }

    /// The message wrapped for a box of `width` columns (2 border + 2 padding).
    func bodyLines(width: Int) -> [String] { message.flatMap { DisplayWidth.wrap($0, width: max(1, width - 4)) } }

    /// Where the modal goes inside `area`.
    public func frame(in area: Rect) -> Rect {
        let hintWidth = Footer(hints).visible(width: Int.max).reduce(0) { $0 + $1.keyLabel.displayWidth + $1.label.displayWidth + 3 }
        let content = max(title.displayWidth + 4, hintWidth, message.map(\.displayWidth).max() ?? 0)
        let width = min(area.width, maxWidth, content + 4)
        let height = bodyLines(width: width).count + 2 + (hints.isEmpty ? 0 : 2)
        return area.centered(Size(width: width, height: height))
    }

    public func render(in area: Rect, into buffer: inout Buffer) {
        let f = frame(in: area)
        guard f.width >= 4, f.height >= 2 else { return }
        buffer.fill(f)
        Box(title: title, glyphs: glyphs, titleStyle: Style(role)).render(in: f, into: &buffer)
        let inner = Box.inner(f).inset(dx: 1, dy: 0)
        let body = bodyLines(width: f.width)
        let bodyRows = hints.isEmpty ? inner.height : max(0, inner.height - 2)
        for (i, l) in body.prefix(bodyRows).enumerated() {
            buffer.put(l, at: Point(x: inner.x, y: inner.y + i), maxWidth: inner.width)
        }
        if !hints.isEmpty, inner.height >= 1 {
            Footer(hints).render(in: inner.row(inner.height - 1), into: &buffer)
        }
    }
}

/// The help overlay: every binding of the screen grouped by section, in a centred box.
/// Built from the same `[KeyBinding]` the screen handles keys with.
public struct HelpOverlay: Widget {
    public var bindings: [KeyBinding]
    public var title: String
    public var glyphs: Glyphs
    public init(_ bindings: [KeyBinding], title: String = "Keys", glyphs: Glyphs) {
        self.bindings = bindings; self.title = title; self.glyphs = glyphs
    }

    /// Section names in order of first appearance, each with its bindings.
    public var sections: [(name: String, bindings: [KeyBinding])] {
        var out: [(name: String, bindings: [KeyBinding])] = []
        for b in bindings {
            if let i = out.firstIndex(where: { $0.name == b.section }) { out[i].bindings.append(b) } else { out.append((b.section, [b])) }
        }
        return out
    }

    public func render(in area: Rect, into buffer: inout Buffer) {
        let keyW = bindings.map(\.keyLabel.displayWidth).max() ?? 0
        var lines: [[Span]] = []
        for (i, s) in sections.enumerated() {
            if i > 0 { lines.append([]) }
            if !s.name.isEmpty { lines.append([Span(s.name, Style(.header))]) }
            for b in s.bindings {
                lines.append([Span("  " + b.keyLabel.fitted(toWidth: keyW), Style(.key)), Span("  " + b.help)])
            }
        }
        let close = [Span("Esc", Style(.key)), Span(" close", Style(.muted))]
        let contentW = lines.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 0
        let width = min(area.width, max(contentW, title.displayWidth + 4) + 4)
        let height = min(area.height, lines.count + 4)
        let f = area.centered(Size(width: width, height: height))
        guard f.width >= 4, f.height >= 3 else { return }
        buffer.fill(f)
        Box(title: title, glyphs: glyphs).render(in: f, into: &buffer)
        let inner = Box.inner(f).inset(dx: 1, dy: 0)
        let rows = max(0, inner.height - 2)
        var shown = lines.prefix(rows)
        if lines.count > rows, rows > 0 { shown[shown.endIndex - 1] = [Span(glyphs.ellipsis + " (enlarge the terminal to see all)", Style(.muted))] }
        for (i, l) in shown.enumerated() { buffer.put(l, at: Point(x: inner.x, y: inner.y + i), maxWidth: inner.width) }
        buffer.put(close, at: Point(x: inner.x, y: inner.maxY - 1), maxWidth: inner.width)
    }
}
