// The configuration file (`$XDG_CONFIG_HOME/gpcn/config.toml`) as values, and the precedence
// rules: flags > environment > profile > built-in defaults. Reading the file and checking its
// mode is the command line's job; everything decided from what was read is here, pure.
//
//     default_profile = "prod"
//     [profiles.prod]
//     host = "https://api.gpcn.com"
//     api_key_file = "~/.config/gpcn/prod.key"     # or api_key = "…" (file must be 0600)
//     theme = "high-contrast"
//     datacenter = "Chicago"                        # create defaults: any preset key
//     ssh_key = "laptop"
//     ssh_command = "ssh -J bastion.example.com"    # what `s` on the dashboard runs
//     notify = false                                # no bell or desktop notification
//     max_count = 40                                # at most 40 VMs per batch (1-250)
//     ca_file = "~/.config/gpcn/corp-ca.pem"         # a CA trusted besides the system's (docs/install.md)

public struct GPCNConfig: Sendable, Equatable {
    public struct Profile: Sendable, Equatable {
        public var host: String?
        /// Secret: never printed or logged.
        public var apiKey: String?
        public var apiKeyFile: String?
        public var theme: String?
        /// PEM file of CA certificates trusted besides the system's (a proxy that re-signs TLS).
        public var caFile: String?
        /// Defaults for `gpcn create` (flags and presets override them).
        public var create: CreateFlags
        /// What `s` on the dashboard runs instead of `ssh` (words split like a shell, without
        /// expansion); `USER@ADDRESS` is added last.
        public var sshCommand: String?
        /// False: no bell, desktop notification or title when the dashboard's jobs end.
        public var notify: Bool?
        /// The most VMs one batch may ask for (1…250, `CreateVMValidator.batchLimit`): a lower
        /// limit for the wizard's count, `--count` and accessible mode. nil: 250.
        public var maxCount: Int?

        public init(host: String? = nil, apiKey: String? = nil, apiKeyFile: String? = nil, theme: String? = nil,
                    create: CreateFlags = CreateFlags()) {
            self.host = host; self.apiKey = apiKey; self.apiKeyFile = apiKeyFile; self.theme = theme
            self.create = create
        }
    }

    public var defaultProfile: String?
    public var profiles: [String: Profile]

    public init(defaultProfile: String? = nil, profiles: [String: Profile] = [:]) {
        self.defaultProfile = defaultProfile; self.profiles = profiles
    }

    /// Whether any profile holds a key in the file itself (then the file must be 0600).
    public var holdsKey: Bool { profiles.values.contains { $0.apiKey != nil } }

    public static let topKeys = ["default_profile", "profiles"]
    public static let profileKeys = ["host", "api_key", "api_key_file", "theme", "ca_file", "ssh_command", "notify", "max_count"]
        + CreateFlags.presetKeys.filter { $0 != "name" && $0 != "count" }

    /// Reads the parsed file. Unknown keys are refused with the ones that exist, so a typo is
    /// never silently ignored; `place` (the file's path) starts every message.
    public init(table root: [String: JSONValue], place: String) throws {
        let unknown = root.keys.filter { !Self.topKeys.contains($0) }.sorted()
        if !unknown.isEmpty {
            let hint = unknown.contains(where: Self.profileKeys.contains)
                ? " (profile settings go under a [profiles.NAME] table)" : " (known: \(Self.topKeys.joined(separator: ", ")))"
            throw ConfigError("\(place): unknown key \(unknown.joined(separator: ", "))\(hint)")
        }
        if let v = root["default_profile"] {
            guard case .string(let s) = v else { throw ConfigError("\(place): default_profile must be a string") }
            defaultProfile = s
        }
        profiles = [:]
        if let v = root["profiles"] {
            guard case .object(let tables) = v else {
                throw ConfigError("\(place): profiles must be tables: [profiles.NAME]")
            }
            for (name, value) in tables {
                guard case .object(let t) = value else {
                    throw ConfigError("\(place): profiles.\(name) must be a table: [profiles.\(name)]")
                }
                let where_ = "\(place): [profiles.\(name)]"
                let bad = t.keys.filter { !Self.profileKeys.contains($0) }.sorted()
                if !bad.isEmpty {
                    throw ConfigError("\(where_): unknown key \(bad.joined(separator: ", ")) " +
                                      "(known: \(Self.profileKeys.joined(separator: ", ")))")
                }
                func string(_ key: String) throws -> String? {
                    guard let v = t[key] else { return nil }
                    guard case .string(let s) = v else { throw ConfigError("\(where_): \(key) must be a string in quotes") }
                    return s
                }
                var profile = Profile(host: try string("host"), apiKey: try string("api_key"),
                                      apiKeyFile: try string("api_key_file"), theme: try string("theme"))
                profile.caFile = try string("ca_file")
                if profile.apiKey != nil && profile.apiKeyFile != nil {
                    throw ConfigError("\(where_): give api_key or api_key_file, not both")
                }
                profile.create = try CreateFlags(table: t.filter { CreateFlags.presetKeys.contains($0.key) }, where: where_)
                profile.sshCommand = try string("ssh_command")
                if let command = profile.sshCommand, ShellWords.split(command)?.isEmpty != false {
                    throw ConfigError("\(where_): ssh_command must name a program, e.g. \"ssh -J bastion\" (got \"\(command)\")")
                }
                if let v = t["notify"] {
                    guard case .bool(let b) = v else { throw ConfigError("\(where_): notify must be true or false") }
                    profile.notify = b
                }
                if let v = t["max_count"] {
                    let range = CreateVMValidator.batchRange
                    guard case .number(let d) = v, d == d.rounded(), d >= Double(range.lowerBound), d <= Double(range.upperBound) else {
                        throw ConfigError("\(where_): max_count must be a whole number from \(range.lowerBound) to \(range.upperBound) "
                                          + "(the most VMs one batch may ask for)")
                    }
                    profile.maxCount = Int(d)
                }
                profiles[name] = profile
            }
        }
    }

    /// The profile in force: `--profile`, else `GPCN_PROFILE`, else `default_profile`, else one
    /// named `default` if there is one; nil when none applies. A profile asked for by name that
    /// does not exist is an error listing the ones that do.
    public func selectProfile(flag: String?, environment: [String: String],
                              place: String) throws -> (name: String, profile: Profile)? {
        let env = environment["GPCN_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        let (asked, how): (String?, String) = flag.map { ($0, "--profile") }
            ?? env.map { ($0, "GPCN_PROFILE") } ?? defaultProfile.map { ($0, "default_profile") } ?? (nil, "")
        guard let asked else { return profiles["default"].map { ("default", $0) } }
        guard let profile = profiles[asked] else {
            let known = profiles.keys.sorted()
            throw ConfigError("no profile '\(asked)' (from \(how)) in \(place)"
                              + (known.isEmpty ? "; it has no [profiles.NAME] tables" : "; profiles: \(known.joined(separator: ", "))"))
        }
        return (asked, profile)
    }
}

/// A value and where it came from (`config show` prints both; never the key itself).
public struct Sourced<Value: Sendable & Equatable>: Sendable, Equatable {
    public var value: Value
    public var source: String
    public init(_ value: Value, from source: String) { self.value = value; self.source = source }
}

/// The connection settings after precedence: flags > environment > profile > defaults.
public struct ConnectionSettings: Sendable, Equatable {
    public var host: Sourced<String>
    /// nil when no key is configured anywhere. Secret.
    public var apiKey: Sourced<String>?
    public var theme: Sourced<String>?
    public var profileName: String?
    /// A profile's `ca_file`, as written (the command line expands it).
    public var caFile: Sourced<String>? = nil

    public static let defaultHost = "https://api.gpcn.com"

    /// - Parameters:
    ///   - readKeyFile: reads an `api_key_file` (already expanded), throwing a worded `ConfigError`.
    public static func resolve(hostFlag: String?, themeFlag: String? = nil, environment: [String: String],
                               profile: (name: String, profile: GPCNConfig.Profile)?,
                               readKeyFile: (String) throws -> String) throws -> ConnectionSettings {
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let from = profile.map { "profile \($0.name)" } ?? ""
        let host: Sourced<String> = hostFlag.map { Sourced($0, from: "--host") }
            ?? env("GPCN_HOST").map { Sourced($0, from: "GPCN_HOST") }
            ?? profile?.profile.host.map { Sourced($0, from: from) }
            ?? Sourced(defaultHost, from: "default")
        var key: Sourced<String>? = env("GPCN_API_KEY").map { Sourced($0, from: "GPCN_API_KEY") }
        if key == nil, let p = profile?.profile {
            if let k = p.apiKey, !k.isEmpty {
                key = Sourced(k, from: from)
            } else if let file = p.apiKeyFile {
                let text = try readKeyFile(file).trimmingWhitespace()
                if text.isEmpty { throw ConfigError("the api_key_file \(file) of profile \(profile!.name) is empty") }
                key = Sourced(text, from: "\(from) (api_key_file)")
            }
        }
        let theme: Sourced<String>? = themeFlag.map { Sourced($0, from: "--theme") }
            ?? env("GPCN_THEME").map { Sourced($0, from: "GPCN_THEME") }
            ?? profile?.profile.theme.map { Sourced($0, from: from) }
        return ConnectionSettings(host: host, apiKey: key, theme: theme, profileName: profile?.name,
                                  caFile: profile?.profile.caFile.map { Sourced($0, from: "\(from) (ca_file)") })
    }
}

/// Where the configuration file lives, and whether its mode is safe for what it holds.
public enum ConfigLocation {
    /// `GPCN_CONFIG`, else `$XDG_CONFIG_HOME/gpcn/config.toml`, else `~/.config/gpcn/config.toml`.
    /// The second value says whether the path was asked for explicitly (then it must exist).
    public static func path(environment: [String: String]) -> (path: String, explicit: Bool) {
        if let p = environment["GPCN_CONFIG"], !p.isEmpty { return (expand(p, environment: environment), true) }
        if let x = environment["XDG_CONFIG_HOME"], x.hasPrefix("/") { return (x + "/gpcn/config.toml", false) }
        // Never a shared directory such as /tmp (another user could plant a config there).
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/nonexistent"
        return (home + "/.config/gpcn/config.toml", false)
    }

    /// `~/x` -> `$HOME/x`; a relative path is taken relative to `directory` when given.
    public static func expand(_ path: String, environment: [String: String], relativeTo directory: String? = nil) -> String {
        if path == "~" || path.hasPrefix("~/"), let home = environment["HOME"], !home.isEmpty {
            return home + path.dropFirst()
        }
        if !path.hasPrefix("/"), let directory { return directory + "/" + path }
        return path
    }

    /// Why a file holding a key must not be used with this mode (any group or other bits), with
    /// the fix; nil when it is fine.
    public static func refusal(path: String, mode: UInt32, what: String = "holds an API key") -> String? {
        guard mode & 0o077 != 0 else { return nil }
        let octal = String(mode & 0o777, radix: 8)
        return "\(path) \(what) but is readable by group or others (mode \(String(repeating: "0", count: max(0, 4 - octal.count)) + octal)); "
            + "gpcn will not use it. Fix it with: chmod 600 \(Shell.quote(path))"
    }
}
