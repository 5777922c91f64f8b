import TerminalUI

/// One line showing a theme's roles, for `gpcn themes`: plain words, or the same words coloured
/// with ANSI escapes (SGR) at a colour depth. Pure.
public enum ThemePreview {
    /// How to colour the preview.
    public enum Mode: Hashable, Sendable { case plain, monochrome, sixteen, full256 }

    /// The roles shown, with their sample words.
    public static let samples: [(Role, String)] = [
        (.text, "text"), (.muted, "muted"), (.accent, "accent"), (.title, "title"), (.header, "header"),
        (.selection, " selection "), (.focus, " focus "), (.input, " input "), (.ok, "ok"), (.running, "running"),
        (.warn, "warn"), (.error, "error"), (.key, "key"), (.disabled, "disabled"), (.border, "border"),
    ]

    public static func line(_ theme: Theme, mode: Mode) -> String {
        samples.map { role, word in
            mode == .plain ? word.trimmed : sgr(theme.palette[role], mode: mode) + word + "\u{1B}[0m"
        }.joined(separator: " ")
    }

    /// The SGR escape that starts text of `look` at `mode`.
    public static func sgr(_ look: RoleLook, mode: Mode) -> String {
        var codes: [String] = []
        let attrs = mode == .monochrome ? look.monochrome : look.attributes
        if attrs.contains(.bold) { codes.append("1") }
        if attrs.contains(.dim) { codes.append("2") }
        if attrs.contains(.underline) { codes.append("4") }
        if attrs.contains(.reverse) { codes.append("7") }
        switch mode {
        case .plain, .monochrome:
            break
        case .full256:
            if case .index(let n) = look.fg256 { codes.append("38;5;\(n)") }
            if case .index(let n) = look.bg256 { codes.append("48;5;\(n)") }
        case .sixteen:
            if case .index(let n) = look.fg16 { codes.append(n < 8 ? "\(30 + n)" : "\(90 + n - 8)") }
            if case .index(let n) = look.bg16 { codes.append(n < 8 ? "\(40 + n)" : "\(100 + n - 8)") }
        }
        return "\u{1B}[" + (codes.isEmpty ? "0" : codes.joined(separator: ";")) + "m"
    }
}
