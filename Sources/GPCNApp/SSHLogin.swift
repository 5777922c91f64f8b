import GPCNCore

/// How `s` on the dashboard logs in to a finished VM (docs/product.md §5): the program (`ssh`,
/// or the profile's `ssh_command` with its options, e.g. `-J bastion`) and `USER@ADDRESS` last.
/// The public address when the VM has one, else the private one; the user the create asked for,
/// else the VM's own (the image default), else none (ssh's default). Nothing secret is ever on
/// this command line: login is by key, or ssh asks for the password itself.
public struct SSHLogin: Sendable, Equatable {
    public var program: [String]
    public var user: String?
    public var address: String

    public init(command: [String]?, user: String?, address: String) {
        program = (command?.isEmpty == false ? command : nil) ?? ["ssh"]
        self.user = user.flatMap { $0.isEmpty ? nil : $0 }
        self.address = address
    }

    /// The address to log in at, if the VM has one.
    public static func address(_ a: VMAddresses) -> String? { a.publicIp ?? a.privateIp }

    /// The words to run (never through a shell).
    public var argv: [String] {
        program + [user.map { "\($0)@\(address)" } ?? address]
    }

    /// The command as one line, for the notice ("ran ssh ubuntu@203.0.113.10").
    public var text: String { argv.map(Shell.quote).joined(separator: " ") }
}
