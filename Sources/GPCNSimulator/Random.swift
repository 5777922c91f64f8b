import Foundation
import GPCNCore

enum Hashing {
    /// FNV-1a, 64 bit: a stable hash of a string (Swift's `Hasher` is randomly seeded per process).
    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// Mixes a seed with a counter into an independent stream seed.
    static func mix(_ seed: UInt64, _ salt: UInt64, _ n: UInt64) -> UInt64 {
        var g = SplitMix64(seed: seed ^ (salt &* 0xD6E8_FEB8_6659_FD93) ^ (n &* 0x9E37_79B9_7F4A_7C15))
        return g.next()
    }
}

enum StableID {
    /// A version-4-shaped UUID (lowercase) derived only from `key`: the same key gives the same id
    /// in every run, on every machine.
    static func uuid(_ key: String) -> String {
        var g = SplitMix64(seed: Hashing.fnv1a("gpcn-simulator:" + key))
        return format(g.bytes(16))
    }

    /// The `n`-th id of a seeded stream (`salt` separates streams: jobs, VMs, …).
    static func uuid(seed: UInt64, salt: UInt64, n: UInt64) -> String {
        var g = SplitMix64(seed: Hashing.mix(seed, salt, n))
        return format(g.bytes(16))
    }

    private static func format(_ bytes: [UInt8]) -> String {
        var b = bytes
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        let hex = b.map { byte -> String in
            let s = String(byte, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        let parts = [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }
        return parts.joined(separator: "-")
    }

    /// True for the textual 8-4-4-4-12 hexadecimal UUID form (any version, either case).
    static func isUUID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if c != UInt8(ascii: "-") { return false }
            } else {
                let isHex = (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
                if !isHex { return false }
            }
        }
        return true
    }
}

enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// `2026-05-19T14:02:02.487Z`
    static func string(_ date: Date) -> String { style.format(date) }

    /// A fixed instant for catalog timestamps: `days` days (and some seconds) before 2026-01-01.
    static func catalog(daysBefore days: Int, seconds: Int = 0) -> String {
        let base = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00:00Z
        return string(base.addingTimeInterval(-Double(days) * 86_400 + Double(seconds)))
    }
}
