import GPCNApp
import Testing
@testable import GPCNCore

/// A catalog with near-duplicate names, for resolution by id, exact name, unique substring,
/// ambiguity and "did you mean".
private enum Cat {
    static let chicago = DataCenter(id: Fx.dcA, name: "Chicago", code: "CHI-1")
    static let kansas = DataCenter(id: Fx.dcB, name: "Kansas City", code: "MCI-1")
    static let ubuntu22 = VMImage(id: "aaaaaaaa-0000-4000-8000-000000000022", name: "Ubuntu 22.04 LTS",
                                  config: ImageConfig(customizations: ImageCustomizations(sshKey: true, password: true, username: true)))
    static let ubuntu24 = VMImage(id: "aaaaaaaa-0000-4000-8000-000000000024", name: "Ubuntu 24.04 LTS",
                                  config: ImageConfig(customizations: ImageCustomizations(sshKey: true, password: true, username: true)))
    static let windows = VMImage(id: "aaaaaaaa-0000-4000-8000-000000000099", name: "Windows 2022",
                                 config: ImageConfig(customizations: ImageCustomizations(password: true)))
    static let images = ImageCatalog(categories: [
        ImageCategory(id: 1, name: "Linux", images: [ubuntu22, ubuntu24]),
        ImageCategory(id: 2, name: "Windows", images: [windows]),
    ], reservedUsernames: ["admin"])
    static let small = VMSize(skuId: "bbbbbbbb-0000-4000-8000-000000000001", name: "G-Small-1", skuCode: "gs1")
    static let small2 = VMSize(skuId: "bbbbbbbb-0000-4000-8000-000000000002", name: "G-Small-2", skuCode: "gs2")
    static let sizes = SizeCatalog(categories: [SizeCategory(code: "gp", name: "General", sizes: [small, small2])])
    static let laptop = SSHKey(id: Fx.key, name: "ops-laptop", isDefault: true)
    static let ci = SSHKey(id: "7e57d004-2b97-4e7a-b45f-000000000002", name: "ci")
    static let catalog = ResolutionCatalog(
        dataCenters: [chicago, kansas], images: images, sizes: sizes,
        networks: Array(Fx.networks.prefix(7)), sshKeys: [laptop, ci],
        resourceGroups: [ResourceGroup(id: Fx.group, name: "production")])

    static let good = CreateFlags(datacenter: "chicago", image: "ubuntu 24", size: "G-Small-1", name: "web")
}

@Suite("Create flags: name resolution")
struct CreateFlagsResolutionTests {
    @Test func unique_names_ids_codes_and_substrings_resolve() {
        let r = CreateResolver.resolve(Cat.good, password: nil, catalog: Cat.catalog)
        #expect(r.problems == [])
        #expect(r.request.datacenterId == Fx.dcA)
        #expect(r.request.imageId == Cat.ubuntu24.id)
        #expect(r.request.skuId == Cat.small.skuId)
        // By code, by id, case-insensitively.
        var f = Cat.good
        f.datacenter = "chi-1"; f.image = Cat.ubuntu24.id; f.size = "GS2"
        let r2 = CreateResolver.resolve(f, password: nil, catalog: Cat.catalog)
        #expect(r2.problems == [])
        #expect(r2.request.datacenterId == Fx.dcA)
        #expect(r2.request.skuId == Cat.small2.skuId)
    }

    /// `--count` up to 250, or to the profile's `max_count`; the line names the limit and nothing is resolved as valid.
    @Test func count_is_refused_above_the_batch_limit_or_the_profiles_max_count() {
        var f = Cat.good
        f.count = 250
        #expect(CreateResolver.resolve(f, password: nil, catalog: Cat.catalog).problems == [])
        f.count = 251
        let over = CreateResolver.resolve(f, password: nil, catalog: Cat.catalog)
        #expect(over.problems.map(\.line) == ["--count: Create 1-250 instances (now 251)"])
        f.count = 41
        let profile = CreateResolver.resolve(f, password: nil, catalog: Cat.catalog, maxCount: 40)
        #expect(profile.problems.map(\.line)
                == ["--count: Create 1-40 instances (now 41; the profile's max_count)"])
        f.count = 40
        #expect(CreateResolver.resolve(f, password: nil, catalog: Cat.catalog, maxCount: 40).isValid)
    }

    /// Names are matched as the lists' filters match them: without case or diacritics.
    @Test func names_match_without_case_or_diacritics() {
        let dcs = [DataCenter(id: Fx.dcA, name: "Zürich", code: "ZRH-1"), DataCenter(id: Fx.dcB, name: "São Paulo", code: "GRU-1")]
        func find(_ q: String) -> String? {
            if case .found(let dc) = NameResolution.resolve(q, in: dcs, id: \.id, names: ResolutionCatalog.names) { return dc.name }
            return nil
        }
        #expect(find("zurich") == "Zürich")
        #expect(find("ZÜRICH") == "Zürich")
        #expect(find("sao paulo") == "São Paulo")
        #expect(find("sao") == "São Paulo", "a unique substring, folded")
        guard case .notFound(let close) = NameResolution.resolve("zurik", in: dcs, id: \.id, names: ResolutionCatalog.names) else {
            Issue.record("zurik found something"); return
        }
        #expect(close.first?.name == "Zürich", "did you mean, folded")
    }

    @Test func ambiguous_name_lists_the_matches() {
        var f = Cat.good
        f.image = "ubuntu"
        let r = CreateResolver.resolve(f, password: nil, catalog: Cat.catalog)
        #expect(r.problems.count == 1)
        let line = r.problems[0].line
        #expect(line.hasPrefix("--image: 'ubuntu' is ambiguous"))
        #expect(line.contains("'Ubuntu 22.04 LTS'") && line.contains("'Ubuntu 24.04 LTS'"))
        #expect(r.unresolved == [.imageId])
    }

    @Test func unknown_name_suggests_close_matches() {
        var f = Cat.good
        f.datacenter = "chicgo"
        let r = CreateResolver.resolve(f, password: nil, catalog: Cat.catalog)
        // Only the data center: image and size cannot be judged before it is known.
        #expect(r.problems.map(\.field) == [.datacenterId])
        #expect(r.problems[0].line == "--datacenter: no data center 'chicgo'; did you mean 'Chicago'?")
    }

    @Test func unknown_without_close_match_points_at_the_catalog() {
        var f = Cat.good
        f.sshKey = "zzzzzzzzzzzz"
        let r = CreateResolver.resolve(f, password: nil, catalog: Cat.catalog)
        #expect(r.problems.map(\.line) == ["--ssh-key: no SSH key 'zzzzzzzzzzzz' (see gpcn catalog ssh-keys)"])
    }

    @Test func every_problem_at_once_one_line_per_field_in_step_order() {
        let f = CreateFlags(datacenter: "Chicago", image: "nope-image", username: "x", networks: ["lan-a", "ghost"],
                            count: 251, name: "bad name!")
        let r = CreateResolver.resolve(f, password: nil, catalog: Cat.catalog)
        let fields = r.problems.map(\.field)
        #expect(fields == [.imageId, .skuId, .username, .networkInterfaces, .name, .numberOfInstances])
        #expect(r.problems.first { $0.field == .skuId }?.line.hasPrefix("--size: missing: add --size") == true)
        #expect(Set(fields).count == fields.count)  // one line per field
    }

    @Test func missing_required_fields_say_which_flag_to_add() {
        let r = CreateResolver.resolve(CreateFlags(), password: nil, catalog: ResolutionCatalog(dataCenters: []))
        #expect(r.problems.map(\.flag) == ["--datacenter", "--image", "--size", "--name"])
        #expect(r.problems.allSatisfy { $0.messages.first?.hasPrefix("missing: add") == true })
    }

    @Test func login_defaults_follow_the_wizard() {
        // ssh-key with the default key when nothing is said.
        let r = CreateResolver.resolve(Cat.good, password: nil, catalog: Cat.catalog)
        #expect(r.request.authMethod == .sshKey)
        #expect(r.request.sshKeyId == Cat.laptop.id)
        #expect(r.request.password == nil)
        // A password given means password login.
        let p = CreateResolver.resolve(Cat.good, password: Fx.goodPassword, passwordSource: .environment, catalog: Cat.catalog)
        #expect(p.request.authMethod == .password)
        #expect(p.request.password == Fx.goodPassword)
        #expect(p.request.sshKeyId == nil)
        // A password-only image takes password, and asks for one when none is given.
        var w = Cat.good
        w.image = "windows"
        let none = CreateResolver.resolve(w, password: nil, catalog: Cat.catalog)
        #expect(none.request.authMethod == .password)
        #expect(none.problems.map(\.line) == ["password (--password-stdin or GPCN_VM_PASSWORD): Enter a password for password login"])
    }

    @Test func weak_password_and_stray_stdin_password_are_reported() {
        var f = Cat.good
        f.auth = .password
        let weak = CreateResolver.resolve(f, password: "short", passwordSource: .stdin, catalog: Cat.catalog)
        #expect(weak.problems.count == 1)
        #expect(weak.problems[0].field == .password)
        #expect(weak.problems[0].messages.count > 1)  // several rules, one line
        f.auth = .sshKey
        let stray = CreateResolver.resolve(f, password: Fx.goodPassword, passwordSource: .stdin, catalog: Cat.catalog)
        #expect(stray.problems.map(\.field) == [.password])
        // From the environment it is simply not used.
        let env = CreateResolver.resolve(f, password: Fx.goodPassword, passwordSource: .environment, catalog: Cat.catalog)
        #expect(env.problems == [])
        #expect(env.request.password == nil)
    }

    @Test func networks_primary_and_public_ip() {
        var f = Cat.good
        f.networks = ["lan-a", "lan-b,primary"]
        f.publicIp = true
        let r = CreateResolver.resolve(f, password: nil, catalog: Cat.catalog)
        #expect(r.problems == [])
        #expect(r.request.networkInterfaces == [NetworkInterface(networkId: Fx.lanA, primary: false),
                                                NetworkInterface(networkId: Fx.net(2), primary: true)])
        #expect(r.request.allocatePublicIp == true)
        f.networks = ["lan-a,primary", "lan-b,primary"]
        #expect(CreateResolver.resolve(f, password: nil, catalog: Cat.catalog).problems.map(\.field) == [.networkInterfaces])
        // First is primary when none is marked.
        f.networks = ["lan-c", "lan-d"]
        f.publicIp = nil
        let first = CreateResolver.resolve(f, password: nil, catalog: Cat.catalog)
        #expect(first.request.networkInterfaces?.map(\.primary) == [true, false])
        #expect(first.request.allocatePublicIp == nil)
        // Public IP on an L2 primary is refused.
        f.networks = ["l2-storage"]
        f.publicIp = true
        #expect(CreateResolver.resolve(f, password: nil, catalog: Cat.catalog).problems.map(\.field) == [.allocatePublicIp])
    }

    @Test func parse_network_spec() {
        #expect(CreateFlags.parseNetwork("web,primary") == ("web", true))
        #expect(CreateFlags.parseNetwork(" web , PRIMARY") == ("web", true))
        #expect(CreateFlags.parseNetwork("a,b") == ("a,b", false))
    }

    @Test func flags_override_presets_override_profile_defaults() {
        let profile = CreateFlags(datacenter: "Kansas", sshKey: "ci", networks: ["lan-b"])
        let preset = CreateFlags(datacenter: "Chicago", image: "ubuntu 24", count: 3, name: "web")
        let flags = CreateFlags(count: 5)
        let merged = flags.over(preset).over(profile)
        #expect(merged == CreateFlags(datacenter: "Chicago", image: "ubuntu 24", sshKey: "ci", networks: ["lan-b"],
                                      count: 5, name: "web"))
    }

    @Test func describing_a_request_gives_flags_that_resolve_to_it_again() {
        var f = Cat.good
        f.networks = ["lan-a", "lan-b,primary"]
        f.resourceGroup = "prod"
        f.count = 3
        f.username = "deploy"
        let r = CreateResolver.resolve(f, password: nil, catalog: Cat.catalog)
        #expect(r.problems == [])
        let described = CreateFlags.describing(r.request, catalog: Cat.catalog)
        #expect(described.datacenter == "Chicago")
        #expect(described.image == "Ubuntu 24.04 LTS")
        #expect(described.resourceGroup == "production")
        let again = CreateResolver.resolve(described, password: nil, catalog: Cat.catalog)
        #expect(again.request == r.request)
        // A name that does not find the same entry again is written as the id.
        let twin = DataCenter(id: "33333333-3333-4333-8333-333333333333", name: "Chicago")
        var twins = Cat.catalog
        twins.dataCenters = [Cat.chicago, twin]
        #expect(CreateFlags.describing(r.request, catalog: twins).datacenter == Fx.dcA)
    }

    @Test func command_line_quotes_and_never_holds_a_password() {
        let f = CreateFlags(datacenter: "東京 Tokyo", image: "Ubuntu 24.04 LTS", size: "G-Small-1", auth: .password,
                            networks: ["web,primary"], publicIp: true, count: 3, name: "it's")
        let line = f.commandLine()
        #expect(line == "gpcn create --yes --datacenter '東京 Tokyo' --image 'Ubuntu 24.04 LTS' --size G-Small-1 "
                + "--auth password --network web,primary --public-ip --name 'it'\\''s' --count 3 --password-stdin")
    }
}

@Suite("Create flags: rendering shared with the review")
struct CreateFlagsRenderingTests {
    @Test func curl_masks_the_password_and_takes_the_key_from_the_environment() {
        let r = Fx.valid.with { $0.authMethod = .password; $0.sshKeyId = nil; $0.password = Fx.goodPassword }
        let curl = r.curlCommand(endpoint: "https://api.gpcn.com/v1")
        #expect(!curl.contains(Fx.goodPassword))
        #expect(curl.contains(CreateVMRequest.passwordMask))
        #expect(curl.contains("\"X-API-Key: $GPCN_API_KEY\""))
        #expect(curl.hasPrefix("curl https://api.gpcn.com/v1/resource/virtual-machines --request POST"))
    }

    @Test func pretty_json_decodes_back_to_the_request() throws {
        let json = Fx.valid.prettyJSON
        #expect(try decodeJSON(CreateVMRequest.self, json) == Fx.valid)
    }
}
