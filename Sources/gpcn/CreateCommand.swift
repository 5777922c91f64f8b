import ArgumentParser
import Foundation
import GPCNConsole
import GPCNCore
import GPCNRuntime
import TerminalNcurses
import TerminalUI

struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create VMs with the full-screen wizard, then watch their jobs.",
        discussion: """
        The wizard walks through data center, image, size, login, networks and name, \
        checking every field as you type; Enter on the review submits.

        Examples:
          gpcn --demo create        the wizard against the built-in simulator
          gpcn create               the wizard against $GPCN_HOST with $GPCN_API_KEY
        """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .customLong("ascii"), help: "Draw with plain ASCII (automatic when the locale is not UTF-8).")
    var ascii = false

    @Flag(name: .customLong("no-color"), help: "No colours: attributes only (also with NO_COLOR set).")
    var noColor = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        do {
            try NcursesTerminal.checkTerminal(term: environment["TERM"])
        } catch {
            throw Failure(code: Exit.usage, message: "\(error)")
        }
        let session = try await Session.open(global)
        let backend: NcursesTerminal
        do {
            backend = try NcursesTerminal(noColor: noColor || !(environment["NO_COLOR"] ?? "").isEmpty)
        } catch {
            await session.close()
            throw Failure(code: Exit.usage, message: "\(error)")
        }
        let glyphs: Glyphs = ascii || !backend.isUTF8 ? .ascii : .unicode
        let journal = JournalFile(path: DashboardFiles.journalPath(demo: global.demo, environment: environment))
        let pollClient = try? DashboardFiles.pollClient(for: session.client)
        let runtime = ConsoleRuntime(api: session.client, backend: backend, journal: journal, pollAPI: pollClient)
        let settings = ConsoleSettings(endpoint: session.client.endpoint, glyphs: glyphs)
        let final = await runtime.run(AppState.wizard(settings: settings, size: backend.size))
        await pollClient?.shutdown()
        await session.close()
        let code = final.exitCode ?? Exit.ok
        if let jobs = final.jobs {
            // Left in the scrollback after the full-screen UI is gone.
            Console.out(JobSummary.text(jobs, demo: global.demo))
        }
        if code != Exit.ok { throw Failure(code: code, message: nil) }
    }
}
