import GPCNCore

/// Following VMs by their status when their jobs are unknown: a create whose answer was lost but
/// whose VMs were found by name (`CreateCheck.recovered`). One VM-list request a round for the
/// whole batch (`search` by its base name; the list items carry the status), until every VM is
/// ready or has failed (docs/api.md §2.9 and §3.4: the provider's ready and failed states).
public enum VMFollow {
    public enum Readiness: Sendable, Equatable {
        case pending, ready, failed
    }

    /// `Running`, `Shutoff`, `Stopped` are ready; `Error`, `Destroyed` have failed; anything else
    /// (`Provisioning`, `Building`, `Unknown`, empty) is still on its way. Case does not matter.
    public static func readiness(_ status: String?) -> Readiness {
        switch status?.lowercased() {
        case "running", "shutoff", "stopped": return .ready
        case "error", "destroyed": return .failed
        default: return .pending
        }
    }

    /// The exit code for the VMs' last statuses: 3 when one failed, 4 when one is still on its
    /// way, else 0 (the same rule as jobs: a failure wins over "still running").
    public static func exitCode(_ statuses: [String?]) -> Int32 {
        let r = statuses.map(readiness)
        if r.contains(.failed) { return 3 }
        if r.contains(.pending) { return 4 }
        return 0
    }

    /// Polls the VM list every `interval` seconds until every VM of `vms` is ready or failed (or
    /// `maxRounds` rounds), calling `changed` with each VM whose status changed. Returns the last
    /// statuses by VM id. A failed round is waited out like a slow one.
    public static func follow(_ vms: [JournalEntry.RecoveredVM], search: String, api: any GPCNAPI,
                              interval: Double = 3, maxRounds: Int = 2000,
                              sleep: @Sendable (Double) async -> Void,
                              changed: (JournalEntry.RecoveredVM) -> Void) async -> [String: String?] {
        var statuses: [String: String?] = Dictionary(vms.map { ($0.vmId, $0.status) }, uniquingKeysWith: { a, _ in a })
        for round in 0..<maxRounds {
            if statuses.values.allSatisfy({ readiness($0) != .pending }) { break }
            if round > 0 { await sleep(interval) }
            guard let listed = try? await api.virtualMachines(search: search) else { continue }
            for vm in vms {
                guard let now = listed.first(where: { $0.id == vm.vmId }) else { continue }
                if statuses[vm.vmId] ?? nil != now.status {
                    statuses[vm.vmId] = now.status
                    changed(JournalEntry.RecoveredVM(vmId: vm.vmId, name: vm.name, status: now.status))
                }
            }
        }
        return statuses
    }
}
