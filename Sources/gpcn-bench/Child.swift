import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Clocks, in milliseconds.
enum Clock {
    static func monotonicMs() -> Double { ms(CLOCK_MONOTONIC) }
    /// CLOCK_REALTIME, the clock `GPCN_FIRST_FRAME_FILE` is written in.
    static func realtimeMs() -> Double { ms(CLOCK_REALTIME) }
    private static func ms(_ id: clockid_t) -> Double {
        var ts = timespec()
        clock_gettime(id, &ts)
        return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
    }
    static func sleep(ms: Double) { usleep(useconds_t(max(0, ms) * 1000)) }
}

/// The pty functions Swift's Glibc module does not import (they need _XOPEN_SOURCE), looked up
/// in the C library at run time.
enum PTY {
    private static func symbol<T>(_ name: String, as: T.Type) -> T {
        guard let p = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { fatalError("libc has no \(name)") }
        return unsafeBitCast(p, to: T.self)
    }
    static let openpt = symbol("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    static let grantpt = symbol("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    static let unlockpt = symbol("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    static let ptsname_r = symbol("ptsname_r", as: (@convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32).self)
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A child process started with posix_spawn: either on a pty this process owns (the master
/// side is read by a thread that keeps every byte with its arrival time), or with stdio
/// on /dev/null. The only way the benchmark runs `gpcn`.
final class Child: @unchecked Sendable {
    /// Bytes read from the pty master, and when (CLOCK_REALTIME ms, stamped on arrival).
    struct Output {
        var data: [UInt8] = []
        /// (offset where the chunk starts, arrival time)
        var chunks: [(offset: Int, at: Double)] = []
        var closed = false
    }

    let pid: pid_t
    private let master: Int32
    private let output = Mutex(Output())
    private var reaped: Int32?

    /// Starts `path args` with `env`. With `pty`, stdin/stdout/stderr are a new pty of that
    /// size which becomes the child's controlling terminal (its own session); without, they are
    /// /dev/null.
    init(path: String, args: [String], env: [String: String], pty: (cols: Int, rows: Int)?) throws {
        var masterFD: Int32 = -1
        var slavePath = "/dev/null"
        if let pty {
            masterFD = PTY.openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
            var name = [CChar](repeating: 0, count: 128)
            guard masterFD >= 0, PTY.grantpt(masterFD) == 0, PTY.unlockpt(masterFD) == 0,
                  PTY.ptsname_r(masterFD, &name, name.count) == 0 else {
                throw BenchError("cannot open a pty: errno \(errno)")
            }
            slavePath = String(cString: name)
            var ws = winsize(ws_row: UInt16(pty.rows), ws_col: UInt16(pty.cols), ws_xpixel: 0, ws_ypixel: 0)
            _ = ioctl(masterFD, UInt(TIOCSWINSZ), &ws)
        }
        master = masterFD

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // setsid (0x80, glibc's POSIX_SPAWN_SETSID) so the pty opened above becomes the child's
        // controlling terminal; an empty signal mask and default dispositions for the signals
        // this process (or NIO) may have changed.
        let setsid: Int16 = 0x80
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) | (pty != nil ? setsid : 0))
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, path, &actions, &attr, argv, envp)
        guard rc == 0 else {
            if masterFD >= 0 { close(masterFD) }
            throw BenchError("cannot start \(path): \(String(cString: strerror(rc)))")
        }
        pid = child
        if masterFD >= 0 { startReader() }
    }

    deinit {
        if master >= 0 { close(master) }
    }

    private func startReader() {
        let ctx = Unmanaged.passRetained(self).toOpaque()
        var tid = pthread_t()
        pthread_create(&tid, nil, { ctx in
            let me = Unmanaged<Child>.fromOpaque(ctx!).takeRetainedValue()
            me.readLoop()
            return nil
        }, ctx)
        pthread_detach(tid)
    }

    private func readLoop() {
        var buf = [UInt8](repeating: 0, count: 65_536)
        var fds = [pollfd(fd: master, events: Int16(POLLIN), revents: 0)]
        while true {
            let n = poll(&fds, 1, 200)
            if n < 0 && errno != EINTR { break }
            if n <= 0 {
                if output.withLock({ $0.closed }) { break }
                continue
            }
            let r = read(master, &buf, buf.count)
            if r <= 0 {
                if r < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                break  // EIO: every slave fd is closed (the child exited)
            }
            let at = Clock.realtimeMs()
            output.withLock { o in
                o.chunks.append((o.data.count, at))
                o.data.append(contentsOf: buf[0..<r])
            }
        }
        output.withLock { $0.closed = true }
    }

    /// Writes to the pty (keys for the app).
    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
    }

    var byteCount: Int { output.withLock { $0.data.count } }

    func snapshot() -> Output { output.withLock { $0 } }

    /// Waits until one of `markers` appears in the output; returns the arrival time of the chunk
    /// that completed it (CLOCK_REALTIME ms), or nil after `timeout` seconds or when the child ended.
    func waitFor(anyOf markers: [String], after offset: Int = 0, timeout: Double) -> Double? {
        let needles = markers.map { Array($0.utf8) }
        let deadline = Clock.monotonicMs() + timeout * 1000
        var searched = offset
        while Clock.monotonicMs() < deadline {
            let (found, end, closed) = output.withLock { o -> (Double?, Int, Bool) in
                let from = max(offset, searched - (needles.map(\.count).max() ?? 1))
                var best: Int?
                for n in needles {
                    if let i = Self.find(n, in: o.data, from: from) {
                        let e = i + n.count
                        best = min(best ?? e, e)
                    }
                }
                guard let e = best else { return (nil, o.data.count, o.closed) }
                let chunk = o.chunks.last(where: { $0.offset < e })
                return (chunk?.at, o.data.count, o.closed)
            }
            if let found { return found }
            if closed { return nil }
            searched = end
            Clock.sleep(ms: 1)
        }
        return nil
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count else { return nil }
        var i = max(0, from)
        let last = hay.count - needle.count
        let first = needle[0]
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Whether the process is still running (not reaped, not a zombie we reaped now).
    var isRunning: Bool {
        if reaped != nil { return false }
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid { reaped = status; return false }
        return r == 0
    }

    /// Waits up to `timeout` seconds for the exit; returns the exit code (128+signal), or nil.
    @discardableResult
    func wait(timeout: Double) -> Int32? {
        let deadline = Clock.monotonicMs() + timeout * 1000
        while reaped == nil && Clock.monotonicMs() < deadline {
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { reaped = status; break }
            if r < 0 { break }
            Clock.sleep(ms: 2)
        }
        guard let s = reaped else { return nil }
        let sig = s & 0x7f
        return sig == 0 ? (s >> 8) & 0xff : 128 + sig
    }

    /// SIGTERM (the app leaves cleanly), then SIGKILL if it did not end within 5 s.
    func terminate() {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        if wait(timeout: 5) == nil {
            kill(pid, SIGKILL)
            wait(timeout: 5)
        }
        output.withLock { $0.closed = true }
    }

    // MARK: - /proc

    /// CPU time of every thread so far, ms (`/proc/PID/task/*/schedstat`, first field in ns).
    func cpuMs() -> Double? {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return nil }
        var ns = 0.0
        for t in tasks {
            guard let s = Self.readAll("/proc/\(pid)/task/\(t)/schedstat"),
                  let first = s.split(separator: " ").first, let v = Double(first) else { continue }
            ns += v
        }
        return ns / 1e6
    }

    /// A whole file read with read(2) until EOF (/proc files report a size of 0).
    static func readAll(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var data: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = read(fd, &buf, buf.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            data += buf[0..<n]
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Resident kB per mapped file (anonymous mappings under ""), largest first, from /proc/PID/smaps.
    func residentByMapping() -> [(name: String, kb: Double)] {
        guard let s = Self.readAll("/proc/\(pid)/smaps") else { return [] }
        var byName: [String: Double] = [:]
        var current = ""
        for line in s.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if let first = fields.first, first.contains("-"), first.allSatisfy({ $0.isHexDigit || $0 == "-" }) {
                current = fields.count >= 6 ? String(fields[5...].joined(separator: " ")) : ""
            } else if fields.first == "Rss:", fields.count >= 2, let kb = Double(fields[1]) {
                byName[current, default: 0] += kb
            }
        }
        return byName.map { ($0.key, $0.value) }.sorted { $0.kb > $1.kb }
    }

    /// Drops the clean page-cache pages of a file (posix_fadvise DONTNEED; pages a running
    /// process maps stay).
    static func evictFromPageCache(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED))
    }

    /// A field of /proc/PID/status in kB (`VmHWM`, `VmRSS`).
    func statusKB(_ field: String) -> Double? {
        guard let s = Self.readAll("/proc/\(pid)/status") else { return nil }
        for line in s.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Double(line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }
}
