/// A key press, decoded by the backend.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character, including space and wide characters (`"a"`, `" "`, `"東"`).
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case tab
    /// Shift-Tab.
    case backTab
    case enter, escape, backspace, delete, insert
    /// F1 ... F12.
    case function(Int)
    /// Ctrl plus a lowercase letter: `.ctrl("c")`, `.ctrl("l")`. (Tab, Enter and Backspace are
    /// their own cases, not `.ctrl("i")`, `.ctrl("m")`, `.ctrl("h")`.)
    case ctrl(Character)
    /// Text pasted in one go (bracketed paste: the terminal marks it, so none of it is a key).
    /// A paste is text, never a command: text fields insert it without line breaks or control
    /// characters (`PasteText.clean`); screens without a text field say it was ignored.
    case paste(String)

    /// Shorthand for `.character(c)`.
    public static func char(_ c: Character) -> Key { .character(c) }
    public static let space = Key.character(" ")

    /// The printable character, if this is one.
    public var character: Character? { if case .character(let c) = self { return c } else { return nil } }

    /// A short name for footers and help: `Up`, `PgDn`, `Shift-Tab`, `Ctrl-C`, `F1`, `Space`, `j`.
    public var description: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .insert: return "Ins"
        case .function(let n): return "F\(n)"
        case .ctrl(let c): return "Ctrl-\(String(c).uppercased())"
        case .paste: return "paste"
        }
    }
}

/// Everything a terminal backend reports.
public enum TerminalEvent: Hashable, Sendable {
    /// A key pressed on its own (or one whose timing is unknown, as in tests): deliberate.
    case key(Key)
    /// A key that came in the same input burst as the key before it: read in the same wakeup,
    /// or within `KeyBurst.window` of it (typed ahead, or pasted by a terminal without bracketed
    /// paste). Screens treat it as `.key`, except where a key must be deliberate: the wizard's
    /// Review does not take it as the confirmation that sends a create.
    case burstKey(Key)
    /// The terminal has a new size; the next presented frame should have it.
    case resize(Size)
    /// SIGINT (Ctrl-C in the terminal, which stays in cbreak mode so Ctrl-C is a signal).
    case interrupt
    /// SIGTERM.
    case terminate
    /// SIGHUP or the terminal went away (POLLHUP on stdin): nothing more will be read or shown.
    case hangup
    /// Back from Ctrl-Z (the backend has already repainted the last frame).
    case resumed
}
