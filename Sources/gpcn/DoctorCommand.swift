import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GPCNApp
import GPCNClient
import GPCNCore
import GPCNSimulator
import TerminalNcurses

/// `gpcn doctor`: gathers the facts (terminal, files and their modes, one probe of the host,
/// `auth check`, the journal folder) and prints `Doctor`'s verdicts (GPCNApp/Doctor.swift).
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the terminal, config and key files, connection, proxy, TLS, clock, key and journal.",
        discussion: """
        One row per check with a verdict (ok, warn, fail) and a fix. Exits 0 when nothing \
        failed, 1 otherwise. The API key is never shown, only where it came from.

        Examples:
          gpcn doctor
          gpcn doctor --output json | jq '.checks[] | select(.verdict != "ok")'
          gpcn --demo doctor                   against the built-in simulator
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "table or json.")
    var output: OutputFormat = .table

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        Logs.bootstrap(global, environment: env)
        let facts = try await gather(env)
        let checks = Doctor.checks(facts)
        switch output {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.out(String(decoding: try encoder.encode(Doctor.Report(checks: checks)), as: UTF8.self) + "\n")
        case .table:
            // The FIX column only when something needs fixing (it would only widen the table).
            let fixes = checks.contains { $0.fix != nil }
            let rows = checks.map { [$0.name, $0.verdict.rawValue, $0.detail] + (fixes ? [$0.fix ?? ""] : []) }
            let headers = ["CHECK", "RESULT", "DETAIL"] + (fixes ? ["FIX"] : [])
            Console.out(TextTable(headers: headers, rows: rows).render())
        }
        if Doctor.exitCode(checks) != 0 { throw Failure(code: Exit.usage, message: nil) }
    }

    func gather(_ env: [String: String]) async throws -> Doctor.Facts {
        // Configuration, read leniently: each problem becomes a row instead of stopping here.
        let (path, explicit) = ConfigLocation.path(environment: env)
        let mode = TOMLFile.mode(path)
        var config = GPCNConfig()
        var configProblem: String?
        if mode != nil {
            configProblem = TOMLFile.untrusted(path)
            if configProblem == nil {
                do { config = try GPCNConfig(table: try TOMLFile.read(path, what: "config file"), place: path) }
                catch let f as Failure { configProblem = f.message }
                catch let e as ConfigError { configProblem = e.message }
            }
        } else if explicit {
            configProblem = "GPCN_CONFIG names \(path), which does not exist"
        }
        let profile = try? config.selectProfile(flag: global.profile, environment: env, place: path)
        let directory = (path as NSString).deletingLastPathComponent
        let keyFile = profile?.profile.apiKeyFile.map { file -> Doctor.FileFacts in
            let expanded = ConfigLocation.expand(file, environment: env, relativeTo: directory)
            return Doctor.FileFacts(path: expanded, mode: TOMLFile.mode(expanded))
        }
        var resolved: ResolvedConfig?
        var settingsProblem: String?
        do { resolved = try ResolvedConfig.load(global, environment: env) }
        catch let f as Failure { settingsProblem = f.message }
        // Where the host comes from even when the key cannot be read (a 0644 key file).
        var keyless = profile
        keyless?.profile.apiKey = nil
        keyless?.profile.apiKeyFile = nil
        let fallback = try? ConnectionSettings.resolve(hostFlag: global.host, environment: env, profile: keyless,
                                                       readKeyFile: { _ in "" })
        var host = resolved?.settings.host ?? fallback?.host ?? Sourced(ConnectionSettings.defaultHost, from: "default")
        var key = resolved?.settings.apiKey.map { ($0.value.trimmingWhitespace(), $0.source) }

        var simulator: EmbeddedSimulator?
        if global.demo {
            var sim = SimulatorConfiguration()
            sim.port = 0
            simulator = try await EmbeddedSimulator.start(sim)
            host = Sourced(simulator!.baseURL, from: "--demo")
            key = (simulator!.apiKey, "--demo (the simulator's key)")
        }

        // The connection, configured as every command configures it (Session.open).
        var client = ClientConfiguration(host: host.value, apiKey: key?.0 ?? "", connectTimeout: 5, requestTimeout: 15)
        client.retry = .none
        var proxyProblem: String?
        var probe = Doctor.Probe()
        var systemOnly: Doctor.Probe?
        if let error = Self.hostError(client) {
            probe.error = error
        } else if !global.demo {
            let caFile = resolved?.caFile(environment: env)
            do { client = try Transport.fromEnvironment(client, environment: env, caFile: caFile) } catch {
                proxyProblem = APIError.from(error).userMessage
                let noProxies = env.filter { !["http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"].contains($0.key) }
                client = (try? Transport.fromEnvironment(client, environment: noProxies, caFile: caFile)) ?? client
            }
        }
        if probe.error == nil {
            probe = Self.facts(await ConnectionProbe(configuration: client).run())
            if !client.extraTrust.isEmpty, probe.status != nil {
                var systemClient = client
                systemClient.extraTrust = []
                systemOnly = Self.facts(await ConnectionProbe(configuration: systemClient).run())
            }
        }

        let auth: Doctor.Auth
        if key == nil {
            auth = .notRun("no usable API key")
        } else if probe.status == nil {
            auth = .failed("the host was not reached")
        } else {
            auth = await Self.authCheck(client)
        }
        await simulator?.stop()  // nothing above throws once it runs
        let journal = Session.journalPath(demo: global.demo, environment: env)
        return Doctor.Facts(
            terminal: Self.terminal(env), config: Doctor.FileFacts(path: path, mode: mode, problem: configProblem),
            configHoldsKey: config.holdsKey, keyFile: keyFile, keySource: key?.1,
            configProblem: settingsProblem, host: host.value, hostSource: host.source,
            proxy: client.proxy?.description, proxyProblem: proxyProblem,
            extraTrust: client.extraTrust.map { "\($0.origin) \($0.path)" },
            probe: probe, systemOnlyProbe: systemOnly, now: Date(), auth: auth,
            journal: journal, journalProblem: Self.unwritable(journal))
    }

    static func hostError(_ client: ClientConfiguration) -> APIError? {
        do { _ = try client.baseURL(); return nil } catch { return APIError.from(error) }
    }

    static func facts(_ r: ConnectionProbe.Result) -> Doctor.Probe {
        Doctor.Probe(status: r.status, date: r.date, error: r.error)
    }

    static func authCheck(_ configuration: ClientConfiguration) async -> Doctor.Auth {
        let client: GPCNClient
        do { client = try GPCNClient(configuration: configuration) } catch {
            return .failed(APIError.from(error).userMessage)
        }
        let outcome: Doctor.Auth
        do {
            let check = try await client.authCheck()
            let name = check.credential.flatMap { $0.name ?? $0.id }
            outcome = check.authenticated == false ? .refused("the API key was not accepted")
                : .accepted("accepted by \(client.endpoint)" + (name.map { " (key \($0))" } ?? ""))
        } catch {
            let e = APIError.from(error)
            outcome = e.status == 401 || e.status == 403 ? .refused(e.userMessage) : .failed(e.userMessage)
        }
        await client.shutdown()
        return outcome
    }

    static func terminal(_ env: [String: String]) -> Doctor.Terminal {
        let term = env["TERM"]
        let lookup = term.flatMap { $0.isEmpty || $0 == "dumb" ? nil : TerminfoProbe.lookUp($0) }
        let utf8 = NcursesTerminal.setUpLocale()
        let locale = [env["LC_ALL"], env["LC_CTYPE"], env["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? "C"
        var size: (columns: Int, rows: Int)?
        var ws = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 {
            size = (Int(ws.ws_col), Int(ws.ws_row))
        }
        return Doctor.Terminal(term: term, terminfoFound: lookup?.found, colors: lookup?.colors,
                               noColor: !(env["NO_COLOR"] ?? "").isEmpty, utf8: utf8, locale: locale, size: size)
    }

    /// Why the journal cannot be written (nil: it can): the file if it exists, else the nearest
    /// existing folder above it (the journal creates the rest).
    static func unwritable(_ path: String) -> String? {
        if access(path, F_OK) == 0 {
            return access(path, W_OK) == 0 ? nil : "the file is not writable (\(String(cString: strerror(errno))))"
        }
        var dir = (path as NSString).deletingLastPathComponent
        while !dir.isEmpty, dir != "/", access(dir, F_OK) != 0 { dir = (dir as NSString).deletingLastPathComponent }
        if access(dir, W_OK | X_OK) != 0 { return "\(dir) is not writable (\(String(cString: strerror(errno))))" }
        return nil
    }
}
