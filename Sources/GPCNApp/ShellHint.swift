import GPCNCore

/// The commands gpcn tells the operator to run next, built once and quoted for a POSIX shell,
/// so every front end (wizard, accessible flow, scripts, dashboard) prints the same, pasteable text.
public enum ShellHint {
    /// Lists the VMs of a batch: `gpcn vms --name web`, `gpcn vms --name 'web servers'`.
    public static func vms(name: String) -> String { "gpcn vms --name \(Shell.quote(name))" }

    /// Follows the given jobs again: `gpcn jobs ID ID…`; without ids, the journal's unfinished jobs.
    public static func jobs(_ ids: [String] = []) -> String {
        (["gpcn jobs"] + ids.map(Shell.quote)).joined(separator: " ")
    }
}
