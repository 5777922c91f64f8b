import GPCNCore
import TerminalUI

extension WizardState {
    // MARK: - Entering steps

    /// Opens `step`: fetches what it shows (once) and puts the loaded rows in its list.
    mutating func enter(step newStep: CreateStep) -> [Effect] {
        step = newStep
        if newStep != .access { passwordField.isMasked = true }  // shown only where it was asked for
        blocked = nil
        reviewScroll = 0
        submitWhenChecked = false
        namesConfirmed = nil  // a warning is confirmed on the review it was shown on
        var effects: [Effect] = []
        for request in form.loads(for: newStep) { effects += load(request) }
        if newStep == .review { effects += checkNames() }
        // Warm the caches of later steps of this data center while the operator reads.
        if let dc = answers.datacenterId, newStep == .image {
            effects += load(.sizes(datacenterId: dc)) + load(.networks(datacenterId: dc))
        }
        refreshRows()
        showListsUnfiltered(for: newStep)
        focusFirstField()
        return effects
    }

    /// A step's lists as when first shown: no filter, the earlier choice highlighted (a filter
    /// typed before choosing would otherwise still hide rows, and typing `/zur` append to it).
    mutating func showListsUnfiltered(for step: CreateStep) {
        switch step {
        case .dataCenter: dataCenterList.clearFilter(selecting: answers.datacenterId)
        case .image: imageList.clearFilter(selecting: answers.imageId)
        case .size: sizeList.clearFilter(selecting: answers.skuId)
        case .access: sshKeyList.clearFilter(selecting: answers.sshKeyId)
        case .network: networkSelect.list.clearFilter()
        case .details: resourceGroupList.clearFilter(selecting: answers.resourceGroupId ?? Rows.noGroupID)
        case .review: break
        }
    }

    /// Asks the VM list whether the batch's names are taken: once per set of names (again only
    /// after a failed look-up), so going back and changing the name or count checks again.
    mutating func checkNames() -> [Effect] {
        let names = request.instanceNames
        let search = NameCheck.searchTerm(request)
        guard !search.isEmpty, form.issues(for: .name).isEmpty, form.issues(for: .numberOfInstances).isEmpty else { return [] }
        if let check = nameCheck, check.names == names, check.result(for: names)?.isFailed != true { return [] }
        nameCheck = .checking(names: names)
        return [.checkNames(search: search, names: names)]
    }

    /// What the review says once taken names (or a check that could not be made) stop an Enter.
    func namesWarning(_ result: NameCheckResult) -> String {
        result.isFailed ? "\(result.text). Enter creates anyway; Esc goes back."
            : "\(result.text): press Enter again to create anyway, or Esc to go back and rename."
    }

    mutating func load(_ request: CatalogRequest) -> [Effect] {
        switch catalog.status(request) {
        case .idle, .failed:
            catalog.markLoading(request)
            return [.load(request)]
        case .loading, .loaded:
            return []
        }
    }

    /// Puts loaded catalog rows into the lists, keeping the chosen answers highlighted.
    mutating func refreshRows() {
        if let dcs = catalog.dataCenters.value, dataCenterList.rows.isEmpty || dataCenterList.rows.count != dcs.count {
            dataCenterList.setRows(Rows.dataCenters(dcs), selectedID: answers.datacenterId)
        }
        if let images = imageCatalog {
            let rows = Rows.images(images)
            if imageList.rows != rows { imageList.setRows(rows, selectedID: answers.imageId) }
        } else if !imageList.rows.isEmpty {
            imageList.setRows([])
        }
        if let dc = answers.datacenterId, let sizes = catalog.sizes[dc]?.value {
            let rows = Rows.sizes(sizes)
            if sizeList.rows != rows { sizeList.setRows(rows, selectedID: answers.skuId) }
        } else if !sizeList.rows.isEmpty {
            sizeList.setRows([])
        }
        if let keys = catalog.sshKeys.value {
            let rows = Rows.sshKeys(keys)
            if sshKeyList.rows != rows {
                form.preselectSSHKey()
                sshKeyList.setRows(rows, selectedID: answers.sshKeyId)
            }
        }
        let subnets = form.subnets ?? []
        let networkRows = Rows.networks(networks, subnets: subnets)
        if networkSelect.list.rows != networkRows {
            let chosen = answers.subnetId.map { [Rows.subnetPrefix + $0] } ?? answers.networkIds
            networkSelect = MultiSelectState(rows: networkRows, selected: chosen,
                                             primary: answers.subnetId.map { Rows.subnetPrefix + $0 } ?? answers.primaryNetworkId,
                                             maxSelected: CreateForm.maxNetworks,
                                             exclusive: Set(subnets.map { Rows.subnetPrefix + $0.id }),
                                             viewportHeight: networkSelect.list.viewportHeight)
        }
        if let groups = catalog.resourceGroups.value {
            let rows = Rows.resourceGroups(groups)
            if resourceGroupList.rows != rows {
                resourceGroupList.setRows(rows, selectedID: answers.resourceGroupId ?? Rows.noGroupID)
            }
        }
    }

    mutating func focusFirstField() {
        switch step {
        case .access:
            accessFocus = accessFields.first ?? .method
        case .network:
            networkFocus = .list
        case .details:
            detailsFocus = .name
        default:
            break
        }
    }

    /// The focusable fields of the access step, in order, for the chosen image and method.
    public var accessFields: [AccessFocus] {
        var fields: [AccessFocus] = []
        let methods = allowedAuthMethods
        if methods.count > 1 { fields.append(.method) }
        switch answers.authMethod {
        case .sshKey?: fields.append(.sshKey)
        case .password?: fields.append(.password)
        default: break
        }
        if customizations.username { fields.append(.username) }
        return fields
    }

    // MARK: - Messages

    mutating func update(_ msg: Msg, settings: ConsoleSettings) -> [Effect] {
        switch msg {
        case .loaded(let request, let result):
            catalog.store(request, result)
            refreshRows()
            return []
        case .generatedPassword(let password):
            passwordField.setText(password)
            passwordField.isMasked = true
            textEdited(.password)
            passwordUse = PasswordUse()
            passwordUse.generated = true
            notice = "Generated a password that meets every rule. Keep it to log in: Ctrl-R shows it, Ctrl-Y copies it, "
                + "Ctrl-O writes it to a file only you can read."
            return []
        case .passwordSaved(let result):
            switch result {
            case .success(let path):
                passwordUse.savedTo = path
                notice = "Password written to \(path) (mode 0600; delete it once you no longer need it)."
            case .failure(let why):
                notice = "The password was not written: \(why.message)"
            }
            return []
        case .submitted(let result):
            return submitted(result)
        case .createChecked(nil, let check):
            if unconfirmed != nil {
                unconfirmed?.check = check
                blocked = nil  // "still checking" is over: the status line says what was found
            }
            return []
        case .presetSaved(let text), .createNotice(let text, _):
            notice = text
            return []
        case .namesChecked(let result):
            guard case .checking(let names)? = nameCheck, names == result.names else { return [] }  // about other names
            nameCheck = .checked(result)
            guard submitWhenChecked, step == .review, submit != .submitting else { return [] }
            // Enter was pressed while checking: free names create now; a warning is shown first,
            // and the next Enter (pressed on its own) creates anyway.
            submitWhenChecked = false
            if result.isWarning {
                if !result.existing.isEmpty { namesConfirmed = names }
                blocked = namesWarning(result)
                return []
            }
            blocked = nil
            return submitNow()
        default:
            return []
        }
    }

    private mutating func submitted(_ result: Result<[Job], APIError>) -> [Effect] {
        switch result {
        case .success(let jobs):
            let request = self.request.withoutPassword
            submit = .editing
            submitted = Submitted(request: request, jobs: jobs)
            unconfirmed = nil
            forgetSecrets()
            return []
        case .failure(let error):
            if error.refusesFields {
                serverIssues = error.issues
                submit = .editing
                let fields = error.issues.compactMap { CreateVMField(path: $0.path) }
                let target = fields.map(CreateStep.step(for:)).min() ?? .review
                let effects = enter(step: target)
                blocked = "The API refused the request: " +
                    error.issues.map { "\($0.path): \($0.message)" }.joined(separator: "; ")
                focus(on: fields.first)
                return effects
            }
            if error.isLegacyNetworkingCutOver {
                // Nothing was made: back to the network step, where the account's subnets are.
                submit = .editing
                let effects = enter(step: .network)
                serverIssues = [FieldIssue(path: "subnetId", message: form.subnetsUnlisted
                    ? "This account uses VPC networking, and this server does not list VPCs: create with gpcn create --subnet ID"
                    : "This account uses VPC networking: choose a subnet")]
                blocked = error.userMessage
                focus(on: .subnetId)
                return effects
            }
            // The request may have reached the server even though the answer was lost: the
            // runtime looks the names up (`.createChecked`); until then Enter does not resend.
            let mayHave = error.createMayHaveHappened
            submit = .failed(error, mayHaveSucceeded: mayHave)
            unconfirmed = mayHave ? UnconfirmedCreate(request: request.withoutPassword, check: nil) : nil
            return []
        }
    }

    private mutating func focus(on field: CreateVMField?) {
        switch field {
        case .sshKeyId?: accessFocus = .sshKey
        case .password?: accessFocus = .password
        case .username?: accessFocus = .username
        case .authMethod?: accessFocus = accessFields.contains(.method) ? .method : (accessFields.first ?? .method)
        case .allocatePublicIp?: networkFocus = .publicIp
        case .networkInterfaces?, .subnetId?: networkFocus = .list
        case .name?: detailsFocus = .name
        case .numberOfInstances?: detailsFocus = .count
        case .resourceGroupId?: detailsFocus = .resourceGroup
        default: break
        }
    }

    mutating func clearServerIssues(for fields: [CreateVMField]) { form.clearServerIssues(for: fields) }

    /// A text field was edited (typed or pasted into): its text is the answer now, and what the
    /// server said about the field no longer stands.
    mutating func textEdited(_ field: CreateVMField) {
        switch field {
        case .password:
            answers.password = passwordField.text
            passwordUse = PasswordUse()  // typed or edited: the operator's own now
        case .username: answers.username = usernameField.text
        case .name: answers.name = nameField.text
        case .numberOfInstances: answers.count = countField.text
        default: return
        }
        clearServerIssues(for: [field])
    }

    // MARK: - Keys

    /// - Parameter burst: the key came in one input burst with the key before it; on the Review
    ///   it is not taken as the confirmation that sends the create (`handleReview`).
    mutating func handle(_ key: Key, settings: ConsoleSettings, burst: Bool = false) -> [Effect] {
        if submit == .submitting { return [] }  // one create at a time; keys wait for the answer
        if case .paste(let text) = key { return handlePaste(text) }
        switch step {
        case .dataCenter: return handleList(key, list: \.dataCenterList, choose: { $0.chooseDataCenter($1) })
        case .image: return handleList(key, list: \.imageList, choose: { $0.chooseImage($1) })
        case .size: return handleList(key, list: \.sizeList, choose: { $0.chooseSize($1) })
        case .access: return handleAccess(key, burst: burst, copyUnsupported: settings.copyUnsupported)
        case .network: return handleNetwork(key)
        case .details: return handleDetails(key)
        case .review: return handleReview(key, burst: burst)
        }
    }

    // MARK: Paste

    /// What the operator is told when a paste lands where text cannot go.
    static let pasteIgnored = "Paste ignored here: pasted text only goes into a text field or an open filter (/)."

    /// A paste is text, never a command: it goes into the focused text field (or an open list
    /// filter) without line breaks or control characters, and never moves a step.
    private mutating func handlePaste(_ text: String) -> [Effect] {
        let (clean, dropped) = PasteText.clean(text)
        func into(_ field: inout TextFieldState, _ what: String) -> Bool {
            let before = field.characters.count
            let edited = field.handle(.paste(clean)) == .edited
            let cut = clean.count - (field.characters.count - before)
            var parts: [String] = []
            if dropped > 0 { parts.append("line breaks and control characters were dropped") }
            if cut > 0 { parts.append("\(cut) character\(cut == 1 ? "" : "s") over the limit \(cut == 1 ? "was" : "were") cut") }
            if !parts.isEmpty { notice = "Pasted into \(what): " + parts.joined(separator: "; ") + "." }
            return edited
        }
        func filter(_ list: inout ListState) -> Bool {
            guard list.isEditingFilter else { return false }
            _ = list.handle(.paste(clean))
            if dropped > 0 { notice = "Pasted into the filter: line breaks and control characters were dropped." }
            return true
        }
        var taken = false
        switch step {
        case .dataCenter: taken = filter(&dataCenterList)
        case .image: taken = filter(&imageList)
        case .size: taken = filter(&sizeList)
        case .access:
            switch accessFocus {
            case .password:
                taken = true
                if into(&passwordField, "the password") { textEdited(.password) }
            case .username:
                taken = true
                if into(&usernameField, "the username") { textEdited(.username) }
            case .sshKey: taken = filter(&sshKeyList)
            case .method: break
            }
        case .network:
            if networkFocus == .list { taken = filter(&networkSelect.list) }
        case .details:
            switch detailsFocus {
            case .name:
                taken = true
                if into(&nameField, "the name") { textEdited(.name) }
            case .count:
                taken = true
                if into(&countField, "the count") { textEdited(.numberOfInstances) }
            case .resourceGroup: taken = filter(&resourceGroupList)
            }
        case .review: break
        }
        if !taken { notice = Self.pasteIgnored }
        return []
    }

    private mutating func handleList(_ key: Key, list: WritableKeyPath<WizardState, ListState>,
                                     choose: (inout WizardState, String) -> Void) -> [Effect] {
        let action = WizardKeys.map.action(for: key, in: self)
        switch action {
        case .retry?: return retryLoads()
        case .back?: return back()  // only when the list does not take Esc (to clear its filter)
        default: break  // choose, move, filter and typing go to the list
        }
        let event = self[keyPath: list].handle(key)
        switch event {
        case .chosen(let row):
            notice = nil  // a choice may set a new notice for the next step to show
            choose(&self, row.id)
            return forward(keepingNotice: true)
        case .handled, .ignored:
            if action == .choose {
                // Enter with nothing choosable (an empty list, a sold-out row) says why nothing happened
                // (the list answers `.handled` there, so this used never to show).
                blocked = nothingChosen(self[keyPath: list])
            } else if case .handled = event {
                blocked = nil
            }
            return []
        }
    }

    /// Why Enter chose nothing in `list`, and what to do.
    func nothingChosen(_ list: ListState) -> String {
        switch currentLoadStatus {
        case .idle, .loading: return "Still loading \(step.title.lowercased()) choices; wait a moment."
        case .failed: return "The list could not be loaded: r retries, Esc goes back."
        case .loaded: break
        }
        if list.hasNoItems {
            return step == .dataCenter ? "Nothing to choose: r reloads the list." : "Nothing to choose: Esc goes back, r reloads the list."
        }
        if list.matchCount == 0 { return "Nothing matches \"\(list.filter)\": Backspace edits the filter, Esc clears it." }
        let shown = list.visible.map { list.rows[$0] }.filter { $0.kind == .item }
        if let row = shown.first(where: { $0.disabledReason != nil }), !shown.contains(where: \.isSelectable) {
            let name = row.columns.first ?? "This row"
            return "\(name) cannot be chosen: \(row.disabledReason ?? "unavailable"). " +
                (list.filter.isEmpty ? "Esc goes back." : "Esc clears the filter.")
        }
        return "Choose an available row (Up/Down, then Enter)."
    }

    var currentLoadStatus: LoadStatus {
        for r in form.loads(for: step) {
            let s = catalog.status(r)
            if s != .loaded { return s }
        }
        return .loaded
    }

    mutating func retryLoads() -> [Effect] {
        var effects: [Effect] = []
        let empty = focusedList?.hasNoItems == true
        for r in form.loads(for: step) {
            if empty, catalog.status(r) == .loaded {
                // An empty answer is loaded again on request (the list may have been filled since).
                catalog.markLoading(r)
                effects.append(.load(r))
            } else {
                effects += load(r)
            }
        }
        return effects
    }

    // The choices are the form's rules; the wizard only resets what it shows.

    private mutating func chooseDataCenter(_ id: String) {
        let change = form.chooseDataCenter(id)
        guard change.changed else { return }
        imageList = ListState()
        sizeList = ListState()
        if let text = change.notice { notice = text }
    }

    private mutating func chooseImage(_ id: String) {
        guard id != answers.imageId else { return }
        let change = form.chooseImage(id)
        if change.cleared.contains(.username) { usernameField.setText("") }
        if change.cleared.contains(.password) { passwordField.setText("") }
        if let text = change.notice { notice = text }
    }

    private mutating func chooseSize(_ id: String) { form.chooseSize(id) }

    /// Leaves the step forward if it is valid; otherwise focuses the first bad field and says why.
    /// - Parameter keepingNotice: the notice was just set by this step's choice and is meant for
    ///   the next step (e.g. "data center changed: … cleared"); otherwise it belongs to the step
    ///   being left and goes with it.
    mutating func forward(keepingNotice: Bool = false) -> [Effect] {
        let problems = form.issues(for: step)
        if let first = problems.first {
            blocked = first.message
            focus(on: CreateVMField(path: first.path))
            return []
        }
        guard let next = step.next else { return [] }
        if !keepingNotice { notice = nil }
        return enter(step: next)
    }

    mutating func back() -> [Effect] {
        guard let previous = step.previous else { return [] }
        notice = nil
        submit = submit == .submitting ? submit : .editing
        return enter(step: previous)
    }

    // MARK: Access

    private mutating func handleAccess(_ key: Key, burst: Bool, copyUnsupported: String?) -> [Effect] {
        let fields = accessFields
        let hit = WizardKeys.map.hit(for: key, in: self)
        switch hit?.action {
        case .back?:
            return back()
        case .field?:
            moveFocus(in: fields, by: hit?.reversed == true ? -1 : 1)
            return []
        case .generate?:
            if answers.authMethod != .password { answers.authMethod = .password }
            accessFocus = .password
            return [.generatePassword]
        case .revealPassword?:
            if passwordField.isMasked && burst {
                // Shown only on a key pressed on its own: never from keys typed ahead or pasted.
                notice = "Press Ctrl-R on its own to show the password."
                return []
            }
            passwordField.isMasked.toggle()
            if !passwordField.isMasked { passwordUse.shown = true }
            notice = passwordField.isMasked ? "Password hidden."
                : "The password is ON SCREEN: anyone who can see your screen can read it. Ctrl-R hides it."
            return []
        case .copyPassword?:
            if let why = copyUnsupported {
                notice = "Not copied: \(why)."
                return []
            }
            passwordUse.copied = true
            notice = "Password copied to the clipboard (OSC 52: your terminal must allow clipboard access)."
            return [.emit(.copy(answers.password))]
        case .savePassword?:
            return [.savePassword(answers.password)]
        case .method?:
            let methods = allowedAuthMethods
            let index = methods.firstIndex(of: answers.authMethod ?? methods[0]) ?? 0
            let step = hit?.reversed == true ? -1 : 1
            answers.authMethod = methods[(index + step + methods.count) % methods.count]
            clearServerIssues(for: [.authMethod, .sshKeyId, .password])
            return load(.sshKeys)
        case .retry?:
            return load(.sshKeys)
        case .next? where accessFocus != .sshKey:
            return forward()  // in the key list, Enter chooses the highlighted key first
        default:
            break  // moving in the key list, filtering it, typing into a field
        }
        switch accessFocus {
        case .method:
            break
        case .sshKey:
            switch sshKeyList.handle(key) {
            case .chosen(let row):
                answers.sshKeyId = row.id
                clearServerIssues(for: [.sshKeyId])
                return forward()
            case .handled:
                if let id = sshKeyList.selectedID { answers.sshKeyId = id; clearServerIssues(for: [.sshKeyId]) }
                return []
            case .ignored:
                if hit?.action == .next { return forward() }
            }
        case .password:
            if passwordField.handle(key) == .edited {
                textEdited(.password)
            }
        case .username:
            if usernameField.handle(key) == .edited {
                textEdited(.username)
            }
        }
        return []
    }

    private mutating func moveFocus(in fields: [AccessFocus], by delta: Int) {
        guard !fields.isEmpty else { return }
        let i = fields.firstIndex(of: accessFocus) ?? 0
        accessFocus = fields[min(max(i + delta, 0), fields.count - 1)]
    }

    // MARK: Network

    private mutating func handleNetwork(_ key: Key) -> [Effect] {
        let action = WizardKeys.map.action(for: key, in: self)
        if action == .retry, let dc = answers.datacenterId { return load(.networks(datacenterId: dc)) }
        switch networkFocus {
        case .list:
            switch action {
            case .publicIpFocus?: networkFocus = .publicIp; return []
            case .back?: return back()  // only when the list does not take Esc (to clear its filter)
            case .next?: return forward()
            default: break  // select, primary, move, filter and typing go to the list
            }
            let event = networkSelect.handle(key)
            // Read the selection back after every key, whatever the event says: a subnet row is
            // the VPC subnet, the others legacy networks (never both: the list keeps a subnet alone).
            let subnet = networkSelect.selected.first { $0.hasPrefix(Rows.subnetPrefix) }
                .map { String($0.dropFirst(Rows.subnetPrefix.count)) }
            let networkIds = subnet == nil ? networkSelect.selected : []
            let primary = subnet == nil ? networkSelect.primary : nil
            if answers.networkIds != networkIds || answers.primaryNetworkId != primary || answers.subnetId != subnet {
                answers.networkIds = networkIds
                answers.primaryNetworkId = primary
                answers.subnetId = subnet
                clearServerIssues(for: [.networkInterfaces, .subnetId, .allocatePublicIp])
            }
            switch event {
            case .changed, .handled:
                blocked = nil
            case .refused(let why):
                blocked = why
            case .ignored:
                break
            }
        case .publicIp:
            switch action {
            case .publicIpFocus?: networkFocus = .list; return []
            case .back?: return back()
            case .next?: return forward()
            case .publicIp?:
                if !answers.allocatePublicIp, let reason = publicIpRefusal {
                    blocked = reason
                    return []
                }
                answers.allocatePublicIp.toggle()
                clearServerIssues(for: [.allocatePublicIp])
                blocked = nil
            default:
                break
            }
        }
        return []
    }

    // MARK: Details

    private mutating func handleDetails(_ key: Key) -> [Effect] {
        let order: [DetailsFocus] = [.name, .count, .resourceGroup]
        let hit = WizardKeys.map.hit(for: key, in: self)
        switch hit?.action {
        case .back?:
            return back()
        case .field?:
            let i = order.firstIndex(of: detailsFocus) ?? 0
            detailsFocus = hit?.reversed == true ? order[max(i - 1, 0)] : order[min(i + 1, order.count - 1)]
            return []
        case .next? where detailsFocus != .resourceGroup:
            return forward()  // in the group list, Enter chooses the highlighted group first
        case .count?:
            let current = Int(answers.count.trimmingWhitespace()) ?? 1
            let range = form.countLimits
            let next = min(max(current + (hit?.reversed == true ? -1 : 1), range.lowerBound), range.upperBound)
            countField.setText(String(next))
            textEdited(.numberOfInstances)
            return []
        case .retry?:
            return load(.resourceGroups)
        default:
            break  // typing into a field, moving in or filtering the group list
        }
        switch detailsFocus {
        case .name:
            if nameField.handle(key) == .edited {
                textEdited(.name)
            }
        case .count:
            if countField.handle(key) == .edited {
                textEdited(.numberOfInstances)
            }
        case .resourceGroup:
            switch resourceGroupList.handle(key) {
            case .chosen(let row):
                answers.resourceGroupId = row.id == Rows.noGroupID ? nil : row.id
                clearServerIssues(for: [.resourceGroupId])
                return forward()
            case .handled:
                if let id = resourceGroupList.selectedID {
                    answers.resourceGroupId = id == Rows.noGroupID ? nil : id
                }
            case .ignored:
                if hit?.action == .next { return forward() }
            }
        }
        return []
    }

    // MARK: Review

    /// What the Review says to an Enter that came in one burst with earlier keys.
    static let pressAgain = "Press Enter again to create (keys typed ahead are not taken as a confirmation)."

    private mutating func handleReview(_ key: Key, burst: Bool) -> [Effect] {
        let hit = WizardKeys.map.hit(for: key, in: self)
        let by = hit?.reversed == true ? -1 : 1
        switch hit?.action {
        case .back?: return back()
        case .scroll?: reviewScroll = max(reviewScroll + by, 0)
        case .scrollPage?: reviewScroll = max(reviewScroll + 10 * by, 0)
        case .scrollTop?: reviewScroll = 0
        case .submit?:
            // The burst rule: only a key pressed on its own, after the Review showed, sends the
            // create; an Enter typed ahead (or pasted without bracketed paste) only asks again.
            if burst {
                blocked = Self.pressAgain
                return []
            }
            return submitNow()
        case .savePreset?: return [.savePreset(presetFlags)]
        default: break
        }
        return []
    }

    private mutating func submitNow() -> [Effect] {
        // Every step, in order: the first with a problem takes the operator there.
        if let (s, problem) = form.firstProblem {
            let effects = enter(step: s)
            blocked = problem.message
            focus(on: CreateVMField(path: problem.path))
            return effects
        }
        // The name check: taken names need a second Enter after the warning; while the VM list is
        // being asked, Enter waits for its answer.
        let names = request.instanceNames
        switch nameCheck {
        case .checked(let result)? where result.names == names:
            if !result.existing.isEmpty, namesConfirmed != names {
                namesConfirmed = names
                blocked = namesWarning(result)
                return []
            }
        case .checking(let asked)? where asked == names:
            submitWhenChecked = true
            blocked = "Checking whether these names are taken; the create is sent once that is known (Esc goes back)."
            return []
        default:
            let effects = checkNames()
            if !effects.isEmpty {
                submitWhenChecked = true
                blocked = "Checking whether these names are taken; the create is sent once that is known (Esc goes back)."
                return effects
            }
        }
        if let u = unconfirmed, u.request == request.withoutPassword {
            // The same create as one whose answer was lost: only send it again when the VM list
            // shows it did not go through, or after a second Enter when the list could not be read.
            switch u.check {
            case nil:
                blocked = "Still checking whether the last create went through; wait a moment."
                return []
            case .recovered?:
                blocked = "Not sent again. " + unconfirmedText
                return []
            case .failed?, .possible?:
                if !u.resendArmed {
                    unconfirmed?.resendArmed = true
                    blocked = unconfirmedText + " Enter again sends it anyway."
                    return []
                }
            case .notFound?:
                break
            }
        }
        unconfirmed = nil
        submit = .submitting
        return [.submit(request)]
    }
}
