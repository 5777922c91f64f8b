#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GPCNCore

/// The journal on disk: append-only JSON lines, each written with one `write(2)` and then
/// `fsync`ed, in a file created 0600 inside a 0700 directory. Safe against a kill at any
/// moment: a torn last line is skipped by `JournalSummary`, earlier lines stay readable.
public struct JournalFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// `$XDG_STATE_HOME/gpcn/journal.jsonl`, falling back to `~/.local/state/gpcn/`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/gpcn/journal.jsonl"
        }
        // Never a shared directory such as /tmp: without a home the write fails and says so.
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/nonexistent"
        return home + "/.local/state/gpcn/journal.jsonl"
    }

    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    public func append(_ entry: JournalEntry) throws {
        var bytes: [UInt8]
        do { bytes = try entry.line() } catch {
            throw WriteError(description: "cannot encode a journal entry: \(error)")
        }
        try makeParentDirectory()
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw WriteError(description: "cannot open the journal \(path): \(errnoText())") }
        defer { close(fd) }
        // A journal created by an older version or by hand with looser modes is tightened.
        _ = fchmod(fd, 0o600)
        // A process killed mid-write leaves a torn last line without its newline: start on a
        // fresh line, or this entry would be glued to the fragment and lost with it.
        var info = stat()
        if fstat(fd, &info) == 0, info.st_size > 0 {
            var last: UInt8 = 0
            if pread(fd, &last, 1, info.st_size - 1) == 1, last != UInt8(ascii: "\n") {
                bytes.insert(UInt8(ascii: "\n"), at: 0)
            }
        }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteError(description: "cannot write the journal \(path): \(errnoText())")
            }
            written += n
        }
        guard fsync(fd) == 0 else { throw WriteError(description: "cannot sync the journal \(path): \(errnoText())") }
    }

    /// The whole file; an absent journal reads as empty.
    public func read() throws -> JournalSummary {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return JournalSummary(contents: []) }
            throw WriteError(description: "cannot read the journal \(path): \(errnoText())")
        }
        defer { close(fd) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw WriteError(description: "cannot read the journal \(path): \(errnoText())") }
            if n == 0 { break }
            contents += chunk[0..<n]
        }
        return JournalSummary(contents: contents)
    }

    private func makeParentDirectory() throws {
        var dirs: [String] = []
        var dir = parent(of: path)
        while !dir.isEmpty && dir != "/" && access(dir, F_OK) != 0 {
            dirs.append(dir)
            dir = parent(of: dir)
        }
        for d in dirs.reversed() where mkdir(d, 0o700) != 0 && errno != EEXIST {
            throw WriteError(description: "cannot create \(d): \(errnoText())")
        }
    }

    private func parent(of p: String) -> String {
        guard let slash = p.lastIndex(of: "/") else { return "" }
        return slash == p.startIndex ? "/" : String(p[..<slash])
    }
}

func errnoText() -> String { String(cString: strerror(errno)) }
