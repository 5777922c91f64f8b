import CNcursesw
import CTermGuard
import Synchronization
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// Why the full-screen terminal could not start. `description` is one line for stderr.
public enum TerminalStartError: Error, Hashable, Sendable, CustomStringConvertible {
    /// stdin or stdout is not a terminal (a pipe, a file, /dev/null).
    case notATerminal
    /// `TERM` is unset, empty or `dumb`.
    case dumbTerminal
    /// ncurses knows no terminal of this type.
    case unknownTerminal(String)
    /// The terminal cannot move the cursor (`cup` capability missing).
    case noCursorAddressing(String)

    public var description: String {
        switch self {
        case .notATerminal: return "gpcn: stdin and stdout must be a terminal (use --yes for scripts)"
        case .dumbTerminal: return "gpcn: TERM is not set or is 'dumb'; a full-screen terminal is needed (use --yes for scripts)"
        case .unknownTerminal(let t): return "gpcn: cannot initialise terminal '\(t)' (unknown TERM; try TERM=xterm-256color)"
        case .noCursorAddressing(let t): return "gpcn: terminal '\(t)' cannot address the cursor; a full-screen terminal is needed"
        }
    }
}

/// The ncurses backend.
///
/// Threading rule: after `init` returns, *every* ncurses call happens on one dedicated pthread
/// (the loop). Other threads only touch `shared` (under its mutex) and write one byte to the wake
/// pipe. That is why this class is `@unchecked Sendable`: the properties marked "loop thread"
/// are confined to that thread.
///
/// The loop waits in `poll` on stdin and the wake pipe (no timers, no busy waiting), reads keys
/// with `wget_wch` in nodelay mode, and draws the newest presented frame, writing only the cells
/// that changed since the last frame it drew.
public final class NcursesTerminal: TerminalBackend, @unchecked Sendable {
    private struct Shared {
        var frame: Buffer?
        var size: Size
        var resize = false
        var suspend = false
        var redraw = false
        var stop = false
        var done = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        /// Programs to run outside the full screen, each with who waits for its exit status.
        var outside: [([String], CheckedContinuation<Int32, Never>)] = []
        /// True while one runs: its interrupts are its own.
        var outsideRunning = false
        var emits: [TerminalSequence] = []
    }

    private let shared: Mutex<Shared>
    public let events: AsyncStream<TerminalEvent>
    private let sink: AsyncStream<TerminalEvent>.Continuation
    private let wakeR: Int32
    private let wakeW: Int32
    private let inputFD: Int32
    private let outputFD: Int32
    /// True when the locale's character set is UTF-8 (pick `Glyphs.unicode`); else use `Glyphs.ascii`.
    public let isUTF8: Bool
    /// How roles are drawn on this terminal.
    public let colorPlan: ColorPlan
    private let signals: SignalWatcher?

    // loop thread only (set up in init before the thread starts)
    private let screen: OpaquePointer
    private let win: UnsafeMutablePointer<WINDOW>
    private var last: Buffer?
    private var fullRepaint = true
    private var hungUp = false
    private var firstFrameFile: String?
    private var decoder = InputDecoder()
    private var burst = KeyBurst()

    /// Sets the locale from the environment (`setlocale(LC_ALL, "")`) and says whether its
    /// character set is UTF-8. Call it once at start-up, before `init` (which calls it too).
    @discardableResult
    public static func setUpLocale() -> Bool {
        _ = setlocale(LC_ALL, "")
        guard let cs = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: cs).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    /// Checks that a full-screen terminal is possible without touching the terminal.
    public static func checkTerminal(inputFD: Int32 = 0, outputFD: Int32 = 1, term: String?) throws(TerminalStartError) {
        if let problem = startupProblem(inputIsTTY: isatty(inputFD) == 1, outputIsTTY: isatty(outputFD) == 1, term: term) {
            throw problem
        }
    }

    /// The start-up rule as a pure function: both ends must be terminals, and TERM set and not `dumb`.
    public static func startupProblem(inputIsTTY: Bool, outputIsTTY: Bool, term: String?) -> TerminalStartError? {
        guard inputIsTTY, outputIsTTY else { return .notATerminal }
        guard let term, !term.isEmpty, term != "dumb" else { return .dumbTerminal }
        return nil
    }

    /// Starts full-screen mode.
    /// - Parameters:
    ///   - palette: role colours (the compiled-in default theme unless a theme was loaded).
    ///   - noColor: attributes only (also forced when `NO_COLOR` is set and non-empty).
    ///   - handleSignals: watch SIGINT/SIGTERM/SIGHUP (→ `.interrupt`/`.terminate`/`.hangup`),
    ///     SIGWINCH (→ resize) and SIGTSTP (→ `suspend()`). Leave it on in the app.
    ///   - inputFD, outputFD: the terminal (stdin and stdout by default).
    /// - Throws: `TerminalStartError` (print its `description` and exit 1).
    ///   - maxColorDepth: the most colour to use (`--colors`); the terminal's terminfo still limits it.
    public init(palette: Palette = .default, noColor: Bool = false, maxColorDepth: ColorPlan.Depth = .full256,
                handleSignals: Bool = true, inputFD: Int32 = 0, outputFD: Int32 = 1) throws(TerminalStartError) {
        let term = getenv("TERM").map { String(cString: $0) }
        try Self.checkTerminal(inputFD: inputFD, outputFD: outputFD, term: term)
        isUTF8 = Self.setUpLocale()
        self.inputFD = inputFD
        self.outputFD = outputFD
        let (events, sink) = AsyncStream<TerminalEvent>.makeStream()
        self.events = events
        self.sink = sink

        // Signals before newterm: SIG_IGN keeps ncurses from installing handlers.
        let box = WeakBox()
        if handleSignals {
            signals = SignalWatcher([
                // While a program runs outside the full screen (ssh), Ctrl-C is its own.
                SIGINT: { if box.terminal?.isOutside != true { sink.yield(.interrupt) } },
                SIGTERM: { sink.yield(.terminate) },
                SIGHUP: { sink.yield(.hangup) },
                SIGWINCH: { box.terminal?.noteResize() },
                SIGTSTP: { box.terminal?.suspend() },
            ])
        } else {
            signals = nil
        }

        // A crash (a Swift trap, a segfault) must not leave the terminal raw and on the
        // alternate screen: save the cooked modes now, restore them from a fatal-signal handler.
        _ = termguard_arm(inputFD, outputFD)

        let inFile = inputFD == 0 ? cnc_stdin() : fdopen(inputFD, "r")
        let outFile = outputFD == 1 ? cnc_stdout() : fdopen(outputFD, "w")
        guard let scr = newterm(nil, outFile, inFile) else {
            termguard_disarm()
            signals?.cancel()
            throw .unknownTerminal(term ?? "")
        }
        guard cnc_has_string_cap("cup") != 0, let w = cnc_stdscr() else {
            endwin(); delscreen(scr)
            termguard_disarm()
            signals?.cancel()
            throw .noCursorAddressing(term ?? "")
        }
        Self.setCrashLeaveSequence()
        screen = scr
        win = w
        cbreak(); noecho(); nonl()
        keypad(w, true); nodelay(w, true)
        _ = set_escdelay(25)
        _ = curs_set(0)
        intrflush(w, false)
        // Bracketed paste: the terminal marks pasted text, so a pasted newline is never Enter.
        // Turned off again on every way out (loop end, suspend, the crash handler's bytes).
        Self.writeAll(outputFD, Self.pasteOn)

        var defaults = false
        let envNoColor = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        let wantColor = !(noColor || envNoColor) && maxColorDepth != .monochrome && has_colors()
        if wantColor {
            start_color()
            defaults = use_default_colors() == OK
        }
        let plan = ColorPlan.make(palette: palette, colors: wantColor ? Int(cnc_colors()) : 0,
                                  pairLimit: wantColor ? Int(cnc_color_pairs()) : 0,
                                  noColor: !wantColor, defaultColors: defaults, maxDepth: maxColorDepth)
        for (n, p) in plan.pairs { init_pair(Int16(n), Int16(p.fg), Int16(p.bg)) }
        colorPlan = plan

        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wakeR = fds[0]; wakeW = fds[1]
        shared = Mutex(Shared(size: Size(width: Int(getmaxx(w)), height: Int(getmaxy(w)))))
        firstFrameFile = getenv("GPCN_FIRST_FRAME_FILE").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        box.terminal = self

        // Hand ncurses to the loop thread. The thread keeps `self` alive until it ends.
        var tid = pthread_t()
        let ctx = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&tid, nil, { ctx in
            let t = Unmanaged<NcursesTerminal>.fromOpaque(ctx!).takeRetainedValue()
            t.loop()
            return nil
        }, ctx)
        pthread_detach(tid)
    }

    deinit {
        close(wakeR); close(wakeW)
    }

    // MARK: - TerminalBackend

    public var size: Size { shared.withLock { $0.size } }

    public func present(_ frame: Buffer) {
        // Outside a UTF-8 locale ncurses cannot draw non-ASCII text: make it ASCII here, keeping
        // the columns (API data such as "東京 Tokyo" becomes "?? Tokyo").
        let frame = isUTF8 ? frame : frame.asciiOnly()
        shared.withLock { $0.frame = frame }
        wake()
    }

    public func redraw() {
        shared.withLock { $0.redraw = true }
        wake()
    }

    public func runOutside(_ argv: [String]) async -> Int32 {
        guard !argv.isEmpty else { return 127 }
        return await withCheckedContinuation { (c: CheckedContinuation<Int32, Never>) in
            let finished = shared.withLock { s -> Bool in
                if s.done || s.stop { return true }
                s.outside.append((argv, c))
                return false
            }
            if finished { c.resume(returning: 127) } else { wake() }
        }
    }

    public func emit(_ sequence: TerminalSequence) {
        shared.withLock { $0.emits.append(sequence) }
        wake()
    }

    var isOutside: Bool { shared.withLock { $0.outsideRunning } }

    public func suspend() {
        shared.withLock { $0.suspend = true }
        wake()
    }

    /// Asks the loop to check the terminal size (SIGWINCH). A changed size arrives as `.resize`.
    public func noteResize() {
        shared.withLock { $0.resize = true }
        wake()
    }

    public func stop() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let finished = shared.withLock { s -> Bool in
                if s.done { return true }
                s.stop = true
                s.waiters.append(c)
                return false
            }
            if finished { c.resume() } else { wake() }
        }
    }

    private func wake() {
        var b: UInt8 = 1
        _ = write(wakeW, &b, 1)
    }

    // MARK: - loop thread

    private func loop() {
        var fds = [pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakeR, events: Int16(POLLIN), revents: 0)]
        var buf = [UInt8](repeating: 0, count: 64)
        while true {
            // Wait for ever, unless the decoder holds back an open paste or a partial marker.
            let timeout = decoder.waitLimit.map { Int32($0 * 1000) } ?? -1
            let n = poll(&fds, 2, timeout)
            if n < 0 && errno != EINTR { break }
            if n == 0, !hungUp {
                deliver(decoder.idle(), firstInWakeup: true)
            }
            if fds[0].fd >= 0, fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                fds[0].fd = -1   // never poll a dead terminal again (POLLHUP would spin)
                hungUp = true
                sink.yield(.hangup)
            }
            if fds[1].revents & Int16(POLLIN) != 0 {
                while read(wakeR, &buf, buf.count) > 0 {}
            }
            let job = shared.withLock { s -> Shared in
                let j = s
                s.frame = nil; s.resize = false; s.suspend = false; s.redraw = false
                s.outside = []; s.emits = []
                return j
            }
            if job.stop {
                for (_, c) in job.outside { c.resume(returning: 127) }
                break
            }
            if hungUp { continue }
            if job.suspend { suspendNow() }
            if job.resize { checkSize() }
            drainKeys()
            if job.redraw {
                clearok(cnc_curscr(), true)
                fullRepaint = true
            }
            if let f = job.frame ?? (fullRepaint ? last : nil) { draw(f) }
            // After the frame, so a sequence never lands in the middle of ncurses' output.
            if !job.emits.isEmpty {
                let inTmux = getenv("TMUX").map { $0.pointee != 0 } ?? false
                for e in job.emits { Self.writeAll(outputFD, e.bytes(inTmux: inTmux)) }
            }
            for (argv, c) in job.outside { c.resume(returning: runOutsideNow(argv)) }
        }
        termguard_disarm()
        if !hungUp {
            Self.writeAll(outputFD, Self.pasteOff)
            _ = curs_set(1)
        }
        endwin()
        delscreen(screen)
        signals?.cancel()
        let waiters = shared.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.done = true
            let w = s.waiters
            s.waiters = []
            return w
        }
        sink.finish()
        for w in waiters { w.resume() }
    }

    private func drainKeys() {
        var ch: wint_t = 0
        var first = true
        while true {
            let r = wget_wch(win, &ch)
            if r == ERR {
                deliver(decoder.endOfInput(), firstInWakeup: first)
                break
            }
            if r == KEY_CODE_YES && Int32(bitPattern: ch) == KEY_RESIZE {
                let s = Size(width: Int(getmaxx(win)), height: Int(getmaxy(win)))
                shared.withLock { $0.size = s }
                fullRepaint = true
                sink.yield(.resize(s))
                continue
            }
            let keys = decoder.feed(code: UInt32(ch), isKeyCode: r == KEY_CODE_YES)
            deliver(keys, firstInWakeup: first)
            if !keys.isEmpty { first = false }
        }
    }

    /// Sends keys on, each marked deliberate or part of a burst (`KeyBurst`).
    private func deliver(_ keys: [Key], firstInWakeup: Bool) {
        var same = !firstInWakeup
        for k in keys {
            let isBurst = burst.isBurst(at: Self.monotonic(), sameWakeup: same)
            sink.yield(isBurst ? .burstKey(k) : .key(k))
            same = true
        }
    }

    static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Turns bracketed paste on / off (DEC private mode 2004).
    static let pasteOn = Array("\u{1b}[?2004h".utf8)
    static let pasteOff = Array("\u{1b}[?2004l".utf8)

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            done += n
        }
    }

    /// SIGWINCH: ask the kernel for the size and tell ncurses; it queues KEY_RESIZE if it changed.
    private func checkSize() {
        var ws = winsize()
        guard ioctl(inputFD, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_row > 0, ws.ws_col > 0 else { return }
        if Int32(ws.ws_row) != getmaxy(win) || Int32(ws.ws_col) != getmaxx(win) {
            resizeterm(Int32(ws.ws_row), Int32(ws.ws_col))
        }
    }

    /// Leaves the full screen, runs `argv` with this terminal as its stdin/stdout/stderr, waits
    /// for it, and takes the screen back (the loop thread is blocked meanwhile, so no key is read
    /// from under it and no frame drawn over it).
    private func runOutsideNow(_ argv: [String]) -> Int32 {
        shared.withLock { $0.outsideRunning = true }
        defer { shared.withLock { $0.outsideRunning = false } }
        Self.writeAll(outputFD, Self.pasteOff)
        endwin()
        let status = Self.spawnAndWait(argv)
        Self.writeAll(outputFD, Self.pasteOn)
        checkSize()
        clearok(cnc_curscr(), true)
        fullRepaint = true
        _ = curs_set(0)
        if let f = last { draw(f) }
        sink.yield(.resumed)
        return status
    }

    /// `posix_spawnp` + `waitpid`; 127 when it cannot start, 128+N when a signal ended it.
    static func spawnAndWait(_ argv: [String]) -> Int32 {
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid = pid_t()
        let rc = posix_spawnp(&pid, argv[0], nil, nil, &cArgs, environ)
        guard rc == 0 else { return 127 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return 127 }
        }
        let low = status & 0x7f
        if low == 0 { return (status >> 8) & 0xff }
        return 128 + low
    }

    /// Ctrl-Z: give the terminal back, stop, and come back after SIGCONT.
    private func suspendNow() {
        Self.writeAll(outputFD, Self.pasteOff)
        endwin()
        kill(getpid(), SIGSTOP)
        usleep(30_000)  // let the shell finish with the tty first (it raced us without this)
        Self.writeAll(outputFD, Self.pasteOn)
        checkSize()
        clearok(cnc_curscr(), true)
        fullRepaint = true
        sink.yield(.resumed)
    }

    private func draw(_ frame: Buffer) {
        let rows = Int(getmaxy(win)), cols = Int(getmaxx(win))
        let changes: [CellChange]
        if fullRepaint || last?.size != frame.size {
            werase(win)
            changes = frame.changes(since: nil)
        } else {
            changes = frame.changes(since: last)
        }
        fullRepaint = false
        var cc = cchar_t()
        var wch = [wchar_t](repeating: 0, count: Int(CNC_CCHARW_MAX) + 1)
        for c in changes {
            guard c.y < rows, c.x + max(1, c.cell.width) <= cols else { continue }
            var n = 0
            for s in c.cell.text.unicodeScalars where n < Int(CNC_CCHARW_MAX) { wch[n] = wchar_t(bitPattern: s.value); n += 1 }
            wch[n] = 0
            let role = c.cell.style.role
            let attrs = Self.attr(colorPlan.attributes[role, default: []].union(c.cell.style.attributes))
            let pair = Int16(colorPlan.pairNumbers[role] ?? 0)
            setcchar(&cc, wch, attrs, pair, nil)
            mvwadd_wch(win, Int32(c.y), Int32(c.x), &cc)  // ERR in the bottom-right cell, but drawn
        }
        wnoutrefresh(win)
        doupdate()
        last = frame
        if let path = firstFrameFile {
            firstFrameFile = nil
            writeTimestamp(to: path)
        }
    }

    /// What the crash handler writes: normal attributes, keypad off, cursor visible, leave the
    /// alternate screen (this terminal's own sequences from terminfo), bracketed paste off, then
    /// a newline.
    private static func setCrashLeaveSequence() {
        var bytes: [UInt8] = []
        for cap in ["sgr0", "rmkx", "cnorm", "rmcup"] where cnc_has_string_cap(cap) != 0 {
            if let s = tigetstr(cap) { bytes += Array(String(cString: s).utf8) }
        }
        bytes += pasteOff + Array("\r\n".utf8)
        bytes.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { termguard_set_leave($0.baseAddress, $0.count) }
        }
    }

    /// Whether the crash handler is armed (for tests).
    public static var crashGuardArmed: Bool { termguard_is_armed() != 0 }

    static func attr(_ a: Attributes) -> attr_t {
        var r = CNC_A_NORMAL
        if a.contains(.bold) { r |= CNC_A_BOLD }
        if a.contains(.dim) { r |= CNC_A_DIM }
        if a.contains(.reverse) { r |= CNC_A_REVERSE }
        if a.contains(.underline) { r |= CNC_A_UNDERLINE }
        return r
    }

    /// GPCN_FIRST_FRAME_FILE: CLOCK_REALTIME in ns, written right after the first doupdate.
    private func writeTimestamp(to path: String) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let text = "\(Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        _ = text.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        close(fd)
    }
}

/// Lets signal handlers reach the terminal without keeping it alive.
private final class WeakBox: Sendable {
    private struct Ref { weak var terminal: NcursesTerminal? }
    private let ref = Mutex(Ref())
    var terminal: NcursesTerminal? {
        get { ref.withLock { $0.terminal } }
        set { ref.withLock { $0.terminal = newValue } }
    }
}
