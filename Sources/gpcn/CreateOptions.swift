import ArgumentParser
import Foundation
import GPCNApp
import GPCNCore

extension AuthMethod: ExpressibleByArgument {}

/// One flag per field of the create body (docs/product.md §2). Values are ids or unambiguous
/// names (case-insensitive); the VM password is never a flag value.
struct CreateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Data center id or name.", valueName: "id-or-name"))
    var datacenter: String?

    @Option(help: ArgumentHelp("Image id or name (of that data center).", valueName: "id-or-name"))
    var image: String?

    @Option(help: ArgumentHelp("Size (SKU) id, name or code (of that data center).", valueName: "id-or-name"))
    var size: String?

    @Option(help: ArgumentHelp("Login method: ssh-key, password or custom (default: password when one is given, "
                               + "else what the image takes first).", valueName: "method"))
    var auth: AuthMethod?

    @Option(name: .customLong("ssh-key"),
            help: ArgumentHelp("SSH key id or name (default: your default key).", valueName: "id-or-name"))
    var sshKey: String?

    @Flag(name: .customLong("password-stdin"),
          help: ArgumentHelp("Read the VM password from the first line of standard input (hidden when it is a "
                             + "terminal), or set GPCN_VM_PASSWORD. A password is never a flag value."))
    var passwordStdin = false

    @Option(help: ArgumentHelp("Login user name, when the image takes one (3-20 characters).", valueName: "name"))
    var username: String?

    @Option(name: .customLong("network"),
            help: ArgumentHelp("A network id or name; add ,primary to make it the primary one (default: the first). "
                               + "Repeat for up to \(CreateForm.maxNetworks). Without it: the data center's default network.",
                               valueName: "id-or-name[,primary]"))
    var networks: [String] = []

    @Option(help: ArgumentHelp("VPC networking: a subnet id or name of that data center (see gpcn catalog subnets); "
                               + "replaces --network, and each VM is then its own create.", valueName: "id-or-name"))
    var subnet: String?

    @Flag(name: .customLong("public-ip"), inversion: .prefixedNo,
          help: "Give each VM a public IP on its primary (standard) network, or acquire one on its subnet.")
    var publicIp: Bool?

    @Option(help: ArgumentHelp("How many VMs (\(CreateForm.countRangeText)); several are named NAME-1 … NAME-N.", valueName: "n"))
    var count: Int?

    @Option(name: .customLong("resource-group"), help: ArgumentHelp("Resource group id or name.", valueName: "id-or-name"))
    var resourceGroup: String?

    @Option(help: ArgumentHelp("Base name of the VMs.", valueName: "name"))
    var name: String?

    var flags: CreateFlags {
        CreateFlags(datacenter: datacenter, image: image, size: size, auth: auth, sshKey: sshKey, username: username,
                    networks: networks.isEmpty ? nil : networks, publicIp: publicIp, count: count,
                    resourceGroup: resourceGroup, name: name, subnet: subnet)
    }

    func validate() throws {
        if networks.count > CreateVMValidator.maxNetworkInterfaces {
            throw ValidationError("at most \(CreateVMValidator.maxNetworkInterfaces) --network (got \(networks.count))")
        }
    }

    /// The VM password: `--password-stdin`, else `GPCN_VM_PASSWORD`, else none.
    func password(environment: [String: String]) throws -> (String?, PasswordSource) {
        if passwordStdin {
            guard let line = TTY.readSecretLine(prompt: "VM password (not shown): "), !line.isEmpty else {
                throw Failure(code: Exit.usage, message: "--password-stdin: no password on standard input")
            }
            return (line, .stdin)
        }
        if let env = environment["GPCN_VM_PASSWORD"], !env.isEmpty { return (env, .environment) }
        return (nil, .none)
    }
}

/// Presets: `--from FILE` reads one.
enum Preset {
    static func load(_ path: String) throws -> CreateFlags {
        let table = try TOMLFile.read(path, what: "preset")
        do { return try CreateFlags.preset(table, where: path) } catch let e as ConfigError {
            throw Failure(code: Exit.usage, message: e.message)
        }
    }
}

/// `gpcn create` without the wizard, before anything is sent: what the name check found, and
/// what a batch of several creates will be (docs/product.md, "Before sending: the review and the
/// name check").
enum ScriptNameCheck {
    /// Asks the VM list once for the batch's base name; the exit code when the create must stop.
    static func check(_ plan: CreatePlan, api: some GPCNAPI, allowExisting: Bool, dryRun: Bool,
                      err: (String) -> Void = { Console.error($0) }) async -> Int32? {
        verdict(await NameCheck.run(plan, api: api), allowExisting: allowExisting, dryRun: dryRun, err: err)
    }

    /// The exit code when the create must not go on (names taken, not allowed: 2), else nil after
    /// saying on stderr what the operator should know. A dry run only warns; a VM list that could
    /// not be read is said and the create goes on (as in the wizard).
    static func verdict(_ result: NameCheckResult, allowExisting: Bool, dryRun: Bool, err: (String) -> Void) -> Int32? {
        if result.isFailed {
            err("warning: \(result.text)" + (dryRun ? "" : "; sending anyway"))
            return nil
        }
        guard !result.existing.isEmpty else { return nil }
        if dryRun {
            err("warning: \(result.text): --yes would refuse this batch without --allow-existing-names")
            return nil
        }
        if allowExisting {
            err("warning: \(result.text); creating anyway (--allow-existing-names)")
            return nil
        }
        err("\(result.text) (VM names compared exactly); nothing was sent. "
            + "Choose another --name, or add --allow-existing-names to create them anyway")
        return Exit.api
    }

    /// The review's lines about a batch ("Sent as", "Sending", "Monthly cost"), one per line with
    /// a blank line after; empty for one VM in one create.
    static func batchText(_ plan: CreatePlan, size: VMSize?) -> String {
        let lines = BatchReview.lines(plan, size: size)
        guard !lines.isEmpty else { return "" }
        return lines.map { "\($0.label): \($0.text)\n" }.joined() + "\n"
    }
}
