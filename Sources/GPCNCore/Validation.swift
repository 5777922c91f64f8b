// Client-side rules for the create body (gpcn-api.md §2.7 and the seed page).
// The simulator has its own, separately written rules, so testing one against the other can
// catch a wrong rule. STUB: signatures fixed, rules to be filled in (issue 2, item 5).

/// The fields of the create body, as the wizard and error mapping name them.
public enum CreateVMField: String, CaseIterable, Sendable, Hashable {
    case datacenterId, imageId, skuId, authMethod, sshKeyId, password, username
    case networkInterfaces, allocatePublicIp, name, numberOfInstances, resourceGroupId
    case configurationId

    /// The field a server issue path names: the first dotted component
    /// (`networkInterfaces.1.networkId` -> `.networkInterfaces`). Unknown paths give nil.
    public init?(path: String) {
        let first = path.split(separator: ".", maxSplits: 1).first.map(String.init) ?? path
        self.init(rawValue: first)
    }
}

/// What the rules need to know beyond the body itself: the chosen catalog entries.
public struct ValidationContext: Sendable, Equatable {
    /// The chosen image (its customizations decide auth and username rules); nil if unknown.
    public var image: VMImage?
    /// `meta.constraints.usernames` of the images answer; compared case-insensitively.
    public var reservedUsernames: [String]
    /// Networks known to the client (to check type and data center of interfaces).
    public var networks: [Network]

    public init(image: VMImage? = nil, reservedUsernames: [String] = [], networks: [Network] = []) {
        self.image = image; self.reservedUsernames = reservedUsernames; self.networks = networks
    }
}

/// One rule of the password checklist, shown ticked or not as the user types.
public enum PasswordRule: String, CaseIterable, Sendable {
    case length = "12-20 characters"
    case uppercase = "an uppercase letter"
    case lowercase = "a lowercase letter"
    case digit = "a digit"
    case special = "one of ! @ # % - _ ."
    case allowedCharacters = "only letters, digits and ! @ # % - _ ."
}

public enum CreateVMValidator {
    /// Every problem with the body, one issue per problem, paths as the server would name them.
    public static func validate(_ request: CreateVMRequest, context: ValidationContext) -> [FieldIssue] {
        []
    }

    /// Each checklist rule and whether `password` meets it.
    public static func passwordChecklist(_ password: String) -> [(rule: PasswordRule, met: Bool)] {
        PasswordRule.allCases.map { ($0, false) }
    }
}
