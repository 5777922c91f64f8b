/// The symbols widgets draw with. Pick `.unicode` when the locale is UTF-8, else `.ascii`
/// (`Glyphs.forLocale(utf8:)`). No emoji anywhere; every Unicode glyph here is 1 column wide.
public struct Glyphs: Hashable, Sendable {
    // Box drawing
    public var horizontal: String, vertical: String
    public var topLeft: String, topRight: String, bottomLeft: String, bottomRight: String
    /// Marks the highlighted row of a list (`▶` / `>`).
    public var pointer: String
    /// Checkbox states, 3 columns each (`[✓]` / `[x]`, `[ ]`).
    public var checkboxOn: String, checkboxOff: String
    /// State markers for success / failure (`✓` `✗` / `+` `x`).
    public var ok: String, failed: String
    /// Marks the primary item of a multi-select (`●` / `*`).
    public var primary: String
    /// Progress bar cells (`█` `░` / `#` `-`).
    public var barFull: String, barEmpty: String
    /// Replaces the cut-off end of truncated text (`…` / `~`).
    public var ellipsis: String
    /// Separator between footer or header items (`·` / `|`).
    public var separator: String
    /// Spinner frames, each 1 column.
    public var spinner: [String]
    /// Text cursor shown after the last character of a focused field when it is empty.
    public var cursorBlock: String

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        pointer: "▶", checkboxOn: "[✓]", checkboxOff: "[ ]", ok: "✓", failed: "✗", primary: "●",
        barFull: "█", barEmpty: "░", ellipsis: "…", separator: "·",
        spinner: ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"], cursorBlock: " ")

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        pointer: ">", checkboxOn: "[x]", checkboxOff: "[ ]", ok: "+", failed: "x", primary: "*",
        barFull: "#", barEmpty: "-", ellipsis: "~", separator: "|",
        spinner: ["|", "/", "-", "\\"], cursorBlock: " ")

    /// `.unicode` for a UTF-8 locale, `.ascii` otherwise.
    public static func forLocale(utf8: Bool) -> Glyphs { utf8 ? .unicode : .ascii }
}
