import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The terminal modes a secret read changed, and its descriptor: what the signal handler puts
/// back. Written just before echo goes off, read only by the handler.
nonisolated(unsafe) private var secretSavedModes = termios()
nonisolated(unsafe) private var secretFD: Int32 = 0

/// SIGINT, SIGTERM or SIGHUP during a secret read: the echo back on (async-signal-safe calls
/// only). Ctrl-C then ends gpcn with 130, the "interrupted" exit code of docs/product.md §2; SIGTERM
/// and SIGHUP are raised again with their default action, so gpcn ends as it would have.
private let restoreSecretModesAndResignal: @convention(c) (Int32) -> Void = { sig in
    tcsetattr(secretFD, TCSANOW, &secretSavedModes)
    if sig == SIGINT {
        let newline: StaticString = "\n"  // no allocation in a signal handler
        _ = write(STDERR_FILENO, newline.utf8Start, 1)
        _exit(130)
    }
    signal(sig, SIG_DFL)
    raise(sig)
}

/// Questions about the terminal, and reading secrets without echo.
enum TTY {
    static var stdinIsTTY: Bool { isatty(STDIN_FILENO) == 1 }
    static var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

    /// Whether gpcn may open the full-screen UI or ask questions: input and output are both a
    /// terminal (`gpcn create | cat` and `gpcn create < file` are scripts).
    static var isInteractive: Bool { stdinIsTTY && stdoutIsTTY }

    /// The one secret-line reader (`--password-stdin` on a terminal, `config init`'s key prompt,
    /// accessible mode's password question): one line from standard input, with echo off when it
    /// is a terminal (the Enter still shows as a new line). The prompt, if any, goes to stderr.
    /// The line ending is removed; nil at end of input.
    ///
    /// The terminal's modes come back on every way out: a normal return, and SIGINT, SIGTERM or
    /// SIGHUP during the read (a handler puts the saved modes back, then the signal ends gpcn as
    /// it would have). Previous handlers are restored after the read.
    static func readSecretLine(prompt: String?) -> String? {
        let fd = STDIN_FILENO
        guard isatty(fd) == 1 else { return readLineFromStdin() }
        if let prompt { Console.write(prompt, to: 2) }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return readLineFromStdin() }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        quiet.c_lflag |= tcflag_t(ECHONL)
        secretSavedModes = saved
        secretFD = fd
        let signals = [SIGINT, SIGTERM, SIGHUP]
        var previous = signals.map { _ in sigaction() }
        for (i, sig) in signals.enumerated() {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = restoreSecretModesAndResignal
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(sig, &action, &previous[i])
        }
        tcsetattr(fd, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(fd, TCSAFLUSH, &saved)
            for (i, sig) in signals.enumerated() { sigaction(sig, &previous[i], nil) }
        }
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
