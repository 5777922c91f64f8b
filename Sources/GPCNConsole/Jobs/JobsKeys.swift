import TerminalUI

/// What a key does on the job dashboard. `JobsState.handle`, `handleDetail` and `handlePrompt`
/// switch on these.
public enum JobsAction: Hashable, Sendable {
    // The job list
    case move, page, details, retry, retryAll, failedOnly, filter, leave, login, copyAddress, copyId, export, sendRest
    // A job's details
    case back, otherJob, retryThis
    // The retry prompts
    case confirm, confirmAnyway, cancel, submitPassword, edit, cancelPassword
    // The batch prompts
    case confirmStop, stopAndStay, confirmSendRest
}

/// The dashboard's key map: every command with its keys, footer label, help text, section and
/// the states where it works. Order is display order (footer, help and the prompts' hints).
public enum JobsKeys {
    static let dashboard = "Dashboard", details = "Job details", retry = "Prompts"
    /// Help and README sections, in order.
    static let sections = [dashboard, details, retry]

    static let leaveHelp = "leave; jobs go on server-side and stay in the journal"

    public static let map = KeyMap<JobsAction, JobsState>([
        // MARK: The job list
        KeyCommand(.move, KeyBinding([.up, .down, .character("k"), .character("j")], "select", help: "select a job",
                                     section: dashboard, keyLabel: "Up/Down"),
                   when: { $0.onList },
                   shown: { b, j in
                       var b = b
                       if j.list.isEditingFilter { b.keys.removeAll { $0.character != nil } }  // j and k are typed
                       return b
                   }),
        KeyCommand(.page, KeyBinding([.pageUp, .pageDown, .home, .end], "page", help: "page up / down, first / last job",
                                     section: dashboard, keyLabel: "PgUp/PgDn/Home/End", inFooter: false),
                   when: { $0.onList }),
        KeyCommand(.details, KeyBinding([.enter], "details", help: "show every field of the selected job (and its VM)",
                                        section: dashboard),
                   when: { $0.onList && !$0.list.isEditingFilter && $0.list.selectedID != nil }),
        KeyCommand(.retry, KeyBinding([.character("r")], "retry", help: "retry the selected failed job (re-submits its create, count 1)",
                                      section: dashboard),
                   when: { $0.onList && !$0.list.isEditingFilter && $0.list.selectedID != nil }),
        KeyCommand(.retryAll, KeyBinding([.character("R")], "retry all", help: "retry every failed job the API allows to retry",
                                         section: dashboard),
                   when: { $0.onList && !$0.list.isEditingFilter }),
        KeyCommand(.failedOnly, KeyBinding([.character("f")], "failed", help: "show only failed, cancelled and vanished jobs (toggle)",
                                           section: dashboard),
                   when: { $0.onList && !$0.list.isEditingFilter },
                   shown: { b, j in
                       var b = b
                       b.label = j.failedOnly ? "all" : "failed"
                       return b
                   }),
        KeyCommand(.filter, KeyBinding([.character("/")], "filter", help: "filter rows by text; Esc clears", section: dashboard,
                                       inFooter: false),
                   when: { $0.onList },
                   shown: { b, j in
                       var b = b
                       if j.list.isEditingFilter {
                           b.keys = [.escape, .backspace]; b.keyLabel = "Esc"; b.label = "clear"; b.inFooter = true
                       } else if !j.list.filter.isEmpty {
                           b.keys.append(.escape)
                       }
                       return b
                   }),
        KeyCommand(.leave, KeyBinding([.character("q")], "leave", help: leaveHelp, section: dashboard),
                   when: { $0.onList && !$0.list.isEditingFilter }),
        KeyCommand(.login, KeyBinding([.character("s")], "ssh", help: "log in to the selected finished VM (ssh USER@ADDRESS; the dashboard comes back after)",
                                      section: dashboard),
                   when: { $0.selectedVMKeysLive }),
        KeyCommand(.copyAddress, KeyBinding([.character("y")], "copy", help: "copy the selected VM's address to the clipboard (OSC 52, also over SSH and tmux)",
                                            section: dashboard, inFooter: false),
                   when: { $0.selectedVMKeysLive }),
        KeyCommand(.export, KeyBinding([.character("e")], "export", help: "write the rows shown as an Ansible inventory file (NAME.ini here; never over a file)",
                                       section: dashboard, inFooter: false),
                   when: { $0.onList && !$0.list.isEditingFilter && ($0.tally.byState[.succeeded] ?? 0) > 0 }),
        KeyCommand(.copyId, KeyBinding([.character("Y")], "copy id", help: "copy the selected VM's id to the clipboard (OSC 52)",
                                       section: dashboard, inFooter: false),
                   when: { $0.selectedVMKeysLive }),

        KeyCommand(.sendRest, KeyBinding([.character("S")], "send rest",
                                         help: "send the creates of a batch an earlier gpcn left unsent (asks first; never by itself)",
                                         section: dashboard),
                   when: { $0.onList && !$0.list.isEditingFilter && $0.queue?.status == .unsent }),

        // MARK: A job's details
        KeyCommand(.back, KeyBinding([.escape, .enter, .backspace, .left], "back",
                                     help: "back to the job list (also Enter, Backspace, Left)", section: details, keyLabel: "Esc"),
                   when: { $0.onDetail }),
        KeyCommand(.otherJob, KeyBinding([.up, .down, .character("k"), .character("j")], "other job",
                                         help: "the previous / next job's details", section: details, keyLabel: "Up/Down"),
                   when: { $0.onDetail }),
        KeyCommand(.retryThis, KeyBinding([.character("r")], "retry", help: "retry this job (failed, and the API allows it)",
                                          section: details),
                   when: { $0.onDetail }),
        KeyCommand(.leave, KeyBinding([.character("q")], "leave", help: leaveHelp, section: details),
                   when: { $0.onDetail }),

        // MARK: The retry prompts
        KeyCommand(.confirm, KeyBinding([.character("y"), .character("Y"), .enter], "retry", help: "retry the jobs asked about (Enter too)",
                                        section: retry, keyLabel: "y"),
                   when: { if case .confirmRetry? = $0.prompt { return true } else { return false } }),
        KeyCommand(.confirmAnyway, KeyBinding([.character("y"), .character("Y")], "retry anyway",
                                              help: "retry although the VM may exist (Enter is not enough)", section: retry,
                                              keyLabel: "y"),
                   when: { if case .confirmRetryMayExist? = $0.prompt { return true } else { return false } }),
        KeyCommand(.confirmStop, KeyBinding([.character("y"), .character("Y")], "stop and leave",
                                            help: "stop sending the queued creates and leave (the sent ones go on)",
                                            section: retry, keyLabel: "y"),
                   when: { $0.prompt == .confirmStopSending }),
        KeyCommand(.stopAndStay, KeyBinding([.character("s"), .character("S")], "stop, stay",
                                            help: "stop sending the queued creates and stay to watch the sent ones",
                                            section: retry, keyLabel: "s"),
                   when: { $0.prompt == .confirmStopSending }),
        KeyCommand(.confirmSendRest, KeyBinding([.character("y"), .character("Y")], "send",
                                                help: "send the creates not sent before (Enter is not enough)",
                                                section: retry, keyLabel: "y"),
                   when: { $0.prompt == .confirmSendRest }),
        KeyCommand(.cancel, KeyBinding([.character("n"), .character("N"), .escape], "cancel",
                                       help: "no: nothing is retried, sent or stopped",
                                       section: retry, keyLabel: "n/Esc"),
                   when: { $0.asksYesOrNo }),
        KeyCommand(.submitPassword, KeyBinding([.enter], "submit", help: "retry with the password typed (checked first)",
                                               section: retry),
                   when: { $0.asksPassword }),
        KeyCommand(.edit, KeyBinding(WizardKeys.textEditKeys, "edit", help: "in the password: move (also Home/End); Backspace/Del, Ctrl-U/K/W delete",
                                     section: retry, keyLabel: "Left/Right", inFooter: false),
                   when: { $0.asksPassword }),
        KeyCommand(.cancelPassword, KeyBinding([.escape], "cancel", help: "cancel the retry (the typed password is dropped)",
                                               section: retry, keyLabel: "Esc"),
                   when: { $0.asksPassword }),
    ])
}

extension JobsState {
    /// The job list has the keys (no details, no prompt).
    var onList: Bool { prompt == nil && detail == nil }
    var onDetail: Bool { prompt == nil && detail != nil }
    /// `s`, `y`, `Y` work on the selected (or opened) job once its VM exists.
    var selectedVMKeysLive: Bool {
        ((onList && !list.isEditingFilter) || onDetail) && finishedVM(detail ?? list.selectedID) != nil
    }

    var asksYesOrNo: Bool {
        switch prompt {
        case .confirmRetry?, .confirmRetryMayExist?, .confirmStopSending?, .confirmSendRest?: return true
        default: return false
        }
    }

    var asksPassword: Bool {
        switch prompt {
        case .password?, .resumePassword?: return true
        default: return false
        }
    }

    /// The keys of the open prompt, for its hint line.
    var promptBindings: [KeyBinding] { JobsKeys.map.bindings(in: self).filter { $0.section == JobsKeys.retry } }
}
