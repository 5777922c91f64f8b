import GPCNCore
import TerminalUI

/// The seven steps of the create wizard (DESIGN.md §3), in order.
public enum WizardStep: Int, CaseIterable, Sendable, Comparable {
    case dataCenter = 1, image, size, access, network, details, review

    public static func < (a: WizardStep, b: WizardStep) -> Bool { a.rawValue < b.rawValue }

    public var title: String {
        switch self {
        case .dataCenter: return "Data center"
        case .image: return "Image"
        case .size: return "Size"
        case .access: return "Access"
        case .network: return "Network"
        case .details: return "Details"
        case .review: return "Review"
        }
    }

    /// The create-body fields this step edits.
    public var fields: [CreateVMField] {
        switch self {
        case .dataCenter: return [.datacenterId]
        case .image: return [.imageId]
        case .size: return [.skuId]
        case .access: return [.authMethod, .sshKeyId, .password, .username]
        case .network: return [.networkInterfaces, .allocatePublicIp]
        case .details: return [.name, .numberOfInstances, .resourceGroupId]
        case .review: return [.configurationId]
        }
    }

    /// The step where `field` is edited (server issues jump there).
    public static func step(for field: CreateVMField) -> WizardStep {
        allCases.first { $0.fields.contains(field) } ?? .review
    }

    var next: WizardStep? { WizardStep(rawValue: rawValue + 1) }
    var previous: WizardStep? { WizardStep(rawValue: rawValue - 1) }
}

/// Everything the operator has chosen or typed, independent of the screens. Pre-filled from
/// flags or a preset; turned into the create body by `request`.
public struct WizardAnswers: Sendable, Equatable {
    public var datacenterId: String?
    public var imageId: String?
    public var skuId: String?
    public var authMethod: AuthMethod?
    public var sshKeyId: String?
    /// Secret: never drawn, logged or stored.
    public var password: String = ""
    public var username: String = ""
    /// Selected networks in order; empty means the data center's default network.
    public var networkIds: [String] = []
    public var primaryNetworkId: String?
    public var allocatePublicIp = false
    public var name: String = ""
    /// As typed, so a half-typed value is kept and validated rather than lost.
    public var count: String = "1"
    public var resourceGroupId: String?

    public init() {}

    /// The create body these answers stand for. Empty text fields are left out.
    public func request(allowsUsername: Bool) -> CreateVMRequest {
        var r = CreateVMRequest()
        r.datacenterId = datacenterId
        r.imageId = imageId
        r.skuId = skuId
        r.name = name
        r.numberOfInstances = Int(count.trimmingWhitespace())
        r.resourceGroupId = resourceGroupId
        if !networkIds.isEmpty {
            let primary = primaryNetworkId ?? networkIds.first
            r.networkInterfaces = networkIds.map { NetworkInterface(networkId: $0, primary: $0 == primary) }
        }
        if allocatePublicIp { r.allocatePublicIp = true }
        r.authMethod = authMethod
        switch authMethod {
        case .sshKey?: r.sshKeyId = sshKeyId
        case .password?: r.password = password
        default: break
        }
        if allowsUsername && !username.isEmpty { r.username = username }
        return r.normalized
    }
}

/// The catalog lists fetched so far; each is fetched once per data center and reused.
public struct CatalogCache: Sendable, Equatable {
    public var dataCenters: Loadable<[DataCenter]> = .idle
    public var images: [String: Loadable<ImageCatalog>] = [:]
    public var sizes: [String: Loadable<SizeCatalog>] = [:]
    public var networks: [String: Loadable<[Network]>] = [:]
    public var sshKeys: Loadable<[SSHKey]> = .idle
    public var resourceGroups: Loadable<[ResourceGroup]> = .idle

    public init() {}

    func status(_ request: CatalogRequest) -> LoadStatus {
        switch request {
        case .dataCenters: return LoadStatus(dataCenters)
        case .images(let dc): return LoadStatus(images[dc] ?? .idle)
        case .sizes(let dc): return LoadStatus(sizes[dc] ?? .idle)
        case .sshKeys: return LoadStatus(sshKeys)
        case .networks(let dc): return LoadStatus(networks[dc] ?? .idle)
        case .resourceGroups: return LoadStatus(resourceGroups)
        }
    }

    mutating func markLoading(_ request: CatalogRequest) {
        switch request {
        case .dataCenters: dataCenters = .loading
        case .images(let dc): images[dc] = .loading
        case .sizes(let dc): sizes[dc] = .loading
        case .sshKeys: sshKeys = .loading
        case .networks(let dc): networks[dc] = .loading
        case .resourceGroups: resourceGroups = .loading
        }
    }

    mutating func store(_ request: CatalogRequest, _ result: Result<CatalogPayload, APIError>) {
        switch (request, result) {
        case (.dataCenters, .success(.dataCenters(let v))): dataCenters = .loaded(v)
        case (.images(let dc), .success(.images(let v))): images[dc] = .loaded(v)
        case (.sizes(let dc), .success(.sizes(let v))): sizes[dc] = .loaded(v)
        case (.sshKeys, .success(.sshKeys(let v))): sshKeys = .loaded(v)
        case (.networks(let dc), .success(.networks(let v))):
            // The server filters by data center; keep only those that say they are elsewhere out.
            networks[dc] = .loaded(v.filter { $0.datacenterId == nil || $0.datacenterId == dc })
        case (.resourceGroups, .success(.resourceGroups(let v))): resourceGroups = .loaded(v)
        case (_, .failure(let e)):
            switch request {
            case .dataCenters: dataCenters = .failed(e)
            case .images(let dc): images[dc] = .failed(e)
            case .sizes(let dc): sizes[dc] = .failed(e)
            case .sshKeys: sshKeys = .failed(e)
            case .networks(let dc): networks[dc] = .failed(e)
            case .resourceGroups: resourceGroups = .failed(e)
            }
        default:
            break  // a payload of the wrong kind for the request: ignore it
        }
    }
}

/// Loading state without the payload, for views.
enum LoadStatus: Equatable {
    case idle, loading, loaded, failed(APIError)
    init<V>(_ l: Loadable<V>) {
        switch l {
        case .idle: self = .idle
        case .loading: self = .loading
        case .loaded: self = .loaded
        case .failed(let e): self = .failed(e)
        }
    }
}

/// Focusable parts of the form steps.
public enum AccessFocus: Sendable, Equatable { case method, sshKey, password, username }
public enum NetworkFocus: Sendable, Equatable { case list, publicIp }
public enum DetailsFocus: Sendable, Equatable { case name, count, resourceGroup }

/// The review step's submit state.
public enum SubmitState: Sendable, Equatable {
    case editing
    case submitting
    /// The server (or the network) refused; `mayHaveSucceeded` when the answer was lost after sending.
    case failed(APIError, mayHaveSucceeded: Bool)
}

/// A successful submit, handed to the app to open the jobs screen.
public struct Submitted: Sendable, Equatable {
    public var submissionId: String
    public var request: CreateVMRequest
    public var jobs: [Job]
    /// The journaled intent this submission answers.
    public var intentId: String?
}

/// A create whose answer was lost: what it asked for, and what the VM list says about it.
/// While it stands, Enter on the review does not send the same request again blindly.
public struct UnconfirmedCreate: Sendable, Equatable {
    /// The request sent (no password).
    public var request: CreateVMRequest
    /// nil while the VM list is being checked.
    public var check: CreateCheck?
    /// Enter was pressed once after a failed check: the next Enter sends anyway.
    public var resendArmed = false
}

public struct WizardState: Sendable, Equatable {
    public var step: WizardStep = .dataCenter
    public var answers: WizardAnswers
    public var catalog = CatalogCache()

    public var dataCenterList = ListState()
    public var imageList = ListState()
    public var sizeList = ListState()
    public var sshKeyList = ListState()
    public var networkSelect = MultiSelectState(rows: [], maxSelected: 5)
    public var resourceGroupList = ListState()

    public var nameField: TextFieldState
    public var countField: TextFieldState
    public var usernameField: TextFieldState
    public var passwordField: TextFieldState

    public var accessFocus: AccessFocus = .method
    public var networkFocus: NetworkFocus = .list
    public var detailsFocus: DetailsFocus = .name

    /// A change the operator should know about ("image cleared: …"), shown until the next step.
    public var notice: String?
    /// Why the step cannot be left forward (after Enter on an invalid step).
    public var blocked: String?
    /// Issues the server reported for fields, shown at those fields until edited.
    public var serverIssues: [FieldIssue] = []
    public var submit: SubmitState = .editing
    public var reviewScroll = 0
    /// Set on a 202; the app takes it and moves to the jobs screen.
    var submitted: Submitted?
    /// The journaled intent of the create on its way.
    public var intentId: String?
    /// The last create whose answer was lost, and what checking for it found.
    public var unconfirmed: UnconfirmedCreate?

    public init(answers: WizardAnswers = WizardAnswers()) {
        self.answers = answers
        nameField = TextFieldState(text: answers.name, maxLength: 80, viewportWidth: 40)
        countField = TextFieldState(text: answers.count, maxLength: 4, viewportWidth: 6)
        usernameField = TextFieldState(text: answers.username, maxLength: 40, viewportWidth: 24)
        passwordField = TextFieldState(text: answers.password, maxLength: 64, isMasked: true, viewportWidth: 24)
    }

    /// The VM names of a create that may exist without the operator seeing it here: one on its
    /// way (no answer yet), or one whose answer was lost and not found absent. Nil otherwise.
    public var createAtRisk: (names: [String], onItsWay: Bool)? {
        if submit == .submitting { return (request.instanceNames, true) }
        guard let u = unconfirmed, u.check != .notFound else { return nil }
        return (u.request.instanceNames, false)
    }

    mutating func takeSubmittedJobs() -> Submitted? {
        defer { submitted = nil }
        return submitted
    }

    /// Drops the password from memory that outlives the wizard.
    public mutating func forgetSecrets() {
        answers.password = ""
        passwordField.setText("")
    }

    // MARK: - Derived facts

    public var dataCenter: DataCenter? {
        guard let id = answers.datacenterId else { return nil }
        return catalog.dataCenters.value?.first { $0.id == id }
    }

    public var imageCatalog: ImageCatalog? {
        answers.datacenterId.flatMap { catalog.images[$0]?.value }
    }

    public var image: VMImage? {
        guard let id = answers.imageId else { return nil }
        return imageCatalog?.image(id: id)
    }

    public var size: VMSize? {
        guard let id = answers.skuId, let dc = answers.datacenterId else { return nil }
        return catalog.sizes[dc]?.value?.size(id: id)
    }

    public var networks: [Network] {
        answers.datacenterId.flatMap { catalog.networks[$0]?.value } ?? []
    }

    public var sshKey: SSHKey? {
        guard let id = answers.sshKeyId else { return nil }
        return catalog.sshKeys.value?.first { $0.id == id }
    }

    public var resourceGroup: ResourceGroup? {
        guard let id = answers.resourceGroupId else { return nil }
        return catalog.resourceGroups.value?.first { $0.id == id }
    }

    /// The category name of the chosen image ("Linux", "Custom", …).
    public var imageCategory: String? {
        guard let id = answers.imageId else { return nil }
        return imageCatalog?.categories.first { $0.images.contains { $0.id == id } }?.name
    }

    /// What the chosen image accepts; nothing until an image is chosen.
    public var customizations: ImageCustomizations { image?.customizations ?? .none }

    public var allowedAuthMethods: [AuthMethod] { customizations.authMethods }

    /// The body the answers make now.
    public var request: CreateVMRequest { answers.request(allowsUsername: customizations.username) }

    public var validationContext: ValidationContext {
        ValidationContext(image: image, reservedUsernames: imageCatalog?.reservedUsernames ?? [],
                          networks: networks, imageCategory: imageCategory)
    }

    /// The catalog lists loaded so far, as the flag resolver sees them.
    public var resolutionCatalog: ResolutionCatalog {
        let dc = answers.datacenterId
        return ResolutionCatalog(dataCenters: catalog.dataCenters.value, images: dc.flatMap { catalog.images[$0]?.value },
                                 sizes: dc.flatMap { catalog.sizes[$0]?.value },
                                 networks: dc.flatMap { catalog.networks[$0]?.value },
                                 sshKeys: catalog.sshKeys.value, resourceGroups: catalog.resourceGroups.value)
    }

    /// The answers as `gpcn create` flags (names where they find the same entry again, ids
    /// otherwise; never the password): the review's command line and the preset `s` saves.
    public var presetFlags: CreateFlags {
        CreateFlags.describing(request.withoutPassword, catalog: resolutionCatalog)
    }

    /// Every problem with the current answers for `step`: our rules plus the server's word.
    public func issues(for step: WizardStep) -> [FieldIssue] {
        let fields = Set(step.fields)
        let local = CreateVMValidator.validate(request, context: validationContext)
            .filter { CreateVMField(path: $0.path).map(fields.contains) ?? (step == .review) }
        var local2 = local
        if fields.contains(.numberOfInstances), Int(answers.count.trimmingWhitespace()) == nil {
            local2.append(FieldIssue(path: "numberOfInstances",
                                     message: answers.count.isEmpty ? "Enter how many VMs to create (1-10)"
                                                                    : "Enter a whole number from 1 to 10"))
        }
        let server = serverIssues.filter { CreateVMField(path: $0.path).map(fields.contains) ?? (step == .review) }
        var seen = Set<FieldIssue>()
        return (local2 + server).filter { seen.insert($0).inserted }
    }

    public func issues(for field: CreateVMField) -> [FieldIssue] {
        issues(for: WizardStep.step(for: field)).filter { CreateVMField(path: $0.path) == field }
    }

    /// Something is loading (a spinner is showing).
    public var isBusy: Bool {
        if submit == .submitting { return true }
        return loadsFor(step).contains { catalog.status($0) == .loading }
    }

    /// Whether typed characters go into a text field now (so `?` types rather than opens help).
    public var isTypingText: Bool {
        switch step {
        case .access: return accessFocus == .password || accessFocus == .username
        case .details: return detailsFocus == .name || detailsFocus == .count
        case .dataCenter: return dataCenterList.isEditingFilter
        case .image: return imageList.isEditingFilter
        case .size: return sizeList.isEditingFilter
        case .network: return networkSelect.list.isEditingFilter
        case .review: return false
        }
    }

    /// The lists a step shows, to fetch when it opens.
    func loadsFor(_ step: WizardStep) -> [CatalogRequest] {
        switch step {
        case .dataCenter: return [.dataCenters]
        case .image: return answers.datacenterId.map { [.images(datacenterId: $0)] } ?? []
        case .size: return answers.datacenterId.map { [.sizes(datacenterId: $0)] } ?? []
        case .access: return customizations.sshKey ? [.sshKeys] : []
        case .network: return answers.datacenterId.map { [.networks(datacenterId: $0)] } ?? []
        case .details: return [.resourceGroups]
        case .review: return []
        }
    }
}
