import Foundation
import GPCNCore
import GPCNThemes
import TOMLKit

/// Reading TOML files (the config file and presets) and checking their modes. What the values
/// mean is decided in GPCNCore (`GPCNConfig`, `CreateFlags.preset`, `ConnectionSettings`).
enum TOMLFile {
    /// The file parsed into plain values; a syntax error names the line.
    static func read(_ path: String, what: String) throws -> [String: JSONValue] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Failure(code: Exit.usage, message: "cannot read the \(what) \(path): \(Self.reason(error))")
        }
        return try parse(text, place: path)
    }

    static func parse(_ text: String, place: String) throws -> [String: JSONValue] {
        if let line = TOMLSafety.unsafeLine(text) {
            throw Failure(code: Exit.usage, message: "\(place): line \(line): not valid TOML: a table header must start with a name (like [profiles.NAME]), an array element with a value")
        }
        do {
            return convert(try TOMLTable(string: text))
        } catch let error as TOMLParseError {
            throw Failure(code: Exit.usage, message: "\(place): line \(error.source.begin.line): \(error.description)")
        }
    }

    static func convert(_ table: TOMLTable) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for key in table.keys {
            if let value = table[key] { out[key] = convert(value) }
        }
        return out
    }

    static func convert(_ value: any TOMLValueConvertible) -> JSONValue {
        switch value.type {
        case .table: return value.table.map { .object(convert($0)) } ?? .null
        case .array: return value.array.map { .array($0.map { convert($0) }) } ?? .null
        case .string: return value.string.map { .string($0) } ?? .null
        case .int: return value.int.map { .number(Double($0)) } ?? .null
        case .double: return value.double.map { .number($0) } ?? .null
        case .bool: return value.bool.map { .bool($0) } ?? .null
        case .date, .time, .dateTime: return .string(value.debugDescription)
        }
    }

    /// The permission bits of a file, nil when it does not exist.
    static func mode(_ path: String) -> UInt32? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return UInt32(st.st_mode) & 0o7777
    }

    /// Why a file that steers where the API key goes (the config file) cannot be trusted: owned
    /// by another user, or writable by group or others (anyone could point `host` elsewhere).
    static func untrusted(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        if st.st_uid != getuid() && st.st_uid != 0 {
            return "\(path) belongs to another user: gpcn will not take settings from it"
        }
        if UInt32(st.st_mode) & 0o022 != 0 {
            return "\(path) can be changed by other users, who could send your API key elsewhere. Fix it with: chmod go-w \(path)"
        }
        return nil
    }

    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadNoSuchFileError { return "no such file" }
        return ns.localizedDescription
    }
}

/// The configuration in force for one run: the file (if any), the profile, and the connection
/// settings after precedence (flags > environment > profile > defaults).
struct ResolvedConfig {
    var path: String
    var fileExists: Bool
    var config: GPCNConfig
    var profile: (name: String, profile: GPCNConfig.Profile)?
    var settings: ConnectionSettings

    /// The create defaults of the profile (empty without one).
    var createDefaults: CreateFlags { profile?.profile.create ?? CreateFlags() }

    static func load(_ options: GlobalOptions,
                     environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ResolvedConfig {
        let (path, explicit) = ConfigLocation.path(environment: environment)
        var config = GPCNConfig()
        let mode = TOMLFile.mode(path)
        if mode == nil, explicit {
            throw Failure(code: Exit.usage, message: "GPCN_CONFIG names \(path), which does not exist (create one with: gpcn config init)")
        }
        if mode != nil {
            if let why = TOMLFile.untrusted(path) { throw Failure(code: Exit.usage, message: why) }
            let table = try TOMLFile.read(path, what: "config file")
            do { config = try GPCNConfig(table: table, place: path) } catch let e as ConfigError {
                throw Failure(code: Exit.usage, message: e.message)
            }
            if config.holdsKey, let mode, let why = ConfigLocation.refusal(path: path, mode: mode) {
                throw Failure(code: Exit.usage, message: why)
            }
        }
        do {
            let profile = try config.selectProfile(flag: options.profile, environment: environment, place: path)
            let directory = (path as NSString).deletingLastPathComponent
            let settings = try ConnectionSettings.resolve(
                hostFlag: options.host, environment: environment, profile: profile,
                readKeyFile: { file in
                    try Self.readKeyFile(ConfigLocation.expand(file, environment: environment, relativeTo: directory))
                })
            return ResolvedConfig(path: path, fileExists: mode != nil, config: config, profile: profile, settings: settings)
        } catch let e as ConfigError {
            throw Failure(code: Exit.usage, message: e.message)
        }
    }

    /// The profile's `ca_file`, expanded like `api_key_file` (`~`, relative to the config file's
    /// folder), and where it came from.
    func caFile(environment: [String: String]) -> (path: String, origin: String)? {
        guard let file = settings.caFile else { return nil }
        let directory = (path as NSString).deletingLastPathComponent
        return (ConfigLocation.expand(file.value, environment: environment, relativeTo: directory), file.source)
    }

    /// An `api_key_file`: must exist and be 0600 like a config file holding a key.
    static func readKeyFile(_ path: String) throws -> String {
        guard let mode = TOMLFile.mode(path) else {
            throw ConfigError("the api_key_file \(path) does not exist")
        }
        if let why = ConfigLocation.refusal(path: path, mode: mode) { throw ConfigError(why) }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError("cannot read the api_key_file \(path): \(TOMLFile.reason(error))")
        }
    }
}
