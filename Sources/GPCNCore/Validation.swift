// Client-side rules for the create body (docs/api.md §2.7).
// The simulator has its own, separately written rules, so testing one against the other can
// catch a wrong rule.
//
// Shape: every rule belongs to exactly one field of the body. `issues(for:in:context:)` runs the
// rules of one field (the wizard calls it on every keystroke for the focused field, and for every
// field of a step before leaving it); `validate` is exactly the union of the per-field checks,
// in `CreateVMField.allCases` order. The small `validateX` functions are the same rules with only
// the inputs they need, for callers that have no request at hand.
//
// Paths are dotted like the server's `details.issues[].path`, array indices 0-based:
// `networkInterfaces.1.networkId`. Messages say what to fix, in one line.

/// The fields of the create body, as the wizard and error mapping name them.
public enum CreateVMField: String, CaseIterable, Sendable, Hashable {
    case datacenterId, imageId, skuId, authMethod, sshKeyId, password, username
    case networkInterfaces, allocatePublicIp, name, numberOfInstances, resourceGroupId
    case configurationId
    /// VPC-era: the subnet of the VM's first interface (docs/api.md §2.11).
    case subnetId

    /// The field a server issue path names: the first dotted component
    /// (`networkInterfaces.1.networkId` -> `.networkInterfaces`). Unknown paths give nil. The
    /// VPC-era public address keys (`acquirePublicIp`, `publicIpId`) are the public-IP field.
    public init?(path: String) {
        let first = path.split(separator: ".", maxSplits: 1).first.map(String.init) ?? path
        if first == "acquirePublicIp" || first == "publicIpId" { self = .allocatePublicIp; return }
        self.init(rawValue: first)
    }
}

/// What the rules need to know beyond the body itself: the chosen catalog entries.
public struct ValidationContext: Sendable, Equatable {
    /// The chosen image (its customizations decide auth and username rules); nil if unknown.
    /// When nil, the rules that depend on the image are skipped (the server still checks them).
    public var image: VMImage?
    /// `meta.constraints.usernames` of the images answer; compared case-insensitively.
    /// `root` and `guest` are always reserved, whether listed or not.
    public var reservedUsernames: [String]
    /// Networks known to the client (to check type and data center of interfaces).
    /// A network not in this list is not judged beyond its id's shape.
    public var networks: [Network]
    /// Name of the chosen image's category (`Linux`, `Windows`, `Network/Security`, `Custom`),
    /// when known. `authMethod: custom` is accepted for the `Custom` category (docs/api.md A-6).
    public var imageCategory: String?
    /// A lower batch limit than `CreateVMValidator.batchLimit`: the config profile's `max_count`
    /// (docs/product.md, "Configuration"). nil: the built-in limit.
    public var maxCount: Int?

    public init(image: VMImage? = nil, reservedUsernames: [String] = [], networks: [Network] = [],
                imageCategory: String? = nil, maxCount: Int? = nil) {
        self.image = image; self.reservedUsernames = reservedUsernames; self.networks = networks
        self.imageCategory = imageCategory; self.maxCount = maxCount
    }

    /// The known network with this id, if any.
    public func network(id: String) -> Network? { networks.first { $0.id == id } }
}

/// One rule of the password checklist, shown ticked or not as the user types.
public enum PasswordRule: String, CaseIterable, Sendable {
    case length = "12-20 characters"
    case uppercase = "an uppercase letter"
    case lowercase = "a lowercase letter"
    case digit = "a digit"
    case special = "one of ! @ # % - _ ."
    case allowedCharacters = "only letters, digits and ! @ # % - _ ."

    /// Whether `password` meets this rule. `allowedCharacters` is unmet for an empty password
    /// (the server's pattern needs at least one character).
    public func isMet(by password: String) -> Bool {
        let scalars = password.unicodeScalars
        switch self {
        case .length:
            return PasswordPolicy.lengthRange.contains(password.count)
        case .uppercase:
            return scalars.contains { PasswordPolicy.uppercase.contains($0) }
        case .lowercase:
            return scalars.contains { PasswordPolicy.lowercase.contains($0) }
        case .digit:
            return scalars.contains { PasswordPolicy.digits.contains($0) }
        case .special:
            return scalars.contains { PasswordPolicy.specials.contains($0) }
        case .allowedCharacters:
            return !password.isEmpty && password.allSatisfy(PasswordPolicy.isAllowed)
        }
    }
}

/// The character classes and limits of the password rule (docs/api.md §2.7: 12–20 characters,
/// pattern `^[A-Za-z0-9!@#%\-_.]+$`, ≥1 upper, ≥1 lower, ≥1 digit, ≥1 of `! @ # % - _ .`).
public enum PasswordPolicy {
    public static let lengthRange = 12...20
    public static let uppercase: [Unicode.Scalar] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".unicodeScalars)
    public static let lowercase: [Unicode.Scalar] = Array("abcdefghijklmnopqrstuvwxyz".unicodeScalars)
    public static let digits: [Unicode.Scalar] = Array("0123456789".unicodeScalars)
    public static let specials: [Unicode.Scalar] = Array("!@#%-_.".unicodeScalars)
    public static let allowed: [Unicode.Scalar] = uppercase + lowercase + digits + specials

    /// One character the password pattern accepts (a single ASCII scalar of the allowed set).
    public static func isAllowed(_ c: Character) -> Bool {
        let s = c.unicodeScalars
        guard s.count == 1, let only = s.first else { return false }
        return allowed.contains(only)
    }
}

public enum CreateVMValidator {
    /// Name: 1–60 characters after trimming (TF client rule; the API trims like JavaScript).
    public static let nameMaxLength = 60
    /// VMs one create makes (the API's `numberOfInstances`).
    public static let instanceRange = 1...10
    /// VMs one batch may ask for: the form's and `--count`'s limit; a batch of more than 10 is
    /// sent as several creates (`CreatePlan`). A profile's `max_count` may lower it.
    public static let batchLimit = 250
    public static let batchRange = 1...batchLimit
    public static let usernameLengthRange = 3...20
    public static let maxNetworkInterfaces = 5
    /// Reserved whatever `meta.constraints.usernames` says (the two docs/api.md §2.7 names).
    public static let alwaysReservedUsernames = ["root", "guest"]

    /// Every problem with the body, one issue per problem, paths as the server would name them.
    /// Exactly the union of `issues(for:in:context:)` over `CreateVMField.allCases`.
    public static func validate(_ request: CreateVMRequest, context: ValidationContext) -> [FieldIssue] {
        CreateVMField.allCases.flatMap { issues(for: $0, in: request, context: context) }
    }

    /// The problems of one field (its path, or sub-paths such as `networkInterfaces.2.networkId`).
    /// Cheap enough for every keystroke. Cross-field rules belong to the field that must change:
    /// a name too long for `name-10` is a `name` issue, a public IP on an L2 primary is an
    /// `allocatePublicIp` issue, an SSH key sent with password login is an `sshKeyId` issue.
    public static func issues(for field: CreateVMField, in request: CreateVMRequest,
                              context: ValidationContext) -> [FieldIssue] {
        switch field {
        case .datacenterId:
            return validateRequiredID(request.datacenterId, path: "datacenterId",
                                      missing: "Choose a data center", label: "Data center id")
        case .imageId:
            return validateRequiredID(request.imageId, path: "imageId",
                                      missing: "Choose an image", label: "Image id")
        case .skuId:
            return validateRequiredID(request.skuId, path: "skuId",
                                      missing: "Choose a size", label: "Size id (skuId)")
        case .authMethod:
            return validateAuthMethod(request.authMethod, image: context.image,
                                      imageCategory: context.imageCategory)
        case .sshKeyId:
            return validateSSHKeyId(request.sshKeyId, authMethod: request.authMethod, image: context.image)
        case .password:
            return validatePasswordField(request.password, authMethod: request.authMethod, image: context.image)
        case .username:
            return validateUsername(request.username, reserved: context.reservedUsernames,
                                    imageAllowsUsername: context.image.map { $0.customizations.username })
        case .networkInterfaces:
            return validateInterfaces(request.networkInterfaces, datacenterId: request.datacenterId,
                                      networks: context.networks)
        case .allocatePublicIp:
            return validatePublicIp(request.allocatePublicIp, interfaces: request.networkInterfaces,
                                    networks: context.networks)
        case .name:
            return validateName(request.name, numberOfInstances: request.numberOfInstances)
        case .numberOfInstances:
            return validateCount(request.numberOfInstances, maxCount: context.maxCount)
        case .resourceGroupId:
            return validateOptionalID(request.resourceGroupId, path: "resourceGroupId",
                                      label: "Resource group id", empty: "Leave the resource group out or choose one")
        case .subnetId:
            return validateSubnet(request)
        case .configurationId:
            // The legacy field cannot be expressed: `CreateVMRequest` has no such property, so it is
            // never encoded (the server answers 400 to it). Nothing to check.
            return []
        }
    }

    /// `subnetId` (VPC era, docs/api.md §2.11): a UUID, never beside legacy interfaces, and with
    /// either `acquirePublicIp` or `publicIpId`, not both.
    public static func validateSubnet(_ request: CreateVMRequest) -> [FieldIssue] {
        guard let subnet = request.subnetId else {
            return request.acquirePublicIp == true || request.publicIpId != nil
                ? [FieldIssue(path: "subnetId", message: "A public IP of a VPC needs a subnet: choose one")] : []
        }
        var out: [FieldIssue] = []
        if !isUUID(subnet) { out.append(FieldIssue(path: "subnetId", message: "Subnet id must be a UUID (got \(quoted(subnet)))")) }
        if request.networkInterfaces != nil {
            out.append(FieldIssue(path: "subnetId", message: "Choose a VPC subnet or legacy networks, not both"))
        }
        if request.acquirePublicIp == true && request.publicIpId != nil {
            out.append(FieldIssue(path: "subnetId", message: "Acquire a new public IP or use one already held, not both"))
        }
        return out
    }

    /// The first problem of one field, for the line under it; nil when the field is fine.
    public static func firstMessage(for field: CreateVMField, in request: CreateVMRequest,
                                    context: ValidationContext) -> String? {
        issues(for: field, in: request, context: context).first?.message
    }

    /// Whether the fields of a wizard step are all fine.
    public static func isValid(_ fields: some Sequence<CreateVMField>, in request: CreateVMRequest,
                               context: ValidationContext) -> Bool {
        fields.allSatisfy { issues(for: $0, in: request, context: context).isEmpty }
    }

    /// Each checklist rule and whether `password` meets it.
    public static func passwordChecklist(_ password: String) -> [(rule: PasswordRule, met: Bool)] {
        PasswordRule.allCases.map { ($0, $0.isMet(by: password)) }
    }

    // MARK: - Ids

    /// Canonical UUID shape: 8-4-4-4-12 hexadecimal digits, either case, no braces.
    public static func isUUID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 36 else { return false }
        for (i, b) in u.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if b != UInt8(ascii: "-") { return false }
            } else if !((b >= 48 && b <= 57) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102)) {
                return false
            }
        }
        return true
    }

    public static func validateRequiredID(_ value: String?, path: String, missing: String,
                                          label: String) -> [FieldIssue] {
        guard let value, !value.isEmpty else { return [FieldIssue(path: path, message: missing)] }
        return isUUID(value) ? [] : [FieldIssue(path: path, message: "\(label) must be a UUID (got \(quoted(value)))")]
    }

    public static func validateOptionalID(_ value: String?, path: String, label: String,
                                          empty: String) -> [FieldIssue] {
        guard let value else { return [] }
        if value.isEmpty { return [FieldIssue(path: path, message: empty)] }
        return isUUID(value) ? [] : [FieldIssue(path: path, message: "\(label) must be a UUID (got \(quoted(value)))")]
    }

    // MARK: - Name and count

    /// `name`: required; after trimming 1–60 characters matching
    /// `^[a-zA-Z0-9]([a-zA-Z0-9 .\-]*[a-zA-Z0-9])?$`; with several instances the longest
    /// generated name (`name-N`) must fit in 60 too.
    public static func validateName(_ name: String?, numberOfInstances: Int? = nil) -> [FieldIssue] {
        let path = "name"
        let trimmed = (name ?? "").trimmingWhitespace()
        guard !trimmed.isEmpty else { return [FieldIssue(path: path, message: "Enter a name")] }
        var out: [FieldIssue] = []
        let length = trimmed.count
        if length > nameMaxLength {
            out.append(FieldIssue(path: path, message: "Use at most \(nameMaxLength) characters (now \(length))"))
        }
        let bad = distinct(trimmed.filter { !isNameCharacter($0) })
        if !bad.isEmpty {
            out.append(FieldIssue(path: path, message:
                "\(describe(bad)) \(bad.count == 1 ? "is" : "are") not allowed in a name (use letters, digits, spaces, '.' and '-')"))
        }
        if let first = trimmed.first, isNameCharacter(first), !isASCIIAlphanumeric(first) {
            out.append(FieldIssue(path: path, message: "Start the name with a letter or digit"))
        }
        if length > 1, let last = trimmed.last, isNameCharacter(last), !isASCIIAlphanumeric(last) {
            out.append(FieldIssue(path: path, message: "End the name with a letter or digit"))
        }
        if length <= nameMaxLength, let n = numberOfInstances, n > 1 {
            let top = min(n, batchLimit)
            let suffix = "-\(top)".count
            if length + suffix > nameMaxLength {
                out.append(FieldIssue(path: path, message:
                    "With \(top) instances the names end in '-\(top)': use at most \(nameMaxLength - suffix) characters (now \(length))"))
            }
        }
        return out
    }

    /// The batch's count (`numberOfInstances` of the request the form makes): absent means 1;
    /// else 1–250, or 1–`maxCount` when a profile lowers the limit (the message then says so).
    /// More than 10 are sent as several creates (`CreatePlan`).
    public static func validateCount(_ count: Int?, maxCount: Int? = nil) -> [FieldIssue] {
        let top = countLimit(maxCount: maxCount)
        guard let count, !(batchRange.lowerBound...top).contains(count) else { return [] }
        let why = top < batchLimit && count > top ? "; the profile's max_count" : ""
        return [FieldIssue(path: "numberOfInstances", message:
            "Create \(batchRange.lowerBound)-\(top) instances (now \(count)\(why))")]
    }

    /// The most VMs one batch may ask for: the profile's `maxCount` when it is lower than the
    /// built-in `batchLimit` (a value out of 1…250 is ignored here; the config reader refuses it).
    public static func countLimit(maxCount: Int?) -> Int {
        guard let maxCount, batchRange.contains(maxCount) else { return batchLimit }
        return maxCount
    }

    // MARK: - Access

    /// `authMethod` against the image's `config.customizations` (skipped when the image is unknown,
    /// except that nothing can be said then). Required iff the image accepts `sshKey` or
    /// `password`; must be one the image allows; `custom` only for images without auth
    /// customizations or of the `Custom` category (A-6); absent for images without any.
    public static func validateAuthMethod(_ method: AuthMethod?, image: VMImage?,
                                          imageCategory: String? = nil) -> [FieldIssue] {
        let path = "authMethod"
        guard let image, image.customizations.isKnown else { return [] }  // the server decides
        let c = image.customizations
        let allowed = c.authMethods
        let customCategory = imageCategory?.lowercased() == "custom"
        guard c.acceptsAuth else {
            switch method {
            case nil, .custom?: return []
            case .some:
                return [FieldIssue(path: path, message: "This image has no login customization: leave the auth method out")]
            }
        }
        let choices = allowed.map(\.rawValue).joined(separator: " or ")
        switch method {
        case nil:
            return [FieldIssue(path: path, message: "Choose an auth method: \(choices)")]
        case .custom?:
            return customCategory ? [] : [FieldIssue(path: path, message:
                "Custom auth is only for images without login customization: use \(choices)")]
        case let m?:
            if allowed.contains(m) { return [] }
            return [FieldIssue(path: path, message: "This image does not allow \(m.rawValue) login: use \(choices)")]
        }
    }

    /// `sshKeyId`: required (UUID) with `ssh-key`; refused with `password` and `custom`, and when
    /// the image has no login customization.
    public static func validateSSHKeyId(_ keyId: String?, authMethod: AuthMethod?, image: VMImage? = nil) -> [FieldIssue] {
        let path = "sshKeyId"
        switch authMethod {
        case .sshKey?:
            guard let keyId, !keyId.isEmpty else {
                return [FieldIssue(path: path, message: "Choose an SSH key for ssh-key login")]
            }
            return isUUID(keyId) ? [] : [FieldIssue(path: path, message: "SSH key id must be a UUID (got \(quoted(keyId)))")]
        case .password?:
            return keyId == nil ? [] : [FieldIssue(path: path, message: "Password login takes no SSH key: leave it out")]
        case .custom?:
            return keyId == nil ? [] : [FieldIssue(path: path, message: "Custom auth takes no SSH key: leave it out")]
        case nil:
            if keyId != nil, let image, !image.customizations.acceptsAuth {
                return [FieldIssue(path: path, message: "This image has no login customization: leave the SSH key out")]
            }
            return []
        }
    }

    /// `password` as a field of the body: required with `password` auth and checked by every
    /// rule of `validatePassword`; refused with `ssh-key` and `custom`, and when the image has no
    /// login customization.
    public static func validatePasswordField(_ password: String?, authMethod: AuthMethod?,
                                             image: VMImage? = nil) -> [FieldIssue] {
        let path = "password"
        switch authMethod {
        case .password?:
            guard let password, !password.isEmpty else {
                return [FieldIssue(path: path, message: "Enter a password for password login")]
            }
            return validatePassword(password)
        case .sshKey?:
            return password == nil ? [] : [FieldIssue(path: path, message: "SSH-key login disables passwords: leave the password out")]
        case .custom?:
            return password == nil ? [] : [FieldIssue(path: path, message: "Custom auth takes no password: leave it out")]
        case nil:
            if password != nil, let image, !image.customizations.acceptsAuth {
                return [FieldIssue(path: path, message: "This image has no login customization: leave the password out")]
            }
            return []
        }
    }

    /// The content rules of a password, one issue per unmet rule (path `password`):
    /// length 12–20, an uppercase, a lowercase, a digit, one of `! @ # % - _ .`, nothing else.
    /// Empty when every checklist rule is met. A refused character is never named (it is part of a secret).
    public static func validatePassword(_ password: String) -> [FieldIssue] {
        let path = "password"
        var out: [FieldIssue] = []
        for rule in PasswordRule.allCases where !rule.isMet(by: password) {
            switch rule {
            case .length:
                let (lo, hi) = (PasswordPolicy.lengthRange.lowerBound, PasswordPolicy.lengthRange.upperBound)
                out.append(FieldIssue(path: path, message: "Use \(lo)-\(hi) characters (now \(password.count))"))
            case .uppercase: out.append(FieldIssue(path: path, message: "Password needs an uppercase letter"))
            case .lowercase: out.append(FieldIssue(path: path, message: "Password needs a lowercase letter"))
            case .digit: out.append(FieldIssue(path: path, message: "Password needs a digit"))
            case .special: out.append(FieldIssue(path: path, message: "Password needs one of ! @ # % - _ ."))
            case .allowedCharacters:
                let bad = distinct(password.filter { !PasswordPolicy.isAllowed($0) })
                if bad.isEmpty { continue }  // only unmet because empty: the length rule says it
                // The characters are not named: messages reach stderr and CI logs, and would
                // give away part of the secret.
                out.append(FieldIssue(path: path, message:
                    "Password has \(bad.count == 1 ? "a character" : "characters") that \(bad.count == 1 ? "is" : "are") not allowed (use letters, digits and ! @ # % - _ .)"))
            }
        }
        return out
    }

    /// `username`: optional; only when the image's `customizations.username` is true
    /// (`imageAllowsUsername` nil = image unknown, not judged); 3–20 characters matching
    /// `^[a-zA-Z_][a-zA-Z0-9_-]*$`; not reserved (`reserved` plus `root` and `guest`,
    /// case-insensitive).
    public static func validateUsername(_ username: String?, reserved: [String],
                                        imageAllowsUsername: Bool? = nil) -> [FieldIssue] {
        let path = "username"
        guard let username else { return [] }
        if imageAllowsUsername == false {
            return [FieldIssue(path: path, message: "This image does not allow a custom username: leave it out")]
        }
        var out: [FieldIssue] = []
        let length = username.count
        if !usernameLengthRange.contains(length) {
            out.append(FieldIssue(path: path, message:
                "Use \(usernameLengthRange.lowerBound)-\(usernameLengthRange.upperBound) characters (now \(length))"))
        }
        let bad = distinct(username.filter { !isUsernameCharacter($0) })
        if !bad.isEmpty {
            out.append(FieldIssue(path: path, message:
                "\(describe(bad)) \(bad.count == 1 ? "is" : "are") not allowed in a username (use letters, digits, '_' and '-')"))
        }
        if let first = username.first, isUsernameCharacter(first), !(isASCIILetter(first) || first == "_") {
            out.append(FieldIssue(path: path, message: "Start the username with a letter or '_'"))
        }
        if isReservedUsername(username, reserved: reserved) {
            out.append(FieldIssue(path: path, message: "'\(username)' is a reserved username"))
        }
        return out
    }

    /// Case-insensitive membership in `reserved` plus `root` and `guest`.
    public static func isReservedUsername(_ username: String, reserved: [String]) -> Bool {
        let u = username.lowercased()
        return (alwaysReservedUsernames + reserved).contains { $0.lowercased() == u }
    }

    // MARK: - Network

    /// `networkInterfaces`: absent means the default network; else 1–5 items, exactly one
    /// primary, every `networkId` a UUID, no network twice, and every network known in
    /// `networks` in the data center `datacenterId`.
    public static func validateInterfaces(_ interfaces: [NetworkInterface]?, datacenterId: String?,
                                          networks: [Network] = []) -> [FieldIssue] {
        let path = "networkInterfaces"
        guard let interfaces else { return [] }
        if interfaces.isEmpty {
            return [FieldIssue(path: path, message: "Add a network interface, or leave them out for the default network")]
        }
        var out: [FieldIssue] = []
        if interfaces.count > maxNetworkInterfaces {
            out.append(FieldIssue(path: path, message: "At most \(maxNetworkInterfaces) network interfaces (now \(interfaces.count))"))
        }
        let primaries = interfaces.filter(\.primary).count
        if primaries != 1 {
            out.append(FieldIssue(path: path, message: "Exactly one interface must be primary (now \(primaries))"))
        }
        var seen = Set<String>()
        for (i, nic) in interfaces.enumerated() {
            let p = "\(path).\(i).networkId"
            guard !nic.networkId.isEmpty else {
                out.append(FieldIssue(path: p, message: "Choose a network")); continue
            }
            guard isUUID(nic.networkId) else {
                out.append(FieldIssue(path: p, message: "Network id must be a UUID (got \(quoted(nic.networkId)))")); continue
            }
            let key = nic.networkId.lowercased()
            let known = networks.first { $0.id.lowercased() == key }
            let label = "'\(known?.displayName ?? nic.networkId)'"
            if !seen.insert(key).inserted {
                out.append(FieldIssue(path: p, message: "Network \(label) is listed twice")); continue
            }
            if let known, let dc = known.datacenterId, let want = datacenterId, !want.isEmpty,
               dc.lowercased() != want.lowercased() {
                let where_ = known.datacenter?.name.map { " (\($0))" } ?? ""
                out.append(FieldIssue(path: p, message: "Network \(label) is in another data center\(where_)"))
            }
        }
        return out
    }

    /// `allocatePublicIp`: with `true`, the primary network must be standard (L3). The default
    /// network (no interfaces) is standard; an unknown primary is not judged.
    public static func validatePublicIp(_ allocate: Bool?, interfaces: [NetworkInterface]?,
                                        networks: [Network] = []) -> [FieldIssue] {
        guard allocate == true, let interfaces else { return [] }
        let primaries = interfaces.filter(\.primary)
        guard primaries.count == 1, let primary = primaries.first else { return [] }
        guard let net = networks.first(where: { $0.id.lowercased() == primary.networkId.lowercased() }),
              net.type == .custom else { return [] }
        return [FieldIssue(path: "allocatePublicIp", message:
            "A public IP needs a standard (L3) primary network; '\(net.displayName)' is custom L2")]
    }

    // MARK: - Characters

    static func isASCIILetter(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return (a >= 65 && a <= 90) || (a >= 97 && a <= 122)
    }

    static func isASCIIDigit(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return a >= 48 && a <= 57
    }

    static func isASCIIAlphanumeric(_ c: Character) -> Bool { isASCIILetter(c) || isASCIIDigit(c) }

    static func isNameCharacter(_ c: Character) -> Bool {
        isASCIIAlphanumeric(c) || c == " " || c == "." || c == "-"
    }

    static func isUsernameCharacter(_ c: Character) -> Bool {
        isASCIIAlphanumeric(c) || c == "_" || c == "-"
    }

    /// The characters of `s`, each once, in order of first appearance.
    static func distinct(_ s: String) -> [Character] {
        var seen = Set<Character>()
        return s.filter { seen.insert($0).inserted }.map { $0 }
    }

    /// "'$'", "A space", "'$', a space and 'é'" — a list of refused characters for a message.
    static func describe(_ chars: [Character]) -> String {
        let names = chars.prefix(4).map { c -> String in
            switch c {
            case " ": return "a space"
            case "\t": return "a tab"
            case "\n", "\r", "\r\n": return "a line break"
            default:
                if c.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control
                    || $0.properties.generalCategory == .format
                    || $0.properties.generalCategory == .spaceSeparator }) {
                    let hex = c.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }
                    return hex.joined(separator: " ")
                }
                return "'\(c)'"
            }
        }
        var text: String
        if names.count == 1 {
            text = names[0]
        } else {
            text = names.dropLast().joined(separator: ", ") + " and " + names.last!
        }
        if chars.count > 4 { text = names.joined(separator: ", ") + " and others" }
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// A value echoed in a message, shortened.
    static func quoted(_ s: String) -> String {
        s.count > 40 ? "'\(s.prefix(37))...'" : "'\(s)'"
    }
}

extension FieldIssue {
    /// The field this issue belongs to (`networkInterfaces.1.networkId` -> `.networkInterfaces`).
    public var field: CreateVMField? { CreateVMField(path: path) }
}

extension CreateVMRequest {
    /// The body as a form would build it, with empty optional text fields left out
    /// (`username`, `sshKeyId`, `password`, `resourceGroupId` of "" become nil), so an untouched
    /// field means "not sent" rather than "sent empty".
    public var normalized: CreateVMRequest {
        var copy = self
        if copy.username?.isEmpty == true { copy.username = nil }
        if copy.sshKeyId?.isEmpty == true { copy.sshKeyId = nil }
        if copy.password?.isEmpty == true { copy.password = nil }
        if copy.resourceGroupId?.isEmpty == true { copy.resourceGroupId = nil }
        return copy
    }

    /// A short preview of the VM names: `web`, `web-1, web-2`, or `web-1 … web-10`
    /// (`...` instead of `…` when `ascii`).
    public func namePreview(ascii: Bool = false) -> String { Self.namesText(instanceNames, ascii: ascii) }

    /// VM names in short: `web`, `web-1, web-2`, or `web-1 … web-10` (`...` when `ascii`).
    public static func namesText(_ names: [String], ascii: Bool = false) -> String {
        guard let first = names.first, let last = names.last else { return "" }
        switch names.count {
        case 1: return first
        case 2: return "\(first), \(last)"
        default: return "\(first) \(ascii ? "..." : "…") \(last)"
        }
    }
}
