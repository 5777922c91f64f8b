// Themes as values: a name, what the theme is for, and a `Palette`. Parsing theme files lives in
// the GPCNThemes target; here are the pure parts: the xterm colour table, WCAG contrast maths
// and the checks every shipped theme must pass. No Foundation, no I/O.

/// A named palette plus what the contrast check should assume about the terminal's own colours
/// (roles with a `default` colour show whatever the terminal's foreground/background are).
public struct Theme: Hashable, Sendable {
    /// The terminal background a theme is made for.
    public enum Background: String, Hashable, Sendable, CaseIterable {
        case dark, light
        /// The terminal's default (foreground, background) on 256-colour terminals, as xterm indexes.
        public var assumed256: (fg: Int, bg: Int) { self == .dark ? (252, 234) : (235, 231) }
        /// The same on 16-colour terminals.
        public var assumed16: (fg: Int, bg: Int) { self == .dark ? (7, 0) : (0, 15) }
    }

    public var name: String
    /// One line: what the theme looks like and when to use it.
    public var description: String
    public var background: Background
    /// Overrides of the assumed terminal colours (256-colour indexes), for the contrast check.
    public var terminalForeground: Int?
    public var terminalBackground: Int?
    public var palette: Palette

    public init(name: String, description: String = "", background: Background = .dark,
                terminalForeground: Int? = nil, terminalBackground: Int? = nil, palette: Palette) {
        self.name = name; self.description = description; self.background = background
        self.terminalForeground = terminalForeground; self.terminalBackground = terminalBackground
        self.palette = palette
    }

    /// The compiled-in theme: `themes/default.toml` says the same (a test keeps them equal).
    public static let `default` = Theme(name: "default", description: "256 colours on a dark terminal background",
                                        background: .dark, palette: .default)
}

/// The colours of xterm's 256-colour table, for contrast maths and previews.
public enum XtermColors {
    public struct RGB: Hashable, Sendable {
        public var r: Int, g: Int, b: Int
        public init(_ r: Int, _ g: Int, _ b: Int) { self.r = r; self.g = g; self.b = b }
    }

    /// xterm's defaults for the 16 basic colours (terminals differ here; these are the reference).
    public static let basic: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// The six levels of each channel in the 6x6x6 cube (indexes 16-231).
    public static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// The RGB of xterm colour `index` (0-255; out of range is clamped).
    public static func rgb(_ index: Int) -> RGB {
        let i = min(max(index, 0), 255)
        if i < 16 { return basic[i] }
        if i < 232 {
            let n = i - 16
            return RGB(cubeLevels[n / 36], cubeLevels[(n / 6) % 6], cubeLevels[n % 6])
        }
        let v = 8 + (i - 232) * 10
        return RGB(v, v, v)
    }

    /// The 256-colour index (16-255: the cube and grey ramp, which terminals do not redefine)
    /// closest to `rgb`.
    public static func nearest(_ rgb: RGB) -> Int {
        var best = 16, bestDistance = Int.max
        for i in 16...255 {
            let c = self.rgb(i)
            let d = (c.r - rgb.r) * (c.r - rgb.r) + (c.g - rgb.g) * (c.g - rgb.g) + (c.b - rgb.b) * (c.b - rgb.b)
            if d < bestDistance { best = i; bestDistance = d }
        }
        return best
    }

    /// `#rrggbb` (or `rrggbb`) as RGB.
    public static func parseHex(_ text: String) -> RGB? {
        var hex = Substring(text)
        if hex.first == "#" { hex = hex.dropFirst() }
        guard hex.count == 6, let v = Int(hex, radix: 16) else { return nil }
        return RGB((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff)
    }

    /// Names for the 16 basic colours, as theme files may write them.
    public static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
                               "bright-black", "bright-red", "bright-green", "bright-yellow",
                               "bright-blue", "bright-magenta", "bright-cyan", "bright-white"]

    /// The index of a basic colour name (`grey`/`gray` are bright-black).
    public static func index(named name: String) -> Int? {
        let n = name.lowercased()
        if n == "grey" || n == "gray" { return 8 }
        return names.firstIndex(of: n)
    }
}

/// WCAG 2 contrast: relative luminance and the (L1 + 0.05) / (L2 + 0.05) ratio, 1...21.
public enum Contrast {
    public static func luminance(_ c: XtermColors.RGB) -> Double {
        func channel(_ v: Int) -> Double {
            let s = Double(v) / 255
            return s <= 0.03928 ? s / 12.92 : pow24((s + 0.055) / 1.055)
        }
        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
    }

    public static func ratio(_ a: XtermColors.RGB, _ b: XtermColors.RGB) -> Double {
        let la = luminance(a), lb = luminance(b)
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    /// x^2.4 without Foundation: exp(2.4 ln x) by series would be overkill; x^2 * x^0.4 with
    /// Newton-free nth root via repeated square roots is exact enough for 0 < x <= 1.
    static func pow24(_ x: Double) -> Double {
        guard x > 0 else { return 0 }
        // x^0.4 = (x^2)^(1/5): fifth root by Newton's method.
        let y = x * x
        var r = x  // a good start for 0 < x <= 1
        for _ in 0..<60 {
            let r4 = r * r * r * r
            let next = r - (r4 * r - y) / (5 * r4)
            if abs(next - r) < 1e-15 { r = next; break }
            r = next
        }
        return x * x * r
    }

    /// The least contrast a role's text needs against its background. Text you must read: 4.5
    /// (WCAG AA); secondary text and state colours: 3; borders and disabled items: 2 (WCAG asks
    /// nothing of inactive items, but they must stay visible). `high` (the high-contrast theme)
    /// asks 7 / 4.5 / 3.
    public static func minimum(for role: Role, high: Bool = false) -> Double {
        switch role {
        case .text, .input, .selection, .focus, .error, .key, .title:
            return high ? 7 : 4.5
        case .muted, .accent, .header, .ok, .running, .warn, .match:
            return high ? 4.5 : 3
        case .border, .disabled:
            return high ? 3 : 2
        }
    }
}

/// One line of a theme's contrast report.
public struct ContrastResult: Hashable, Sendable, CustomStringConvertible {
    public enum Depth: String, Hashable, Sendable { case full256 = "256", sixteen = "16" }
    public var role: Role
    public var depth: Depth
    public var foreground: Int
    public var background: Int
    public var ratio: Double
    public var minimum: Double
    public var passes: Bool { ratio + 1e-9 >= minimum }

    public var description: String {
        let r = (ratio * 100).rounded() / 100
        return "\(role.rawValue) (\(depth.rawValue) colours): fg \(foreground) on bg \(background) = \(r):1, needs \(minimum):1"
    }
}

extension Theme {
    /// The colours a role is drawn with at a depth, `default` resolved to the assumed terminal colours.
    public func resolved(_ role: Role, depth: ContrastResult.Depth) -> (fg: Int, bg: Int) {
        let look = palette[role]
        let assumed: (fg: Int, bg: Int)
        switch depth {
        case .full256:
            assumed = (terminalForeground ?? background.assumed256.fg, terminalBackground ?? background.assumed256.bg)
        case .sixteen:
            assumed = background.assumed16
        }
        func pick(_ c: TerminalColor, _ fallback: Int) -> Int {
            if case .index(let n) = c { return n }
            return fallback
        }
        let fg = pick(depth == .full256 ? look.fg256 : look.fg16, assumed.fg)
        let bg = pick(depth == .full256 ? look.bg256 : look.bg16, assumed.bg)
        return (fg, bg)
    }

    /// Contrast of every role's text against its background, at 256 and 16 colours. The 16-colour
    /// fallback is measured against xterm's default basic colours and held to 3:1 for the roles
    /// that need 4.5 and 2:1 for the others (4.5:1 in the high-contrast theme): terminals
    /// redefine those 16 colours, so exact ratios mean less there.
    public func contrastReport(high: Bool? = nil) -> [ContrastResult] {
        let strict = high ?? (name == "high-contrast")
        var out: [ContrastResult] = []
        for role in Role.allCases {
            let need = Contrast.minimum(for: role, high: strict)
            let c256 = resolved(role, depth: .full256)
            out.append(ContrastResult(role: role, depth: .full256, foreground: c256.fg, background: c256.bg,
                                      ratio: Contrast.ratio(XtermColors.rgb(c256.fg), XtermColors.rgb(c256.bg)),
                                      minimum: need))
            let c16 = resolved(role, depth: .sixteen)
            out.append(ContrastResult(role: role, depth: .sixteen, foreground: c16.fg, background: c16.bg,
                                      ratio: Contrast.ratio(XtermColors.rgb(c16.fg), XtermColors.rgb(c16.bg)),
                                      minimum: strict ? min(need, 4.5) : (need >= 4.5 ? 3 : 2)))
        }
        return out
    }

    /// Problems that make a theme unusable without colour: the roles that carry state or focus
    /// must change the look (bold, reverse or underline) under `NO_COLOR`, and selection/focus
    /// must differ from plain text. Empty when fine.
    public var monochromeProblems: [String] {
        var problems: [String] = []
        let text = palette[.text].monochrome
        for role in [Role.selection, .focus] {
            let m = palette[role].monochrome
            if !m.contains(.reverse) && !m.contains(.underline) {
                problems.append("\(role.rawValue): needs reverse or underline without colour (has \(m.names))")
            }
            if m == text { problems.append("\(role.rawValue): looks like text without colour") }
        }
        for role in [Role.error, .input, .title, .header] where palette[role].monochrome.isEmpty {
            problems.append("\(role.rawValue): needs an attribute without colour")
        }
        return problems
    }
}

extension Attributes {
    /// The attribute names theme files use, in a fixed order.
    public static let named: [(String, Attributes)] = [("bold", .bold), ("dim", .dim), ("reverse", .reverse),
                                                       ("underline", .underline)]
    /// `[bold, reverse]`-style text.
    public var names: String { "[" + Self.named.filter { contains($0.1) }.map(\.0).joined(separator: ", ") + "]" }
}
