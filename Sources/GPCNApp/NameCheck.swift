import GPCNCore

/// Names checked before sending (docs/product.md, "Before sending: the review and the name
/// check"). The API lets several VMs share a name, so nothing stops a second `web-3`; gpcn asks the
/// VM list once (`search` = the batch's base name) and says which of the batch's names are
/// already taken, in the same words in every front end. The wizard then wants a deliberate second
/// Enter, accessible mode names them in its last question, and `gpcn create --yes` refuses unless
/// `--allow-existing-names`.
///
/// Names are compared exactly (case and all), as the journal's look-up by name compares them: the
/// API's `search` may match more (a substring, an address), so only equal names count.
public enum NameCheck {
    /// The one search term: the batch's base name (every name of the batch contains it).
    public static func searchTerm(_ request: CreateVMRequest) -> String {
        let base = (request.name ?? "").trimmingWhitespace()
        return base.isEmpty ? request.instanceNames.first ?? "" : base
    }

    /// The names of `planned` that a VM in `vms` already has, in the batch's order, each once.
    public static func existing(_ planned: [String], in vms: [VirtualMachine]) -> [String] {
        let taken = Set(vms.compactMap(\.name))
        var seen = Set<String>()
        return planned.filter { taken.contains($0) && seen.insert($0).inserted }
    }

    /// "web-3 already exists", "web-3 and web-7 already exist", "web-3, web-7 and web-9 already
    /// exist", and past three "web-3, web-7 and 12 more already exist"; nil for none.
    public static func text(_ existing: [String]) -> String? {
        switch existing.count {
        case 0: return nil
        case 1: return "\(existing[0]) already exists"
        case 2, 3: return existing.dropLast().joined(separator: ", ") + " and \(existing[existing.count - 1]) already exist"
        default: return "\(existing[0]), \(existing[1]) and \(existing.count - 2) more already exist"
        }
    }

    /// Asks the VM list once for `search` and compares with `names`. A failed look-up is an
    /// answer too (the operator is told, and may create anyway).
    public static func run(search: String, names: [String], api: some GPCNAPI) async -> NameCheckResult {
        do {
            let vms = try await api.virtualMachines(search: search)
            return NameCheckResult(names: names, outcome: .checked(existing: existing(names, in: vms)))
        } catch {
            return NameCheckResult(names: names, outcome: .failed(APIError.from(error).userMessage))
        }
    }

    /// Asks the VM list about every name of `plan`.
    public static func run(_ plan: CreatePlan, api: some GPCNAPI) async -> NameCheckResult {
        await run(search: searchTerm(plan.request), names: plan.allNames, api: api)
    }

    /// What the review says while the VM list is being asked.
    public static let checkingText = "checking names…"
}

/// What asking the VM list found for one batch's names.
public struct NameCheckResult: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// The list was read: these names (in the batch's order) are taken; empty when none are.
        case checked(existing: [String])
        /// The list could not be read: why, in words.
        case failed(String)
    }

    /// The batch's names that were asked about (an answer about other names is stale).
    public var names: [String]
    public var outcome: Outcome

    public init(names: [String], outcome: Outcome) { self.names = names; self.outcome = outcome }

    /// The names that already exist (none when the list could not be read).
    public var existing: [String] {
        if case .checked(let existing) = outcome { return existing }
        return []
    }

    /// Something the operator should weigh before creating: names taken, or no answer.
    public var isWarning: Bool { !existing.isEmpty || isFailed }

    public var isFailed: Bool {
        if case .failed = outcome { return true }
        return false
    }

    /// One line for every front end: "web-3 and web-7 already exist", "could not check names: …",
    /// or that none is taken.
    public var text: String {
        switch outcome {
        case .failed(let why): return "could not check names: \(why)"
        case .checked(let existing):
            if let words = NameCheck.text(existing) { return words }
            return names.count == 1 ? "no VM is named \(names[0]) yet" : "no VM has any of these names yet"
        }
    }
}

/// The name check of a review: asked, or answered.
public enum NameCheckStatus: Sendable, Equatable {
    case checking(names: [String])
    case checked(NameCheckResult)

    public var names: [String] {
        switch self {
        case .checking(let names): return names
        case .checked(let result): return result.names
        }
    }

    /// The answer about exactly `names`, if there is one.
    public func result(for names: [String]) -> NameCheckResult? {
        guard case .checked(let r) = self, r.names == names else { return nil }
        return r
    }

    public var text: String {
        switch self {
        case .checking: return NameCheck.checkingText
        case .checked(let r): return r.text
        }
    }

    public var isWarning: Bool {
        if case .checked(let r) = self { return r.isWarning }
        return false
    }
}
