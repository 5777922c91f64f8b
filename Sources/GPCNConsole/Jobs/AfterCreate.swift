import GPCNApp
import GPCNCore
import TerminalUI

// The dashboard after the create (docs/product.md §5): each finished VM's addresses on its row,
// `s` to log in, `y`/`Y` to copy its address or id, and a bell, a desktop notification and the
// window title to say when everything has ended.
extension JobsState {
    /// The VM of job `id` when its job succeeded: its id and what is known of its addresses.
    func finishedVM(_ id: String?) -> (job: TrackedJob, vmId: String)? {
        guard let t = job(id), t.state == .succeeded,
              let vm = t.job.resourceId, !vm.isEmpty else { return nil }
        return (t, vm)
    }

    /// After every poll answer on the screen: once every job has ended, look up the finished
    /// VMs' addresses (once each, one VM-list look-up per batch: the polls had the rate budget
    /// until then); keep the title current, and say when all has ended. A VM the operator acts
    /// on (`s`, `y`, its details) is looked up at once, on its own.
    mutating func afterPoll(allEndedNow: Bool, settings: ConsoleSettings) -> [Effect] {
        guard board.mode == .watch else { return [] }
        var effects: [Effect] = []
        if tally.active == 0 {  // (the kept tally: a poll answer does not scan every job)
            let targets = VMAddressLookup.targets(jobs).filter { !addressesAsked.contains($0.vmId) }
            if !targets.isEmpty {
                addressesAsked.formUnion(targets.map(\.vmId))
                effects.append(.lookUpAddresses(targets))
            }
        }
        guard settings.notify else { return effects }
        let words = countsText
        let newTitle = "gpcn: " + words
        if newTitle != title {
            title = newTitle
            effects.append(.emit(.title(newTitle)))
        }
        if allEndedNow {
            effects.append(.emit(.bell))
            effects.append(.emit(.notify(title: "gpcn: all jobs have ended", body: words)))
        }
        return effects
    }

    /// "3 done, 1 failed, 2 running".
    var countsText: String {
        let counts = tally.currentByState
        let parts: [String] = [(JobState.succeeded, "done"), (.failed, "failed"), (.cancelled, "cancelled"),
                               (.notVisible, "not visible"), (.running, "running")].compactMap { state, word in
            counts[state].map { "\($0) \(word)" }
        }
        return parts.isEmpty ? "no jobs" : parts.joined(separator: ", ")
    }

    /// `s`: log in to the selected finished VM.
    mutating func login(_ id: String?, settings: ConsoleSettings) -> [Effect] {
        guard let (t, vm) = finishedVM(id) else {
            notice = Span("s logs in to a VM whose job has finished; this one has not.", .warn)
            return []
        }
        guard let address = addresses[vm].flatMap(SSHLogin.address) else {
            notice = Span("\(t.name) has no address known yet" + (addressesAsked.contains(vm) ? "." : "; looking it up."), .warn)
            if addressesAsked.insert(vm).inserted {
                return [.lookUpAddresses([VMAddressLookup.Target(vmId: vm, name: t.name, batch: t.name)])]
            }
            return []
        }
        let user = t.request?.username ?? vms[vm]?.value?.username
        notice = Span("Logging in to \(t.name) at \(address)…", .muted)
        return [.login(vmId: vm, address: address, user: user, command: settings.sshCommand)]
    }

    /// `e`: the rows shown (the filter applies) as an Ansible inventory file named after the batch.
    mutating func exportInventory() -> [Effect] {
        let shownIds = Set(list.visible.map { list.rows[$0].id })
        let shown = jobs.filter { shownIds.contains($0.job.jobId) && $0.retriedBy == nil }
        let entries = Inventory.entries(shown, addresses: addresses)
        guard !entries.isEmpty else {
            notice = Span("Nothing to export: no VM among the rows shown.", .warn)
            return []
        }
        let missing = entries.filter { $0.address == nil }.count
        if missing > 0 { notice = Span("Exporting; \(missing) VM\(missing == 1 ? " has" : "s have") no address yet (listed as comments).", .warn) }
        let stem = request?.name ?? VMAddressLookup.batchName(shown[0])
        return [.writeInventory(jobs: shown, addresses: addresses, stem: stem)]
    }

    /// `y` / `Y`: copy the selected VM's address / id with OSC 52.
    mutating func copy(_ id: String?, id copyId: Bool, settings: ConsoleSettings) -> [Effect] {
        guard let (t, vm) = finishedVM(id) else {
            notice = Span("Nothing to copy: the selected job has no VM yet.", .warn)
            return []
        }
        let what = copyId ? vm : addresses[vm].flatMap(SSHLogin.address)
        guard let what else {
            notice = Span("\(t.name) has no address known yet; Y copies its VM id.", .warn)
            return []
        }
        if let why = settings.copyUnsupported {
            notice = Span("Not copied: \(why). \(copyId ? "VM id" : "Address"): \(what)", .warn)
            return []
        }
        notice = Span("Copied \(t.name)'s \(copyId ? "VM id" : "address") \(what) (OSC 52: your terminal must allow clipboard access).", .ok)
        return [.emit(.copy(what))]
    }
}
