import TerminalUI

/// How roles become ncurses colour pairs and attributes for one terminal. Pure.
public struct ColorPlan: Hashable, Sendable {
    /// Colour depth in use.
    public enum Depth: Hashable, Sendable { case monochrome, eight, sixteen, full256 }
    /// A colour pair: ncurses colour numbers, -1 for the terminal's default.
    public struct Pair: Hashable, Sendable { public var fg: Int; public var bg: Int }

    public var depth: Depth
    /// Pair number per role (pair numbers start at 1). Empty in monochrome.
    public var pairNumbers: [Role: Int]
    /// The colours of each pair number.
    public var pairs: [Int: Pair]
    /// Attributes each role adds (colour mode: the look's attributes; monochrome: its monochrome ones).
    public var attributes: [Role: Attributes]

    /// - Parameters:
    ///   - colors: `COLORS` (0 when the terminal has none).
    ///   - pairLimit: `COLOR_PAIRS`.
    ///   - noColor: `NO_COLOR` is set (or `--no-color`): attributes only.
    ///   - defaultColors: `use_default_colors()` succeeded, so -1 means the terminal's own colours.
    ///   - maxDepth: the most colour to use (`--colors`); the terminal's own limit still applies.
    public static func make(palette: Palette, colors: Int, pairLimit: Int, noColor: Bool, defaultColors: Bool,
                            maxDepth: Depth = .full256) -> ColorPlan {
        let roles = Role.allCases
        let depth = Self.depth(colors: colors, pairLimit: pairLimit, noColor: noColor, maxDepth: maxDepth)
        if depth == .monochrome {
            return ColorPlan(depth: .monochrome, pairNumbers: [:], pairs: [:],
                             attributes: Dictionary(uniqueKeysWithValues: roles.map { ($0, palette[$0].monochrome) }))
        }
        var numbers: [Role: Int] = [:], pairs: [Int: Pair] = [:], attrs: [Role: Attributes] = [:]
        for (i, role) in roles.enumerated() {
            let look = palette[role]
            var a = look.attributes
            func resolve(_ c: TerminalColor, isForeground: Bool) -> Int {
                switch c {
                case .default: return defaultColors ? -1 : (isForeground ? 7 : 0)
                case .index(let n):
                    if depth == .eight && n >= 8 {
                        if isForeground && n < 16 { a.insert(.bold) }
                        return n % 8
                    }
                    return n
                }
            }
            let fg = resolve(depth == .full256 ? look.fg256 : look.fg16, isForeground: true)
            let bg = resolve(depth == .full256 ? look.bg256 : look.bg16, isForeground: false)
            numbers[role] = i + 1
            pairs[i + 1] = Pair(fg: fg, bg: bg)
            attrs[role] = a
        }
        return ColorPlan(depth: depth, pairNumbers: numbers, pairs: pairs, attributes: attrs)
    }

    /// The depth to draw with: none under `NO_COLOR`/`--no-color` or without 8 colours and a
    /// pair per role (vt100), else 256, 16 or 8 as `COLORS` allows, capped at `maxDepth`.
    public static func depth(colors: Int, pairLimit: Int, noColor: Bool, maxDepth: Depth = .full256) -> Depth {
        if noColor || maxDepth == .monochrome || colors < 8 || pairLimit <= Role.allCases.count { return .monochrome }
        let available: Depth = colors >= 256 ? .full256 : (colors >= 16 ? .sixteen : .eight)
        return min(available, maxDepth)
    }
}

extension ColorPlan.Depth: Comparable, CustomStringConvertible {
    private var rank: Int {
        switch self {
        case .monochrome: return 0
        case .eight: return 1
        case .sixteen: return 2
        case .full256: return 3
        }
    }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

    public var description: String {
        switch self {
        case .monochrome: return "none"
        case .eight: return "8"
        case .sixteen: return "16"
        case .full256: return "256"
        }
    }

    /// `--colors` values: `256`, `16`, `8`, `none` (also `0`, `mono`, `monochrome`).
    public init?(argument: String) {
        switch argument.lowercased() {
        case "256": self = .full256
        case "16": self = .sixteen
        case "8": self = .eight
        case "none", "0", "mono", "monochrome", "no": self = .monochrome
        default: return nil
        }
    }
}
