import Foundation
import TOMLKit
import TerminalUI

/// A theme file that cannot be used: where (file, line, key) and why, in one line.
public struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file, or the name asked for when no file was found.
    public var source: String
    /// 1-based line of the problem, when known.
    public var line: Int?
    /// Dotted key of the problem (`roles.focus.bg`), when it is about one key.
    public var key: String?
    public var message: String

    public init(source: String, line: Int? = nil, key: String? = nil, message: String) {
        self.source = source; self.line = line; self.key = key; self.message = message
    }

    public var description: String {
        var where_ = source
        if let line { where_ += ":\(line)" }
        if let key { return "\(where_): \(key): \(message)" }
        return "\(where_): \(message)"
    }
}

/// Parses theme files (TOML). The format (see README "Theming and terminals"):
///
/// ```toml
/// name = "light"
/// description = "for terminals with a light background"
/// background = "light"            # dark | light: what the terminal's own colours are assumed to be
///
/// [roles.text]
/// fg = "default"                  # 0-255, "#rrggbb" (nearest of the 256) or "default"
/// bg = "default"
/// fg16 = "default"                # 0-15, a name (black, red, ..., bright-white) or "default"
/// bg16 = "default"
/// attrs = []                      # bold, dim, reverse, underline: added in colour mode
/// mono = []                       # used instead of colours (NO_COLOR, --no-color, vt100)
/// ```
///
/// Every role of `Role` has a `[roles.NAME]` table; a missing one is taken from the default
/// theme with a warning. Unknown keys and bad values are errors naming the line and key.
public enum ThemeFile {
    public static let topLevelKeys: Set<String> = ["name", "description", "background", "terminal-fg", "terminal-bg", "roles"]
    public static let roleKeys: Set<String> = ["fg", "bg", "fg16", "bg16", "attrs", "mono"]

    /// A parsed theme and the non-fatal remarks about it.
    public struct Parsed: Sendable, Equatable {
        public var theme: Theme
        public var warnings: [String]
    }

    /// Parses `text`; `source` names the file in messages, `fallbackName` is used when the file
    /// has no `name` key (the file name without `.toml`).
    public static func parse(_ text: String, source: String, fallbackName: String) throws(ThemeError) -> Parsed {
        let table: TOMLTable
        if let line = TOMLSafety.unsafeLine(text) {
            throw ThemeError(source: source, line: line, message: "not valid TOML: a table header must start with a name (like [roles.text]), an array element with a value")
        }
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ThemeError(source: source, line: e.source.begin.line, message: "not valid TOML: \(e.description)")
        } catch {
            throw ThemeError(source: source, message: "not valid TOML: \(error)")
        }
        func fail(_ key: String, _ message: String) -> ThemeError {
            ThemeError(source: source, line: KeyLocator.line(of: key, in: text), key: key, message: message)
        }
        for key in table.keys where !topLevelKeys.contains(key) {
            throw fail(key, "unknown key (expected one of \(topLevelKeys.sorted().joined(separator: ", ")))")
        }
        func string(_ key: String) throws(ThemeError) -> String? {
            guard let v = table[key] else { return nil }
            guard let s = v.string else { throw fail(key, "must be a string") }
            return s
        }
        func index(_ key: String) throws(ThemeError) -> Int? {
            guard let v = table[key] else { return nil }
            guard case .success(.index(let n)) = ColorValue.parse(int: v.int, string: v.string, basic: false) else {
                throw fail(key, "must be a colour: 0-255 or \"#rrggbb\"")
            }
            return n
        }
        let name = try string("name") ?? fallbackName
        let description = try string("description") ?? ""
        var background = Theme.Background.dark
        if let b = try string("background") {
            guard let parsed = Theme.Background(rawValue: b.lowercased()) else {
                throw fail("background", "must be \"dark\" or \"light\", not \"\(b)\"")
            }
            background = parsed
        }
        let terminalFg = try index("terminal-fg")
        let terminalBg = try index("terminal-bg")

        var palette = Palette([:])
        var warnings: [String] = []
        let roles: TOMLTable
        if let r = table["roles"] {
            guard let t = r.table else { throw fail("roles", "must be a table of roles ([roles.text], ...)") }
            roles = t
        } else {
            roles = TOMLTable()
        }
        for key in roles.keys where Role(rawValue: key) == nil {
            throw fail("roles.\(key)", "unknown role (roles are \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        for role in Role.allCases {
            guard let value = roles[role.rawValue] else {
                warnings.append("\(source): role '\(role.rawValue)' is not set; using the default theme's")
                palette[role] = Palette.default[role]
                continue
            }
            let path = "roles.\(role.rawValue)"
            guard let t = value.table else { throw fail(path, "must be a table with fg, bg, fg16, bg16, attrs, mono") }
            for k in t.keys where !roleKeys.contains(k) {
                throw fail("\(path).\(k)", "unknown key (expected one of \(roleKeys.sorted().joined(separator: ", ")))")
            }
            func color(_ k: String, basic: Bool) throws(ThemeError) -> TerminalColor {
                guard let v = t[k] else { return .default }
                switch ColorValue.parse(int: v.int, string: v.string, basic: basic) {
                case .success(let c): return c
                case .failure(let why): throw fail("\(path).\(k)", why.message)
                }
            }
            func attributes(_ k: String) throws(ThemeError) -> Attributes {
                guard let v = t[k] else { return [] }
                guard let array = v.array else { throw fail("\(path).\(k)", "must be a list such as [\"bold\", \"reverse\"]") }
                var a: Attributes = []
                for item in array {
                    guard let s = item.string, let named = Attributes.named.first(where: { $0.0 == s.lowercased() }) else {
                        throw fail("\(path).\(k)", "unknown attribute \(item.debugDescription) (use bold, dim, reverse, underline)")
                    }
                    a.insert(named.1)
                }
                return a
            }
            palette[role] = RoleLook(fg256: try color("fg", basic: false), bg256: try color("bg", basic: false),
                                     fg16: try color("fg16", basic: true), bg16: try color("bg16", basic: true),
                                     attributes: try attributes("attrs"), monochrome: try attributes("mono"))
        }
        let theme = Theme(name: name, description: description, background: background,
                          terminalForeground: terminalFg, terminalBackground: terminalBg, palette: palette)
        return Parsed(theme: theme, warnings: warnings)
    }

    /// The theme as a file this parser reads back to an equal theme (used for the sample in
    /// README and by `gpcn themes --print`).
    public static func render(_ theme: Theme) -> String {
        func q(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        func c(_ color: TerminalColor, basic: Bool) -> String {
            switch color {
            case .default: return q("default")
            case .index(let n): return basic && n < 16 ? q(XtermColors.names[n]) : String(n)
            }
        }
        func a(_ attrs: Attributes) -> String {
            "[" + Attributes.named.filter { attrs.contains($0.1) }.map { q($0.0) }.joined(separator: ", ") + "]"
        }
        var out = "name = \(q(theme.name))\n"
        out += "description = \(q(theme.description))\n"
        out += "background = \(q(theme.background.rawValue))\n"
        if let f = theme.terminalForeground { out += "terminal-fg = \(f)\n" }
        if let b = theme.terminalBackground { out += "terminal-bg = \(b)\n" }
        for role in Role.allCases {
            let l = theme.palette[role]
            out += "\n[roles.\(role.rawValue)]\n"
            out += "fg = \(c(l.fg256, basic: false))\nbg = \(c(l.bg256, basic: false))\n"
            out += "fg16 = \(c(l.fg16, basic: true))\nbg16 = \(c(l.bg16, basic: true))\n"
            out += "attrs = \(a(l.attributes))\nmono = \(a(l.monochrome))\n"
        }
        return out
    }
}

/// Colour values as theme files write them.
public enum ColorValue {
    public struct Problem: Error, Equatable { public var message: String }

    /// `basic`: a 16-colour fallback (0-15 or a name); otherwise a 256-colour value (0-255,
    /// `#rrggbb` mapped to the nearest of 16-255, or a basic colour name).
    public static func parse(int: Int?, string: String?, basic: Bool) -> Result<TerminalColor, Problem> {
        let range = basic ? 0...15 : 0...255
        if let n = int {
            guard range.contains(n) else {
                return .failure(Problem(message: "colour \(n) is out of range \(range.lowerBound)-\(range.upperBound)"))
            }
            return .success(.index(n))
        }
        guard let s = string else {
            return .failure(Problem(message: basic ? "must be 0-15, a colour name or \"default\""
                                                   : "must be 0-255, \"#rrggbb\", a colour name or \"default\""))
        }
        let lower = s.lowercased()
        if lower == "default" || lower == "none" { return .success(.default) }
        if let n = XtermColors.index(named: lower) { return .success(.index(n)) }
        if !basic, let rgb = XtermColors.parseHex(s) { return .success(.index(XtermColors.nearest(rgb))) }
        if basic, XtermColors.parseHex(s) != nil {
            return .failure(Problem(message: "a 16-colour fallback cannot be \"\(s)\": use 0-15 or a name such as bright-blue"))
        }
        return .failure(Problem(message: "unknown colour \"\(s)\" (use 0-\(range.upperBound)\(basic ? "" : ", #rrggbb"), black ... bright-white, or default)"))
    }
}

/// Finds the line of a dotted key in TOML text, for messages (TOMLKit gives positions only
/// for syntax errors). Understands `[table]` headers, `key = ` and dotted keys; good enough
/// for theme files, and `nil` when it cannot tell.
enum KeyLocator {
    static func line(of dotted: String, in text: String) -> Int? {
        let want = dotted.split(separator: ".").map(String.init)
        var table: [String] = []
        var best: (line: Int, depth: Int)?
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = stripComment(String(raw)).trimmed
            if line.isEmpty { continue }
            var path: [String]
            if line.hasPrefix("[") {
                let inner = line.strippingCharacters("[]").trimmed
                table = inner.split(separator: ".").map { String($0).trimmed.unquoted }
                path = table
            } else if let eq = line.firstIndex(of: "=") {
                let key = String(line[..<eq]).trimmed
                path = table + key.split(separator: ".").map { String($0).trimmed.unquoted }
            } else {
                continue
            }
            if path == want { return i + 1 }
            // The longest prefix of the wanted key seen so far (a table holding it).
            var depth = 0
            while depth < min(path.count, want.count), path[depth] == want[depth] { depth += 1 }
            if depth == path.count, depth > 0, depth > (best?.depth ?? 0) { best = (i + 1, depth) }
        }
        return best?.line
    }

    private static func stripComment(_ s: String) -> String {
        var inString = false
        var out = ""
        for c in s {
            if c == "\"" { inString.toggle() }
            if c == "#" && !inString { break }
            out.append(c)
        }
        return out
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }

    var unquoted: String {
        if count >= 2, (hasPrefix("\"") && hasSuffix("\"")) || (hasPrefix("'") && hasSuffix("'")) {
            return String(dropFirst().dropLast())
        }
        return self
    }

    func strippingCharacters(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
