#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a file that must not exist yet (a preset, a password the operator asked to keep): never
/// replacing one, with the mode given at creation (no window where it is readable by others).
public enum NewFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Creates `path` with `mode` and writes `bytes`; fails when it exists.
    public static func create(_ path: String, bytes: [UInt8], mode: mode_t, what: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            let why = errno == EEXIST ? "it already exists" : String(cString: strerror(errno))
            throw WriteError(description: "cannot write the \(what) \(path): \(why)")
        }
        defer { close(fd) }
        _ = fchmod(fd, mode)  // whatever the umask
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteError(description: "cannot write the \(what) \(path): \(String(cString: strerror(errno)))")
            }
            written += n
        }
    }

    /// Creates `DIR/STEM.EXT`, or `STEM-2.EXT`, … up to `-99`: the first name not taken.
    /// Returns the path written.
    public static func createNumbered(directory: String, stem: String, fileExtension: String, bytes: [UInt8],
                                      mode: mode_t, what: String) throws -> String {
        for n in 1...99 {
            let path = directory + "/" + stem + (n == 1 ? "" : "-\(n)") + "." + fileExtension
            if access(path, F_OK) == 0 { continue }
            try create(path, bytes: bytes, mode: mode, what: what)
            return path
        }
        throw WriteError(description: "cannot find a free file name for the \(what) in \(directory)")
    }

    private static func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(fd, p, n)
        #else
        return Darwin.write(fd, p, n)
        #endif
    }
}

/// A generated VM password kept at the operator's request: `gpcn-password-TIME.txt` in a 0700
/// `passwords` folder of gpcn's state directory, mode 0600, one line.
public enum PasswordFile {
    public static func save(_ password: String, stateDirectory: String, now: Double) throws -> String {
        let dir = stateDirectory + "/passwords"
        if mkdir(dir, 0o700) != 0 && errno != EEXIST {
            throw NewFile.WriteError(description: "cannot create \(dir): \(String(cString: strerror(errno)))")
        }
        _ = chmod(dir, 0o700)
        return try NewFile.createNumbered(directory: dir, stem: "gpcn-password-\(ISOStamp.compact(now))", fileExtension: "txt",
                                          bytes: Array((password + "\n").utf8), mode: 0o600, what: "password file")
    }
}

/// "20261207-003512" (UTC) for file names.
enum ISOStamp {
    static func compact(_ t: Double) -> String {
        var time = time_t(t)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))-\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))"
    }
}
