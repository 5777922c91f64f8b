import Foundation
import TerminalUI

/// Where themes come from and how a name or path becomes a `Theme`.
///
/// A name (`light`) is looked up as `NAME.toml` in, first, the user's folder
/// `$XDG_CONFIG_HOME/gpcn/themes/` (`~/.config/gpcn/themes/` without XDG_CONFIG_HOME), then the
/// shipped `themes/` folder: `$GPCN_THEMES_DIR` if set, else the first `themes/` found next to
/// the executable, in `../share/gpcn/themes` from it, in a parent of its folder (a build tree),
/// or in the current directory. `default` always exists: it is compiled in. Anything with a `/`
/// or ending in `.toml` is a path.
public enum ThemeLibrary {
    /// Where a theme was found.
    public enum Origin: Hashable, Sendable, CustomStringConvertible {
        case builtIn
        case user(String)
        case shipped(String)
        case path(String)

        public var path: String? {
            switch self {
            case .builtIn: return nil
            case .user(let p), .shipped(let p), .path(let p): return p
            }
        }

        public var description: String {
            switch self {
            case .builtIn: return "built in"
            case .user(let p): return "user, \(p)"
            case .shipped(let p): return "shipped, \(p)"
            case .path(let p): return p
            }
        }
    }

    /// A theme ready to use.
    public struct Loaded: Sendable, Equatable {
        public var theme: Theme
        public var origin: Origin
        public var warnings: [String]
    }

    /// The places to look, resolved from the environment and the running executable.
    public struct Folders: Sendable, Equatable {
        public var user: String?
        public var shipped: String?

        public init(user: String?, shipped: String?) { self.user = user; self.shipped = shipped }

        public static func find(environment: [String: String],
                                executablePath: String? = ThemeLibrary.executablePath(),
                                currentDirectory: String = FileManager.default.currentDirectoryPath) -> Folders {
            var user: String?
            if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
                user = xdg + "/gpcn/themes"
            } else if let home = environment["HOME"], !home.isEmpty {
                user = home + "/.config/gpcn/themes"
            }
            return Folders(user: user, shipped: shippedFolder(environment: environment, executablePath: executablePath,
                                                              currentDirectory: currentDirectory))
        }

        static func shippedFolder(environment: [String: String], executablePath: String?, currentDirectory: String) -> String? {
            if let dir = environment["GPCN_THEMES_DIR"], !dir.isEmpty { return dir }
            var candidates: [String] = []
            if let exe = executablePath {
                var dir = (exe as NSString).deletingLastPathComponent
                candidates.append(dir + "/themes")
                candidates.append((dir as NSString).deletingLastPathComponent + "/share/gpcn/themes")
                for _ in 0..<4 {  // .build/<triple>/debug/gpcn -> the package root
                    dir = (dir as NSString).deletingLastPathComponent
                    if dir.isEmpty || dir == "/" { break }
                    candidates.append(dir + "/themes")
                }
            }
            candidates.append(currentDirectory + "/themes")
            return candidates.first { FileManager.default.fileExists(atPath: $0 + "/default.toml") }
        }
    }

    /// The running executable, symlinks resolved (`/proc/self/exe` on Linux).
    public static func executablePath() -> String? {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        return Bundle.main.executablePath ?? CommandLine.arguments.first
    }

    /// Whether `nameOrPath` names a file rather than a theme.
    public static func isPath(_ nameOrPath: String) -> Bool {
        nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml")
    }

    /// Loads a theme by name or path. `nil` or empty means `default`.
    /// - Throws: `ThemeError` for a missing theme or a broken file (line and key in the message).
    public static func load(_ nameOrPath: String?, folders: Folders) throws(ThemeError) -> Loaded {
        let wanted = (nameOrPath ?? "").trimmed
        if wanted.isEmpty { return try load("default", folders: folders) }
        if isPath(wanted) {
            return try loadFile(wanted, origin: .path(wanted))
        }
        guard wanted.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw ThemeError(source: wanted, message: "not a theme name (letters, digits, - and _)")
        }
        if let user = folders.user, FileManager.default.fileExists(atPath: "\(user)/\(wanted).toml") {
            return try loadFile("\(user)/\(wanted).toml", origin: .user("\(user)/\(wanted).toml"))
        }
        if let shipped = folders.shipped, FileManager.default.fileExists(atPath: "\(shipped)/\(wanted).toml") {
            return try loadFile("\(shipped)/\(wanted).toml", origin: .shipped("\(shipped)/\(wanted).toml"))
        }
        if wanted == "default" { return Loaded(theme: .default, origin: .builtIn, warnings: []) }
        let known = names(folders: folders)
        throw ThemeError(source: wanted, message: "no theme of that name (themes: \(known.joined(separator: ", ")))")
    }

    static func loadFile(_ path: String, origin: Origin) throws(ThemeError) -> Loaded {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ThemeError(source: path, message: "cannot read the file (\((error as NSError).localizedDescription))")
        }
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let parsed = try ThemeFile.parse(text, source: path, fallbackName: base)
        return Loaded(theme: parsed.theme, origin: origin, warnings: parsed.warnings)
    }

    /// Every theme name available: user and shipped files and the built-in `default`, sorted,
    /// each once (a user file hides a shipped one of the same name).
    public static func names(folders: Folders) -> [String] {
        var names: Set<String> = ["default"]
        for dir in [folders.user, folders.shipped].compactMap({ $0 }) {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for f in files where f.hasSuffix(".toml") { names.insert(String(f.dropLast(5))) }
        }
        return names.sorted { a, b in a == "default" ? b != "default" : (b == "default" ? false : a < b) }
    }

    /// One entry of `gpcn themes`: the theme, or why its file is broken.
    public struct Listing: Sendable {
        public var name: String
        public var result: Result<Loaded, ThemeError>
    }

    public static func list(folders: Folders) -> [Listing] {
        var out: [Listing] = []
        for name in names(folders: folders) {
            do throws(ThemeError) {
                out.append(Listing(name: name, result: .success(try load(name, folders: folders))))
            } catch {
                out.append(Listing(name: name, result: .failure(error)))
            }
        }
        return out
    }

    /// The theme to use, never failing: a broken or missing theme gives the default theme and
    /// a message saying why (print it on stderr before the full-screen UI starts).
    public static func resolve(_ nameOrPath: String?, folders: Folders) -> (loaded: Loaded, problem: String?) {
        do {
            return (try load(nameOrPath, folders: folders), nil)
        } catch {
            return (Loaded(theme: .default, origin: .builtIn, warnings: []),
                    "theme \(error); using the default theme")
        }
    }
}

extension Theme {
    /// The palette of a theme given by name or path (see `ThemeLibrary`), for callers outside
    /// the console such as a profile's `theme = "..."`. `nil`/empty is the default theme.
    /// - Throws: `ThemeError`, whose description names the file, line and key.
    public static func load(nameOrPath: String?, environment: [String: String]) throws -> Palette {
        try ThemeLibrary.load(nameOrPath, folders: .find(environment: environment)).theme.palette
    }
}
