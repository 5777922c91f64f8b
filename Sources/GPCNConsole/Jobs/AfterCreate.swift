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

    /// After every poll answer on the screen: look up the addresses of VMs that just finished
    /// (once each), keep the title current, and say when all has ended.
    mutating func afterPoll(allEndedNow: Bool, settings: ConsoleSettings) -> [Effect] {
        guard board.mode == .watch else { return [] }
        var effects: [Effect] = []
        let fresh = jobs.compactMap { t -> String? in
            guard t.state == .succeeded, let vm = t.job.resourceId, !vm.isEmpty, !addressesAsked.contains(vm) else { return nil }
            return vm
        }
        if !fresh.isEmpty {
            addressesAsked.formUnion(fresh)
            effects.append(.lookUpAddresses(fresh))
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
        let counts = Dictionary(grouping: current, by: \.state).mapValues(\.count)
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
            if addressesAsked.insert(vm).inserted { return [.lookUpAddresses([vm])] }
            return []
        }
        let user = t.request?.username ?? vms[vm]?.value?.username
        notice = Span("Logging in to \(t.name) at \(address)…", .muted)
        return [.login(vmId: vm, address: address, user: user, command: settings.sshCommand)]
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
