import TerminalUI

// The console's key map: every screen-level command is one `KeyCommand` — its keys, footer
// label, help text, help section, when it is active, and the action its handler dispatches on.
// `AppKeys` (everywhere and the overlays), `WizardKeys` (Wizard/WizardKeys.swift) and `JobsKeys`
// (Jobs/JobsKeys.swift). Typing into fields and moving in lists stays with the TerminalUI widgets;
// the keys they take that the help mentions are described here too.

/// What a key does whatever the screen: help, quit, redraw, suspend, and the two overlays.
public enum AppAction: Hashable, Sendable {
    case help, quitWizard, detach, redraw, suspend
    /// The help overlay is open: Esc (any key) closes it.
    case closeHelp
    /// "Quit gpcn?": yes / no.
    case confirmQuit, stay
}

public enum AppKeys {
    static let everywhere = "Everywhere"
    static let quitSection = "Quit?"

    /// Whether typed characters go into a field or a filter now (so `?` types rather than opens help).
    static func takesText(_ state: AppState) -> Bool {
        switch state.screen {
        case .wizard(let w): return w.takesText
        case .jobs(let j): return j.isTypingText
        }
    }

    public static let map = KeyMap<AppAction, AppState>([
        KeyCommand(.help, KeyBinding([.character("?"), .function(1)], "help",
                                     help: "show the keys of this screen (F1 in a text field)",
                                     section: everywhere, keyLabel: "?"),
                   when: { $0.overlay == nil && $0.size.fits(.minimum) },
                   shown: { b, state in
                       guard takesText(state) else { return b }
                       var b = b
                       b.keys = [.function(1)]; b.keyLabel = "F1"
                       b.help = "show the keys of this screen (? types into the field)"
                       return b
                   }),
        KeyCommand(.quitWizard, KeyBinding([.ctrl("c")], "quit", help: "quit the wizard (asks first; nothing is submitted)",
                                           section: everywhere, inFooter: false),
                   when: { $0.wizard != nil }),
        KeyCommand(.detach, KeyBinding([.ctrl("c")], "detach",
                                       help: "leave the dashboard; jobs go on server-side and stay in the journal",
                                       section: everywhere, inFooter: false),
                   when: { $0.jobs != nil }),
        KeyCommand(.redraw, KeyBinding([.ctrl("l")], "redraw", help: "redraw the screen", section: everywhere, inFooter: false),
                   when: { _ in true }),
        KeyCommand(.suspend, KeyBinding([.ctrl("z")], "suspend", help: "suspend gpcn (fg brings it back)",
                                        section: everywhere, inFooter: false),
                   when: { _ in true }),
        KeyCommand(.closeHelp, KeyBinding([.escape], "close", help: "close the help (any key does)", section: everywhere),
                   when: { $0.overlay == .help }),
        KeyCommand(.confirmQuit, KeyBinding([.character("y"), .character("Y"), .enter], "quit",
                                            help: "quit now (nothing more is sent)", section: quitSection, keyLabel: "y/Enter"),
                   when: { $0.overlay == .confirmQuit }),
        KeyCommand(.stay, KeyBinding([.character("n"), .character("N"), .escape], "stay",
                                     help: "stay and keep every answer", section: quitSection, keyLabel: "n/Esc"),
                   when: { $0.overlay == .confirmQuit }),
    ])

    /// The order of the key sections (docs/keys.md): everywhere, the wizard's, then the dashboard's.
    static var sectionOrder: [String] {
        [everywhere] + WizardKeys.sections + [quitSection] + JobsKeys.sections
    }
}

extension ConsoleApp {
    /// The key map as Markdown for docs/keys.md (between `<!-- keys:begin -->` and `<!-- keys:end -->`):
    /// `### <Section>` and `| Keys | What it does |` tables — everywhere, the wizard's sections,
    /// then the dashboard's.
    public static func keysMarkdown() -> String {
        let app = AppKeys.map.documented
        let everywhere = app.filter { $0.section == AppKeys.everywhere }
        let quit = app.filter { $0.section != AppKeys.everywhere }
        return KeyMarkdown.render(everywhere + WizardKeys.map.documented + quit + JobsKeys.map.documented,
                                  sectionOrder: AppKeys.sectionOrder)
    }
}
