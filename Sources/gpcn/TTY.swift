import Foundation

/// Questions about the terminal, and reading secrets without echo.
enum TTY {
    static var stdinIsTTY: Bool { isatty(STDIN_FILENO) == 1 }
    static var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

    /// Whether gpcn may open the full-screen UI or ask questions: input and output are both a
    /// terminal (`gpcn create | cat` and `gpcn create < file` are scripts).
    static var isInteractive: Bool { stdinIsTTY && stdoutIsTTY }

    /// Reads one line from standard input with echo off when it is a terminal (the prompt goes
    /// to stderr). The line ending is removed; nil at end of input.
    static func readSecretLine(prompt: String?) -> String? {
        let fd = STDIN_FILENO
        let terminal = isatty(fd) == 1
        var saved = termios()
        if terminal {
            if let prompt { Console.write(prompt, to: 2) }
            tcgetattr(fd, &saved)
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            quiet.c_lflag |= tcflag_t(ECHONL)
            tcsetattr(fd, TCSAFLUSH, &quiet)
        }
        defer { if terminal { tcsetattr(fd, TCSAFLUSH, &saved) } }
        return readLineFromStdin()
    }

    /// One line of standard input, byte by byte (so nothing after it is consumed), without
    /// its `\n` or `\r\n`. nil when input ends before any byte.
    static func readLineFromStdin() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        var gotAny = false
        while true {
            let n = read(STDIN_FILENO, &byte, 1)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            gotAny = true
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        guard gotAny else { return nil }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
