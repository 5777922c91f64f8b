import Foundation

import GPCNCore

/// The journal side of the create POST (`CreateSubmitter` runs the steps), made crash-safe and
/// never blindly re-sent:
///
/// 1. `intent(…)` + `record(…)`: the intent (request without password, a client-side id, the
///    instance names, the time) is journaled and synced before the POST leaves.
/// 2. The POST is sent once (the client never retries it).
/// 3. On an answer, the submitter journals the `submission` with `intentId`. On a refusal (4xx,
///    no connection) `closeRefused` records that nothing was created. When the answer was lost
///    (`APIError.createMayHaveHappened`), `check` looks the instance names up in the VM list and
///    records what it found; the front end says it (`CreateOutcome.text`), and only offers to
///    send again when nothing was found.
///
/// `gpcn jobs` runs `check` on every intent left open (a kill between the POST and the
/// `submission` line), so a VM the server created is never lost track of.
public enum SubmitGuard {
    /// Seconds after its intent within which a create not found by name may still land: such an
    /// intent stays open and the next `gpcn jobs` looks again.
    public static let settle: Double = 120

    /// A new intent for `request` (a random client-side id).
    public static func intent(for request: CreateVMRequest, endpoint: String, now: Double,
                              retryOf: String? = nil, batch: (id: String, index: Int)? = nil) -> JournalEntry.Intent {
        JournalEntry.Intent(id: UUID().uuidString.lowercased(), time: ISOTime.format(now), endpoint: endpoint,
                            request: request, retryOf: retryOf, batchId: batch?.id, batchIndex: batch?.index)
    }

    /// `host:pid` of this process, as a batch's owner.
    public static var owner: String {
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, 255) == 0 ? String(cString: name) : "?"
        return "\(host):\(getpid())"
    }

    /// Whether the process that owns a batch (`host:pid`) is alive on this host: then it is still
    /// sending, and nothing else may offer to send the rest. Another host's owner counts as gone
    /// (the journal is per machine).
    public static func ownerIsAlive(_ owner: String?) -> Bool {
        guard let owner, let colon = owner.lastIndex(of: ":"), let pid = Int32(owner[owner.index(after: colon)...]),
              String(owner[..<colon]) == Self.owner.split(separator: ":").dropLast().joined(separator: ":") else { return false }
        if pid == getpid() { return true }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// Journals the intent; returns why it could not, if it could not (the create may still go).
    @discardableResult
    public static func record(_ intent: JournalEntry.Intent, journal: JournalFile?) -> String? {
        do { try journal?.append(.intent(intent)); return nil } catch { return "\(error)" }
    }

    /// The API refused the create (nothing was made): close the intent.
    public static func closeRefused(_ intent: JournalEntry.Intent, error: APIError, journal: JournalFile?, now: Double) {
        try? journal?.append(.intentEnded(.init(id: intent.id, time: ISOTime.format(now), outcome: .notCreated,
                                                note: "refused: \(error.userMessage)")))
    }

    /// Looks the intent's instance names up in the VM list. Found VMs are journaled at once
    /// (`intentEnded` recovered). None found closes the intent as `notCreated` only when it is
    /// older than `settle` seconds (a create still on its way could land after the look);
    /// younger, it stays open and the next `gpcn jobs` looks again.
    public static func check(_ intent: JournalEntry.Intent, api: any GPCNAPI, journal: JournalFile?, now: Double,
                             settle: Double = SubmitGuard.settle) async -> CreateCheck {
        let summary = try? journal?.read()
        let known = summary?.knownVMIds ?? []
        let claimed = summary?.claimedNames(otherThan: intent, since: IntentReconciler.claimWindowStart(intent)) ?? []
        let vms: [VirtualMachine]
        do {
            vms = try await api.virtualMachines(search: IntentReconciler.searchTerm(intent))
        } catch {
            return .failed(APIError.from(error))
        }
        let match = IntentReconciler.classify(intent, vms: vms, known: known, claimed: claimed)
        let found = match.mine
        if found.isEmpty, !match.shared.isEmpty {
            // Only VMs whose names another open batch also uses: cannot tell. The intent stays
            // open; once that batch's VM ids are known, the next look can tell.
            return .possible(match.shared)
        }
        if !found.isEmpty {
            try? journal?.append(.intentEnded(.init(id: intent.id, time: ISOTime.format(now), outcome: .recovered,
                                                    vms: found, note: "found by name in the VM list")))
            return .recovered(found)
        }
        let age = ISOTime.parse(intent.time).map { now - $0 } ?? .infinity
        if age >= settle {
            try? journal?.append(.intentEnded(.init(id: intent.id, time: ISOTime.format(now), outcome: .notCreated,
                                                    note: "no VM with its names in the VM list")))
        }
        return .notFound
    }

    /// "web-1 … web-3", "web-1, web-2", "web".
    public static func namesText(_ names: [String]) -> String { CreateVMRequest.namesText(names) }
}
