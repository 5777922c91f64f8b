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
