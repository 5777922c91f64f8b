import ArgumentParser
import CMallocTuning
import Foundation
import GPCNCore

@main
struct GPCN: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gpcn",
        abstract: "Provision virtual machines on the GPCN cloud and watch them come up.",
        discussion: """
        Without a command, opens the create wizard. Add --demo to any command to run it \
        against a simulator started inside gpcn: no account or network needed.

        Examples:
          gpcn --demo                          try the wizard against the simulator
          gpcn --demo catalog data-centers     list the simulator's data centers
          gpcn auth check                      verify GPCN_API_KEY against the API
          gpcn simulate --port 8080            run the simulator as a server
        """,
        version: GPCNVersion.current,
        subcommands: [CreateCommand.self, JobsCommand.self, VMsCommand.self, CatalogCommand.self, AuthCommand.self, ConfigCommand.self,
                      ThemesCommand.self, SimulateCommand.self, DoctorCommand.self],
        defaultSubcommand: CreateCommand.self
    )

    static func main() async {
        // Before any thread allocates: one malloc arena instead of one per thread (each keeps
        // its freed memory resident; docs/performance.md, "Resident memory").
        _ = malloctuning_limit_arenas(1)
        // Under cron, systemd or `env -i` HOME may be unset: take it from the password database
        // so config, journal and themes resolve to the user's own directories.
        if getenv("HOME") == nil, let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir {
            setenv("HOME", dir, 0)
        }
        let arguments = GlobalOptions.hoistedArguments(Array(CommandLine.arguments.dropFirst()),
                                                        subcommands: subcommandNames)
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as Failure {
            if let message = failure.message { Console.error(message) }
            Foundation.exit(failure.code)
        } catch {
            // Help and --version print and exit 0; any other parse error is a one-line
            // usage error with exit 1 (docs/product.md §2), not ArgumentParser's 64.
            if exitCode(for: error) == .success { exit(withError: error) }
            let words = GPCN.message(for: error).split(whereSeparator: { $0 == "\n" || $0 == " " })
            let message = words.isEmpty ? "invalid arguments" : words.joined(separator: " ")
            let cleaned = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
            Console.error(cleaned + " (see gpcn --help)")
            Foundation.exit(Exit.usage)
        }
    }

    static var subcommandNames: Set<String> {
        var names: Set<String> = []
        for sub in configuration.subcommands {
            names.insert(sub._commandName)
            names.formUnion(sub.configuration.aliases)
        }
        return names
    }
}
