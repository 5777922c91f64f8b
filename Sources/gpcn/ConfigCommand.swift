import ArgumentParser
import Foundation
import GPCNClient
import GPCNCore

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Write or inspect the configuration file (profiles with host, key, theme, create defaults).",
        discussion: """
        The file is $GPCN_CONFIG, else $XDG_CONFIG_HOME/gpcn/config.toml, else \
        ~/.config/gpcn/config.toml. Precedence, highest first: flags, environment (GPCN_API_KEY, \
        GPCN_HOST, GPCN_PROFILE, GPCN_THEME), the selected profile, built-in defaults.

        Examples:
          gpcn config init               a commented starter file (key asked, hidden)
          gpcn config init --profile staging --host https://staging.example
          gpcn config show               what is in force, and where it comes from
          gpcn --profile staging config show
        """,
        subcommands: [Init.self, Show.self]
    )

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a commented starter config file (mode 0600).",
            discussion: """
            On a terminal the API key is asked with a hidden prompt (Enter leaves it out); \
            --api-key-stdin reads it from the first line of standard input instead. The key \
            is never a flag value.

            Examples:
              gpcn config init
              pass show gpcn | gpcn config init --api-key-stdin --profile prod
            """
        )

        @Option(help: ArgumentHelp("Name of the profile to write.", valueName: "name"))
        var profile = "default"

        @Option(help: ArgumentHelp("API host of the profile.", valueName: "url"))
        var host = ConnectionSettings.defaultHost

        @Flag(name: .customLong("api-key-stdin"), help: "Read the API key from standard input.")
        var apiKeyStdin = false

        @Flag(help: "Replace an existing file.")
        var force = false

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let (path, _) = ConfigLocation.path(environment: environment)
            guard profile.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }),
                  !profile.isEmpty else {
                throw Failure(code: Exit.usage, message: "--profile: use letters, digits, - and _ only")
            }
            if TOMLFile.mode(path) != nil, !force {
                throw Failure(code: Exit.usage, message: "\(path) already exists: edit it, or add --force to replace it")
            }
            var key: String?
            if apiKeyStdin {
                key = TTY.readSecretLine(prompt: "API key (not shown): ")
                if key?.isEmpty != false { throw Failure(code: Exit.usage, message: "--api-key-stdin: no key on standard input") }
            } else if TTY.stdinIsTTY {
                key = TTY.readSecretLine(prompt: "API key for profile \(profile) (not shown; Enter to leave it out): ")
                if key?.isEmpty == true { key = nil }
            }
            try Self.write(ConfigCommand.starter(profile: profile, host: host, apiKey: key), to: path, replace: force)
            Console.error("wrote \(path) (mode 0600)\(key == nil ? "; add api_key or api_key_file to it, or set GPCN_API_KEY" : "")")
        }

        /// Creates the file 0600 (its directory 0700), never readable by others even for a moment.
        static func write(_ text: String, to path: String, replace: Bool) throws {
            let directory = (path as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw Failure(code: Exit.usage, message: "cannot create \(directory): \(TOMLFile.reason(error))")
            }
            let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (replace ? O_TRUNC : O_EXCL)
            let fd = open(path, flags, 0o600)
            guard fd >= 0 else {
                throw Failure(code: Exit.usage, message: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            defer { close(fd) }
            _ = fchmod(fd, 0o600)
            let bytes = Array(text.utf8)
            var written = 0
            while written < bytes.count {
                let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Failure(code: Exit.usage, message: "cannot write \(path): \(String(cString: strerror(errno)))")
                }
                written += n
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the settings in force and where each comes from (never the key itself).",
            discussion: "Examples:\n  gpcn config show\n  GPCN_PROFILE=staging gpcn config show"
        )

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let config = try ResolvedConfig.load(global)
            let s = config.settings
            var rows: [[String]] = []
            let mode = TOMLFile.mode(config.path).map { String($0, radix: 8) }
            rows.append(["config file", config.path, config.fileExists ? "mode \(mode ?? "?")" : "absent"])
            rows.append(["profile", config.profile?.name ?? "(none)",
                         config.profile == nil ? "" : (global.profile != nil ? "--profile" : "selected")])
            rows.append(["host", s.host.value, s.host.source])
            rows.append(["api key", s.apiKey == nil ? "not set" : "set (not shown)", s.apiKey?.source ?? ""])
            rows.append(["theme", s.theme?.value ?? "default", s.theme?.source ?? "default"])
            rows += ConfigCommand.networkRows(config)
            let limit = config.profile?.profile.maxCount
            rows.append(["max count", "\(limit ?? CreateVMValidator.batchLimit) VMs per batch", limit == nil ? "default" : "profile"])
            let d = config.createDefaults
            let defaults = d.isEmpty ? "" : d.commandLine(prefix: [])
            rows.append(["create defaults", defaults.isEmpty ? "(none)" : defaults, defaults.isEmpty ? "" : "profile"])
            Console.out(TextTable(headers: ["SETTING", "VALUE", "FROM"], rows: rows).render())
        }
    }

    /// The proxy for the host (curl's environment rules) and the CAs trusted besides the system's
    /// (docs/install.md); nothing when the host itself is unusable (other commands say why).
    static func networkRows(_ config: ResolvedConfig) -> [[String]] {
        let env = ProcessInfo.processInfo.environment
        let base = ClientConfiguration(host: config.settings.host.value, apiKey: "")
        guard (try? base.baseURL()) != nil else { return [] }
        do {
            let c = try Transport.fromEnvironment(base, environment: env, caFile: config.caFile(environment: env))
            var rows = [["proxy", c.proxy.map { $0.address + ($0.user == nil ? "" : " (with credentials, not shown)") }
                            ?? "none (direct)", c.proxy?.variable ?? ""]]
            rows += c.extraTrust.map { ["extra CA", $0.path, $0.origin] }
            return rows
        } catch {
            return [["proxy", "unusable: \(APIError.from(error).userMessage)", ""]]
        }
    }

    /// The commented starter file.
    static func starter(profile: String, host: String, apiKey: String?) -> String {
        let keyLine = apiKey.map { "api_key = \(TOML.quote($0))" }
            ?? "# api_key = \"gpcn_...\"            # or keep the key in its own 0600 file:"
        return """
        # gpcn configuration (TOML), written by gpcn config init.
        #
        # Precedence, highest first: command-line flags; the environment (GPCN_API_KEY, GPCN_HOST,
        # GPCN_PROFILE, GPCN_THEME); the profile selected below; built-in defaults.
        # While this file holds an API key it must stay mode 0600 (chmod 600 FILE): gpcn refuses
        # it otherwise.

        # The profile used when neither --profile nor GPCN_PROFILE names one.
        default_profile = \(TOML.quote(profile))

        [profiles.\(profile)]
        host = \(TOML.quote(host))
        \(keyLine)
        # api_key_file = "~/.config/gpcn/\(profile).key"
        # theme = "default"                 # default, monochrome, high-contrast, light
        # ca_file = "corp-ca.pem"           # a CA trusted besides the system's (a proxy that re-signs TLS)
        # max_count = 40                    # at most 40 VMs per batch (1-250; the default is 250)
        #
        # Defaults for gpcn create (ids or names; flags and --from presets override them):
        # datacenter = "Chicago"
        # ssh_key = "laptop"
        # image = "Ubuntu 24.04 LTS"
        # size = "G-Small-1"
        # auth = "ssh-key"
        # networks = ["web,primary"]
        # public_ip = false
        # resource_group = "production"

        # Another profile, chosen with --profile staging or GPCN_PROFILE=staging:
        # [profiles.staging]
        # host = "https://staging.example.com"
        # api_key_file = "~/.config/gpcn/staging.key"

        """
    }
}
