/// Splits a command line into words the way a POSIX shell would, without any expansion: blanks
/// separate words, single quotes keep everything, double quotes keep everything but `\"` and
/// `\\`, a backslash outside quotes keeps the next character. nil for an unterminated quote.
/// Used for the profile's `ssh_command` (never run through a shell).
public enum ShellWords {
    public static func split(_ line: String) -> [String]? {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for c in line {
            if escaped { word.append(c); escaped = false; inWord = true; continue }
            switch quote {
            case "'":
                if c == "'" { quote = nil } else { word.append(c) }
            case "\"":
                if c == "\"" { quote = nil } else if c == "\\" { escaped = true } else { word.append(c) }
            default:
                if c == "'" || c == "\"" { quote = c; inWord = true }
                else if c == "\\" { escaped = true }
                else if c == " " || c == "\t" || c == "\n" {
                    if inWord { words.append(word); word = ""; inWord = false }
                } else { word.append(c); inWord = true }
            }
        }
        if quote != nil || escaped { return nil }
        if inWord { words.append(word) }
        return words
    }
}
