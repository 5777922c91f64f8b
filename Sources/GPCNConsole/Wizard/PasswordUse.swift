/// What the operator did with a generated password, so it can be used to log in at all: shown
/// on screen (a deliberate key, with a warning), copied with OSC 52, or written to a new 0600
/// file. It is never written to the journal, logs, presets or a process argument; the review
/// says which of these happened (docs/product.md §3).
public struct PasswordUse: Sendable, Equatable {
    /// The password in the field was generated (Ctrl-G) and not edited since.
    public var generated = false
    public var shown = false
    public var copied = false
    /// The file it was written to.
    public var savedTo: String?

    public init() {}

    /// For the review's login line: "generated; shown; copied; saved to FILE", or a warning when
    /// a generated password went nowhere.
    public var summary: (text: String, warn: Bool)? {
        guard generated else { return nil }
        var done: [String] = []
        if shown { done.append("shown on screen") }
        if copied { done.append("copied to the clipboard") }
        if let savedTo { done.append("saved to \(savedTo)") }
        if done.isEmpty {
            return ("generated and never shown or saved: nobody can log in with it (Ctrl-R, Ctrl-Y or Ctrl-O at step 4)", true)
        }
        return ("generated; " + done.joined(separator: "; "), false)
    }
}
