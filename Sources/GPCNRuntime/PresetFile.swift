#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GPCNCore

/// Preset files: the wizard's `s` on the review and `gpcn create --save-preset` write one;
/// `gpcn create --from FILE` reads it. Never holds the password (`CreateFlags` has none).
public enum PresetFile {
    public struct SaveError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes `flags` to `path`, refusing to replace an existing file.
    public static func write(_ flags: CreateFlags, to path: String, comment: [String] = []) throws {
        do {
            try NewFile.create(path, bytes: Array(flags.presetTOML(comment: comment).utf8), mode: 0o644, what: "preset")
        } catch let e as NewFile.WriteError {
            throw SaveError(description: e.description)
        }
    }

    /// Saves into `directory` as `NAME.toml` (the VM base name, else `preset`), then
    /// `NAME-2.toml`, … so nothing is overwritten. Returns the path written.
    public static func save(_ flags: CreateFlags, directory: String, comment: [String] = []) throws -> String {
        do {
            return try NewFile.createNumbered(directory: directory, stem: fileStem(flags.name), fileExtension: "toml",
                                              bytes: Array(flags.presetTOML(comment: comment).utf8), mode: 0o644, what: "preset")
        } catch let e as NewFile.WriteError {
            throw SaveError(description: e.description)
        }
    }

    /// A file name from a VM name: letters, digits, `-`, `_` and `.` kept, the rest `-`.
    static func fileStem(_ name: String?) -> String {
        var raw = Substring(name ?? "")
        while raw.first?.isWhitespace == true { raw.removeFirst() }
        while raw.last?.isWhitespace == true { raw.removeLast() }
        let kept = String(raw.map { c in c.isASCII && (c.isLetter || c.isNumber || "-_.".contains(c)) ? c : "-" })
        let trimmed = kept.drop { $0 == "." || $0 == "-" }
        return trimmed.isEmpty ? "preset" : String(trimmed.prefix(60))
    }

    public static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
