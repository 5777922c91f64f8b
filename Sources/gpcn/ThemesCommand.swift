import ArgumentParser
import Foundation
import GPCNThemes
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List the colour themes, or check one theme file.",
        discussion: """
        Themes are TOML files: $XDG_CONFIG_HOME/gpcn/themes/NAME.toml first, then the themes \
        shipped with gpcn. Use one with --theme NAME (or a path), $GPCN_THEME, or theme = "NAME" \
        in a profile. The preview is coloured only when stdout is a terminal and NO_COLOR is unset.

        Examples:
          gpcn themes                          every theme with a preview line
          gpcn themes light                    one theme: where it is, its contrast report
          gpcn themes default --toml > my.toml start a theme of your own
        """
    )

    @Argument(help: ArgumentHelp("A theme name or a .toml file to check.", valueName: "name|path"))
    var theme: String?

    @Flag(help: "Print the theme as a theme file.")
    var toml = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let folders = ThemeLibrary.Folders.find(environment: environment)
        let mode = Self.previewMode(environment: environment)
        guard let theme else {
            if toml { throw ValidationError("--toml needs a theme name or path") }
            Console.out(Self.listing(ThemeLibrary.list(folders: folders), mode: mode, folders: folders))
            return
        }
        let loaded: ThemeLibrary.Loaded
        do {
            loaded = try ThemeLibrary.load(theme, folders: folders)
        } catch {
            throw Failure(code: Exit.usage, message: "theme \(error)")
        }
        if toml {
            Console.out(ThemeFile.render(loaded.theme))
            return
        }
        Console.out(Self.details(loaded, mode: mode))
        let failing = loaded.theme.contrastReport().filter { !$0.passes }
        if !failing.isEmpty || !loaded.theme.monochromeProblems.isEmpty {
            throw Failure(code: Exit.usage, message: nil)
        }
    }

    /// Colour for the preview: only on a terminal, never with NO_COLOR; 256 colours when TERM
    /// or COLORTERM says so, else 16.
    static func previewMode(environment: [String: String], isTTY: Bool = isatty(1) == 1) -> ThemePreview.Mode {
        guard isTTY, (environment["NO_COLOR"] ?? "").isEmpty else { return .plain }
        let term = environment["TERM"] ?? ""
        if term.isEmpty || term == "dumb" { return .plain }
        if term == "vt100" || term == "vt220" { return .monochrome }
        let colorterm = environment["COLORTERM"] ?? ""
        if term.contains("256") || colorterm == "truecolor" || colorterm == "24bit" { return .full256 }
        return .sixteen
    }

    static func listing(_ entries: [ThemeLibrary.Listing], mode: ThemePreview.Mode, folders: ThemeLibrary.Folders) -> String {
        var out = ""
        let width = entries.map(\.name.count).max() ?? 7
        for entry in entries {
            let name = entry.name.padding(toLength: width, withPad: " ", startingAt: 0)
            switch entry.result {
            case .success(let loaded):
                out += "\(name)  \(loaded.theme.description)  (\(loaded.origin))\n"
                out += String(repeating: " ", count: width + 2) + ThemePreview.line(loaded.theme, mode: mode) + "\n"
                for w in loaded.warnings { out += String(repeating: " ", count: width + 2) + "warning: \(w)\n" }
            case .failure(let error):
                out += "\(name)  BROKEN: \(error) (the default theme is used instead)\n"
            }
        }
        out += "\nUser themes: \(folders.user ?? "(no HOME)"); shipped: \(folders.shipped ?? "(not found; built-in default only)")\n"
        return out
    }

    static func details(_ loaded: ThemeLibrary.Loaded, mode: ThemePreview.Mode) -> String {
        let t = loaded.theme
        var out = "\(t.name): \(t.description)\n"
        out += "from: \(loaded.origin); made for a \(t.background.rawValue) terminal background\n"
        out += "preview: " + ThemePreview.line(t, mode: mode) + "\n"
        for w in loaded.warnings { out += "warning: \(w)\n" }
        out += "\nContrast (WCAG, xterm colours; 'default' = the assumed terminal colours):\n"
        for r in t.contrastReport() {
            out += "  \(r.passes ? "ok  " : "LOW ") \(r)\n"
        }
        let mono = t.monochromeProblems
        out += mono.isEmpty ? "Without colour: state and focus stay visible.\n"
                            : "Without colour:\n" + mono.map { "  LOW  \($0)\n" }.joined()
        return out
    }
}
