import ArgumentParser
import Foundation
import GPCNConsole
import GPCNCore
import GPCNRuntime
import GPCNThemes
import TerminalNcurses
import TerminalUI

/// How the console looks and talks: options shared by every command that opens it.
struct DisplayOptions: ParsableArguments {
    @Flag(name: .customLong("ascii"), help: "Draw with plain ASCII (automatic when the locale is not UTF-8).")
    var ascii = false

    @Flag(name: .customLong("no-color"), help: "No colours: attributes only (also with NO_COLOR set).")
    var noColor = false

    @Option(name: .customLong("theme"),
            help: ArgumentHelp("Theme name or .toml file (default: $GPCN_THEME, the profile's theme, else default). `gpcn themes` lists them.",
                               valueName: "name|path"))
    var theme: String?

    @Option(name: .customLong("colors"),
            help: ArgumentHelp("Colour depth: auto, 256, 16, 8 or none (auto: what TERM offers).", valueName: "depth"))
    var colors: String = "auto"

    @Flag(name: .customLong("accessible"),
          help: "Plain prompts and line output instead of the full-screen UI, for screen readers and scripts (also GPCN_ACCESSIBLE=1).")
    var accessible = false

    @Flag(name: .customLong("low-bandwidth"),
          help: "No spinners or animation and slower refreshes, for slow links (also GPCN_LOW_BANDWIDTH=1).")
    var lowBandwidth = false

    func validate() throws {
        if colors.lowercased() != "auto" && ColorPlan.Depth(argument: colors) == nil {
            throw ValidationError("--colors takes auto, 256, 16, 8 or none, not '\(colors)'")
        }
    }

    /// The most colour to use.
    var maxColorDepth: ColorPlan.Depth { ColorPlan.Depth(argument: colors) ?? .full256 }

    func isAccessible(_ environment: [String: String]) -> Bool {
        accessible || ConsoleLauncher.truthy(environment["GPCN_ACCESSIBLE"])
    }

    func isLowBandwidth(_ environment: [String: String]) -> Bool {
        lowBandwidth || ConsoleLauncher.truthy(environment["GPCN_LOW_BANDWIDTH"])
    }

    func isNoColor(_ environment: [String: String]) -> Bool {
        noColor || !(environment["NO_COLOR"] ?? "").isEmpty || maxColorDepth == .monochrome
    }
}

/// Opens the console, runs it to the end and restores the terminal: the full-screen UI, or the
/// accessible line flow under `--accessible`. The one place commands start ncurses from.
enum ConsoleLauncher {
    /// - Parameters:
    ///   - profileTheme: the profile's `theme =` (config file); `--theme` and `$GPCN_THEME` win over it.
    ///   - initial: the first state (a wizard with pre-filled answers, or a jobs screen).
    ///   - startEffects: performed once at the start (the rest of a batch for `create --wait`); not
    ///     for accessible mode.
    static func run(session: Session, display: DisplayOptions, profileTheme: String? = nil, startEffects: [Effect] = [],
                    initial: (ConsoleSettings, Size) -> AppState) async throws -> AppState {
        let environment = session.environment
        let lowBandwidth = display.isLowBandwidth(environment)
        if display.isAccessible(environment) {
            let settings = ConsoleSettings(endpoint: session.client.endpoint, glyphs: .ascii, lowBandwidth: lowBandwidth)
            return try await AccessibleFlow.run(session: session, display: display,
                                                initial: initial(settings, Size(width: 80, height: 24)))
        }
        let theme = Self.theme(display: display, profileTheme: profileTheme, environment: environment)
        let backend: NcursesTerminal
        do {
            backend = try NcursesTerminal(palette: theme.palette, noColor: display.isNoColor(environment),
                                          maxColorDepth: display.maxColorDepth)
        } catch {
            throw Failure(code: Exit.usage, message: "\(error)")
        }
        let glyphs: Glyphs = display.ascii || !backend.isUTF8 ? .ascii : .unicode
        let pollClient = try? session.makePollClient()
        let runtime = ConsoleRuntime(api: session.client, backend: backend, journal: session.journal, pollAPI: pollClient)
        let settings = ConsoleSettings(endpoint: session.client.endpoint, glyphs: glyphs, lowBandwidth: lowBandwidth,
                                       sshCommand: session.profile?.sshCommand.flatMap(ShellWords.split),
                                       notify: session.profile?.notify ?? true,
                                       copyUnsupported: ConsoleSettings.copyUnsupported(term: environment["TERM"]))
        let final = await runtime.run(initial(settings, backend.size), startEffects: startEffects)
        await pollClient?.shutdown()
        return final
    }

    /// The theme to draw with: `--theme`, else `$GPCN_THEME`, else the profile's, else default.
    /// A missing or broken theme is reported on stderr (file, line, key) and the default used.
    static func theme(display: DisplayOptions, profileTheme: String?, environment: [String: String]) -> Theme {
        let wanted = [display.theme, environment["GPCN_THEME"], profileTheme]
            .compactMap { $0 }.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let (loaded, problem) = ThemeLibrary.resolve(wanted, folders: .find(environment: environment))
        if let problem { Console.error(problem) }
        for warning in loaded.warnings { Console.error("theme: \(warning)") }
        return loaded.theme
    }

    /// Refuses early, with one line, when there is no terminal for the full-screen UI. Accessible
    /// mode needs none (it reads plain lines, from a pipe too), so it passes.
    static func checkTerminal(_ environment: [String: String]) throws {
        if truthy(environment["GPCN_ACCESSIBLE"]) || CommandLine.arguments.dropFirst().contains("--accessible") { return }
        do {
            try NcursesTerminal.checkTerminal(term: environment["TERM"])
        } catch {
            throw Failure(code: Exit.usage, message: "\(error)")
        }
    }

    /// `1`, `true`, `yes`, `on` (any case).
    static func truthy(_ value: String?) -> Bool {
        guard let v = value?.lowercased() else { return false }
        return ["1", "true", "yes", "on"].contains(v)
    }
}
