import Testing
@testable import GPCNCore

private func table(_ json: String) throws -> [String: JSONValue] {
    try decodeJSON([String: JSONValue].self, json)
}

/// The file as TOMLKit hands it over (tables become objects).
private let file = """
{ "default_profile": "prod",
  "profiles": {
    "prod": { "host": "https://api.gpcn.com", "api_key_file": "~/.config/gpcn/prod.key", "theme": "high-contrast",
              "datacenter": "Chicago", "ssh_key": "laptop", "networks": ["web,primary"], "public_ip": true },
    "staging": { "host": "https://staging.example", "api_key": "gpcn_staging_key" },
    "default": { "host": "https://default.example" } } }
"""

@Suite("Config: profiles and precedence")
struct ConfigTests {
    let place = "/home/op/.config/gpcn/config.toml"

    @Test func parses_profiles_and_create_defaults() throws {
        let config = try GPCNConfig(table: try table(file), place: place)
        #expect(config.defaultProfile == "prod")
        #expect(config.profiles.keys.sorted() == ["default", "prod", "staging"])
        let prod = try #require(config.profiles["prod"])
        #expect(prod.apiKeyFile == "~/.config/gpcn/prod.key")
        #expect(prod.theme == "high-contrast")
        #expect(prod.create == CreateFlags(datacenter: "Chicago", sshKey: "laptop", networks: ["web,primary"], publicIp: true))
        #expect(config.holdsKey)  // staging has api_key in the file
    }

    @Test func profile_selection_flag_then_env_then_default_profile_then_default() throws {
        let config = try GPCNConfig(table: try table(file), place: place)
        #expect(try config.selectProfile(flag: "staging", environment: ["GPCN_PROFILE": "prod"], place: place)?.name == "staging")
        #expect(try config.selectProfile(flag: nil, environment: ["GPCN_PROFILE": "staging"], place: place)?.name == "staging")
        #expect(try config.selectProfile(flag: nil, environment: [:], place: place)?.name == "prod")
        var noDefault = config
        noDefault.defaultProfile = nil
        #expect(try noDefault.selectProfile(flag: nil, environment: [:], place: place)?.name == "default")
        noDefault.profiles["default"] = nil
        #expect(try noDefault.selectProfile(flag: nil, environment: [:], place: place) == nil)
    }

    @Test func unknown_profile_lists_the_known_ones() throws {
        let config = try GPCNConfig(table: try table(file), place: place)
        #expect(throws: ConfigError("no profile 'prdo' (from --profile) in \(place); profiles: default, prod, staging")) {
            try config.selectProfile(flag: "prdo", environment: [:], place: place)
        }
        #expect(throws: ConfigError.self) {
            try config.selectProfile(flag: nil, environment: ["GPCN_PROFILE": "nope"], place: place)
        }
    }

    @Test func the_dashboards_ssh_command_and_notify() throws {
        let config = try GPCNConfig(table: try table(#"{"profiles": {"p": {"ssh_command": "ssh -J 'jump host'", "notify": false, "subnet": "app"}}}"#),
                                    place: place)
        #expect(config.profiles["p"]?.sshCommand.flatMap(ShellWords.split) == ["ssh", "-J", "jump host"])
        #expect(config.profiles["p"]?.notify == false)
        #expect(config.profiles["p"]?.create.subnet == "app")
        for bad in [#"{"ssh_command": "ssh 'open"}"#, #"{"ssh_command": "  "}"#, #"{"notify": "no"}"#] {
            #expect(throws: ConfigError.self) {
                try GPCNConfig(table: try table(#"{"profiles": {"p": "# + bad + #"}}"#), place: place)
            }
        }
    }

    @Test func max_count_lowers_the_batch_limit_and_only_takes_1_to_250() throws {
        let config = try GPCNConfig(table: try table(#"{"profiles": {"p": {"max_count": 40}, "q": {}}}"#), place: place)
        #expect(config.profiles["p"]?.maxCount == 40)
        #expect(config.profiles["q"]?.maxCount == nil)
        for bad in ["0", "251", "12.5", "\"40\"", "-3"] {
            let error = #expect(throws: ConfigError.self) {
                try GPCNConfig(table: try table(#"{"profiles": {"p": {"max_count": "# + bad + #"}}}"#), place: place)
            }
            #expect(error?.message.contains("max_count must be a whole number from 1 to 250") == true)
        }
    }

    @Test func typos_and_wrong_types_are_refused_with_the_known_keys() throws {
        #expect(throws: ConfigError.self) {
            try GPCNConfig(table: try table(#"{"profiles": {"p": {"hots": "x"}}}"#), place: place)
        }
        do {
            _ = try GPCNConfig(table: try table(#"{"host": "x"}"#), place: place)
            Issue.record("top-level host accepted")
        } catch let e as ConfigError {
            #expect(e.message.contains("[profiles.NAME]"))
        }
        #expect(throws: ConfigError.self) {
            try GPCNConfig(table: try table(#"{"profiles": {"p": {"public_ip": "yes"}}}"#), place: place)
        }
        #expect(throws: ConfigError.self) {
            try GPCNConfig(table: try table(#"{"profiles": {"p": {"api_key": "a", "api_key_file": "b"}}}"#), place: place)
        }
    }

    @Test func precedence_flags_then_environment_then_profile_then_defaults() throws {
        let config = try GPCNConfig(table: try table(file), place: place)
        let prod = try config.selectProfile(flag: nil, environment: [:], place: place)
        var reads: [String] = []
        let read: (String) throws -> String = { reads.append($0); return "gpcn_prod_key\n" }

        let fromProfile = try ConnectionSettings.resolve(hostFlag: nil, environment: [:], profile: prod, readKeyFile: read)
        #expect(fromProfile.host == Sourced("https://api.gpcn.com", from: "profile prod"))
        #expect(fromProfile.apiKey == Sourced("gpcn_prod_key", from: "profile prod (api_key_file)"))
        #expect(fromProfile.theme == Sourced("high-contrast", from: "profile prod"))

        let env = ["GPCN_HOST": "https://env.example", "GPCN_API_KEY": "gpcn_env_key", "GPCN_THEME": "light"]
        reads = []
        let fromEnv = try ConnectionSettings.resolve(hostFlag: nil, environment: env, profile: prod, readKeyFile: read)
        #expect(fromEnv.host == Sourced("https://env.example", from: "GPCN_HOST"))
        #expect(fromEnv.apiKey == Sourced("gpcn_env_key", from: "GPCN_API_KEY"))
        #expect(fromEnv.theme?.value == "light")
        #expect(reads.isEmpty)  // the key file is not even read when the environment has a key

        let fromFlag = try ConnectionSettings.resolve(hostFlag: "https://flag.example", themeFlag: "monochrome",
                                                      environment: env, profile: prod, readKeyFile: read)
        #expect(fromFlag.host == Sourced("https://flag.example", from: "--host"))
        #expect(fromFlag.theme?.value == "monochrome")

        let bare = try ConnectionSettings.resolve(hostFlag: nil, environment: [:], profile: nil, readKeyFile: read)
        #expect(bare.host == Sourced(ConnectionSettings.defaultHost, from: "default"))
        #expect(bare.apiKey == nil)
        #expect(bare.theme == nil)
    }

    @Test func empty_environment_values_do_not_count() throws {
        let s = try ConnectionSettings.resolve(hostFlag: nil, environment: ["GPCN_HOST": "", "GPCN_API_KEY": ""],
                                               profile: ("p", GPCNConfig.Profile(host: "https://p.example", apiKey: "k")),
                                               readKeyFile: { _ in "" })
        #expect(s.host.value == "https://p.example")
        #expect(s.apiKey?.value == "k")
    }

    @Test func modes_with_group_or_other_bits_are_refused_with_the_fix() {
        #expect(ConfigLocation.refusal(path: "/c/config.toml", mode: 0o600) == nil)
        #expect(ConfigLocation.refusal(path: "/c/config.toml", mode: 0o400) == nil)
        for mode: UInt32 in [0o644, 0o640, 0o604, 0o660, 0o666] {
            let message = ConfigLocation.refusal(path: "/c/config.toml", mode: mode)
            #expect(message?.contains("chmod 600 /c/config.toml") == true)
        }
        #expect(ConfigLocation.refusal(path: "/c/my config.toml", mode: 0o644)?
            .contains("mode 0644") == true)
        #expect(ConfigLocation.refusal(path: "/c/my config.toml", mode: 0o644)?
            .hasSuffix("chmod 600 '/c/my config.toml'") == true)
    }

    @Test func location_follows_gpcn_config_then_xdg_then_home() {
        #expect(ConfigLocation.path(environment: ["GPCN_CONFIG": "/x/c.toml", "XDG_CONFIG_HOME": "/xdg"]) == ("/x/c.toml", true))
        #expect(ConfigLocation.path(environment: ["GPCN_CONFIG": "~/c.toml", "HOME": "/h"]) == ("/h/c.toml", true))
        #expect(ConfigLocation.path(environment: ["XDG_CONFIG_HOME": "/xdg", "HOME": "/h"]) == ("/xdg/gpcn/config.toml", false))
        #expect(ConfigLocation.path(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/h"]) == ("/h/.config/gpcn/config.toml", false))
        #expect(ConfigLocation.expand("keys/p.key", environment: [:], relativeTo: "/h/.config/gpcn") == "/h/.config/gpcn/keys/p.key")
    }
}

@Suite("Presets")
struct PresetTests {
    @Test func preset_text_reads_back_to_the_same_flags() throws {
        let flags = CreateFlags(datacenter: "東京 Tokyo", image: "Ubuntu \"24\" LTS", size: "G-Small-1", auth: .sshKey,
                                sshKey: "ops\\laptop", username: "deploy", networks: ["web,primary", "db"], publicIp: true,
                                count: 3, resourceGroup: "production", name: "web\tx")
        let text = flags.presetTOML(comment: ["test"])
        #expect(text.hasPrefix("# test\n"))
        #expect(!text.lowercased().contains("password ="))
        // The same values as TOMLKit would hand them over.
        let parsed: [String: JSONValue] = [
            "datacenter": .string("東京 Tokyo"), "image": .string("Ubuntu \"24\" LTS"), "size": .string("G-Small-1"),
            "auth": .string("ssh-key"), "ssh_key": .string("ops\\laptop"), "username": .string("deploy"),
            "networks": .array([.string("web,primary"), .string("db")]), "public_ip": .bool(true),
            "count": .number(3), "resource_group": .string("production"), "name": .string("web\tx"),
        ]
        #expect(try CreateFlags.preset(parsed, where: "p.toml") == flags)
        #expect(text.contains(#"image = "Ubuntu \"24\" LTS""#))
        #expect(text.contains(#"ssh_key = "ops\\laptop""#))
        #expect(text.contains(#"name = "web\tx""#))
        #expect(text.contains(#"networks = ["web,primary", "db"]"#))
    }

    @Test func a_preset_with_a_password_or_unknown_keys_is_refused() {
        #expect(throws: ConfigError.self) {
            try CreateFlags.preset(["password": .string("Secret123!xx")], where: "p.toml")
        }
        do {
            _ = try CreateFlags.preset(["datacentre": .string("x")], where: "p.toml")
            Issue.record("typo accepted")
        } catch let e as ConfigError {
            #expect(e.message.contains("unknown key datacentre"))
            #expect(e.message.contains("datacenter"))
        } catch { Issue.record("\(error)") }
        #expect(throws: ConfigError.self) { try CreateFlags.preset(["auth": .string("telnet")], where: "p.toml") }
        #expect(throws: ConfigError.self) { try CreateFlags.preset(["count": .number(2.5)], where: "p.toml") }
    }

    @Test func toml_quoting_escapes_control_characters() {
        #expect(TOML.quote("a\u{1}b") == "\"a\\u0001b\"")
        #expect(TOML.quote("plain") == "\"plain\"")
    }
}
