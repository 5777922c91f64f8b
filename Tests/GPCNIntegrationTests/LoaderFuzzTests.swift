import Foundation
import GPCNCore
import GPCNThemes
import Testing
@testable import gpcn

/// Random bytes and random mutations of real files thrown at the TOML loaders: the config file
/// (`TOMLFile` + `GPCNConfig` + the whole `ResolvedConfig.load`), presets (`CreateFlags.preset`)
/// and themes (`ThemeFile.parse`). No crash and no hang; every refusal is a clear error: a
/// non-empty message that names the file, a line inside it when one is given.
///
/// `GPCN_FUZZ_ITERATIONS` (inputs, default 3000) and `GPCN_FUZZ_SEED` as for the other fuzz tests.
@Suite struct LoaderFuzzTests {
    static let iterations = Int(ProcessInfo.processInfo.environment["GPCN_FUZZ_ITERATIONS"] ?? "") ?? 3000
    static let seed = UInt64(ProcessInfo.processInfo.environment["GPCN_FUZZ_SEED"] ?? "") ?? 0x510E_527F

    static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// Real files: the shipped themes, a config like README's, the starter `config init` writes,
    /// and a preset as `--save-preset` writes it.
    static let corpus: [String] = {
        let themes = (try? FileManager.default.contentsOfDirectory(atPath: repository + "/themes")) ?? []
        var texts = themes.sorted().compactMap { try? String(contentsOfFile: repository + "/themes/" + $0, encoding: .utf8) }
        texts.append("""
            default_profile = "prod"            # used when neither --profile nor GPCN_PROFILE names one

            [profiles.prod]
            host = "https://api.gpcn.com"
            api_key = "gpcn_0123456789"
            theme = "high-contrast"
            datacenter = "Chicago"
            ssh_key = "ops-laptop"
            networks = ["prod-web,primary"]
            public_ip = true

            [profiles.staging]
            host = "https://staging.example.com"
            api_key_file = "staging.key"
            """)
        texts.append(ConfigCommand.starter(profile: "prod", host: "https://api.gpcn.com", apiKey: "gpcn_k\"ey\\"))
        var flags = CreateFlags()
        flags.datacenter = "Chicago"; flags.image = "Ubuntu 24.04 LTS"; flags.size = "G-Small-1"
        flags.name = "web"; flags.count = 3; flags.networks = ["prod-web", "prod-db,primary"]; flags.publicIp = true
        texts.append(flags.presetTOML(comment: ["fuzz"]))
        return texts
    }()

    static let tokens: [String] = [
        "[", "]", "[[", "]]", "=", "\"", "'", "'''", "\"\"\"", "\n", "#", ",", ".", "{", "}", "[roles.text]",
        "[profiles.x]", "[[profiles]]", "inf", "nan", "-0", "1e400", "9223372036854775808", "0x7FFFFFFF",
        "1979-05-27T07:32:00Z", "07:32:00", "true", "\\u0000", "\\", "\u{0}", "\u{FEFF}", "é東😀", "\r\n", "\t",
        "a.b.c = 1", "roles.text.fg = 300", "count = -1", "networks = [1, {}, []]", "api_key = 42",
    ]

    static func mutate(_ text: String, _ rng: inout SplitMix64) -> String {
        var b = Array(text.utf8)
        for _ in 0..<(1 + rng.index(6)) {
            guard !b.isEmpty else { b = Array(tokens[rng.index(tokens.count)].utf8); continue }
            let at = rng.index(b.count)
            switch rng.index(6) {
            case 0: b[at] = UInt8(truncatingIfNeeded: rng.next())
            case 1: b.removeSubrange(at..<min(b.count, at + 1 + rng.index(20)))
            case 2, 3: b.insert(contentsOf: Array(tokens[rng.index(tokens.count)].utf8), at: at)
            case 4: b.insert(contentsOf: Array(b[at..<min(b.count, at + rng.index(64))]), at: at)
            default:
                let other = Array(corpus[rng.index(corpus.count)].utf8)
                b = Array(b[..<at]) + Array(other.suffix(rng.index(other.count + 1)))
            }
        }
        return String(decoding: b, as: UTF8.self)
    }

    static func input(_ rng: inout SplitMix64) -> String {
        switch rng.index(10) {
        case 0: return String(decoding: rng.bytes(rng.index(300)), as: UTF8.self)
        case 1:  // deep nesting and very long lines
            let depth = 1 + rng.index(3000)
            return ["a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: rng.index(depth + 1)),
                    String(repeating: "[a.", count: depth / 10) + "b]",
                    "k = \"" + String(repeating: "x", count: depth * 20) + "\"",
                    "x = { " + String(repeating: "a = { ", count: depth / 4) + "}"][rng.index(4)]
        default: return mutate(corpus[rng.index(corpus.count)], &rng)
        }
    }

    /// A clear error: a message, the file named, a line within the text when one is given.
    static func expectClear(_ message: String?, place: String, text: String, line: Int? = nil) {
        let m = message ?? ""
        #expect(!m.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "an empty error for \(text.prefix(80).debugDescription)")
        #expect(m.contains(place), "the error names the file: \(m.prefix(200))")
        if let line { #expect(line >= 1 && line <= text.split(separator: "\n", omittingEmptySubsequences: false).count + 1) }
    }

    @Test func tomlLoadersGiveAValueOrAClearError() {
        var rng = SplitMix64(seed: Self.seed)
        var parsed = 0, configs = 0, presets = 0, themes = 0
        for i in 0..<Self.iterations {
            let text = Self.input(&rng)
            let place = "fuzz-\(i).toml"
            if ProcessInfo.processInfo.environment["GPCN_FUZZ_TRACE"] != nil {
                try? text.write(toFile: "/tmp/gpcn-loader-fuzz-last.toml", atomically: false, encoding: .utf8)
            }
            // Config and presets: TOML first, then the meaning.
            do {
                let table = try TOMLFile.parse(text, place: place)
                parsed += 1
                do { _ = try GPCNConfig(table: table, place: place); configs += 1 } catch let e as ConfigError {
                    Self.expectClear(e.message, place: place, text: text)
                } catch { Issue.record("config: an unexpected error \(error)") }
                do { _ = try CreateFlags.preset(table, where: place); presets += 1 } catch let e as ConfigError {
                    Self.expectClear(e.message, place: place, text: text)
                } catch { Issue.record("preset: an unexpected error \(error)") }
            } catch let f as Failure {
                #expect(f.code == Exit.usage)
                Self.expectClear(f.message, place: place, text: text)
            } catch {
                Issue.record("TOML: an unexpected error \(error)")
            }
            // Themes.
            do {
                let p = try ThemeFile.parse(text, source: place, fallbackName: "fuzz")
                themes += 1
                _ = ThemeFile.render(p.theme)
            } catch {
                Self.expectClear(error.description, place: place, text: text, line: error.line)
            }
        }
        print("loader fuzz: \(Self.iterations) inputs; \(parsed) parsed as TOML, \(configs) valid configs, "
              + "\(presets) valid presets, \(themes) valid themes")
        #expect(parsed > 0 && themes > 0, "mutations of real files sometimes still load")
    }

    /// The whole config path of a command: the file read from disk (random bytes, invalid UTF-8
    /// included), its mode checked, a profile chosen.
    @Test func configFilesOnDiskGiveAValueOrAClearError() throws {
        var rng = SplitMix64(seed: Self.seed ^ 0xC0F1)
        let dir = NSTemporaryDirectory() + "gpcn-loader-fuzz-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/config.toml"
        let options = try GlobalOptions.parse([])
        var loaded = 0
        for _ in 0..<max(1, Self.iterations / 10) {
            let bytes: [UInt8] = rng.index(3) == 0 ? rng.bytes(rng.index(400)) : Array(Self.input(&rng).utf8)
            FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
            chmod(path, rng.index(4) == 0 ? 0o644 : 0o600)
            do {
                _ = try ResolvedConfig.load(options, environment: ["GPCN_CONFIG": path, "HOME": dir])
                loaded += 1
            } catch let f as Failure {
                #expect(f.code == Exit.usage)
                let m = f.message ?? ""
                #expect(!m.isEmpty)
                #expect(!m.contains("gpcn_0123456789") && !m.contains("gpcn_k\"ey"), "an error never shows the key: \(m)")
            } catch {
                Issue.record("an unexpected error \(error)")
            }
        }
        print("loader fuzz on disk: \(max(1, Self.iterations / 10)) files, \(loaded) loaded")
    }
}

/// Inputs the fuzz found that aborted the process inside TOMLKit's parser (toml++ assertions),
/// now refused with a line number; and valid TOML that looks similar, still accepted.
@Suite struct LoaderFuzzRegressionTests {
    static let trapping: [(String, Int)] = [
        ("name = \"x\"\n[= 33  # a header without a name\n", 2),
        ("[ #x]\n", 1),
        ("\u{FEFF}[=]\n", 1),
        ("[[{a]]\n", 1),
        ("attrs = [}\"dim\"]\n", 1),
        ("a = [1,\n  }\n]\n", 2),
        ("a = [\u{2028}1]\n", 1),
        ("x = { a = [ } ] }\n", 1),
        ("[roles.text]\nmono = [\"bold\", \u{85}]\n", 2),
    ]

    @Test(arguments: trapping) func trappingInputsAreRefusedWithTheirLine(_ input: (String, Int)) {
        #expect(TOMLSafety.unsafeLine(input.0) == input.1)
        do {
            _ = try TOMLFile.parse(input.0, place: "bad.toml")
            Issue.record("accepted")
        } catch let f as Failure {
            #expect(f.message?.hasPrefix("bad.toml: line \(input.1): not valid TOML") == true, "\(f.message ?? "")")
        } catch {
            Issue.record("\(error)")
        }
        #expect(throws: ThemeError.self) { try ThemeFile.parse(input.0, source: "bad.toml", fallbackName: "bad") }
    }

    static let valid: [String] = [
        "[a]\nb = 1\n[[c]]\nd = 2\n[ \"q]=\" . e ]\n['lit']\n",
        "a = [\n  [1, 2],\n  [ \"x\" ],\n  [ {b = 1} ],\n  # a comment [=]\n]\n",
        "s = \"\"\"\n[=]\n}\"\"\"\nt = '''\n[ #x]\n'''\nu = \"[=] \\\" [=\"\n",
        "a = [ ]\nb = [1, 2, ]\nc = { d = [ \"}\" ] }\n",
        "k = \"x\" # [=]\n  [table]   # indented header\n",
    ]

    @Test(arguments: valid) func similarValidTOMLStillParses(_ text: String) throws {
        #expect(TOMLSafety.unsafeLine(text) == nil)
        _ = try TOMLFile.parse(text, place: "good.toml")
    }

    @Test func everyRealFileIsUntouched() {
        for text in LoaderFuzzTests.corpus { #expect(TOMLSafety.unsafeLine(text) == nil) }
    }
}
