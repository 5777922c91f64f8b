/// A guard in front of TOMLKit. Its parser (toml++) asserts where it assumes a character it
/// never checked: a table header whose name starts with anything but a bare-key character or a
/// quote (`[= 1`, `[ #x]`), and an array element that starts with `}` or a Unicode line
/// separator (`a = [}]`, `a = [1, \u{2028}]`). The process aborts in a debug build, and the
/// behaviour is undefined in a release build. Such a file is not TOML anyway, so it is refused
/// here, with its line, before the parser sees it. Found by `LoaderFuzzTests`.
public enum TOMLSafety {
    /// The 1-based line of the first construct the parser would trap on, or nil.
    ///
    /// A small lexer follows what the parser would: strings (basic, literal, multi-line),
    /// comments, and the nesting of arrays and inline tables, so only a `[` that opens a line at
    /// the top level counts as a header. Whitespace is taken broadly (any Unicode space, a BOM),
    /// so a header the parser would see is never missed.
    public static func unsafeLine(_ text: String) -> Int? {
        let s = Array(text.unicodeScalars)
        var i = 0, line = 1
        var stack: [Unicode.Scalar] = []  // "[" an array value, "{" an inline table
        var lineStart = true
        var expectElement = false  // in an array, right after "[" or ","
        func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }
        func isSpace(_ c: Unicode.Scalar) -> Bool {
            c != "\n" && (c == "\u{FEFF}" || c.properties.isWhitespace)
        }
        func isKeyStart(_ c: Unicode.Scalar) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9")
                || c == "_" || c == "-" || c == "\"" || c == "'" || c == "]"
        }
        /// Skips a string starting at `i` (on its quote); leaves `i` after it.
        func skipString(_ quote: Unicode.Scalar) {
            let escapes = quote == "\""
            if at(i + 1) == quote && at(i + 2) == quote {  // multi-line
                i += 3
                while i < s.count {
                    if escapes && s[i] == "\\" { i += 2; continue }
                    if s[i] == "\n" { line += 1 }
                    if s[i] == quote && at(i + 1) == quote && at(i + 2) == quote {
                        i += 3
                        var extra = 0
                        while extra < 2 && at(i) == quote { i += 1; extra += 1 }
                        return
                    }
                    i += 1
                }
                return
            }
            i += 1
            while i < s.count, s[i] != "\n" {
                if escapes && s[i] == "\\" { i += 2; continue }
                if s[i] == quote { i += 1; return }
                i += 1
            }
        }
        while i < s.count {
            let c = s[i]
            if c == "\n" { line += 1; lineStart = true; i += 1; continue }
            if c == " " || c == "\t" || c == "\r" { i += 1; continue }
            if c == "#" {
                while i < s.count, s[i] != "\n" { i += 1 }
                continue
            }
            if expectElement, stack.last == "[", c == "}" || c == "\u{2028}" || c == "\u{2029}" || c == "\u{85}" {
                return line
            }
            if isSpace(c) { i += 1; continue }
            expectElement = false
            switch c {
            case "\"", "'":
                skipString(c)
                lineStart = false
                continue
            case "[" where stack.isEmpty && lineStart:  // a table header
                var j = i + 1
                while let d = at(j), isSpace(d) { j += 1 }
                if at(j) == "[" {
                    j += 1
                    while let d = at(j), isSpace(d) { j += 1 }
                }
                if let d = at(j), !isKeyStart(d) { return line }
            case "[":
                stack.append("[")
                expectElement = true
            case "{":
                stack.append("{")
            case "]", "}":
                if !stack.isEmpty { stack.removeLast() }
            case ",":
                expectElement = stack.last == "["
            default:
                break
            }
            lineStart = false
            i += 1
        }
        return nil
    }
}
