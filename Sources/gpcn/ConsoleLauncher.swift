import ArgumentParser
import Foundation
import GPCNConsole
import GPCNCore
import GPCNRuntime
import TerminalNcurses
import TerminalUI

/// How the full-screen UI looks: options shared by every command that opens it.
struct DisplayOptions: ParsableArguments {
    @Flag(name: .customLong("ascii"), help: "Draw with plain ASCII (automatic when the locale is not UTF-8).")
    var ascii = false

    @Flag(name: .customLong("no-color"), help: "No colours: attributes only (also with NO_COLOR set).")
    var noColor = false
}

/// Opens the full-screen console on the terminal, runs it to the end and restores the
/// terminal. The one place commands start ncurses from.
enum ConsoleLauncher {
    static func run(session: Session, display: DisplayOptions,
                    initial: (ConsoleSettings, Size) -> AppState) async throws -> AppState {
        let environment = session.environment
        let backend: NcursesTerminal
        do {
            backend = try NcursesTerminal(noColor: display.noColor || !(environment["NO_COLOR"] ?? "").isEmpty)
        } catch {
            throw Failure(code: Exit.usage, message: "\(error)")
        }
        let glyphs: Glyphs = display.ascii || !backend.isUTF8 ? .ascii : .unicode
        let pollClient = try? session.makePollClient()
        let runtime = ConsoleRuntime(api: session.client, backend: backend, journal: session.journal, pollAPI: pollClient)
        let settings = ConsoleSettings(endpoint: session.client.endpoint, glyphs: glyphs)
        let final = await runtime.run(initial(settings, backend.size))
        await pollClient?.shutdown()
        return final
    }

    /// Refuses early, with one line, when there is no terminal for the full-screen UI.
    static func checkTerminal(_ environment: [String: String]) throws {
        do {
            try NcursesTerminal.checkTerminal(term: environment["TERM"])
        } catch {
            throw Failure(code: Exit.usage, message: "\(error)")
        }
    }
}
