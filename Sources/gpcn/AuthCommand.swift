import ArgumentParser
import GPCNCore

struct AuthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth",
        abstract: "Check the API key.",
        discussion: """
        Examples:
          gpcn auth check                      the key of GPCN_API_KEY or the profile
          gpcn --profile staging auth check    the key of another profile
          gpcn --demo auth check               against the built-in simulator
        """,
        subcommands: [Check.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the API key (GET /auth/check) and show what it may do.",
            discussion: "Example:\n  GPCN_API_KEY=gpcn_… gpcn auth check"
        )

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (endpoint, check) = try await Session.with(global) { session in
                (session.client.endpoint, try await session.client.authCheck())
            }
            guard check.authenticated != false else {
                throw Failure(code: Exit.api, message: "the API key was not accepted: check GPCN_API_KEY")
            }
            var lines = ["API key accepted by \(endpoint)"]
            if let c = check.credential {
                lines.append("key: \(c.name ?? c.id ?? "unnamed")")
                if let expires = c.expiresAt { lines.append("expires: \(expires)") }
            }
            if let permissions = check.grants?.permissions, !permissions.isEmpty {
                lines.append("permissions: \(permissions.joined(separator: ", "))")
                if !permissions.contains("virtual-machine:create") {
                    lines.append("note: without virtual-machine:create this key cannot create VMs")
                }
            }
            Console.out(lines.joined(separator: "\n") + "\n")
        }
    }
}
