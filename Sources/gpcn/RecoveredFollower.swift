import GPCNApp
import GPCNCore
import GPCNRuntime

/// `create --wait` after a create whose answer was lost but whose VMs were found by name: their
/// jobs are unknown, so they are followed by status in the VM list until they run or fail, one
/// line per change on stderr; the exit code is the jobs' rule (`VMFollow.exitCode`).
enum RecoveredFollower {
    static func follow(_ vms: [JournalEntry.RecoveredVM], batch: CreateBatch, api: any GPCNAPI,
                       interval: Double = 3, err: (String) -> Void) async -> (statuses: [String: String?], exitCode: Int32) {
        err("Following \(vms.count) VM\(vms.count == 1 ? "" : "s") found by name until they run or fail "
            + "(their jobs are unknown; status from the VM list)…")
        let statuses = await VMFollow.follow(vms, search: batch.searchName, api: api, interval: interval,
                                             sleep: ConsoleRuntime.realSleep) { vm in
            err("\(vm.name): \(vm.status ?? "unknown")")
        }
        let ordered = vms.map { statuses[$0.vmId] ?? nil }
        return (statuses, VMFollow.exitCode(ordered))
    }
}
