import Foundation
import GPCNCore

/// Finished VMs as an inventory other tools read: Ansible (INI or YAML), an OpenSSH client
/// config, CSV or JSON (docs/scripting.md, "Inventories"). Pure: `entries` builds the rows from
/// tracked jobs and the addresses a `VMAddressLookup` found, `render` writes them in a format;
/// where the text goes (stdout, a file) is the caller's business.
///
/// The address is the public one when there is one, else the private one. A VM without an
/// address is kept as a comment (`# web-3: no address yet`), never dropped silently; a name that
/// cannot be a host name in INI, YAML keys or ssh-config (spaces, `#`, `=`, quotes, …) is kept
/// as a comment there too, with its address.
public enum Inventory {
    public enum Format: String, CaseIterable, Sendable {
        case ansible
        case ansibleYAML = "ansible-yaml"
        case sshConfig = "ssh-config"
        case csv
        case json
    }

    /// One VM.
    public struct Entry: Sendable, Equatable {
        /// The VM name: the host name in every format.
        public var name: String
        /// The batch (create base name) it belongs to: its Ansible group.
        public var batch: String
        public var vmId: String?
        public var privateIp: String?
        public var publicIp: String?
        /// The login user: the create request's username, else the image's default login, else nil.
        public var user: String?
        /// Why there is no address, when there is none ("no address yet").
        public var note: String?

        public init(name: String, batch: String, vmId: String? = nil, privateIp: String? = nil,
                    publicIp: String? = nil, user: String? = nil, note: String? = nil) {
            self.name = name; self.batch = batch; self.vmId = vmId; self.privateIp = privateIp
            self.publicIp = publicIp; self.user = user; self.note = note
        }

        /// What to connect to: the public address when there is one, else the private one.
        public var address: String? { Inventory.safeAddress(publicIp) ?? Inventory.safeAddress(privateIp) }
    }

    // MARK: - From jobs

    /// The rows for `jobs`: every job with a VM (`resourceId`) that succeeded or still runs,
    /// in order, each VM once. `addresses` by VM id and `gone` (VMs the server does not know) from
    /// `VMAddressLookup`; `imageLogins` the default login by image id, used when the request gave
    /// no username.
    public static func entries(_ jobs: [TrackedJob], addresses: [String: VMAddresses], gone: Set<String> = [],
                               imageLogins: [String: String] = [:]) -> [Entry] {
        var seen = Set<String>()
        var out: [Entry] = []
        for t in jobs where t.state == .succeeded || t.state == .running {
            guard let id = t.job.resourceId?.trimmingWhitespace(), !id.isEmpty,
                  seen.insert(id.lowercased()).inserted else { continue }
            let found = addresses[id]
            var note: String?
            if t.state == .running {
                note = "no address yet (still being created)"
            } else if gone.contains(id) {
                note = "not found on the server (deleted?)"
            } else if found == nil {
                note = "no address known (the lookup failed)"
            } else if found?.isEmpty == true {
                note = "no address yet"
            }
            out.append(Entry(name: t.name, batch: VMAddressLookup.batchName(t), vmId: id,
                             privateIp: found?.privateIp, publicIp: found?.publicIp,
                             user: user(t.request, imageLogins: imageLogins), note: note))
        }
        return out
    }

    /// The login of a request's VMs: its username, else its image's default login, else nil
    /// (never a guess).
    public static func user(_ request: CreateVMRequest?, imageLogins: [String: String]) -> String? {
        if let u = request?.username?.trimmingWhitespace(), !u.isEmpty { return u }
        guard let image = request?.imageId else { return nil }
        let login = (imageLogins[image] ?? imageLogins[image.lowercased()])?.trimmingWhitespace()
        return login?.isEmpty == false ? login : nil
    }

    // MARK: - Rendering

    public static func render(_ entries: [Entry], format: Format) -> String {
        switch format {
        case .ansible: return ansibleINI(entries)
        case .ansibleYAML: return ansibleYAML(entries)
        case .sshConfig: return sshConfig(entries)
        case .csv: return csv(entries)
        case .json: return json(entries)
        }
    }

    /// An Ansible group name for a batch: letters, digits and `_` only (others become `_`), not
    /// starting with a digit; `gpcn` for an empty one; Ansible's own `all` and `ungrouped` get
    /// `_vms` added.
    public static func groupName(_ batch: String) -> String {
        var name = String(batch.trimmingWhitespace().map { c -> Character in
            c.isASCII && (c.isLetter || c.isNumber || c == "_") ? c : "_"
        })
        if name.isEmpty { return "gpcn" }
        if name.first?.isNumber == true { name = "_" + name }
        if name == "all" || name == "ungrouped" { name += "_vms" }
        return name
    }

    /// Whether `name` can stand as a host name in an INI inventory, a YAML key and a `Host` line:
    /// letters, digits, `.`, `-` and `_`, not starting with `-`.
    public static func isSafeHostName(_ name: String) -> Bool {
        guard let first = name.first, first != "-" else { return false }
        return name.allSatisfy { c in
            (c.isLetter || c.isNumber || c == "." || c == "-" || c == "_") && !c.isWhitespace
                && c.unicodeScalars.allSatisfy { !$0.properties.isDefaultIgnorableCodePoint }
        }
    }

    /// Whether a user name can be written as is: letters, digits, `.`, `-` and `_`.
    static func isSafeUser(_ user: String) -> Bool {
        guard let first = user.first, first != "-" else { return false }
        return user.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    /// An address as the API gave it, when it looks like one (IPv4, IPv6 or a DNS name); nil otherwise.
    static func safeAddress(_ address: String?) -> String? {
        guard let a = address?.trimmingWhitespace(), !a.isEmpty, a.count <= 253, a.first != "-" else { return nil }
        return a.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".:-".contains($0)) } ? a : nil
    }

    /// Text for a comment line: on one line, without control characters.
    static func commentText(_ s: String) -> String {
        String(s.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : Character($0) })
    }

    /// The comment line of an entry that cannot be a host line (no address, or an unsafe name).
    static func comment(_ e: Entry, prefix: String = "") -> String? {
        if !isSafeHostName(e.name) {
            let address = e.address.map { ", address \($0)" } ?? ""
            return "\(prefix)# \(quoted(commentText(e.name))): not usable as a host name here\(address)"
        }
        if e.address == nil {
            return "\(prefix)# \(e.name): \(commentText(e.note ?? "no address yet"))"
        }
        return nil
    }

    /// Batches in first-seen order, with their entries.
    static func groups(_ entries: [Entry]) -> [(group: String, entries: [Entry])] {
        var order: [String] = []
        var byGroup: [String: [Entry]] = [:]
        for e in entries {
            let g = groupName(e.batch)
            if byGroup[g] == nil { order.append(g) }
            byGroup[g, default: []].append(e)
        }
        return order.map { ($0, byGroup[$0] ?? []) }
    }

    static func header(_ entries: [Entry], comment: String = "#") -> String {
        let usable = entries.filter { $0.address != nil && isSafeHostName($0.name) }.count
        return "\(comment) gpcn inventory: \(usable) of \(entries.count) VM\(entries.count == 1 ? "" : "s") with an address\n"
    }

    static func ansibleINI(_ entries: [Entry]) -> String {
        var out = header(entries)
        for (group, members) in groups(entries) {
            out += "\n[\(group)]\n"
            for e in members {
                if let c = comment(e) { out += c + "\n"; continue }
                out += "\(e.name) ansible_host=\(e.address!)"
                if let u = e.user, isSafeUser(u) { out += " ansible_user=\(u)" }
                out += "\n"
            }
        }
        return out
    }

    static func ansibleYAML(_ entries: [Entry]) -> String {
        var out = header(entries) + "all:\n  children:\n"
        if entries.isEmpty { out = header(entries) + "all: {}\n" }
        for (group, members) in groups(entries) {
            let usable = members.filter { comment($0) == nil }
            out += "    \(group):\n      hosts:\(usable.isEmpty ? " {}" : "")\n"
            for e in members {
                if let c = comment(e, prefix: "        ") { out += c + "\n"; continue }
                out += "        \(quoted(e.name)):\n          ansible_host: \(quoted(e.address!))\n"
                if let u = e.user, isSafeUser(u) { out += "          ansible_user: \(quoted(u))\n" }
            }
        }
        return out
    }

    static func sshConfig(_ entries: [Entry]) -> String {
        var out = header(entries)
        for e in entries {
            out += "\n"
            if let c = comment(e) { out += c + "\n"; continue }
            out += "Host \(e.name)\n  HostName \(e.address!)\n"
            if let u = e.user, isSafeUser(u) { out += "  User \(u)\n" }
        }
        return out
    }

    static let csvColumns = ["name", "group", "vm_id", "address", "private_ip", "public_ip", "user", "note"]

    static func csv(_ entries: [Entry]) -> String {
        var out = csvColumns.joined(separator: ",") + "\r\n"
        for e in entries {
            let cells = [e.name, groupName(e.batch), e.vmId ?? "", e.address ?? "", e.privateIp ?? "", e.publicIp ?? "",
                         e.user ?? "", e.address == nil ? (e.note ?? "no address yet") : ""]
            out += cells.map(csvCell).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled.
    static func csvCell(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The JSON format's row.
    struct JSONRow: Encodable {
        var name: String
        var group: String
        var vmId: String?
        var address: String?
        var privateIp: String?
        var publicIp: String?
        var user: String?
        var note: String?

        enum CodingKeys: String, CodingKey { case name, group, vmId, address, privateIp, publicIp, user, note }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(group, forKey: .group)
            // Every key always present, null when unknown: one shape for scripts.
            try c.encode(vmId, forKey: .vmId)
            try c.encode(address, forKey: .address)
            try c.encode(privateIp, forKey: .privateIp)
            try c.encode(publicIp, forKey: .publicIp)
            try c.encode(user, forKey: .user)
            try c.encode(note, forKey: .note)
        }
    }

    static func json(_ entries: [Entry]) -> String {
        let rows = entries.map { e in
            JSONRow(name: e.name, group: groupName(e.batch), vmId: e.vmId, address: e.address, privateIp: e.privateIp,
                    publicIp: e.publicIp, user: e.user, note: e.address == nil ? (e.note ?? "no address yet") : nil)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(rows) else { return "[]\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A double-quoted string, escaped as JSON (also a valid YAML double-quoted scalar).
    static func quoted(_ s: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(s) else { return "\"\"" }
        return String(decoding: data, as: UTF8.self)
    }
}
