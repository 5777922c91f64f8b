import ArgumentParser

/// Options every command takes. They may stand before the command name too
/// (`gpcn --demo catalog data-centers`); `hoistedArguments` moves them after it.
struct GlobalOptions: ParsableArguments {
    @Flag(help: "Run against a GPCN API simulator started inside gpcn (no account needed).")
    var demo = false

    @Option(help: ArgumentHelp("API host, e.g. https://api.gpcn.com (default: $GPCN_HOST).", valueName: "url"))
    var host: String?

    @Option(help: ArgumentHelp("Use this profile of the config file (default: $GPCN_PROFILE, then default_profile).",
                               valueName: "name"))
    var profile: String?

    @Option(help: ArgumentHelp("Write a log to this file (default: $GPCN_LOG; no log otherwise).", valueName: "path"))
    var logFile: String?

    @Flag(help: "Log HTTP traces (method, path, status, duration, request id; never the key or a password) to the log file.")
    var debug = false

    /// Options that take a value, so hoisting keeps the value with its option.
    static let valued: Set<String> = ["--host", "--log-file", "--profile"]
    static let flags: Set<String> = ["--demo", "--debug"]

    /// Moves global options found before the command name to the end, because
    /// ArgumentParser only reads a subcommand's options after the subcommand's name.
    static func hoistedArguments(_ args: [String], subcommands: Set<String>) -> [String] {
        var leading: [String] = []
        var i = 0
        while i < args.count {
            let arg = args[i]
            let name = arg.split(separator: "=", maxSplits: 1).first.map(String.init) ?? arg
            if flags.contains(arg) { leading.append(arg); i += 1; continue }
            if valued.contains(name) {
                leading.append(arg)
                if !arg.contains("="), i + 1 < args.count { leading.append(args[i + 1]); i += 1 }
                i += 1
                continue
            }
            break
        }
        guard !leading.isEmpty else { return args }
        let rest = Array(args[i...])
        if let first = rest.first, subcommands.contains(first) {
            // After everything: nested commands (`auth check`) see them too.
            return rest + leading
        }
        return leading + rest  // the default command takes them directly
    }
}
