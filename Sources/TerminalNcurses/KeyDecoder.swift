import CNcursesw
import TerminalUI

/// Turns what `wget_wch` returns into `Key`s. Pure: testable without a terminal.
public enum KeyDecoder {
    /// The key for one `wget_wch` result. `isKeyCode` is true when `wget_wch` returned
    /// `KEY_CODE_YES` (a function key code such as `KEY_UP`); otherwise `code` is a character.
    /// Returns nil for codes with no meaning here (mouse, unknown sequences, `KEY_RESIZE`).
    public static func key(code: UInt32, isKeyCode: Bool) -> Key? {
        if isKeyCode { return functionKey(Int32(bitPattern: code)) }
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 0: return nil                      // Ctrl-Space / Ctrl-@
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(96 + code))))
        case 28...31: return nil                // Ctrl-\ ] ^ _
        case 0x80..<0xA0: return nil            // C1 controls
        default:
            guard let s = Unicode.Scalar(code) else { return nil }
            return .character(Character(s))
        }
    }

    static func functionKey(_ c: Int32) -> Key? {
        switch c {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_A3: return .pageUp
        case KEY_C3: return .pageDown
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_F0 + 1 ... KEY_F0 + 12: return .function(Int(c - KEY_F0))
        default: return nil
        }
    }
}

/// Turns the stream of `wget_wch` results into keys, recognising bracketed paste: the terminal
/// sends `ESC[200~`, the text, `ESC[201~`, and all of it becomes one `Key.paste(text)` (ncurses
/// does not know these sequences, so they arrive as ESC and plain characters). Pure and
/// stateful: a paste may span several reads; `endOfInput()` is called when nothing more is
/// waiting, `idle()` when nothing has come for `idleLimit` seconds while a paste (or a start
/// marker) is still open.
public struct InputDecoder: Sendable {
    /// The most characters a paste keeps; the rest is dropped (and counted).
    public static let maxPaste = 64 * 1024
    /// Seconds without input after which an unterminated paste is delivered as it is.
    public static let idleLimit = 1.0

    static let start: [UInt32] = [27, 91, 50, 48, 48, 126]  // ESC [ 2 0 0 ~
    static let end: [UInt32] = [27, 91, 50, 48, 49, 126]    // ESC [ 2 0 1 ~

    /// Raw codes that may be the start of a marker (only plain characters, never key codes).
    private var pending: [UInt32] = []
    private var pasting = false
    private var text = ""
    private var count = 0
    /// Characters of the current paste dropped for being over `maxPaste`.
    public private(set) var truncated = 0

    public init() {}

    /// True while a paste is open (its end marker not yet seen).
    public var isInPaste: Bool { pasting }
    /// Seconds to wait for more input before calling `idle()`, when something is held back:
    /// `idleLimit` for an open paste, 50 ms for a partial start marker longer than a lone ESC
    /// (`ESC[2`: ncurses' escape delay split it). Nil when nothing is held back.
    public var waitLimit: Double? {
        if pasting { return Self.idleLimit }
        return pending.count >= 2 ? 0.05 : nil
    }

    /// One `wget_wch` result; returns the keys it completes (often none while a paste is open).
    public mutating func feed(code: UInt32, isKeyCode: Bool) -> [Key] {
        if pasting { return feedPaste(code: code, isKeyCode: isKeyCode) }
        if isKeyCode { return flush() + (KeyDecoder.key(code: code, isKeyCode: true).map { [$0] } ?? []) }
        if code == 27 {
            let keys = flush()
            pending = [27]
            return keys
        }
        if !pending.isEmpty {
            if Self.start[pending.count] == code {
                pending.append(code)
                if pending.count == Self.start.count {
                    pending = []
                    pasting = true
                    text = ""; count = 0; truncated = 0
                }
                return []
            }
            return flush() + plain(code)
        }
        return plain(code)
    }

    /// Nothing more is waiting to be read now: a lone ESC is the Escape key. A longer partial
    /// start marker and an open paste wait for more input (or `idle()`).
    public mutating func endOfInput() -> [Key] {
        if !pasting && pending == [27] { return flush() }
        return []
    }

    /// Nothing came for `idleLimit`: an unterminated paste is delivered as it is (still only
    /// text), a partial start marker as the keys it was.
    public mutating func idle() -> [Key] {
        if pasting {
            for c in pending { append(c) }
            pending = []
            return finishPaste()
        }
        return flush()
    }

    private mutating func feedPaste(code: UInt32, isKeyCode: Bool) -> [Key] {
        if isKeyCode {
            // A key code inside a paste (an escape sequence ncurses recognised): not text, dropped.
            for c in pending { append(c) }
            pending = []
            return []
        }
        if code == 27 {
            for c in pending { append(c) }
            pending = [27]
            return []
        }
        if !pending.isEmpty {
            if Self.end[pending.count] == code {
                pending.append(code)
                if pending.count == Self.end.count {
                    pending = []
                    return finishPaste()
                }
                return []
            }
            for c in pending { append(c) }
            pending = []
        }
        append(code)
        return []
    }

    private mutating func append(_ code: UInt32) {
        guard count < Self.maxPaste else { truncated += 1; return }
        let scalar = code == 13 ? Unicode.Scalar(10) : Unicode.Scalar(code)
        guard let scalar else { return }
        text.unicodeScalars.append(scalar)
        count += 1
    }

    private mutating func finishPaste() -> [Key] {
        pasting = false
        let t = text
        text = ""; count = 0
        return [.paste(t)]
    }

    private mutating func flush() -> [Key] {
        let codes = pending
        pending = []
        return codes.flatMap(plain)
    }

    private func plain(_ code: UInt32) -> [Key] {
        KeyDecoder.key(code: code, isKeyCode: false).map { [$0] } ?? []
    }
}

/// Decides whether a key is part of an input burst (see `TerminalEvent.burstKey`): a key read
/// in the same wakeup as the key before it, or within `window` seconds of it. A person pressing
/// keys one by one is never that fast; a paste, or keys typed ahead while the screen was busy,
/// are. Pure: the caller passes a monotonic clock.
public struct KeyBurst: Sendable {
    /// Seconds: keys closer together than this are one burst.
    public static let window = 0.015
    private var last: Double?

    public init() {}

    /// Classifies a key read at `time`; `sameWakeup` is true for every key but the first read
    /// in one `poll` wakeup.
    public mutating func isBurst(at time: Double, sameWakeup: Bool) -> Bool {
        defer { last = time }
        if sameWakeup { return true }
        guard let last else { return false }
        return time - last < Self.window
    }
}
