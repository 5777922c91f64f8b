import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How the measured `gpcn` was linked, read from its ELF file (the table's title says it, since
/// the memory and start-up rows depend on it): whether the Swift runtime is a shared library
/// (`DT_NEEDED libswiftCore.so`) or linked in, whether relative relocations are packed
/// (`DT_RELR`), how many symbols it exports, and which linker wrote it (`.comment`).
struct BinaryInfo {
    var sharedSwiftRuntime = false
    var packedRelocations = false
    var dynamicSymbols = 0
    var linker = "?"
    var bytes = 0

    /// "Swift runtime shared (.so), RELA relocations, 61,234 dynamic symbols, GNU ld/gold; 87 MB", or nil when `path` is not a
    /// 64-bit little-endian ELF file.
    static func describe(_ path: String) -> String? {
        guard let info = read(path) else { return nil }
        return [info.sharedSwiftRuntime ? "Swift runtime shared (.so)" : "Swift runtime static",
                info.packedRelocations ? "RELR relocations" : "RELA relocations",
                "\(Row.fixed(Double(info.dynamicSymbols), 0)) dynamic symbols",
                info.linker].joined(separator: ", ")
            + "; \(Row.fixed(Double(info.bytes) / 1_048_576, 0)) MB"
    }

    static func read(_ path: String) -> BinaryInfo? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        func bytes(_ offset: Int, _ count: Int) -> [UInt8]? {
            guard count >= 0, count < 1 << 28 else { return nil }
            var b = [UInt8](repeating: 0, count: count)
            let n = b.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            return n == count ? b : nil
        }
        func u(_ b: [UInt8], _ at: Int, _ size: Int) -> Int {
            var v = 0
            for i in (0..<size).reversed() { v = v << 8 | Int(b[at + i]) }
            return v
        }
        // ELF64, little-endian.
        guard let h = bytes(0, 64), h[0] == 0x7f, h[1] == 0x45, h[2] == 0x4c, h[3] == 0x46, h[4] == 2, h[5] == 1 else { return nil }
        let shoff = u(h, 0x28, 8), shentsize = u(h, 0x3a, 2), shnum = u(h, 0x3c, 2), shstrndx = u(h, 0x3e, 2)
        guard shentsize >= 64, shnum > 0, shstrndx < shnum, let table = bytes(shoff, shentsize * shnum) else { return nil }
        struct Section { var name: Int; var type: Int; var offset: Int; var size: Int; var entsize: Int; var link: Int }
        let sections = (0..<shnum).map { i -> Section in
            let s = i * shentsize
            return Section(name: u(table, s, 4), type: u(table, s + 4, 4), offset: u(table, s + 0x18, 8),
                           size: u(table, s + 0x20, 8), entsize: u(table, s + 0x38, 8), link: u(table, s + 0x28, 4))
        }
        guard let names = bytes(sections[shstrndx].offset, sections[shstrndx].size) else { return nil }
        func name(_ s: Section) -> String {
            guard s.name < names.count else { return "" }
            return String(decoding: names[s.name...].prefix { $0 != 0 }, as: UTF8.self)
        }
        var info = BinaryInfo()
        var st = stat()
        if fstat(fd, &st) == 0 { info.bytes = Int(st.st_size) }
        for s in sections {
            switch name(s) {
            case ".dynsym" where s.entsize > 0:
                info.dynamicSymbols = s.size / s.entsize
            case ".comment":
                if let c = bytes(s.offset, min(s.size, 4096)) {
                    let text = String(decoding: c.map { $0 == 0 ? 10 : $0 }, as: UTF8.self)
                    info.linker = text.contains("Linker: LLD") ? "lld" : "GNU ld/gold"
                }
            case ".dynamic":
                guard let d = bytes(s.offset, s.size), s.link < sections.count,
                      let strings = bytes(sections[s.link].offset, sections[s.link].size) else { continue }
                for e in stride(from: 0, to: d.count - 15, by: 16) {
                    let tag = u(d, e, 8), value = u(d, e + 8, 8)
                    if tag == 36 { info.packedRelocations = true }  // DT_RELR
                    if tag == 1, value < strings.count {             // DT_NEEDED
                        let lib = String(decoding: strings[value...].prefix { $0 != 0 }, as: UTF8.self)
                        if lib.hasPrefix("libswiftCore") { info.sharedSwiftRuntime = true }
                    }
                }
            default:
                continue
            }
        }
        return info
    }
}
