import GPCNCore
import TerminalUI

extension WizardState {
    /// Sizes the lists to the body of a terminal of `size`.
    mutating func layout(for size: Size) {
        let body = Chrome.bodyRect(size)
        let listRows = max(1, body.height - 2 - 1)  // box borders, possible filter line
        dataCenterList.viewportHeight = listRows
        imageList.viewportHeight = listRows
        sizeList.viewportHeight = listRows
        sshKeyList.viewportHeight = max(1, min(6, body.height - 12))
        networkSelect.list.viewportHeight = max(1, body.height - 6)
        resourceGroupList.viewportHeight = max(1, body.height - 9)
    }

    // The key bindings (`bindings`, footer and help) are the key map: WizardKeys.swift.

    // MARK: - Drawing

    func render(into buffer: inout Buffer, settings: ConsoleSettings, spinnerFrame: Int, bindings: [KeyBinding]) {
        let size = buffer.size
        let g = settings.glyphs
        Chrome.titleBar("gpcn \(g.separator) create VMs \(g.separator) \(step.rawValue)/7 \(step.title)", right: settings.endpoint, into: &buffer)
        renderStepStrip(into: &buffer)
        buffer.put(answersLine(g), at: Point(x: 1, y: 2), style: Style(.muted), maxWidth: size.width - 2)
        if let notice {
            buffer.put([Span("! ", Style(.warn, .bold)), Span(notice, Style(.warn))], at: Point(x: 1, y: 3),
                       maxWidth: size.width - 2)
        }
        let body = Chrome.bodyRect(size)
        switch step {
        case .dataCenter:
            renderList(dataCenterList, title: "Choose a data center", empty: "No data centers are available to this API key. r: reload",
                       request: .dataCenters, what: "data centers", in: body, into: &buffer, g: g, spinnerFrame: spinnerFrame)
        case .image:
            renderList(imageList, title: "Choose an image for \(dataCenter?.displayName ?? "this data center")",
                       empty: "No images in this data center. Esc: another data center · r: reload", request: answers.datacenterId.map { .images(datacenterId: $0) },
                       what: "images", in: body, into: &buffer, g: g, spinnerFrame: spinnerFrame)
        case .size:
            renderList(sizeList, title: "Choose a size", empty: "No sizes in this data center. Esc: another image · r: reload",
                       request: answers.datacenterId.map { .sizes(datacenterId: $0) },
                       what: "sizes", in: body, into: &buffer, g: g, spinnerFrame: spinnerFrame)
        case .access:
            renderAccess(in: body, into: &buffer, g: g, spinnerFrame: spinnerFrame)
        case .network:
            renderNetwork(in: body, into: &buffer, g: g, spinnerFrame: spinnerFrame)
        case .details:
            renderDetails(in: body, into: &buffer, g: g, spinnerFrame: spinnerFrame)
        case .review:
            renderReview(in: body, into: &buffer, g: g, spinnerFrame: spinnerFrame, settings: settings)
        }
        Chrome.status(statusLine(g), into: &buffer)
        Chrome.footer(bindings, into: &buffer)
    }

    private func renderStepStrip(into buffer: inout Buffer) {
        var spans: [Span] = []
        for s in CreateStep.allCases {
            if !spans.isEmpty { spans.append(Span("  ", .muted)) }
            let text = "\(s.rawValue) \(s.title)"
            if s == step { spans.append(Span(text, Style(.accent, [.bold, .underline]))) }
            else if s < step { spans.append(Span(text, .ok)) }
            else { spans.append(Span(text, .muted)) }
        }
        buffer.put(spans, at: Point(x: 1, y: 1), maxWidth: buffer.size.width - 2)
    }

    /// The answers so far, one line: "Chicago · Ubuntu 24.04 · G-Small-1 · ssh key ops".
    func answersLine(_ g: Glyphs) -> String {
        var parts: [String] = []
        if let dc = dataCenter { parts.append(dc.displayName) }
        if let image { parts.append(image.displayName) }
        if let size { parts.append(size.displayName) }
        if step > .access {
            switch answers.authMethod {
            case .sshKey?: parts.append("ssh key \(sshKey?.displayName ?? "")")
            case .password?: parts.append("password")
            case .custom?: parts.append("custom login")
            case nil: if image != nil { parts.append("fixed login") }
            }
        }
        if step > .network {
            parts.append(answers.subnetId != nil ? "subnet \(form.subnet?.displayName ?? "")" : answers.networkIds.isEmpty ? "default network" :
                            "\(answers.networkIds.count) network\(answers.networkIds.count == 1 ? "" : "s")")
            if answers.allocatePublicIp { parts.append("public IP") }
        }
        if step > .details, !answers.name.isEmpty {
            parts.append(answers.count == "1" ? answers.name : "\(answers.name) x\(answers.count)")
        }
        return parts.isEmpty ? "Nothing chosen yet." : parts.joined(separator: " \(g.separator) ")
    }

    /// What is known about a create whose answer was lost (most important words first: a narrow
    /// screen cuts the end).
    public var unconfirmedText: String {
        guard let u = unconfirmed else { return "" }
        let batch = CreateBatch(u.request)
        guard let check = u.check else {
            if case .failed(let e, _) = submit { return CreateOutcome.checking(e, batch) }
            return ""
        }
        return CreateOutcome.text(check, batch)
    }

    func statusLine(_ g: Glyphs) -> [Span] {
        if let blocked { return [Span(g.failed + " ", Style(.error, .bold)), Span(blocked, .error)] }
        if case .failed(let error, let mayHave) = submit, step == .review {
            return [Span(g.failed + " ", Style(.error, .bold)),
                    Span(mayHave ? unconfirmedText : error.userMessage, .error)]
        }
        // List steps are valid by construction (Enter chooses); forms say what to fix.
        let forms: [CreateStep] = [.access, .network, .details]
        if forms.contains(step), let first = form.issues(for: step).first {
            return [Span("Fix: ", Style(.warn, .bold)), Span(first.message, .warn)]
        }
        return []
    }

    // MARK: Lists

    private func renderList(_ list: ListState, title: String, empty: String, request: CatalogRequest?, what: String,
                            in area: Rect, into buffer: inout Buffer, g: Glyphs, spinnerFrame: Int) {
        buffer.render(Box(title: title, glyphs: g), in: area)
        let inner = Box.inner(area).inset(dx: 1, dy: 0)
        if let request, renderLoadState(catalog.status(request), what: what, in: inner, into: &buffer, g: g,
                                        spinnerFrame: spinnerFrame) {
            return
        }
        buffer.render(ListView(list, glyphs: g, emptyMessage: empty), in: inner)
    }

    /// Draws loading or failure in place of content; true when it drew something.
    private func renderLoadState(_ status: LoadStatus, what: String, in area: Rect, into buffer: inout Buffer,
                                 g: Glyphs, spinnerFrame: Int) -> Bool {
        switch status {
        case .loaded:
            return false
        case .idle, .loading:
            let spinner = g.spinner.isEmpty ? "" : g.spinner[spinnerFrame % g.spinner.count] + " "
            buffer.put([Span(spinner, .running), Span("Loading \(what)" + g.ellipsis, .muted)], at: Point(x: area.x, y: area.y),
                       maxWidth: area.width)
            return true
        case .failed(let error):
            let lines = DisplayWidth.wrap("Could not load \(what): \(error.userMessage)", width: max(10, area.width))
            for (i, line) in lines.prefix(max(0, area.height - 2)).enumerated() {
                buffer.put(line, at: Point(x: area.x, y: area.y + i), style: Style(.error), maxWidth: area.width)
            }
            buffer.put([Span("r", .key), Span(" retry   ", .muted), Span("Esc", .key), Span(" back", .muted)],
                       at: Point(x: area.x, y: area.y + min(lines.count, max(0, area.height - 2)) + 1), maxWidth: area.width)
            return true
        }
    }

    // MARK: Form helpers

    /// "Label:   [field]" with the field's issues under it; returns the rows used.
    @discardableResult
    private func renderField(label: String, focused: Bool, at y: Int, in area: Rect, into buffer: inout Buffer,
                             g: Glyphs, field: (Rect, inout Buffer) -> Void, issues: [FieldIssue], hint: String? = nil) -> Int {
        let labelWidth = 16
        let pointer = focused ? g.pointer + " " : "  "
        // Only the focused field's marker takes the focus look (a blank one would show as a block).
        buffer.put(pointer, at: Point(x: area.x, y: y), style: focused ? Style(.focus, .bold) : Style(.text))
        buffer.put(label, at: Point(x: area.x + 2, y: y), style: focused ? Style(.focus, .bold) : Style(.text),
                   maxWidth: labelWidth)
        field(Rect(x: area.x + 2 + labelWidth, y: y, width: max(0, area.width - 2 - labelWidth), height: 1), &buffer)
        var rows = 1
        for issue in shownIssues(issues).prefix(2) {
            buffer.put([Span(g.failed + " ", .error), Span(issue.message, .error)],
                       at: Point(x: area.x + 2 + labelWidth, y: y + rows), maxWidth: max(0, area.width - 2 - labelWidth))
            rows += 1
        }
        if shownIssues(issues).isEmpty, let hint {
            buffer.put(hint, at: Point(x: area.x + 2 + labelWidth, y: y + rows), style: Style(.muted),
                       maxWidth: max(0, area.width - 2 - labelWidth))
            rows += 1
        }
        return rows
    }

    /// Issues to show under a field: a still-empty required field is not scolded until the
    /// operator tries to go on (Enter) or the server complained.
    private func shownIssues(_ issues: [FieldIssue]) -> [FieldIssue] {
        guard blocked == nil else { return issues }
        return issues.filter { issue in
            switch CreateVMField(path: issue.path) {
            case .name?: return !answers.name.isEmpty
            case .password?: return !answers.password.isEmpty
            default: return true
            }
        }
    }

    // MARK: Access

    private func renderAccess(in area: Rect, into buffer: inout Buffer, g: Glyphs, spinnerFrame: Int) {
        buffer.render(Box(title: "How to log in to \(image?.displayName ?? "the VMs")", glyphs: g), in: area)
        let inner = Box.inner(area).inset(dx: 1, dy: 0)
        var y = inner.y
        let methods = allowedAuthMethods
        if methods.isEmpty {
            let text = "This image has fixed credentials (an appliance): there is no login method to set, " +
                "and no auth method is sent. Press Enter to go on."
            for line in DisplayWidth.wrap(text, width: inner.width) {
                buffer.put(line, at: Point(x: inner.x, y: y), style: Style(.text), maxWidth: inner.width); y += 1
            }
            return
        }
        y += renderField(label: "Login method", focused: accessFocus == .method, at: y, in: inner, into: &buffer, g: g,
                         field: { rect, buf in
            var spans: [Span] = []
            for m in methods {
                let on = m == answers.authMethod
                spans.append(Span(on ? "(\(g.primary)) " : "( ) ", on ? Style(.accent, .bold) : Style(.muted)))
                spans.append(Span(m.label, on ? Style(.text, .bold) : Style(.text)))
                spans.append(Span("   "))
            }
            if methods.count == 1 { spans.append(Span("(the only method this image takes)", .muted)) }
            buf.put(spans, at: Point(x: rect.x, y: rect.y), maxWidth: rect.width)
        }, issues: form.issues(for: .authMethod))
        if !customizations.isKnown, y < inner.maxY {
            buffer.put(ImageCustomizations.unknownLoginNote, at: Point(x: inner.x + 18, y: y), style: Style(.muted),
                       maxWidth: max(0, inner.width - 18))
            y += 1
        }
        y += 1
        switch answers.authMethod {
        case .sshKey?:
            buffer.put(accessFocus == .sshKey ? g.pointer + " " : "  ", at: Point(x: inner.x, y: y),
                       style: accessFocus == .sshKey ? Style(.focus, .bold) : Style(.text))
            buffer.put("SSH key", at: Point(x: inner.x + 2, y: y),
                       style: accessFocus == .sshKey ? Style(.focus, .bold) : Style(.text))
            let listArea = Rect(x: inner.x + 18, y: y, width: max(0, inner.width - 18),
                                height: max(1, min(sshKeyList.viewportHeight + (ListView.showsFilterLine(sshKeyList) ? 1 : 0),
                                                   inner.maxY - y - 4)))
            if !renderLoadState(catalog.status(.sshKeys), what: "SSH keys", in: listArea, into: &buffer, g: g,
                                spinnerFrame: spinnerFrame) {
                buffer.render(ListView(sshKeyList, glyphs: g,
                                       emptyMessage: "no SSH keys in the library: add one in the portal, or use a password",
                                       isFocused: accessFocus == .sshKey), in: listArea)
            }
            y += listArea.height
            for issue in form.issues(for: .sshKeyId).prefix(1) {
                buffer.put([Span(g.failed + " ", .error), Span(issue.message, .error)], at: Point(x: inner.x + 18, y: y),
                           maxWidth: max(0, inner.width - 18))
                y += 1
            }
            y += 1
        case .password?:
            y += renderField(label: "Password", focused: accessFocus == .password, at: y, in: inner, into: &buffer, g: g,
                             field: { rect, buf in
                buf.render(TextField(passwordField, placeholder: "type, or Ctrl-G to generate",
                                     isFocused: accessFocus == .password),
                           in: Rect(x: rect.x, y: rect.y, width: min(26, rect.width), height: 1))
                if rect.width > 30 {
                    if passwordField.isMasked {
                        buf.put("\(answers.password.count) chars", at: Point(x: rect.x + 28, y: rect.y), style: Style(.muted),
                                maxWidth: rect.width - 28)
                    } else {
                        buf.put("ON SCREEN: Ctrl-R hides it", at: Point(x: rect.x + 28, y: rect.y), style: Style(.warn, .bold),
                                maxWidth: rect.width - 28)
                    }
                }
            }, issues: [])
            // The checklist ticks each rule as the operator types.
            let checklist = CreateVMValidator.passwordChecklist(answers.password)
            var line: [Span] = []
            var lines: [[Span]] = []
            var width = 0
            for item in checklist {
                let span = [Span(item.met ? g.ok + " " : g.failed + " ", item.met ? Style(.ok, .bold) : Style(.error)),
                            Span(item.rule.rawValue + "  ", item.met ? Style(.ok) : Style(.muted))]
                let w = span.reduce(0) { $0 + $1.width }
                if width + w > inner.width - 18, !line.isEmpty { lines.append(line); line = []; width = 0 }
                line += span; width += w
            }
            if !line.isEmpty { lines.append(line) }
            for l in lines {
                buffer.put(l, at: Point(x: inner.x + 18, y: y), maxWidth: max(0, inner.width - 18)); y += 1
            }
            for issue in form.issues(for: .password) where !PasswordRule.allCases.contains(where: { issue.message.contains($0.rawValue) }) {
                buffer.put([Span(g.failed + " ", .error), Span(issue.message, .error)], at: Point(x: inner.x + 18, y: y),
                           maxWidth: max(0, inner.width - 18))
                y += 1
                break
            }
            y += 1
        default:
            break
        }
        if customizations.username {
            let fallback = image?.username.map { "leave empty for the image's default user '\($0)'" }
                ?? "leave empty for the image's default user"
            renderField(label: "Username", focused: accessFocus == .username, at: y, in: inner, into: &buffer, g: g,
                        field: { rect, buf in
                buf.render(TextField(usernameField, placeholder: "optional", isFocused: accessFocus == .username),
                           in: Rect(x: rect.x, y: rect.y, width: min(24, rect.width), height: 1))
            }, issues: form.issues(for: .username), hint: fallback)
        } else if y < inner.maxY {
            buffer.put("This image does not take a custom username.", at: Point(x: inner.x + 2, y: y),
                       style: Style(.muted), maxWidth: inner.width - 2)
        }
    }

    // MARK: Network

    private func renderNetwork(in area: Rect, into buffer: inout Buffer, g: Glyphs, spinnerFrame: Int) {
        let hasSubnets = !(form.subnets ?? []).isEmpty
        let title = "Networks of \(dataCenter?.displayName ?? "the data center") ("
            + (hasSubnets ? "a VPC subnet, or " : "") + "up to \(CreateForm.maxNetworks)\(hasSubnets ? " legacy networks" : "")"
            + "; none = default network)"
        buffer.render(Box(title: title, glyphs: g), in: area)
        let inner = Box.inner(area).inset(dx: 1, dy: 0)
        let listArea = Rect(x: inner.x, y: inner.y, width: inner.width, height: max(1, inner.height - 4))
        let request = answers.datacenterId.map { CatalogRequest.networks(datacenterId: $0) }
        if let request, renderLoadState(catalog.status(request), what: "networks", in: listArea, into: &buffer, g: g,
                                        spinnerFrame: spinnerFrame) {
        } else {
            buffer.render(MultiSelectView(networkSelect, glyphs: g,
                                          emptyMessage: "no networks here yet: the default network will be created",
                                          isFocused: networkFocus == .list), in: listArea)
        }
        var y = listArea.maxY
        let chosen: String
        if let subnet = answers.subnetId {
            chosen = "VPC subnet \(form.subnet?.displayName ?? subnet): each VM is its own create (subnetId, no networkInterfaces)."
        } else if answers.networkIds.isEmpty {
            chosen = "None selected: the data center's default network is used (no networkInterfaces sent)."
        } else {
            chosen = "\(answers.networkIds.count) selected; primary: \(networks.first { $0.id == (answers.primaryNetworkId ?? answers.networkIds.first) }?.displayName ?? "?")"
        }
        buffer.put(chosen, at: Point(x: inner.x, y: y), style: Style(.muted), maxWidth: inner.width)
        y += 1
        for issue in (form.issues(for: .networkInterfaces) + form.issues(for: .subnetId)).prefix(1) {
            buffer.put([Span(g.failed + " ", .error), Span(issue.message, .error)], at: Point(x: inner.x, y: y),
                       maxWidth: inner.width)
            y += 1
        }
        let refusal = answers.allocatePublicIp ? nil : publicIpRefusal
        buffer.render(Checkbox(answers.subnetId != nil ? "Acquire a public IP for each VM (acquirePublicIp)"
                                                       : "Allocate a public IP on the primary network", isOn: answers.allocatePublicIp,
                               isFocused: networkFocus == .publicIp, disabledReason: refusal, glyphs: g),
                      in: Rect(x: inner.x, y: y, width: inner.width, height: 1))
        y += 1
        for issue in form.issues(for: .allocatePublicIp).prefix(1) where y < inner.maxY {
            buffer.put([Span(g.failed + " ", .error), Span(issue.message, .error)], at: Point(x: inner.x, y: y),
                       maxWidth: inner.width)
        }
    }

    // MARK: Details

    private func renderDetails(in area: Rect, into buffer: inout Buffer, g: Glyphs, spinnerFrame: Int) {
        buffer.render(Box(title: "Name and count", glyphs: g), in: area)
        let inner = Box.inner(area).inset(dx: 1, dy: 0)
        var y = inner.y
        let names = request.instanceNames
        let preview: String
        if answers.name.isEmpty { preview = "the base name of the VMs" }
        else if names.count <= 1 { preview = "creates \(names.first ?? "")" }
        else if names.count == 2 { preview = "creates \(names[0]) and \(names[1])" }
        else { preview = "creates \(names[0]) \(g.ellipsis) \(names[names.count - 1])" }
        y += renderField(label: "Name", focused: detailsFocus == .name, at: y, in: inner, into: &buffer, g: g,
                         field: { rect, buf in
            buf.render(TextField(nameField, placeholder: "e.g. web", isFocused: detailsFocus == .name),
                       in: Rect(x: rect.x, y: rect.y, width: min(40, rect.width), height: 1))
        }, issues: form.issues(for: .name), hint: preview)
        y += 1
        y += renderField(label: "Instances", focused: detailsFocus == .count, at: y, in: inner, into: &buffer, g: g,
                         field: { rect, buf in
            buf.render(TextField(countField, isFocused: detailsFocus == .count),
                       in: Rect(x: rect.x, y: rect.y, width: min(6, rect.width), height: 1))
            buf.put("\(form.countLimits.lowerBound) to \(form.countLimits.upperBound)  (+/- to change)", at: Point(x: rect.x + 8, y: rect.y), style: Style(.muted),
                    maxWidth: max(0, rect.width - 8))
        }, issues: form.issues(for: .numberOfInstances))
        y += 1
        let focused = detailsFocus == .resourceGroup
        buffer.put(focused ? g.pointer + " " : "  ", at: Point(x: inner.x, y: y), style: focused ? Style(.focus, .bold) : Style(.text))
        buffer.put("Resource group", at: Point(x: inner.x + 2, y: y), style: focused ? Style(.focus, .bold) : Style(.text))
        let listArea = Rect(x: inner.x + 18, y: y, width: max(0, inner.width - 18), height: max(1, inner.maxY - y))
        if !renderLoadState(catalog.status(.resourceGroups), what: "resource groups", in: listArea, into: &buffer, g: g,
                            spinnerFrame: spinnerFrame) {
            buffer.render(ListView(resourceGroupList, glyphs: g, emptyMessage: "no resource groups",
                                   isFocused: focused), in: listArea)
        }
    }

    // MARK: Review

    private func renderReview(in area: Rect, into buffer: inout Buffer, g: Glyphs, spinnerFrame: Int,
                              settings: ConsoleSettings) {
        let inner = Box.inner(area).inset(dx: 1, dy: 0)
        let lines = ReviewText.lines(form, endpoint: settings.endpoint, width: inner.width, glyphs: g, passwordUse: passwordUse,
                                     nameCheck: nameCheck)
        let maxScroll = max(0, lines.count - inner.height)
        let scroll = min(reviewScroll, maxScroll)
        var title = "Review: Enter creates \(request.instanceNames.count) VM\(request.instanceNames.count == 1 ? "" : "s")"
        if submit == .submitting {
            title = "\(g.spinner.isEmpty ? "" : g.spinner[spinnerFrame % g.spinner.count]) Submitting" + g.ellipsis
        }
        if maxScroll > 0 { title += "  (\(scroll + 1)-\(min(scroll + inner.height, lines.count)) of \(lines.count))" }
        buffer.render(Box(title: title, glyphs: g), in: area)
        for (i, line) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            buffer.put(line, at: Point(x: inner.x, y: inner.y + i), maxWidth: inner.width)
        }
    }
}
