import GPCNCore
import TerminalUI

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
    public var request: CreateVMRequest
    public var jobs: [Job]
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

/// The full-screen wizard: the create form (`CreateForm`, the application layer's rules) plus
/// what only a screen needs — the step shown, lists, fields, focus and messages. The form's facts
/// read through (`wizard.image` is `wizard.form.image`); the rules are the form's alone.
public struct WizardState: Sendable, Equatable {
    public var step: CreateStep = .dataCenter
    public var form: CreateForm

    // The form, read through.
    public var dataCenter: DataCenter? { form.dataCenter }
    public var imageCatalog: ImageCatalog? { form.imageCatalog }
    public var image: VMImage? { form.image }
    public var size: VMSize? { form.size }
    public var networks: [Network] { form.networks }
    public var sshKey: SSHKey? { form.sshKey }
    public var resourceGroup: ResourceGroup? { form.resourceGroup }
    public var customizations: ImageCustomizations { form.customizations }
    public var allowedAuthMethods: [AuthMethod] { form.allowedAuthMethods }
    public var request: CreateVMRequest { form.request }
    public var presetFlags: CreateFlags { form.presetFlags }
    public var publicIpRefusal: String? { form.publicIpRefusal }
    public func issues(for step: CreateStep) -> [FieldIssue] { form.issues(for: step) }
    public func issues(for field: CreateVMField) -> [FieldIssue] { form.issues(for: field) }
    public var answers: CreateAnswers {
        get { form.answers }
        set { form.answers = newValue }
    }
    public var catalog: CatalogCache {
        get { form.catalog }
        set { form.catalog = newValue }
    }
    /// Issues the server reported for fields, shown at those fields until edited.
    public var serverIssues: [FieldIssue] {
        get { form.serverIssues }
        set { form.serverIssues = newValue }
    }

    public var dataCenterList = ListState()
    public var imageList = ListState()
    public var sizeList = ListState()
    public var sshKeyList = ListState()
    public var networkSelect = MultiSelectState(rows: [], maxSelected: CreateForm.maxNetworks)
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
    public var submit: SubmitState = .editing
    public var reviewScroll = 0
    /// Set on a 202; the app takes it and moves to the jobs screen.
    var submitted: Submitted?
    /// The last create whose answer was lost, and what checking for it found.
    public var unconfirmed: UnconfirmedCreate?
    /// What became of a generated password: shown, copied, written to a file (the review says).
    public var passwordUse = PasswordUse()
    /// Whether the batch's names are taken (asked once when the review opens for these names).
    public var nameCheck: NameCheckStatus?
    /// The names whose warning (taken, or not checked) the operator has seen after an Enter: the
    /// next deliberate Enter creates them anyway.
    public var namesConfirmed: [String]?
    /// Enter was pressed while the names were being checked: create once they are found free.
    public var submitWhenChecked = false

    /// - Parameter maxCount: the config profile's `max_count` (a lower limit on the count).
    public init(answers: CreateAnswers = CreateAnswers(), maxCount: Int? = nil) {
        self.form = CreateForm(answers: answers, maxCount: maxCount)
        nameField = TextFieldState(text: answers.name, maxLength: 80, viewportWidth: 40)
        countField = TextFieldState(text: answers.count, maxLength: 4, viewportWidth: 6)
        usernameField = TextFieldState(text: answers.username, maxLength: 40, viewportWidth: 24)
        passwordField = TextFieldState(text: answers.password, maxLength: 64, isMasked: true, viewportWidth: 24)
    }

    /// The VM names of a create that may exist without the operator seeing it here: one on its
    /// way (no answer yet), or one whose answer was lost and not found absent. Nil otherwise.
    public var createAtRisk: (request: CreateVMRequest, onItsWay: Bool)? {
        if submit == .submitting { return (request.withoutPassword, true) }
        guard let u = unconfirmed, u.check != .notFound else { return nil }
        return (u.request, false)
    }

    mutating func takeSubmittedJobs() -> Submitted? {
        defer { submitted = nil }
        return submitted
    }

    /// Drops the password from memory that outlives the wizard.
    public mutating func forgetSecrets() {
        form.forgetSecrets()
        passwordField.setText("")
        passwordField.isMasked = true
    }

    /// Something is loading (a spinner is showing).
    public var isBusy: Bool {
        if submit == .submitting { return true }
        return form.loads(for: step).contains { catalog.status($0) == .loading }
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

}
