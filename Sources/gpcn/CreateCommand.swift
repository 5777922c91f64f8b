import ArgumentParser
import Foundation
import GPCNConsole
import GPCNCore

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
    @OptionGroup var display: DisplayOptions

    func run() async throws {
        try ConsoleLauncher.checkTerminal(ProcessInfo.processInfo.environment)
        let final = try await Session.with(global) { session in
            try await ConsoleLauncher.run(session: session, display: display) { settings, size in
                AppState.wizard(settings: settings, size: size)
            }
        }
        let code = final.exitCode ?? Exit.ok
        if let jobs = final.jobs {
            // Left in the scrollback after the full-screen UI is gone.
            Console.out(JobSummary.text(jobs, demo: global.demo))
        }
        if code != Exit.ok { throw Failure(code: code, message: nil) }
    }
}
