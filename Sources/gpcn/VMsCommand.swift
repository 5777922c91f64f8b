import ArgumentParser
import Foundation
import GPCNCore

/// `gpcn vms`: the VM list, filtered by name. How to check whether a create whose answer was
/// lost went through (`gpcn vms --name web` shows web, web-1, web-2, …).
struct VMsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vms",
        abstract: "List virtual machines, optionally those whose name contains a text.",
        discussion: """
        Uses GET /resource/virtual-machines?search=TEXT (the API matches names, private and \\
        public IPs). After a create whose answer was lost ("may have been created"), this shows \\
        whether its VMs exist before anything is sent again.

        Examples:
          gpcn vms
          gpcn vms --name web
          gpcn vms --name web --output json | jq -r '.[].id'
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only VMs whose name (or IP) contains this text.", valueName: "text"))
    var name: String?

    @Option(help: OutputFormat.help)
    var output: OutputFormat = .table

    func run() async throws {
        let vms = try await Session.with(global) { session in
            try await session.client.virtualMachines(search: name)
        }
        switch output {
        case .json:
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.out(String(decoding: try e.encode(vms), as: UTF8.self) + "\n")
        case .table:
            if vms.isEmpty {
                Console.out(name.map { "No VM matches '\($0)'.\n" } ?? "No VMs.\n")
                return
            }
            Console.out(TextTable(headers: ["NAME", "ID", "STATUS", "DATA CENTER", "CREATED"], rows: vms.map {
                [$0.name ?? "", $0.id, $0.status ?? "", $0.datacenter?.name ?? "", $0.createdAt ?? ""]
            }).render())
        }
    }
}
