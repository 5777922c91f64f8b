import Foundation
import Testing
@testable import GPCNCore

/// One whole-body case: the request, what the client knows, and exactly the issues expected.
struct BodyCase: Sendable, CustomTestStringConvertible {
    let label: String
    let request: CreateVMRequest
    let context: ValidationContext
    let expected: [FieldIssue]
    var testDescription: String { label }

    init(_ label: String, _ request: CreateVMRequest, _ context: ValidationContext,
         _ expected: [(String, String)]) {
        self.label = label; self.request = request; self.context = context
        self.expected = expected.map { FieldIssue(path: $0.0, message: $0.1) }
    }

    /// With the default context (Linux image, all networks, reserved list).
    init(_ label: String, _ request: CreateVMRequest, _ expected: [(String, String)]) {
        self.init(label, request, Fx.context(), expected)
    }
}

private let nameChars = "(use letters, digits, spaces, '.' and '-')"
private let userChars = "(use letters, digits, '_' and '-')"

@Suite("Create-VM validation")
struct ValidationTests {
    @Test func theBaseRequestIsValid() {
        #expect(CreateVMValidator.validate(Fx.valid, context: Fx.context()).isEmpty)
        #expect(CreateVMValidator.validate(Fx.valid, context: ValidationContext()).isEmpty)
    }

    // MARK: Required ids

    static let idCases: [BodyCase] = [
        BodyCase("no data center", Fx.valid.with { $0.datacenterId = nil }, [("datacenterId", "Choose a data center")]),
        BodyCase("empty data center", Fx.valid.with { $0.datacenterId = "" }, [("datacenterId", "Choose a data center")]),
        BodyCase("data center not a uuid", Fx.valid.with { $0.datacenterId = "dc-1" },
                 [("datacenterId", "Data center id must be a UUID (got 'dc-1')")]),
        BodyCase("uppercase uuid is fine", Fx.valid.with { $0.datacenterId = Fx.dcA.uppercased() }, []),
        BodyCase("no image", Fx.valid.with { $0.imageId = nil }, [("imageId", "Choose an image")]),
        BodyCase("image not a uuid", Fx.valid.with { $0.imageId = "42" }, [("imageId", "Image id must be a UUID (got '42')")]),
        BodyCase("no size", Fx.valid.with { $0.skuId = nil }, [("skuId", "Choose a size")]),
        BodyCase("size not a uuid", Fx.valid.with { $0.skuId = "sku-1" },
                 [("skuId", "Size id (skuId) must be a UUID (got 'sku-1')")]),
        BodyCase("resource group absent is fine", Fx.valid.with { $0.resourceGroupId = nil }, []),
        BodyCase("resource group uuid", Fx.valid.with { $0.resourceGroupId = Fx.group }, []),
        BodyCase("resource group empty", Fx.valid.with { $0.resourceGroupId = "" },
                 [("resourceGroupId", "Leave the resource group out or choose one")]),
        BodyCase("resource group not a uuid", Fx.valid.with { $0.resourceGroupId = "web" },
                 [("resourceGroupId", "Resource group id must be a UUID (got 'web')")]),
        BodyCase("empty body", CreateVMRequest(), Fx.context(nil), [
            ("datacenterId", "Choose a data center"), ("imageId", "Choose an image"),
            ("skuId", "Choose a size"), ("name", "Enter a name")]),
    ]

    @Test(arguments: idCases)
    func ids(_ c: BodyCase) {
        #expect(CreateVMValidator.validate(c.request, context: c.context) == c.expected)
    }

    @Test(arguments: [
        ("123e4567-e89b-12d3-a456-426614174000", true),
        ("123E4567-E89B-12D3-A456-426614174000", true),
        ("123e4567e89b12d3a456426614174000", false),
        ("{123e4567-e89b-12d3-a456-426614174000}", false),
        ("123e4567-e89b-12d3-a456-42661417400", false),
        ("123e4567-e89b-12d3-a456-4266141740000", false),
        ("g23e4567-e89b-12d3-a456-426614174000", false),
        ("123e4567_e89b_12d3_a456_426614174000", false),
        (" 123e4567-e89b-12d3-a456-426614174000", false),
        ("", false),
    ])
    func uuidShape(_ s: String, _ ok: Bool) {
        #expect(CreateVMValidator.isUUID(s) == ok)
    }

    // MARK: Name and count

    static let a57 = String(repeating: "a", count: 57)
    static let nameCases: [(String?, Int?, [String])] = [
        ("web", nil, []),
        ("a", nil, []),
        ("7", nil, []),
        ("web server.01", nil, []),
        ("my-vm", nil, []),
        ("  web  ", nil, []),                              // trimmed like the API does
        ("\u{00A0}web\n", nil, []),
        (String(repeating: "a", count: 60), nil, []),
        ("  " + String(repeating: "a", count: 60) + "  ", nil, []),
        (String(repeating: "a", count: 61), nil, ["Use at most 60 characters (now 61)"]),
        (nil, nil, ["Enter a name"]),
        ("", nil, ["Enter a name"]),
        ("   ", nil, ["Enter a name"]),
        ("-web", nil, ["Start the name with a letter or digit"]),
        (".", nil, ["Start the name with a letter or digit"]),
        ("web-", nil, ["End the name with a letter or digit"]),
        ("web.", nil, ["End the name with a letter or digit"]),
        (".web.", nil, ["Start the name with a letter or digit", "End the name with a letter or digit"]),
        ("web_1", nil, ["'_' is not allowed in a name \(nameChars)"]),
        ("_web", nil, ["'_' is not allowed in a name \(nameChars)"]),
        ("wéb", nil, ["'é' is not allowed in a name \(nameChars)"]),
        ("服务器", nil, ["'服', '务' and '器' are not allowed in a name \(nameChars)"]),
        ("web🚀", nil, ["'🚀' is not allowed in a name \(nameChars)"]),
        ("web\tbox", nil, ["A tab is not allowed in a name \(nameChars)"]),
        (String(repeating: "é", count: 61), nil, ["Use at most 60 characters (now 61)", "'é' is not allowed in a name \(nameChars)"]),
        // with several instances the longest generated name must fit too
        (a57, 10, []),
        (a57 + "a", 10, ["With 10 instances the names end in '-10': use at most 57 characters (now 58)"]),
        (a57 + "a", 9, []),
        (a57 + "aa", 2, ["With 2 instances the names end in '-2': use at most 58 characters (now 59)"]),
        (a57 + "aaa", 1, []),
        (a57 + "aaa", nil, []),
        (a57 + "aa", 11, ["With 11 instances the names end in '-11': use at most 57 characters (now 59)"]),
        (a57, 100, ["With 100 instances the names end in '-100': use at most 56 characters (now 57)"]),
        (a57, 300, ["With 250 instances the names end in '-250': use at most 56 characters (now 57)"]),
    ]

    @Test(arguments: nameCases)
    func name(_ name: String?, _ count: Int?, _ expected: [String]) {
        let issues = CreateVMValidator.validateName(name, numberOfInstances: count)
        #expect(issues.map(\.message) == expected)
        #expect(issues.allSatisfy { $0.path == "name" })
        let viaField = CreateVMValidator.issues(for: .name, in: Fx.valid.with {
            $0.name = name; $0.numberOfInstances = count
        }, context: Fx.context())
        #expect(viaField == issues)
    }

    @Test(arguments: [
        (nil, []), (1, []), (2, []), (10, []),
        (0, ["Create 1-250 instances (now 0)"]),
        (11, []),
        (250, []),
        (251, ["Create 1-250 instances (now 251)"]),
        (-1, ["Create 1-250 instances (now -1)"]),
    ] as [(Int?, [String])])
    func count(_ n: Int?, _ expected: [String]) {
        let req = Fx.valid.with { $0.numberOfInstances = n }
        let issues = CreateVMValidator.validate(req, context: Fx.context())
        #expect(issues.map(\.message) == expected)
        #expect(issues.allSatisfy { $0.path == "numberOfInstances" })
    }

    @Test(arguments: [
        (40, 40, []), (40, 1, []),
        (40, 41, ["Create 1-40 instances (now 41; the profile's max_count)"]),
        (40, 251, ["Create 1-40 instances (now 251; the profile's max_count)"]),
        (40, 0, ["Create 1-40 instances (now 0)"]),
        (250, 251, ["Create 1-250 instances (now 251)"]),
    ] as [(Int, Int, [String])])
    func countUnderAProfileLimit(_ maxCount: Int, _ n: Int, _ expected: [String]) {
        var context = Fx.context()
        context.maxCount = maxCount
        let issues = CreateVMValidator.validate(Fx.valid.with { $0.name = "w"; $0.numberOfInstances = n }, context: context)
        #expect(issues.map(\.message) == expected)
        #expect(CreateVMValidator.countLimit(maxCount: maxCount) == maxCount)
        #expect(CreateVMValidator.countLimit(maxCount: nil) == 250)
        #expect(CreateVMValidator.countLimit(maxCount: 999) == 250)  // never raises the built-in limit
    }

    @Test func namePreview() {
        #expect(Fx.valid.with { $0.name = " web "; $0.numberOfInstances = nil }.instanceNames == ["web"])
        #expect(Fx.valid.with { $0.numberOfInstances = 1 }.namePreview() == "web")
        #expect(Fx.valid.with { $0.numberOfInstances = 2 }.namePreview() == "web-1, web-2")
        #expect(Fx.valid.with { $0.numberOfInstances = 3 }.instanceNames == ["web-1", "web-2", "web-3"])
        #expect(Fx.valid.with { $0.numberOfInstances = 10 }.namePreview() == "web-1 … web-10")
        #expect(Fx.valid.with { $0.numberOfInstances = 10 }.namePreview(ascii: true) == "web-1 ... web-10")
        #expect(Fx.valid.with { $0.numberOfInstances = 0 }.instanceNames == ["web"])
    }

    // MARK: Username

    static let u20 = "u" + String(repeating: "x", count: 19)
    static let usernameCases: [(String?, Bool?, [String])] = [
        (nil, true, []),
        (nil, false, []),
        ("abc", true, []),
        ("ab", true, ["Use 3-20 characters (now 2)"]),
        ("", true, ["Use 3-20 characters (now 0)"]),
        (u20, true, []),
        (u20 + "x", true, ["Use 3-20 characters (now 21)"]),
        ("_svc", true, []),
        ("deploy-bot_2", true, []),
        ("root", true, ["'root' is a reserved username"]),
        ("ROOT", true, ["'ROOT' is a reserved username"]),
        ("Guest", true, ["'Guest' is a reserved username"]),
        ("admin", true, ["'admin' is a reserved username"]),       // from the context list
        ("ubuntu", true, ["'ubuntu' is a reserved username"]),     // listed as "Ubuntu"
        ("rooty", true, []),
        ("1abc", true, ["Start the username with a letter or '_'"]),
        ("-abc", true, ["Start the username with a letter or '_'"]),
        ("ab.c", true, ["'.' is not allowed in a username \(userChars)"]),
        ("jürgen", true, ["'ü' is not allowed in a username \(userChars)"]),
        ("a b", true, ["A space is not allowed in a username \(userChars)"]),
        ("alice", false, ["This image does not allow a custom username: leave it out"]),
        ("root", false, ["This image does not allow a custom username: leave it out"]),
        ("alice", nil, []),                                        // image unknown: not judged
    ]

    @Test(arguments: usernameCases)
    func username(_ u: String?, _ allowed: Bool?, _ expected: [String]) {
        let issues = CreateVMValidator.validateUsername(u, reserved: Fx.reserved, imageAllowsUsername: allowed)
        #expect(issues.map(\.message) == expected)
        #expect(issues.allSatisfy { $0.path == "username" })
    }

    @Test func usernameThroughTheImage() {
        let req = Fx.valid.with { $0.username = "alice" }
        #expect(CreateVMValidator.validate(req, context: Fx.context(Fx.linux)).isEmpty)
        #expect(CreateVMValidator.validate(req, context: Fx.context(Fx.custom)) ==
                [FieldIssue(path: "username", message: "This image does not allow a custom username: leave it out")])
        // root and guest are reserved even when the server's list is empty or missing them
        let ctx = ValidationContext(image: Fx.linux)
        #expect(CreateVMValidator.issues(for: .username, in: req.with { $0.username = "guest" }, context: ctx)
                .map(\.message) == ["'guest' is a reserved username"])
    }

    // MARK: Auth method per image

    static let authCases: [BodyCase] = {
        let none = Fx.valid.with { $0.authMethod = nil; $0.sshKeyId = nil }
        let ssh = Fx.valid
        let pw = Fx.valid.with { $0.authMethod = .password; $0.sshKeyId = nil; $0.password = Fx.goodPassword }
        let custom = Fx.valid.with { $0.authMethod = .custom; $0.sshKeyId = nil }
        let leaveOut = ("authMethod", "This image has no login customization: leave the auth method out")
        return [
            // Linux: everything customizable
            BodyCase("linux without auth", none, Fx.context(Fx.linux), [("authMethod", "Choose an auth method: ssh-key or password")]),
            BodyCase("linux ssh-key", ssh, Fx.context(Fx.linux), []),
            BodyCase("linux password", pw, Fx.context(Fx.linux), []),
            BodyCase("linux custom", custom, Fx.context(Fx.linux),
                     [("authMethod", "Custom auth is only for images without login customization: use ssh-key or password")]),
            // Windows: password only
            BodyCase("windows without auth", none, Fx.context(Fx.windows), [("authMethod", "Choose an auth method: password")]),
            BodyCase("windows ssh-key", ssh, Fx.context(Fx.windows), [("authMethod", "This image does not allow ssh-key login: use password")]),
            BodyCase("windows password", pw, Fx.context(Fx.windows), []),
            // Appliance: no customizations at all ({} or no config)
            BodyCase("appliance without auth", none, Fx.context(Fx.appliance), []),
            BodyCase("appliance custom (A-6)", custom, Fx.context(Fx.appliance), []),
            BodyCase("appliance ssh-key", ssh, Fx.context(Fx.appliance), [leaveOut]),
            BodyCase("appliance password", pw, Fx.context(Fx.appliance), [leaveOut]),
            // An image that does not list its customizations (the reference's own examples): the
            // server decides, so nothing is refused here
            BodyCase("image without config", none, Fx.context(Fx.noConfig), []),
            BodyCase("image without config, ssh-key", ssh, Fx.context(Fx.noConfig), []),
            BodyCase("image without config, password", pw, Fx.context(Fx.noConfig), []),
            BodyCase("image without config, custom", custom, Fx.context(Fx.noConfig), []),
            // Custom category: ssh-key and password but no username; custom allowed by category
            BodyCase("custom image without auth", none, Fx.context(Fx.custom, category: "Custom"),
                     [("authMethod", "Choose an auth method: ssh-key or password")]),
            BodyCase("custom image ssh-key", ssh, Fx.context(Fx.custom, category: "Custom"), []),
            BodyCase("custom image custom auth", custom, Fx.context(Fx.custom, category: "Custom"), []),
            BodyCase("custom-like image outside the Custom category", custom, Fx.context(Fx.custom),
                     [("authMethod", "Custom auth is only for images without login customization: use ssh-key or password")]),
            // Image unknown: presence of authMethod not judged
            BodyCase("unknown image without auth", none, Fx.context(nil), []),
            BodyCase("unknown image password", pw, Fx.context(nil), []),
        ]
    }()

    @Test(arguments: authCases)
    func authMethod(_ c: BodyCase) {
        #expect(CreateVMValidator.validate(c.request, context: c.context) == c.expected)
    }

    // MARK: SSH key and password as fields

    static let credentialCases: [BodyCase] = {
        let ssh = Fx.valid
        let pw = Fx.valid.with { $0.authMethod = .password; $0.sshKeyId = nil; $0.password = Fx.goodPassword }
        let custom = Fx.valid.with { $0.authMethod = .custom; $0.sshKeyId = nil }
        let none = Fx.valid.with { $0.authMethod = nil; $0.sshKeyId = nil }
        return [
            BodyCase("ssh-key without key", ssh.with { $0.sshKeyId = nil }, [("sshKeyId", "Choose an SSH key for ssh-key login")]),
            BodyCase("ssh-key with empty key", ssh.with { $0.sshKeyId = "" }, [("sshKeyId", "Choose an SSH key for ssh-key login")]),
            BodyCase("ssh-key with bad key id", ssh.with { $0.sshKeyId = "my-key" },
                     [("sshKeyId", "SSH key id must be a UUID (got 'my-key')")]),
            BodyCase("ssh-key plus password", ssh.with { $0.password = Fx.goodPassword },
                     [("password", "SSH-key login disables passwords: leave the password out")]),
            BodyCase("password without password", pw.with { $0.password = nil }, [("password", "Enter a password for password login")]),
            BodyCase("password empty", pw.with { $0.password = "" }, [("password", "Enter a password for password login")]),
            BodyCase("password too short", pw.with { $0.password = "Abc1!" }, [("password", "Use 12-20 characters (now 5)")]),
            BodyCase("password plus key", pw.with { $0.sshKeyId = Fx.key }, [("sshKeyId", "Password login takes no SSH key: leave it out")]),
            BodyCase("password with username", pw.with { $0.username = "alice" }, []),
            BodyCase("custom with key and password", custom.with { $0.sshKeyId = Fx.key; $0.password = Fx.goodPassword },
                     Fx.context(Fx.appliance), [
                        ("sshKeyId", "Custom auth takes no SSH key: leave it out"),
                        ("password", "Custom auth takes no password: leave it out")]),
            BodyCase("appliance with stray key and password", none.with { $0.sshKeyId = Fx.key; $0.password = Fx.goodPassword },
                     Fx.context(Fx.appliance), [
                        ("sshKeyId", "This image has no login customization: leave the SSH key out"),
                        ("password", "This image has no login customization: leave the password out")]),
            BodyCase("no auth yet on linux: only the auth method is asked for",
                     none.with { $0.sshKeyId = Fx.key }, Fx.context(Fx.linux),
                     [("authMethod", "Choose an auth method: ssh-key or password")]),
        ]
    }()

    @Test(arguments: credentialCases)
    func credentials(_ c: BodyCase) {
        #expect(CreateVMValidator.validate(c.request, context: c.context) == c.expected)
    }

    @Test func normalizedDropsUntouchedTextFields() {
        let req = Fx.valid.with { $0.username = ""; $0.password = ""; $0.resourceGroupId = "" }
        #expect(!CreateVMValidator.validate(req, context: Fx.context()).isEmpty)
        #expect(CreateVMValidator.validate(req.normalized, context: Fx.context()).isEmpty)
        #expect(req.normalized.sshKeyId == Fx.key)
    }

    // MARK: Network interfaces and public IP

    static func nics(_ ids: [String], primary: [Int] = [0]) -> [NetworkInterface] {
        ids.enumerated().map { NetworkInterface(networkId: $0.element, primary: primary.contains($0.offset)) }
    }

    static let interfaceCases: [([NetworkInterface]?, [(String, String)])] = [
        (nil, []),
        ([], [("networkInterfaces", "Add a network interface, or leave them out for the default network")]),
        (nics([Fx.lanA]), []),
        (nics([Fx.lanA, Fx.l2], primary: [1]), []),
        (nics((1...5).map(Fx.net)), []),
        (nics((1...6).map(Fx.net)), [("networkInterfaces", "At most 5 network interfaces (now 6)")]),
        (nics([Fx.lanA, Fx.l2], primary: []), [("networkInterfaces", "Exactly one interface must be primary (now 0)")]),
        (nics([Fx.lanA, Fx.l2], primary: [0, 1]), [("networkInterfaces", "Exactly one interface must be primary (now 2)")]),
        (nics([Fx.lanA, ""]), [("networkInterfaces.1.networkId", "Choose a network")]),
        (nics([Fx.lanA, "lan-a"]), [("networkInterfaces.1.networkId", "Network id must be a UUID (got 'lan-a')")]),
        (nics([Fx.lanA, Fx.l2, Fx.lanA]), [("networkInterfaces.2.networkId", "Network 'lan-a' is listed twice")]),
        (nics([Fx.lanA, Fx.lanA.uppercased()]), [("networkInterfaces.1.networkId", "Network 'lan-a' is listed twice")]),
        (nics([Fx.lanA, Fx.lanB]), [("networkInterfaces.1.networkId", "Network 'lan-b' is in another data center (Kansas)")]),
        (nics([Fx.lanB]), [("networkInterfaces.0.networkId", "Network 'lan-b' is in another data center (Kansas)")]),
        // a network the client does not know is not judged beyond its id
        (nics([Fx.lanA, "99999999-9999-4999-8999-999999999999"]), []),
        // several problems at once, each on its own path
        (nics([Fx.lanB, "x", Fx.lanB], primary: []), [
            ("networkInterfaces", "Exactly one interface must be primary (now 0)"),
            ("networkInterfaces.0.networkId", "Network 'lan-b' is in another data center (Kansas)"),
            ("networkInterfaces.1.networkId", "Network id must be a UUID (got 'x')"),
            ("networkInterfaces.2.networkId", "Network 'lan-b' is listed twice")]),
    ]

    @Test(arguments: interfaceCases)
    func interfaces(_ list: [NetworkInterface]?, _ expected: [(String, String)]) {
        let req = Fx.valid.with { $0.networkInterfaces = list }
        let issues = CreateVMValidator.validate(req, context: Fx.context())
        #expect(issues == expected.map { FieldIssue(path: $0.0, message: $0.1) })
        #expect(issues.allSatisfy { $0.field == .networkInterfaces })
    }

    @Test func interfacesWithoutAKnownDataCenterAreNotJudgedForIt() {
        let req = Fx.valid.with { $0.networkInterfaces = Self.nics([Fx.lanB]) }
        #expect(CreateVMValidator.validate(req, context: ValidationContext(image: Fx.linux)).isEmpty)
        #expect(CreateVMValidator.validate(req.with { $0.datacenterId = Fx.dcB }, context: Fx.context()).isEmpty)
    }

    static let publicIpCases: [(Bool?, [NetworkInterface]?, [String])] = [
        (true, nil, []),                                              // default network is standard
        (true, nics([Fx.lanA]), []),
        (true, nics([Fx.lanA, Fx.l2]), []),                           // L2 as a secondary is fine
        (true, nics([Fx.l2]), ["A public IP needs a standard (L3) primary network; 'l2-storage' is custom L2"]),
        (true, nics([Fx.lanA, Fx.l2], primary: [1]), ["A public IP needs a standard (L3) primary network; 'l2-storage' is custom L2"]),
        (false, nics([Fx.l2]), []),
        (nil, nics([Fx.l2]), []),
        (true, nics(["99999999-9999-4999-8999-999999999999"]), []),  // unknown primary: not judged
    ]

    @Test(arguments: publicIpCases)
    func publicIp(_ allocate: Bool?, _ list: [NetworkInterface]?, _ expected: [String]) {
        let req = Fx.valid.with { $0.allocatePublicIp = allocate; $0.networkInterfaces = list }
        let issues = CreateVMValidator.validate(req, context: Fx.context())
        #expect(issues.map(\.message) == expected)
        #expect(issues.allSatisfy { $0.path == "allocatePublicIp" })
    }

    // MARK: Per-field checks and the whole

    static let mixed: [BodyCase] = idCases + authCases + credentialCases + [
        BodyCase("everything wrong", CreateVMRequest(
            datacenterId: "x", imageId: nil, skuId: "", name: "-" + String(repeating: "b", count: 70),
            resourceGroupId: "", numberOfInstances: 300, allocatePublicIp: true,
            networkInterfaces: nics([Fx.l2, Fx.l2, Fx.lanB, "", "q", Fx.lanA]),
            authMethod: .sshKey, sshKeyId: "k", password: "short$", username: "Root", subnetId: "s"),
                 Fx.context(Fx.windows), []),
    ]

    @Test(arguments: mixed)
    func validateIsTheUnionOfTheFieldChecks(_ c: BodyCase) {
        let whole = CreateVMValidator.validate(c.request, context: c.context)
        var union: [FieldIssue] = []
        for field in CreateVMField.allCases {
            let part = CreateVMValidator.issues(for: field, in: c.request, context: c.context)
            // every issue of a field carries that field's path
            #expect(part.allSatisfy { $0.field == field }, "\(field)")
            #expect(CreateVMValidator.firstMessage(for: field, in: c.request, context: c.context) == part.first?.message)
            union += part
        }
        #expect(whole == union)
        #expect(CreateVMValidator.isValid(CreateVMField.allCases, in: c.request, context: c.context) == whole.isEmpty)
    }

    @Test func everythingWrongReportsEveryField() {
        let c = Self.mixed.last!
        let fields = Set(CreateVMValidator.validate(c.request, context: c.context).compactMap(\.field))
        #expect(fields == Set(CreateVMField.allCases).subtracting([.configurationId]))
    }

    static let pathCases: [(String, CreateVMField?)] = [
        ("networkInterfaces.1.networkId", .networkInterfaces),
        ("password", .password), ("name", .name), ("configurationId", .configurationId),
        ("subnetId", .subnetId), ("acquirePublicIp", .allocatePublicIp), ("publicIpId", .allocatePublicIp),
        ("vpcId", nil), ("", nil),
    ]

    @Test(arguments: pathCases)
    func serverPathsMapToFields(_ path: String, _ field: CreateVMField?) {
        #expect(CreateVMField(path: path) == field)
        #expect(FieldIssue(path: path, message: "m").field == field)
    }

    // MARK: The encoded body

    static let allowedKeys: Set<String> = [
        "datacenterId", "imageId", "skuId", "name", "resourceGroupId", "numberOfInstances",
        "allocatePublicIp", "networkInterfaces", "authMethod", "sshKeyId", "password", "username",
    ]

    static func keys(_ r: CreateVMRequest) throws -> Set<String> {
        let data = try JSONEncoder().encode(r)
        let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return Set(obj.keys)
    }

    @Test func configurationIdIsNeverEncoded() throws {
        let full = CreateVMRequest(datacenterId: Fx.dcA, imageId: Fx.imageLinux, skuId: Fx.sku, name: "web",
                                   resourceGroupId: Fx.group, numberOfInstances: 2, allocatePublicIp: true,
                                   networkInterfaces: Self.nics([Fx.lanA]), authMethod: .password,
                                   sshKeyId: Fx.key, password: Fx.goodPassword, username: "alice")
        #expect(try Self.keys(full) == Self.allowedKeys)
        #expect(try Self.keys(CreateVMRequest()).isEmpty)
        #expect(try Self.keys(Fx.valid) == ["datacenterId", "imageId", "skuId", "name", "numberOfInstances",
                                            "authMethod", "sshKeyId"])
        // A body read back from somewhere with the legacy field loses it.
        let legacy = #"{"datacenterId":"\#(Fx.dcA)","configurationId":3,"name":"web","skuId":"\#(Fx.sku)"}"#
        let decoded = try decodeJSON(CreateVMRequest.self, legacy)
        #expect(try !Self.keys(decoded).contains("configurationId"))
        #expect(CreateVMValidator.issues(for: .configurationId, in: decoded, context: Fx.context()).isEmpty)
    }

    @Test func encodedValuesUseTheSeedSpelling() throws {
        let req = Fx.valid.with { $0.networkInterfaces = Self.nics([Fx.lanA]) }
        let text = String(decoding: try JSONEncoder().encode(req), as: UTF8.self)
        #expect(text.contains(#""authMethod":"ssh-key""#))
        #expect(text.contains(#""primary":true"#))
        #expect(req.redacted.password == nil)
        #expect(Fx.valid.with { $0.password = "Secret123!abc" }.redacted.password == CreateVMRequest.passwordMask)
        #expect(Fx.valid.with { $0.password = "Secret123!abc" }.withoutPassword.password == nil)
    }
}

@Suite struct CreateRequestDescriptionTests {
    @Test func printingARequestNeverShowsThePassword() {
        let r = CreateVMRequest(name: "web", authMethod: .password, password: "Sup3r-Secret.99")
        var dumped = ""
        dump(r, to: &dumped)
        for text in ["\(r)", String(describing: r), String(reflecting: r), dumped] {
            #expect(!text.contains("Sup3r-Secret.99"))
            #expect(text.contains("web"))
        }
    }
}
