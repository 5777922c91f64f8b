// What an operator says about a create, before anything is looked up: the `gpcn create` flags,
// a preset file, or the create defaults of a config profile. Values are ids or names as typed;
// `CreateResolver` turns them into a `CreateVMRequest` against the catalog.
//
// The same type renders back: `commandLine` is the `gpcn create …` line the wizard's review
// shows, and `presetTOML` is the preset file the review's `s` saves. Neither ever holds the
// password.

/// The create fields as words (ids or names), every one optional.
public struct CreateFlags: Sendable, Equatable {
    public var datacenter: String?
    public var image: String?
    public var size: String?
    public var auth: AuthMethod?
    public var sshKey: String?
    public var username: String?
    /// `ID_OR_NAME` or `ID_OR_NAME,primary`, in order.
    public var networks: [String]?
    public var publicIp: Bool?
    public var count: Int?
    public var resourceGroup: String?
    public var name: String?
    /// A VPC subnet (id, or name within the chosen data center); docs/api.md §2.11.
    public var subnet: String?

    public init(datacenter: String? = nil, image: String? = nil, size: String? = nil, auth: AuthMethod? = nil,
                sshKey: String? = nil, username: String? = nil, networks: [String]? = nil, publicIp: Bool? = nil,
                count: Int? = nil, resourceGroup: String? = nil, name: String? = nil, subnet: String? = nil) {
        self.datacenter = datacenter; self.image = image; self.size = size; self.auth = auth
        self.sshKey = sshKey; self.username = username; self.networks = networks; self.publicIp = publicIp
        self.count = count; self.resourceGroup = resourceGroup; self.name = name; self.subnet = subnet
    }

    /// These flags with every unset one taken from `base` (flags override presets, presets
    /// override profile defaults). Networks are a whole list: given ones replace the base's.
    public func over(_ base: CreateFlags) -> CreateFlags {
        CreateFlags(datacenter: datacenter ?? base.datacenter, image: image ?? base.image, size: size ?? base.size,
                    auth: auth ?? base.auth, sshKey: sshKey ?? base.sshKey, username: username ?? base.username,
                    networks: networks ?? base.networks, publicIp: publicIp ?? base.publicIp,
                    count: count ?? base.count, resourceGroup: resourceGroup ?? base.resourceGroup,
                    name: name ?? base.name, subnet: subnet ?? base.subnet)
    }

    /// Whether nothing at all is set.
    public var isEmpty: Bool { self == CreateFlags() }

    /// The flag each body field is set with, for messages (`--datacenter: …`).
    public static func flag(for field: CreateVMField) -> String {
        switch field {
        case .datacenterId: return "--datacenter"
        case .imageId: return "--image"
        case .skuId: return "--size"
        case .authMethod: return "--auth"
        case .sshKeyId: return "--ssh-key"
        case .password: return "password"
        case .username: return "--username"
        case .networkInterfaces: return "--network"
        case .allocatePublicIp: return "--public-ip"
        case .name: return "--name"
        case .numberOfInstances: return "--count"
        case .resourceGroupId: return "--resource-group"
        case .configurationId: return "configurationId"
        case .subnetId: return "--subnet"
        }
    }

    // MARK: - Networks

    /// One `--network` value split: `"lan,primary"` -> ("lan", true). Only a last
    /// `,primary` counts, so a name with commas in it still works.
    public static func parseNetwork(_ value: String) -> (name: String, primary: Bool) {
        let trimmed = value.trimmingWhitespace()
        if let comma = trimmed.lastIndex(of: ","),
           String(trimmed[trimmed.index(after: comma)...]).trimmingWhitespace().lowercased() == "primary" {
            return (String(trimmed[..<comma]).trimmingWhitespace(), true)
        }
        return (trimmed, false)
    }

    // MARK: - Rendering

    /// `gpcn create …` with these flags, shell-quoted. `password` adds `--password-stdin`
    /// (the password itself is never on a command line).
    public func commandLine(prefix: [String] = ["gpcn", "create", "--yes"]) -> String {
        var parts = prefix
        func add(_ flag: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            parts.append(flag)
            parts.append(Shell.quote(value))
        }
        add("--datacenter", datacenter)
        add("--image", image)
        add("--size", size)
        add("--auth", auth?.rawValue)
        add("--ssh-key", sshKey)
        add("--username", username)
        add("--subnet", subnet)
        for network in networks ?? [] { add("--network", network) }
        if publicIp == true { parts.append("--public-ip") }
        add("--name", name)
        if let count, count != 1 { add("--count", String(count)) }
        add("--resource-group", resourceGroup)
        if auth == .password { parts.append("--password-stdin") }
        return parts.joined(separator: " ")
    }

    /// The keys of a preset file, in the order they are written.
    public static let presetKeys = ["datacenter", "image", "size", "auth", "ssh_key", "username", "networks",
                                    "public_ip", "count", "resource_group", "name", "subnet"]

    /// A preset file: TOML, one key per field that is set, with a comment on top.
    /// Never holds a password (`CreateFlags` has none).
    public func presetTOML(comment: [String] = []) -> String {
        var lines = comment.map { "# " + $0 }
        lines.append("# A gpcn preset: gpcn create --from FILE [flags]. Flags override these values;")
        lines.append("# the VM password is never stored (give it with --password-stdin or GPCN_VM_PASSWORD).")
        func str(_ key: String, _ value: String?) {
            if let value { lines.append("\(key) = \(TOML.quote(value))") }
        }
        str("datacenter", datacenter)
        str("image", image)
        str("size", size)
        str("auth", auth?.rawValue)
        str("ssh_key", sshKey)
        str("username", username)
        if let networks { lines.append("networks = [" + networks.map(TOML.quote).joined(separator: ", ") + "]") }
        if let publicIp { lines.append("public_ip = \(publicIp)") }
        if let count { lines.append("count = \(count)") }
        str("resource_group", resourceGroup)
        str("name", name)
        str("subnet", subnet)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads the create fields out of a table (a preset file, or a config profile). Keys not in
    /// `presetKeys` are left to the caller; `where` prefixes messages ("web.toml", "profile prod").
    /// Throws a message naming the key and what it should be.
    public init(table: [String: JSONValue], where place: String) throws {
        func string(_ key: String) throws -> String? {
            guard let v = table[key] else { return nil }
            guard case .string(let s) = v else { throw ConfigError("\(place): \(key) must be a string in quotes") }
            return s
        }
        self.init()
        datacenter = try string("datacenter")
        image = try string("image")
        size = try string("size")
        if let a = try string("auth") {
            guard let method = AuthMethod(rawValue: a.lowercased()) else {
                throw ConfigError("\(place): auth must be ssh-key, password or custom (got \"\(a)\")")
            }
            auth = method
        }
        sshKey = try string("ssh_key")
        username = try string("username")
        if let v = table["networks"] {
            switch v {
            case .string(let s): networks = [s]
            case .array(let items):
                networks = try items.map {
                    guard case .string(let s) = $0 else { throw ConfigError("\(place): networks must be a list of strings") }
                    return s
                }
            default: throw ConfigError("\(place): networks must be a list of strings, e.g. [\"lan,primary\"]")
            }
        }
        if let v = table["public_ip"] {
            guard case .bool(let b) = v else { throw ConfigError("\(place): public_ip must be true or false") }
            publicIp = b
        }
        if let v = table["count"] {
            guard case .number(let d) = v, d == d.rounded(), abs(d) < 1e6 else {
                throw ConfigError("\(place): count must be a whole number")
            }
            count = Int(d)
        }
        resourceGroup = try string("resource_group")
        name = try string("name")
        subnet = try string("subnet")
    }

    /// A preset file's table: the create fields and nothing else. A `password` key is refused
    /// (a preset must never hold one); unknown keys are named with the ones that exist.
    public static func preset(_ table: [String: JSONValue], where place: String) throws -> CreateFlags {
        if table["password"] != nil {
            throw ConfigError("\(place): a preset never holds a password; remove it and use --password-stdin or GPCN_VM_PASSWORD")
        }
        let unknown = table.keys.filter { !presetKeys.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw ConfigError("\(place): unknown key\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", ")) " +
                              "(a preset takes \(presetKeys.joined(separator: ", ")))")
        }
        return try CreateFlags(table: table, where: place)
    }
}

/// A configuration or preset problem, already worded for the operator.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Quoting for a POSIX shell: words that need none stay bare.
public enum Shell {
    public static func quote(_ s: String) -> String {
        let safe = s.allSatisfy { ($0.isLetter || $0.isNumber) && $0.isASCII || "-_.,/:=@".contains($0) }
        if safe && !s.isEmpty { return s }
        return "'" + s.replacing("'", with: "'\\''") + "'"
    }
}

/// Writing TOML values (reading is TOMLKit's, in the command-line target).
public enum TOML {
    /// A TOML basic string: quotes, backslashes and control characters escaped.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
