import GPCNCore
import TerminalUI

// Accessible mode (`--accessible`, `GPCN_ACCESSIBLE=1`): the create wizard as a linear
// conversation on plain lines, for screen readers, dumb terminals and scripts. No cursor
// movement: numbered choices, typed values. The questions fill a `CreateForm`, the application
// layer's create form that the full-screen wizard drives too: the same rules, the same loads and
// the same validation messages. Pure: the shell in `gpcn/AccessibleFlow.swift` does the I/O.

/// The questions, in the order they are asked.
public enum AccessibleQuestion: String, CaseIterable, Sendable, Comparable {
    case dataCenter, image, size, authMethod, sshKey, password, username, networks, publicIp
    case name, count, resourceGroup, confirm

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The wizard step the question belongs to.
    public var step: CreateStep {
        switch self {
        case .dataCenter: return .dataCenter
        case .image: return .image
        case .size: return .size
        case .authMethod, .sshKey, .password, .username: return .access
        case .networks, .publicIp: return .network
        case .name, .count, .resourceGroup: return .details
        case .confirm: return .review
        }
    }

    /// The create-body field the answer fills.
    public var field: CreateVMField {
        switch self {
        case .dataCenter: return .datacenterId
        case .image: return .imageId
        case .size: return .skuId
        case .authMethod: return .authMethod
        case .sshKey: return .sshKeyId
        case .password: return .password
        case .username: return .username
        case .networks: return .networkInterfaces
        case .publicIp: return .allocatePublicIp
        case .name: return .name
        case .count: return .numberOfInstances
        case .resourceGroup: return .resourceGroupId
        case .confirm: return .configurationId
        }
    }

    static func question(for field: CreateVMField) -> AccessibleQuestion? { allCases.first { $0.field == field } }
}

/// What to print, then what to ask.
public struct AccessiblePrompt: Sendable, Equatable {
    public var question: AccessibleQuestion
    /// Lines before the question: the step heading and the numbered choices (empty when the
    /// same question is asked again after a refused answer).
    public var lines: [String]
    /// The question, printed without a newline; the answer is read after it.
    public var ask: String
    /// Read without echo (a password).
    public var isSecret: Bool
}

/// What the shell should do next.
public enum AccessibleNext: Sendable, Equatable {
    /// Fetch this list, then call `loaded`.
    case load(CatalogRequest)
    /// Print the prompt, read one line, then call `answer`.
    case ask(AccessiblePrompt)
    /// Ask the VM list once (`search`) which of the batch's `names` exist, then call `namesChecked`.
    case checkNames(search: String, names: [String])
    /// Send the create request, then call `submitted`.
    case submit(CreateVMRequest)
    /// Stop: print `message` (if any) and exit with `exitCode` (a list failed to load, or the
    /// operator cancelled).
    case stop(message: String?, exitCode: Int32)
}

/// The answer to a submit.
public enum AccessibleSubmitOutcome: Sendable, Equatable {
    /// 202: the jobs to follow (the request is kept without its password).
    case accepted(request: CreateVMRequest, jobs: [Job])
    /// The API refused some fields: print the lines; the questions are asked again.
    case askAgain([String])
    /// Any other failure: print and exit 2.
    case failed(String)
}

public struct AccessibleCreate: Sendable {
    /// The create form the questions fill: the same answers, catalog and rules as the wizard's.
    public private(set) var form: CreateForm
    private var answered: Set<AccessibleQuestion> = []
    private var current: AccessibleQuestion?
    private var repeating = false
    private var confirmed = false
    private var stopped: AccessibleNext?
    /// Whether the batch's names are taken: asked once per set of names, before the last question.
    public private(set) var nameCheck: NameCheckStatus?

    /// `answers` pre-fill the questions (from flags): each is asked with the pre-filled value
    /// as its Enter default.
    /// `maxCount`: the config profile's `max_count` (a lower limit on the count).
    public init(answers: CreateAnswers = CreateAnswers(), maxCount: Int? = nil) {
        form = CreateForm(answers: answers, maxCount: maxCount)
    }

    // MARK: - The conversation

    public mutating func next() -> AccessibleNext {
        if let stopped { return stopped }
        if confirmed { return .submit(form.request) }
        guard let q = AccessibleQuestion.allCases.first(where: { !answered.contains($0) && applies($0) }) else {
            return .stop(message: nil, exitCode: 0)
        }
        for request in loads(for: q) {
            switch form.catalog.status(request) {
            case .idle, .loading:
                form.catalog.markLoading(request)
                return .load(request)
            case .failed(let error):
                return .stop(message: "Could not load \(Self.what(request)): \(error.userMessage)", exitCode: 2)
            case .loaded:
                continue
            }
        }
        if q == .confirm {
            // Before the last question: the VM list is asked once whether the names are taken.
            let names = form.request.instanceNames
            let search = NameCheck.searchTerm(form.request)
            if nameCheck?.names != names, !search.isEmpty, form.issues(for: .name).isEmpty {
                nameCheck = .checking(names: names)
                return .checkNames(search: search, names: names)
            }
        }
        let again = repeating && current == q
        current = q
        repeating = false
        var p = prompt(q)
        if again { p.lines = [] }
        return .ask(p)
    }

    /// The answer to `.checkNames` (an answer about other names than the batch's is dropped).
    public mutating func namesChecked(_ result: NameCheckResult) {
        guard nameCheck?.names == result.names else { return }
        nameCheck = .checked(result)
    }

    public mutating func loaded(_ request: CatalogRequest, _ result: Result<CatalogPayload, APIError>) {
        form.catalog.store(request, result)
        form.preselectSSHKey()
    }

    /// Takes the operator's line for the current question; returns the lines to print
    /// (a short confirmation, or why the answer was refused — then the question is asked again).
    public mutating func answer(_ raw: String) -> [String] {
        guard let q = current else { return [] }
        let text = q == .password ? String(raw.filter { $0 != "\r" && $0 != "\n" }) : raw.trimmingWhitespace()
        let result = apply(text, to: q)
        switch result {
        case .refused(let why):
            repeating = true
            return Self.refusal(why)
        case .accepted(let lines):
            let issues = q == .confirm ? [] : form.issues(for: q.field)
            if !issues.isEmpty {
                repeating = true
                return lines.filter { !$0.hasPrefix("Chosen") } + Self.refusal(issues.map(\.message))
            }
            // The review is asked again after a step was changed from it.
            if q != .confirm || confirmed || stopped != nil { answered.insert(q) }
            return lines
        }
    }

    /// "Not accepted: why", or a list when there are several reasons.
    static func refusal(_ reasons: [String]) -> [String] {
        if reasons.count == 1 { return ["Not accepted: \(reasons[0])"] }
        return ["Not accepted:"] + reasons.map { "  - \($0)" }
    }

    /// The API's answer to `.submit`.
    public mutating func submitted(_ result: Result<[Job], APIError>) -> AccessibleSubmitOutcome {
        confirmed = false
        switch result {
        case .success(let jobs):
            let request = form.request.withoutPassword
            form.forgetSecrets()
            return .accepted(request: request, jobs: jobs)
        case .failure(let error):
            if error.refusesFields {
                form.serverIssues = error.issues
                var lines = ["The API refused the request:"]
                for issue in error.issues {
                    lines.append("  \(issue.path): \(issue.message)")
                    if let f = CreateVMField(path: issue.path), let q = AccessibleQuestion.question(for: f) {
                        answered.remove(q)
                    }
                }
                answered.remove(.confirm)
                lines.append("Answer those questions again.")
                return .askAgain(lines)
            }
            return .failed(error.userMessage)  // a lost answer never comes here: the submitter looked it up
        }
    }

    // MARK: - Questions

    /// Whether the question is asked: the form's rule for its field.
    private func applies(_ q: AccessibleQuestion) -> Bool { q == .confirm || form.asks(q.field) }

    /// What to load before asking: what the form says the question's step needs.
    private func loads(for q: AccessibleQuestion) -> [CatalogRequest] { form.loads(for: q.step) }

    static func what(_ request: CatalogRequest) -> String {
        switch request {
        case .dataCenters: return "the data centers"
        case .images: return "the images"
        case .sizes: return "the sizes"
        case .sshKeys: return "the SSH keys"
        case .networks: return "the networks"
        case .resourceGroups: return "the resource groups"
        case .subnets: return "the VPC subnets"
        }
    }

    /// A numbered choice.
    struct Option {
        var id: String
        var label: String
        var names: [String]
        var disabled: String?
        /// A group heading printed before this option ("Linux").
        var group: String?
    }

    private func options(_ q: AccessibleQuestion) -> [Option] {
        func fromRows(_ rows: [ListRow], names: (String) -> [String]) -> [Option] {
            var out: [Option] = []
            var group: String?
            for row in rows {
                if row.kind == .header { group = row.columns.first; continue }
                let label = ([row.columns.first ?? row.id] + row.columns.dropFirst().filter { !$0.isEmpty })
                    .joined(separator: ", ")
                out.append(Option(id: row.id, label: label, names: names(row.id), disabled: row.disabledReason, group: group))
                group = nil
            }
            return out
        }
        switch q {
        case .dataCenter:
            let dcs = form.catalog.dataCenters.value ?? []
            return fromRows(Rows.dataCenters(dcs)) { id in
                dcs.first { $0.id == id }.map { [$0.displayName, $0.code ?? "", $0.name ?? ""] } ?? []
            }
        case .image:
            guard let images = form.imageCatalog else { return [] }
            return fromRows(Rows.images(images)) { id in images.image(id: id).map { [$0.displayName] } ?? [] }
        case .size:
            guard let dc = form.answers.datacenterId, let sizes = form.catalog.sizes[dc]?.value else { return [] }
            return fromRows(Rows.sizes(sizes)) { id in sizes.size(id: id).map { [$0.displayName, $0.skuCode ?? ""] } ?? [] }
        case .authMethod:
            return form.allowedAuthMethods.map {
                Option(id: $0.rawValue, label: Self.methodName($0), names: [Self.methodName($0), $0.rawValue, "ssh", "key"])
            }
        case .sshKey:
            let keys = form.catalog.sshKeys.value ?? []
            return fromRows(Rows.sshKeys(keys)) { id in keys.first { $0.id == id }.map { [$0.displayName] } ?? [] }
        case .networks:
            let nets = form.networks
            let subnets = form.subnets ?? []
            return fromRows(Rows.networks(nets, subnets: subnets)) { id in
                if id.hasPrefix(Rows.subnetPrefix) {
                    let subnetId = String(id.dropFirst(Rows.subnetPrefix.count))
                    return subnets.first { $0.id == subnetId }.map { [$0.displayName] } ?? []
                }
                return nets.first { $0.id == id }.map { [$0.displayName] } ?? []
            }
        case .resourceGroup:
            let groups = form.catalog.resourceGroups.value ?? []
            return groups.map { Option(id: $0.id, label: [$0.displayName, $0.description ?? ""].filter { !$0.isEmpty }
                                        .joined(separator: ", "), names: [$0.displayName]) }
        default:
            return []
        }
    }

    static func methodName(_ m: AuthMethod) -> String { m.label }

    private func heading(_ q: AccessibleQuestion) -> [String] {
        let s = q.step
        let first = AccessibleQuestion.allCases.first { $0.step == s && applies($0) }
        guard first == q else { return [] }
        return ["", "Step \(s.rawValue) of 7: \(s.title)"]
    }

    private func numbered(_ opts: [Option], start: Int = 1) -> [String] {
        var lines: [String] = []
        for (i, o) in opts.enumerated() {
            if let g = o.group { lines.append("\(g):") }
            lines.append("  \(i + start). \(o.label)" + (o.disabled.map { " (unavailable: \($0))" } ?? ""))
        }
        return lines
    }

    private func name(of id: String?, in opts: [Option]) -> String? {
        guard let id else { return nil }
        return opts.first { $0.id == id }.map { $0.names.first ?? $0.label }
    }

    private func prompt(_ q: AccessibleQuestion) -> AccessiblePrompt {
        var lines = heading(q)
        let a = form.answers
        let opts = options(q)
        func choice(_ what: String, current: String?, noun: String) -> AccessiblePrompt {
            lines += numbered(opts)
            let range = opts.count == 1 ? "1" : "1-\(opts.count)"
            let keep = name(of: current, in: opts).map { " [Enter: \($0)]" } ?? ""
            return AccessiblePrompt(question: q, lines: lines.inserting(what),
                                    ask: "\(noun), \(range) or a name\(keep): ", isSecret: false)
        }
        switch q {
        case .dataCenter:
            return choice("Data centers:", current: a.datacenterId, noun: "Data center")
        case .image:
            return choice("Images of \(form.dataCenter?.displayName ?? "this data center"):", current: a.imageId, noun: "Image")
        case .size:
            return choice("Sizes:", current: a.skuId, noun: "Size")
        case .authMethod:
            return choice("How to log in to \(form.image?.displayName ?? "the VMs"):", current: a.authMethod?.rawValue,
                          noun: "Login method")
        case .sshKey:
            if opts.isEmpty {
                lines.append("There are no SSH keys in the library: add one in the portal, or choose a password.")
            }
            return choice("SSH keys:", current: a.sshKeyId, noun: "SSH key")
        case .password:
            let rules = PasswordRule.allCases.map(\.rawValue).joined(separator: "; ")
            lines.append("Password rules: \(rules).")
            let keep = a.password.isEmpty ? "" : " [Enter: keep the one given]"
            return AccessiblePrompt(question: q, lines: lines, ask: "Password (not shown as you type)\(keep): ", isSecret: true)
        case .username:
            let fallback = form.image?.username.map { "the image's default user '\($0)'" } ?? "the image's default user"
            let keep = a.username.isEmpty ? fallback : "'\(a.username)'"
            return AccessiblePrompt(question: q, lines: lines,
                                    ask: "Username, 3-20 characters [Enter: \(keep)]: ", isSecret: false)
        case .networks:
            lines.append("Networks of \(form.dataCenter?.displayName ?? "the data center") (up to \(CreateForm.maxNetworks); the first you type is the primary):")
            lines += numbered(opts)
            if opts.isEmpty { lines.append("  (none here yet: the default network will be created)") }
            let keep: String
            if a.networkIds.isEmpty {
                keep = "the default network"
            } else {
                let primary = a.primaryNetworkId ?? a.networkIds.first
                let ordered = a.networkIds.filter { $0 == primary } + a.networkIds.filter { $0 != primary }
                keep = ordered.compactMap { id in opts.firstIndex { $0.id == id }.map { String($0 + 1) } }.joined(separator: ",")
            }
            return AccessiblePrompt(question: q, lines: lines,
                                    ask: "Networks, numbers separated by commas, 0 for the default network [Enter: \(keep)]: ",
                                    isSecret: false)
        case .publicIp:
            return AccessiblePrompt(question: q, lines: lines,
                                    ask: "Allocate a public IP on the primary network? y or n [Enter: \(a.allocatePublicIp ? "yes" : "no")]: ",
                                    isSecret: false)
        case .name:
            let keep = a.name.isEmpty ? "" : " [Enter: \(a.name)]"
            return AccessiblePrompt(question: q, lines: lines,
                                    ask: "Base name of the VMs, 1-\(CreateVMValidator.nameMaxLength) characters\(keep): ",
                                    isSecret: false)
        case .count:
            return AccessiblePrompt(question: q, lines: lines,
                                    ask: "Number of instances, \(form.countLimitsText) [Enter: \(a.count.isEmpty ? "1" : a.count)]: ", isSecret: false)
        case .resourceGroup:
            lines.append("Resource groups:")
            lines.append("  0. none")
            lines += numbered(opts)
            let keep = name(of: a.resourceGroupId, in: opts) ?? "none"
            return AccessiblePrompt(question: q, lines: lines,
                                    ask: "Resource group, 0-\(opts.count) or a name [Enter: \(keep)]: ", isSecret: false)
        case .confirm:
            lines += ReviewText.lines(form, endpoint: "", width: 100, glyphs: .ascii, nameCheck: nameCheck)
                .map { $0.map(\.text).joined() }
                .prefix { !$0.hasPrefix("Request body") }
                .map { $0.trimmingWhitespace().isEmpty ? "" : "  " + $0 }
            let names = form.request.instanceNames
            let n = names.count
            if let taken = nameCheck?.result(for: names), let words = NameCheck.text(taken.existing) {
                return AccessiblePrompt(question: q, lines: lines,
                                        ask: "\(words). Create \(n) VM\(n == 1 ? "" : "s") anyway? y to create, n to cancel, "
                                            + "6 to rename, or another step number 1-6 to change it: ",
                                        isSecret: false)
            }
            return AccessiblePrompt(question: q, lines: lines,
                                    ask: "Create \(n) VM\(n == 1 ? "" : "s")? y to create, n to cancel, or a step number 1-6 to change it: ",
                                    isSecret: false)
        }
    }

    // MARK: - Answers

    private enum Applied {
        case accepted([String])
        case refused([String])
    }

    /// Which option a typed answer means: a number, an id, or a (unique) name.
    private struct Why: Error { var lines: [String] }

    private func pick(_ text: String, in opts: [Option]) -> Result<Option, Why> {
        if let n = Int(text) {
            guard n >= 1, n <= opts.count else { return .failure(Why(lines: ["type a number from 1 to \(opts.count)"])) }
            return .success(opts[n - 1])
        }
        switch NameResolution.resolve(text, in: opts, id: \.id, names: { $0.names + [$0.label] }) {
        case .found(let o): return .success(o)
        case .ambiguous(let many):
            return .failure(Why(lines: ["\"\(text)\" matches \(many.prefix(4).map { $0.names.first ?? $0.label }.joined(separator: ", ")); type its number"]))
        case .notFound(let close):
            let hint = close.isEmpty ? "" : " (did you mean \(close.prefix(3).map { $0.names.first ?? $0.label }.joined(separator: ", "))?)"
            return .failure(Why(lines: ["nothing matches \"\(text)\"\(hint); type a number from the list"]))
        }
    }

    private mutating func apply(_ text: String, to q: AccessibleQuestion) -> Applied {
        var a = form.answers
        form.clearServerIssues(for: [q.field])
        switch q {
        case .dataCenter, .image, .size, .authMethod, .sshKey:
            let opts = options(q)
            let current: String? = {
                switch q {
                case .dataCenter: return a.datacenterId
                case .image: return a.imageId
                case .size: return a.skuId
                case .authMethod: return a.authMethod?.rawValue
                default: return a.sshKeyId
                }
            }()
            let chosen: Option
            if text.isEmpty {
                guard let id = current, let o = opts.first(where: { $0.id == id }) else {
                    let missing = form.issues(for: q.field).first?.message ?? "choose one of the list"
                    return .refused([missing])
                }
                chosen = o
            } else {
                switch pick(text, in: opts) {
                case .success(let o): chosen = o
                case .failure(let why): return .refused(why.lines)
                }
            }
            if let reason = chosen.disabled { return .refused(["\(chosen.names.first ?? chosen.label) cannot be chosen: \(reason)"]) }
            var lines = ["Chosen: \(chosen.label)."]
            switch q {
            case .dataCenter: lines += chooseDataCenter(chosen.id)
            case .image: lines += chooseImage(chosen.id)
            case .size: a.skuId = chosen.id; form.answers = a
            case .authMethod: form.answers.authMethod = AuthMethod(rawValue: chosen.id); answered.subtract([.sshKey, .password])
            default: a.sshKeyId = chosen.id; form.answers = a
            }
            return .accepted(lines)
        case .password:
            if text.isEmpty && !a.password.isEmpty { return .accepted(["Password kept."]) }
            a.password = raw(text)
            form.answers = a
            return .accepted(["Password set (\(a.password.count) characters)."])
        case .username:
            a.username = text
            form.answers = a
            return .accepted([text.isEmpty ? "Username: the image's default." : "Username: \(text)."])
        case .networks:
            let opts = options(q)
            var ids: [String] = []
            if text.isEmpty, let subnet = a.subnetId {
                ids = [Rows.subnetPrefix + subnet]
            } else if text.isEmpty {
                ids = a.networkIds.isEmpty ? [] : {
                    let primary = a.primaryNetworkId ?? a.networkIds.first
                    return a.networkIds.filter { $0 == primary } + a.networkIds.filter { $0 != primary }
                }()
            } else if text != "0" && text.lowercased() != "none" && text.lowercased() != "default" {
                let parts = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
                for part in parts {
                    switch pick(part, in: opts) {
                    case .success(let o):
                        if let reason = o.disabled { return .refused(["\(o.names.first ?? o.label) cannot be chosen: \(reason)"]) }
                        if !ids.contains(o.id) { ids.append(o.id) }
                    case .failure(let why): return .refused(why.lines)
                    }
                }
            }
            // A VPC subnet is chosen alone: it replaces legacy networks.
            let subnets = ids.filter { $0.hasPrefix(Rows.subnetPrefix) }
            if !subnets.isEmpty && ids.count > 1 {
                return .refused(["Choose one VPC subnet, or legacy networks: not both."])
            }
            a.subnetId = subnets.first.map { String($0.dropFirst(Rows.subnetPrefix.count)) }
            if a.subnetId != nil { ids = [] }
            a.networkIds = ids
            a.primaryNetworkId = ids.first
            if ids.isEmpty { a.allocatePublicIp = false }
            form.answers = a
            answered.remove(.publicIp)
            var lines = [a.subnetId != nil ? "Network: VPC subnet \(form.subnet?.displayName ?? a.subnetId ?? "")."
                         : ids.isEmpty ? "Networks: the data center's default network."
                         : "Networks: " + ids.compactMap { id in opts.first { $0.id == id }?.names.first }.enumerated()
                            .map { $0.offset == 0 ? "\($0.element) (primary)" : $0.element }.joined(separator: ", ") + "."]
            if let refusal = form.publicIpRefusal {
                form.answers.allocatePublicIp = false
                answered.insert(.publicIp)
                lines.append("Public IP: not possible. \(refusal)")
            }
            return .accepted(lines)
        case .publicIp:
            switch text.lowercased() {
            case "": break
            case "y", "yes": a.allocatePublicIp = true
            case "n", "no": a.allocatePublicIp = false
            default: return .refused(["type y or n"])
            }
            form.answers = a
            return .accepted(["Public IP: \(a.allocatePublicIp ? "yes" : "no")."])
        case .name:
            if !text.isEmpty || a.name.isEmpty { a.name = text }
            form.answers = a
            return .accepted(["Name: \(a.name)."])
        case .count:
            if !text.isEmpty { a.count = text } else if a.count.isEmpty { a.count = "1" }
            form.answers = a
            let names = form.request.instanceNames
            let preview = names.count <= 1 ? "Creates \(names.first ?? a.name)."
                : names.count == 2 ? "Creates \(names[0]) and \(names[1])."
                : "Creates \(names[0]) to \(names[names.count - 1])."
            // A longer count can make the name too long: ask for the name again in that case.
            if let issue = form.issues(for: .name).first {
                answered.remove(.name)
                return .accepted(["Instances: \(a.count).", "The name no longer fits: \(issue.message)"])
            }
            return .accepted(["Instances: \(a.count). \(preview)"])
        case .resourceGroup:
            let opts = options(q)
            if text.isEmpty {
                // keep
            } else if text == "0" || text.lowercased() == "none" {
                a.resourceGroupId = nil
            } else {
                switch pick(text, in: opts) {
                case .success(let o): a.resourceGroupId = o.id
                case .failure(let why): return .refused(why.lines)
                }
            }
            form.answers = a
            return .accepted(["Resource group: \(name(of: a.resourceGroupId, in: opts) ?? "none")."])
        case .confirm:
            switch text.lowercased() {
            case "y", "yes":
                // Every step again, in order: the first with a problem is asked again.
                for question in AccessibleQuestion.allCases where question != .confirm && applies(question) {
                    if let issue = form.issues(for: question.field).first {
                        answered.remove(question)
                        answered.remove(.confirm)
                        return .accepted(["Not ready: \(issue.message)"])
                    }
                }
                confirmed = true
                return .accepted(["Submitting..."])
            case "n", "no", "q", "quit":
                form.forgetSecrets()
                stopped = .stop(message: "Cancelled: nothing was submitted.", exitCode: 130)
                return .accepted([])
            default:
                if let n = Int(text), let step = CreateStep(rawValue: n), step != .review {
                    for question in AccessibleQuestion.allCases where question.step == step { answered.remove(question) }
                    return .accepted(["Back to step \(n): \(step.title)."])
                }
                return .refused(["type y, n, or a step number from 1 to 6"])
            }
        }
    }

    /// Passwords are taken exactly as typed (only the line end is gone).
    private func raw(_ text: String) -> String { text }

    // The choices are the form's rules; the flow asks again what depends on them.

    private mutating func chooseDataCenter(_ id: String) -> [String] {
        let change = form.chooseDataCenter(id)
        reask(change)
        return change.notice.map { [$0] } ?? []
    }

    private mutating func chooseImage(_ id: String) -> [String] {
        let change = form.chooseImage(id)
        reask(change)
        return (change.notice.map { [$0] } ?? []) + loginLine()
    }

    private mutating func reask(_ change: CreateForm.Change) {
        answered.subtract(change.dependents.compactMap(AccessibleQuestion.question(for:)))
    }

    private func loginLine() -> [String] {
        let methods = form.allowedAuthMethods
        if methods.isEmpty {
            return ["This image has fixed credentials (an appliance): no login method is set or sent."]
        }
        if methods.count == 1 { return ["Login: \(Self.methodName(methods[0])), the only method this image takes."] }
        if !form.customizations.isKnown { return [ImageCustomizations.unknownLoginNote] }
        return []
    }
}

extension Array where Element == String {
    fileprivate func inserting(_ line: String) -> [String] {
        // The list title goes after the step heading.
        var out = self
        let at = out.firstIndex { $0.hasPrefix("Step ") }.map { $0 + 1 } ?? 0
        out.insert(line, at: at)
        return out
    }
}
