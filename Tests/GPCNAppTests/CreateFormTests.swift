import GPCNApp
import GPCNCore
import Testing

/// The create form's rules, stated once for the wizard, the accessible flow and the flags.
@Suite struct CreateFormTests {
    static let dc1 = DataCenter(id: "11111111-1111-4111-8111-111111111111", name: "Chicago")
    static let dc2 = DataCenter(id: "22222222-2222-4222-8222-222222222222", name: "Tokyo")
    static let linux = VMImage(id: "aaaaaaaa-0000-4000-8000-000000000001", name: "Ubuntu", username: "ubuntu",
                               config: ImageConfig(customizations: ImageCustomizations(sshKey: true, password: true, username: true)))
    static let windows = VMImage(id: "aaaaaaaa-0000-4000-8000-000000000002", name: "Windows",
                                 config: ImageConfig(customizations: ImageCustomizations(password: true)))
    static let appliance = VMImage(id: "aaaaaaaa-0000-4000-8000-000000000003", name: "Appliance",
                                   config: ImageConfig(customizations: ImageCustomizations()))
    static let keys = [SSHKey(id: "cccccccc-0000-4000-8000-000000000001", name: "a"),
                       SSHKey(id: "cccccccc-0000-4000-8000-000000000002", name: "b", isDefault: true)]

    func form() -> CreateForm {
        var f = CreateForm()
        f.catalog.store(.dataCenters, .success(.dataCenters([Self.dc1, Self.dc2])))
        let images = ImageCatalog(categories: [ImageCategory(id: 1, name: "All", sortOrder: 1,
                                                             images: [Self.linux, Self.windows, Self.appliance])],
                                  reservedUsernames: [])
        for dc in [Self.dc1, Self.dc2] { f.catalog.store(.images(datacenterId: dc.id), .success(.images(images))) }
        f.catalog.store(.sshKeys, .success(.sshKeys(Self.keys)))
        return f
    }

    @Test func aNewDataCenterClearsWhatBelongsToTheOldOne() {
        var f = form()
        #expect(f.chooseDataCenter(Self.dc1.id).notice == nil, "nothing to clear yet")
        _ = f.chooseImage(Self.linux.id)
        f.chooseSize("bbbbbbbb-0000-4000-8000-000000000001")
        f.answers.networkIds = ["n1"]
        #expect(!f.chooseDataCenter(Self.dc1.id).changed, "the same one changes nothing")
        #expect(f.answers.imageId == Self.linux.id)
        let change = f.chooseDataCenter(Self.dc2.id)
        #expect(change.cleared == [.imageId, .skuId, .networkInterfaces, .subnetId, .allocatePublicIp])
        #expect(change.notice?.hasPrefix("Data center changed") == true)
        #expect(f.answers.imageId == nil && f.answers.skuId == nil && f.answers.networkIds.isEmpty)
        #expect(change.dependents.contains(.sshKeyId) && change.dependents.contains(.imageId))
    }

    @Test func theImageDecidesTheLogin() {
        var f = form()
        _ = f.chooseDataCenter(Self.dc1.id)
        _ = f.chooseImage(Self.linux.id)
        #expect(f.answers.authMethod == .sshKey, "the image's first method is the default")
        f.preselectSSHKey()
        #expect(f.answers.sshKeyId == Self.keys[1].id, "the library's default key")
        f.answers.authMethod = .password
        f.answers.password = "Secret-Pass-123"
        f.answers.username = "ops"
        #expect(f.loads(for: .access) == [.sshKeys])
        let toWindows = f.chooseImage(Self.windows.id)
        #expect(toWindows.cleared == [.username], "Windows takes a password but no username")
        #expect(f.answers.password == "Secret-Pass-123" && f.answers.authMethod == .password)
        #expect(f.loads(for: .access).isEmpty, "no keys to load for an image that takes none")
        #expect(!f.asks(.username) && !f.asks(.authMethod) && f.asks(.password) && !f.asks(.sshKeyId))
        let toAppliance = f.chooseImage(Self.appliance.id)
        #expect(toAppliance.cleared == [.authMethod, .password])
        #expect(toAppliance.notice == "Image changed: cleared auth method, password.")
        #expect(f.answers.password.isEmpty && f.answers.authMethod == nil)
    }

    @Test func theLimitsAreTheCreateRules() {
        #expect(CreateForm.countRange == CreateVMValidator.batchRange)
        #expect(CreateForm.maxNetworks == CreateVMValidator.maxNetworkInterfaces)
        var f = form()
        f.answers.count = "x"
        #expect(f.issues(for: .numberOfInstances).map(\.message) == ["Enter a whole number from 1 to 250"])
        f.answers.count = ""
        #expect(f.issues(for: .numberOfInstances).map(\.message) == ["Enter how many VMs to create (1-250)"])
        #expect(f.firstProblem?.step == .dataCenter)
    }

    @Test func aProfilesMaxCountLowersTheCountTheFormTakes() {
        var f = form()
        #expect(f.countLimits == 1...250 && f.countLimitsText == "1-250")
        f.maxCount = 40
        #expect(f.countLimits == 1...40 && f.countLimitsText == "1-40")
        f.answers.name = "web"
        f.answers.count = "41"
        #expect(f.issues(for: .numberOfInstances).map(\.message)
                == ["Create 1-40 instances (now 41; the profile's max_count)"])
        f.answers.count = "40"
        #expect(f.issues(for: .numberOfInstances).isEmpty)
        f.answers.count = "x"
        #expect(f.issues(for: .numberOfInstances).map(\.message) == ["Enter a whole number from 1 to 40"])
    }
}
