import GPCNCore
import TerminalUI

/// What a key does in the wizard. The handlers in WizardUpdate.swift switch on these.
public enum WizardAction: Hashable, Sendable {
    // Lists (and the lists inside the form steps)
    case choose, move, filter, retry
    // Form steps
    case next, field, method, generate, edit, select, primary, publicIpFocus, publicIp, count
    case revealPassword, copyPassword, savePassword
    // Review
    case submit, scroll, scrollPage, scrollTop, savePreset
    // Every step but the first
    case back
}

/// The wizard's key map: every command with its keys, footer label, help text, section and the
/// states where it works. Order is display order (footer and help).
public enum WizardKeys {
    static let lists = "Lists", form = "Form", review = "Review", wizard = "Wizard"
    /// Help and README sections, in order.
    static let sections = [lists, form, review, wizard]

    static let textEditKeys: [Key] = [.left, .right, .home, .end, .backspace, .delete,
                                      .ctrl("a"), .ctrl("e"), .ctrl("u"), .ctrl("k"), .ctrl("w")]

    public static let map = KeyMap<WizardAction, WizardState>([
        // MARK: Lists
        KeyCommand(.choose, KeyBinding([.enter], "choose", help: "choose the highlighted row and go on", section: lists),
                   when: { $0.keysLive && $0.isListStep }),
        KeyCommand(.move, KeyBinding([.up, .down, .character("j"), .character("k"), .pageUp, .pageDown, .home, .end], "move",
                                     help: "move (also j/k, PgUp/PgDn, Home/End)", section: lists, keyLabel: "Up/Down"),
                   when: { $0.keysLive && $0.focusedList != nil },
                   shown: { b, w in
                       var b = b
                       b.inFooter = w.isListStep
                       if w.isFilteringList { b.keys.removeAll { $0.character != nil } }  // j and k are typed
                       return b
                   }),
        KeyCommand(.filter, KeyBinding([.character("/")], "filter", help: "fuzzy filter; / again starts over, Esc clears",
                                       section: lists),
                   when: { $0.keysLive && $0.focusedList != nil },
                   shown: { b, w in
                       var b = b
                       b.inFooter = w.isListStep
                       guard let list = w.focusedList else { return b }
                       // Esc is the access step's "back" even while filtering; elsewhere it clears the filter.
                       let escClears = w.step != .access && (list.isEditingFilter || (!list.filter.isEmpty && w.step != .details))
                       if list.isEditingFilter {
                           b.keys = escClears ? [.escape, .backspace] : [.backspace]
                           b.keyLabel = escClears ? "Esc" : "Backspace"
                           b.label = "clear"
                       } else if escClears {
                           b.keys.append(.escape)
                       }
                       return b
                   }),

        // MARK: Form
        KeyCommand(.next, KeyBinding([.enter], "next", help: "next step when every field is valid", section: form),
                   when: { $0.keysLive && [CreateStep.access, .network, .details].contains($0.step) }),
        KeyCommand(.field, KeyBinding([.tab, .backTab, .down, .up], "field", help: "next / previous field (also Down/Up)",
                                      section: form, keyLabel: "Tab"),
                   reversed: [.backTab, .up],
                   when: { w in w.keysLive && ((w.step == .access && w.accessFields.count > 1) || w.step == .details) },
                   shown: { b, w in
                       var b = b
                       // In a list, Up/Down move in the list.
                       if w.focusedList != nil { b.keys = [.tab, .backTab] }
                       return b
                   }),
        KeyCommand(.method, KeyBinding([.left, .right, .space], "method", help: "switch the login method", section: form,
                                       keyLabel: "Left/Right"),
                   reversed: [.left],
                   when: { $0.keysLive && $0.step == .access && $0.accessFocus == .method && $0.allowedAuthMethods.count > 1 }),
        KeyCommand(.generate, KeyBinding([.ctrl("g")], "generate", help: "generate a password that meets every rule", section: form),
                   when: { $0.keysLive && $0.step == .access && $0.allowedAuthMethods.contains(.password) }),
        KeyCommand(.revealPassword, KeyBinding([.ctrl("r")], "show", help: "show or hide the generated password (it is then on screen)",
                                               section: form),
                   when: { $0.keysLive && $0.step == .access && $0.passwordUse.generated && $0.answers.authMethod == .password },
                   shown: { b, w in var b = b; if !w.passwordField.isMasked { b.label = "hide" }; return b }),
        KeyCommand(.copyPassword, KeyBinding([.ctrl("y")], "copy", help: "copy the generated password to the clipboard (OSC 52)",
                                             section: form),
                   when: { $0.keysLive && $0.step == .access && $0.passwordUse.generated && $0.answers.authMethod == .password }),
        KeyCommand(.savePassword, KeyBinding([.ctrl("o")], "save", help: "write the generated password to a new file only you can read (0600)",
                                             section: form),
                   when: { $0.keysLive && $0.step == .access && $0.passwordUse.generated && $0.answers.authMethod == .password }),
        KeyCommand(.edit, KeyBinding(textEditKeys, "edit", help: "in a text field: move (also Home/End); Backspace/Del, Ctrl-U/K/W delete",
                                     section: form, keyLabel: "Left/Right", inFooter: false),
                   when: { $0.keysLive && $0.focusedTextField }),
        KeyCommand(.select, KeyBinding([.space], "select", help: "select / unselect the highlighted network (max \(CreateForm.maxNetworks))", section: form),
                   when: { $0.keysLive && $0.networkListTakesCommands }),
        KeyCommand(.primary, KeyBinding([.character("p")], "primary", help: "make the highlighted network the primary one",
                                        section: form),
                   when: { $0.keysLive && $0.networkListTakesCommands }),
        KeyCommand(.publicIpFocus, KeyBinding([.tab, .backTab], "public IP", help: "move between the networks and the public IP box",
                                              section: form, keyLabel: "Tab"),
                   when: { $0.keysLive && $0.step == .network },
                   shown: { b, w in
                       guard w.networkFocus == .publicIp else { return b }
                       var b = b
                       b.keys.append(.up)
                       b.label = "networks"
                       return b
                   }),
        KeyCommand(.publicIp, KeyBinding([.space, .character("x")], "toggle", help: "toggle the public IP (also x)",
                                         section: form, keyLabel: "Space"),
                   when: { $0.keysLive && $0.step == .network && $0.networkFocus == .publicIp }),
        KeyCommand(.count, KeyBinding([.character("+"), .character("-")], "count", help: "one more / one fewer instance",
                                      section: form, keyLabel: "+/-"),
                   reversed: [.character("-")],
                   when: { $0.keysLive && $0.step == .details && $0.detailsFocus == .count }),

        // MARK: Review
        KeyCommand(.submit, KeyBinding([.enter], "submit", help: "create the VMs", section: review),
                   when: { $0.keysLive && $0.step == .review }),
        KeyCommand(.scroll, KeyBinding([.up, .down, .character("k"), .character("j")], "scroll",
                                       help: "scroll the review (also j/k)", section: review, keyLabel: "Up/Down"),
                   reversed: [.up, .character("k")],
                   when: { $0.keysLive && $0.step == .review }),
        KeyCommand(.scrollPage, KeyBinding([.pageUp, .pageDown], "page", help: "scroll the review by ten lines", section: review,
                                           keyLabel: "PgUp/PgDn", inFooter: false),
                   reversed: [.pageUp],
                   when: { $0.keysLive && $0.step == .review }),
        KeyCommand(.scrollTop, KeyBinding([.home], "top", help: "back to the top of the review", section: review, inFooter: false),
                   when: { $0.keysLive && $0.step == .review }),
        KeyCommand(.savePreset, KeyBinding([.character("s")], "save preset",
                                           help: "save these answers as a preset file (never the password)",
                                           section: review, inFooter: false),
                   when: { $0.keysLive && $0.step == .review }),

        // MARK: Any step
        KeyCommand(.retry, KeyBinding([.character("r")], "retry", help: "load the list again", section: lists),
                   when: { $0.keysLive && $0.canReload }),
        KeyCommand(.back, KeyBinding([.escape], "back", help: "previous step (every answer is kept)", section: wizard),
                   when: { $0.keysLive && $0.step != .dataCenter && $0.escapeGoesBack }),
    ])
}

extension WizardState {
    /// The key bindings in force (footer and help are drawn from these).
    var bindings: [KeyBinding] { WizardKeys.map.bindings(in: self) }

    /// Keys wait while a create is on its way (one create at a time).
    var keysLive: Bool { submit != .submitting }

    var isListStep: Bool { step == .dataCenter || step == .image || step == .size }

    /// The list that moves with Up/Down now, if any.
    var focusedList: ListState? {
        switch step {
        case .dataCenter: return dataCenterList
        case .image: return imageList
        case .size: return sizeList
        case .access: return accessFocus == .sshKey ? sshKeyList : nil
        case .network: return networkFocus == .list ? networkSelect.list : nil
        case .details: return detailsFocus == .resourceGroup ? resourceGroupList : nil
        case .review: return nil
        }
    }

    var isFilteringList: Bool { focusedList?.isEditingFilter ?? false }

    /// A text field has the focus (typing goes into it).
    var focusedTextField: Bool {
        switch step {
        case .access: return accessFocus == .password || accessFocus == .username
        case .details: return detailsFocus == .name || detailsFocus == .count
        default: return false
        }
    }

    /// Typed characters go into a field or a list's filter (so `?` types rather than opens help).
    var takesText: Bool { isTypingText || isFilteringList }

    /// The network list takes Space and `p` (a row is highlighted and no filter is being typed).
    var networkListTakesCommands: Bool {
        step == .network && networkFocus == .list && !networkSelect.list.isEditingFilter && networkSelect.list.selectedID != nil
    }

    /// `r` fetches a list that failed to load: the step's list, the SSH keys or the resource groups.
    var canReload: Bool {
        func failed(_ r: CatalogRequest) -> Bool { if case .failed = catalog.status(r) { return true } else { return false } }
        switch step {
        case .dataCenter, .image, .size:
            if case .failed = currentLoadStatus { return !isFilteringList }
            // An empty list can be asked for again (its empty message says "r reloads").
            if currentLoadStatus == .loaded, focusedList?.hasNoItems == true { return true }
            return false
        case .access:
            return accessFocus == .sshKey && failed(.sshKeys)
        case .network:
            guard let dc = answers.datacenterId else { return false }
            return !networkSelect.list.isEditingFilter && failed(.networks(datacenterId: dc))
        case .details:
            return detailsFocus == .resourceGroup && !resourceGroupList.isEditingFilter && failed(.resourceGroups)
        case .review:
            return false
        }
    }

    /// Esc goes back a step (a list's filter takes it first where it clears the filter).
    var escapeGoesBack: Bool {
        switch step {
        case .dataCenter, .image, .size:
            return focusedList.map { !$0.isEditingFilter && $0.filter.isEmpty } ?? true
        case .network:
            guard networkFocus == .list else { return true }
            return !networkSelect.list.isEditingFilter && networkSelect.list.filter.isEmpty
        case .details:
            return !(detailsFocus == .resourceGroup && resourceGroupList.isEditingFilter)
        case .access, .review:
            return true
        }
    }
}
