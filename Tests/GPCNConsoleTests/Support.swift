import GPCNCore
@testable import GPCNConsole
import TerminalUI

/// A small catalog for driving the console without a network.
enum Fixture {
    static let chicago = DataCenter(id: "11111111-1111-4111-8111-111111111111", name: "Chicago", code: "CHI-1",
                                    regionName: "Central", countryName: "United States", gpuEnabled: true, l2Capable: true)
    static let tokyo = DataCenter(id: "22222222-2222-4222-8222-222222222222", name: "東京 Tokyo", code: "TYO-1",
                                  regionName: "Asia Pacific", countryName: "Japan")
    static let ubuntu = VMImage(id: "aaaaaaaa-0000-4000-8000-000000000001", name: "Ubuntu 24.04 LTS", username: "ubuntu",
                                config: ImageConfig(type: "cloud-init",
                                                    customizations: ImageCustomizations(sshKey: true, password: true, username: true)))
    static let windows = VMImage(id: "aaaaaaaa-0000-4000-8000-000000000002", name: "Windows 2022 Standard",
                                 config: ImageConfig(customizations: ImageCustomizations(password: true)))
    static let appliance = VMImage(id: "aaaaaaaa-0000-4000-8000-000000000003", name: "OPNsense 24.7",
                                   config: ImageConfig(type: "none", customizations: ImageCustomizations()))
    static let images = ImageCatalog(categories: [
        ImageCategory(id: 1, name: "Linux", sortOrder: 1, images: [ubuntu]),
        ImageCategory(id: 2, name: "Windows", sortOrder: 2, images: [windows]),
        ImageCategory(id: 3, name: "Network/Security", sortOrder: 3, images: [appliance]),
    ], reservedUsernames: ["root", "guest", "admin"])
    static let small = VMSize(skuId: "bbbbbbbb-0000-4000-8000-000000000001", name: "G-Small-1", cpu: 4, ram: 8, disk: 100,
                              pricePerMonth: 45.55, currency: "USD", available: true)
    static let big = VMSize(skuId: "bbbbbbbb-0000-4000-8000-000000000002", name: "G-Huge-1", cpu: 64, ram: 256, disk: 2000,
                            available: false, unavailableReason: "sold out in this data center")
    static let sizes = SizeCatalog(categories: [SizeCategory(code: "general-purpose", name: "General Purpose", sizes: [small, big])])
    static let key = SSHKey(id: "cccccccc-0000-4000-8000-000000000001", name: "ops-laptop", fingerprint: "SHA256:abc",
                            algorithm: "ed25519", isDefault: true)
    static let web = Network(id: "dddddddd-0000-4000-8000-000000000001", name: "web", networkType: "standard",
                             cidrBlock: "10.0.1.0/24", datacenter: EmbeddedDataCenter(id: chicago.id, name: "Chicago"))
    static let storage = Network(id: "dddddddd-0000-4000-8000-000000000002", name: "storage-l2", networkType: "custom",
                                 cidrBlock: "192.168.5.0/24", datacenter: EmbeddedDataCenter(id: chicago.id, name: "Chicago"))
    static let group = ResourceGroup(id: "eeeeeeee-0000-4000-8000-000000000001", name: "production")

    static func payload(_ request: CatalogRequest) -> CatalogPayload {
        switch request {
        case .dataCenters: return .dataCenters([chicago, tokyo])
        case .images: return .images(images)
        case .sizes: return .sizes(sizes)
        case .sshKeys: return .sshKeys([key])
        case .networks(let dc): return .networks(dc == chicago.id ? [web, storage] : [])
        case .resourceGroups: return .resourceGroups([group])
        case .subnets: return .subnets([])  // a legacy account: no VPCs
        }
    }
}

/// Drives `ConsoleApp` like the runtime does, answering loads at once from `Fixture`, and
/// recording the other effects.
struct Driver {
    var state: AppState
    var effects: [Effect] = []
    var now: Double = 1_780_000_000
    /// Answer catalog loads automatically.
    var autoLoad = true
    /// Answer name checks automatically, as a VM list holding VMs with these names would
    /// (nil: the check is left unanswered, for a test to answer).
    var existingVMNames: [String]? = []

    init(size: Size = Size(width: 80, height: 24), glyphs: Glyphs = .unicode) {
        state = AppState.wizard(settings: ConsoleSettings(endpoint: "http://sim/v1", glyphs: glyphs), size: size)
        run(ConsoleApp.start(&state, now: now))
    }

    mutating func run(_ new: [Effect]) {
        var queue = new
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            effects.append(effect)
            if autoLoad, case .load(let request) = effect {
                queue += ConsoleApp.update(&state, .loaded(request, .success(Fixture.payload(request))), now: now)
            }
            if let existing = existingVMNames, case .checkNames(_, let names) = effect {
                let vms = existing.enumerated().map { VirtualMachine(id: "vm-\($0.offset)", name: $0.element) }
                let answer = NameCheckResult(names: names, outcome: .checked(existing: NameCheck.existing(names, in: vms)))
                queue += ConsoleApp.update(&state, .namesChecked(answer), now: now)
            }
        }
    }

    mutating func send(_ msg: Msg) { run(ConsoleApp.update(&state, msg, now: now)) }

    mutating func press(_ keys: Key...) { for k in keys { send(.terminal(.key(k))) } }

    mutating func type(_ text: String) { for c in text { press(.character(c)) } }

    var wizard: WizardState { state.wizard! }

    var screen: [String] { ConsoleApp.view(state, now: now).lines() }

    var text: String { screen.joined(separator: "\n") }

    /// The last `.submit` effect's body.
    var submittedRequest: CreateVMRequest? {
        for e in effects.reversed() { if case .submit(let r) = e { return r } }
        return nil
    }

    /// Walks the default path to the review with name "web" and presses Enter (one `.submit`).
    static func submittedWeb() -> Driver {
        var d = Driver()
        d.press(.enter, .enter, .enter, .enter, .enter)
        d.type("web")
        d.press(.enter, .enter)
        return d
    }
}
