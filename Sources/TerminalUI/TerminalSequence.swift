/// Escape sequences a screen may ask the terminal to act on, beyond drawing (docs/product.md §5,
/// "After the create"): copy to the clipboard, a desktop notification, the window title, the
/// bell. Pure: `bytes` is what is written; the terminal backend writes it between frames.
///
/// Text that comes from the API (VM names, addresses) goes into some of these, so every control
/// character is dropped from it first: a name can never end the sequence early and smuggle in
/// another one.
public enum TerminalSequence: Sendable, Equatable {
    /// OSC 52: put `text` on the system clipboard (works through SSH; tmux passes it on with
    /// `set-clipboard`).
    case copy(String)
    /// OSC 777 (`notify`, rxvt/foot/kitty/WezTerm…) and OSC 9 (iTerm2, Windows Terminal): a
    /// desktop notification. Inside tmux they are wrapped for passthrough.
    case notify(title: String, body: String)
    /// OSC 2: the window (and tmux pane) title.
    case title(String)
    /// BEL.
    case bell

    /// The bytes to write; `inTmux` wraps the notification for tmux's passthrough (`TMUX` set).
    public func bytes(inTmux: Bool = false) -> [UInt8] {
        let esc: UInt8 = 0x1b, bel: UInt8 = 0x07
        func osc(_ body: String) -> [UInt8] { [esc, 0x5d] + Array(body.utf8) + [bel] }
        func passthrough(_ seq: [UInt8]) -> [UInt8] {
            // tmux: ESC P tmux; <sequence with every ESC doubled> ESC \
            var out: [UInt8] = [esc] + Array("Ptmux;".utf8)
            for b in seq { out.append(b); if b == esc { out.append(esc) } }
            return out + [esc, 0x5c]
        }
        switch self {
        case .copy(let text):
            return osc("52;c;" + Base64.encode(Array(text.utf8)))
        case .notify(let title, let body):
            let t = Self.clean(title, dropping: ";"), b = Self.clean(body, dropping: ";")
            let seqs = osc("777;notify;\(t);\(b)") + osc("9;\(t): \(b)")
            return inTmux ? passthrough(osc("777;notify;\(t);\(b)")) + passthrough(osc("9;\(t): \(b)")) : seqs
        case .title(let text):
            return osc("2;" + Self.clean(text))
        case .bell:
            return [bel]
        }
    }

    /// `text` without control characters (C0, DEL, C1), and without `dropping`.
    static func clean(_ text: String, dropping: Character? = nil) -> String {
        String(text.unicodeScalars.filter { s in
            !(s.value < 0x20 || (0x7f...0x9f).contains(s.value)) && Character(s) != dropping
        }.map(Character.init))
    }
}

/// Standard base64 (RFC 4648, with padding), for OSC 52. TerminalUI has no Foundation.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], 61, 61]
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], 61]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
