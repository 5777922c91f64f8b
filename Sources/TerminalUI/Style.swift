/// What a piece of text *is*. Screens draw roles, never raw colours; the backend maps each role
/// to colours through a `Palette` (or to attributes only, under `NO_COLOR`). State is always also
/// carried by a text marker (`▶`, `[x]`, `✗ failed`, ...), never by colour alone.
public enum Role: String, CaseIterable, Hashable, Sendable {
    /// Ordinary text.
    case text
    /// Secondary text: hints, descriptions, counters.
    case muted
    /// Something to notice: step numbers, matches, values.
    case accent
    /// Screen and box titles.
    case title
    /// Group headers inside lists ("Linux", "Windows").
    case header
    /// Box borders and separators.
    case border
    /// The highlighted row of a list.
    case selection
    /// The focused field or control.
    case focus
    /// Success states.
    case ok
    /// Work in progress (running jobs, spinners).
    case running
    /// Warnings.
    case warn
    /// Errors and failed states.
    case error
    /// Editable text.
    case input
    /// Unavailable, not selectable.
    case disabled
    /// Key names in footers and help ("Enter", "Ctrl-C").
    case key
    /// The characters a list filter matched (`zur` in "Zürich"): underlined and bold besides
    /// the colour, so they show without colour too.
    case match
}

/// Text attributes, combined with a role's own look.
public struct Attributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1 << 0)
    public static let dim = Attributes(rawValue: 1 << 1)
    public static let reverse = Attributes(rawValue: 1 << 2)
    public static let underline = Attributes(rawValue: 1 << 3)
}

/// The look of a cell: a semantic role plus extra attributes.
public struct Style: Hashable, Sendable {
    public var role: Role
    public var attributes: Attributes
    public init(_ role: Role = .text, _ attributes: Attributes = []) {
        self.role = role; self.attributes = attributes
    }
    public static let plain = Style()
    /// The same role with more attributes.
    public func adding(_ a: Attributes) -> Style { Style(role, attributes.union(a)) }
}

/// A colour as terminals know it: the terminal's default, or an index (0-7 basic, 8-15 bright,
/// 16-255 the xterm 256-colour cube and grey ramp).
public enum TerminalColor: Hashable, Sendable {
    case `default`
    case index(Int)
}

/// How one role looks, for each colour depth.
public struct RoleLook: Hashable, Sendable {
    /// Colours on 256-colour terminals.
    public var fg256: TerminalColor, bg256: TerminalColor
    /// Colours on 16- and 8-colour terminals (on 8 colours, indexes 8-15 become 0-7 plus bold).
    public var fg16: TerminalColor, bg16: TerminalColor
    /// Attributes always added in colour mode (e.g. bold titles).
    public var attributes: Attributes
    /// Attributes used instead of colours under `NO_COLOR` or on monochrome terminals.
    public var monochrome: Attributes

    public init(fg256: TerminalColor = .default, bg256: TerminalColor = .default,
                fg16: TerminalColor = .default, bg16: TerminalColor = .default,
                attributes: Attributes = [], monochrome: Attributes = []) {
        self.fg256 = fg256; self.bg256 = bg256; self.fg16 = fg16; self.bg16 = bg16
        self.attributes = attributes; self.monochrome = monochrome
    }
}

/// Role → look. A theme file (parsed elsewhere) produces one; `Palette.default` is compiled in.
public struct Palette: Hashable, Sendable {
    public var looks: [Role: RoleLook]
    public init(_ looks: [Role: RoleLook]) { self.looks = looks }
    /// The look of `role` (the `.text` look, or plain, when the palette lacks it).
    public subscript(role: Role) -> RoleLook {
        get { looks[role] ?? looks[.text] ?? RoleLook() }
        set { looks[role] = newValue }
    }

    /// The compiled-in default theme (dark or light backgrounds; foreground colours only,
    /// except selection/focus which use a background).
    public static let `default` = Palette([
        .text: RoleLook(),
        .muted: RoleLook(fg256: .index(245), fg16: .index(8), monochrome: .dim),
        .accent: RoleLook(fg256: .index(39), fg16: .index(14), monochrome: .bold),
        .title: RoleLook(fg256: .index(75), fg16: .index(12), attributes: .bold, monochrome: .bold),
        .header: RoleLook(fg256: .index(179), fg16: .index(11), attributes: .bold, monochrome: [.bold, .underline]),
        .border: RoleLook(fg256: .index(240), fg16: .index(8)),
        .selection: RoleLook(fg256: .index(231), bg256: .index(25), fg16: .index(15), bg16: .index(4), monochrome: .reverse),
        .focus: RoleLook(fg256: .index(16), bg256: .index(117), fg16: .index(0), bg16: .index(6), monochrome: [.reverse, .bold]),
        .ok: RoleLook(fg256: .index(71), fg16: .index(10)),
        .running: RoleLook(fg256: .index(75), fg16: .index(14)),
        .warn: RoleLook(fg256: .index(214), fg16: .index(11), monochrome: .bold),
        .error: RoleLook(fg256: .index(203), fg16: .index(9), attributes: .bold, monochrome: .bold),
        .input: RoleLook(fg256: .index(255), bg256: .index(237), fg16: .index(15), bg16: .index(8), monochrome: .underline),
        .disabled: RoleLook(fg256: .index(242), fg16: .index(8), monochrome: .dim),
        .key: RoleLook(fg256: .index(117), fg16: .index(14), attributes: .bold, monochrome: .bold),
        .match: RoleLook(fg256: .index(39), fg16: .index(14), attributes: [.bold, .underline], monochrome: [.bold, .underline]),
    ])
}
