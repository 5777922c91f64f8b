import CNcursesw

/// What terminfo says about a terminal type, without starting full-screen mode (`gpcn doctor`).
public enum TerminfoProbe {
    /// Whether terminfo has an entry for `term`, and its `colors` capability (nil: none).
    public static func lookUp(_ term: String) -> (found: Bool, colors: Int?) {
        var found: Int32 = 0
        let colors = term.withCString { cnc_terminfo_colors($0, &found) }
        return (found == 1, colors > 0 ? Int(colors) : nil)
    }
}
