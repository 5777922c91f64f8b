import GPCNApp
import Testing
@testable import gpcn

/// One `--output table|json` on every command that prints results; `text` stays a name of the table.
@Suite struct OutputOptionTests {
    @Test func everyCommandTakesTableAndJsonAndTextIsTheTable() throws {
        for (value, want) in [("table", OutputFormat.table), ("json", .json), ("text", .table)] {
            #expect(try CreateCommand.parse(["--output", value]).output == want, "create \(value)")
            #expect(try JobsCommand.parse(["--output", value]).output == want, "jobs \(value)")
            #expect(try VMsCommand.parse(["--output", value]).output == want, "vms \(value)")
            #expect(try CatalogCommand.parse(["images", "--output", value]).output == want, "catalog \(value)")
        }
        #expect(throws: (any Error).self) { try VMsCommand.parse(["--output", "yaml"]) }
        #expect(OutputFormat.allValueStrings == ["table", "json"], "help lists the two names")
    }

    @Test func jobsTakesAnExportFormatButNotTogetherWithJSON() throws {
        for format in Inventory.Format.allCases {
            #expect(try JobsCommand.parse(["--all", "--export", format.rawValue]).export == format)
        }
        #expect(throws: (any Error).self) { try JobsCommand.parse(["--export", "hosts"]) }
        #expect(throws: (any Error).self) { try JobsCommand.parse(["--export", "ansible", "--output", "json"]) }
        // Job ids are still checked: "json" is no longer mistaken for one when given to --output.
        #expect(throws: (any Error).self) { try JobsCommand.parse(["json"]) }
    }
}
