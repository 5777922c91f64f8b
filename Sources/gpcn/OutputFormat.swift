import ArgumentParser
import GPCNApp

/// `--output` of every command that prints results (`create`, `jobs`, `vms`, `catalog`): a
/// table for people, or one JSON document on stdout and nothing else, for scripts.
/// `text` is accepted as another name for `table` (what `create --output` took first).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json

    /// The old name of `.table`.
    static var text: OutputFormat { .table }

    init?(argument: String) {
        switch argument.lowercased() {
        case "table", "text": self = .table
        case "json": self = .json
        default: return nil
        }
    }

    /// The help text of `--output`.
    static let help = ArgumentHelp("table (for people) or json (one document on stdout, nothing else).",
                                   valueName: "table|json")
}

extension Inventory.Format: ExpressibleByArgument {}
