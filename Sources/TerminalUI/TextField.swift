/// What `TextFieldState.handle` did with a key.
public enum TextFieldEvent: Hashable, Sendable {
    /// Not an editing key (Enter, Tab, Esc, Up/Down, ...): the screen decides.
    case ignored
    /// The cursor moved; the text is unchanged.
    case moved
    /// The text changed (validate again).
    case edited
    /// The key would break `maxLength`; nothing changed.
    case refused
}

/// An editable line of text with a cursor and horizontal scrolling.
///
/// Keys: printable characters and pastes insert; Backspace / Del delete; Left / Right, Home / End
/// (also Ctrl-A / Ctrl-E) move; Ctrl-U deletes to the start, Ctrl-K to the end, Ctrl-W the word
/// before the cursor. Everything else is `.ignored`.
///
/// In masked mode the view shows one `*` per character; the text never reaches the buffer.
public struct TextFieldState: Hashable, Sendable {
    public private(set) var characters: [Character]
    /// Cursor position, 0...characters.count (before the character at that index).
    public private(set) var cursor: Int
    /// Index of the first character shown.
    public private(set) var offset: Int = 0
    /// The most characters allowed (nil: no limit).
    public var maxLength: Int?
    public var isMasked: Bool
    /// Columns the view shows; set it from the layout. The view also keeps the cursor visible on its own.
    public var viewportWidth: Int { didSet { viewportWidth = max(1, viewportWidth); offset = window(width: viewportWidth) } }

    public init(text: String = "", maxLength: Int? = nil, isMasked: Bool = false, viewportWidth: Int = 20) {
        characters = Array(text.filter { !Self.isControl($0) })
        cursor = characters.count
        self.maxLength = maxLength
        self.isMasked = isMasked
        self.viewportWidth = max(1, viewportWidth)
        offset = window(width: self.viewportWidth)
    }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    /// Replaces the text and puts the cursor at the end.
    public mutating func setText(_ s: String) {
        characters = Array(s.filter { !Self.isControl($0) })
        if let m = maxLength, characters.count > m { characters = Array(characters.prefix(m)) }
        cursor = characters.count
        offset = window(width: viewportWidth)
    }

    public mutating func handle(_ key: Key) -> TextFieldEvent {
        let event: TextFieldEvent
        switch key {
        case .character(let c): event = insert([c])
        case .paste(let s): event = insert(Array(s.filter { !Self.isControl($0) }))
        case .backspace:
            guard cursor > 0 else { return .moved }
            characters.remove(at: cursor - 1); cursor -= 1; event = .edited
        case .delete:
            guard cursor < characters.count else { return .moved }
            characters.remove(at: cursor); event = .edited
        case .left: cursor = max(0, cursor - 1); event = .moved
        case .right: cursor = min(characters.count, cursor + 1); event = .moved
        case .home, .ctrl("a"): cursor = 0; event = .moved
        case .end, .ctrl("e"): cursor = characters.count; event = .moved
        case .ctrl("u"): characters.removeFirst(cursor); cursor = 0; event = .edited
        case .ctrl("k"): characters.removeLast(characters.count - cursor); event = .edited
        case .ctrl("w"):
            var start = cursor
            while start > 0 && characters[start - 1] == " " { start -= 1 }
            while start > 0 && characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor); cursor = start; event = .edited
        default: return .ignored
        }
        offset = window(width: viewportWidth)
        return event
    }

    /// Display width of one character as shown (1 per character when masked).
    func width(of c: Character) -> Int { isMasked ? 1 : max(1, DisplayWidth.of(c)) }

    /// The first character to show in `width` columns so that the cursor cell is visible,
    /// moving as little as possible from the stored offset.
    public func window(width: Int) -> Int {
        var o = min(offset, cursor)
        let cursorW = cursor < characters.count ? self.width(of: characters[cursor]) : 1
        var used = 0
        for i in o..<cursor { used += self.width(of: characters[i]) }
        while used + cursorW > width && o < cursor { used -= self.width(of: characters[o]); o += 1 }
        return o
    }

    private mutating func insert(_ cs: [Character]) -> TextFieldEvent {
        let cs = cs.filter { !Self.isControl($0) }
        guard !cs.isEmpty else { return .ignored }
        if let m = maxLength, characters.count + cs.count > m {
            let room = m - characters.count
            guard room > 0 else { return .refused }
            characters.insert(contentsOf: cs.prefix(room), at: cursor); cursor += room
            return .edited
        }
        characters.insert(contentsOf: cs, at: cursor); cursor += cs.count
        return .edited
    }

    static func isControl(_ c: Character) -> Bool { c.unicodeScalars.first.map { DisplayWidth.isControl($0.value) } ?? true }

    /// Bindings for the help overlay (section "Text fields").
    public static let bindings: [KeyBinding] = [
        KeyBinding([.left, .right, .home, .end], "move", help: "move in the text (also Ctrl-A / Ctrl-E)", section: "Text fields",
                   keyLabel: "Left/Right/Home/End", inFooter: false),
        KeyBinding([.backspace, .delete], "delete", help: "delete before / at the cursor", section: "Text fields", inFooter: false),
        KeyBinding([.ctrl("u"), .ctrl("k"), .ctrl("w")], "kill", help: "delete to the start / to the end / the word before",
                   section: "Text fields", inFooter: false),
    ]
}

/// Draws a `TextFieldState` on one line in the `.input` role: the visible slice of the text, the
/// cursor as a reversed cell when focused, the placeholder (`.muted`) when empty.
public struct TextField: Widget {
    public var state: TextFieldState
    public var placeholder: String
    public var isFocused: Bool
    public init(_ state: TextFieldState, placeholder: String = "", isFocused: Bool = false) {
        self.state = state; self.placeholder = placeholder; self.isFocused = isFocused
    }

    public func render(in area: Rect, into buffer: inout Buffer) {
        guard area.height > 0, area.width > 0 else { return }
        let line = area.row(0)
        let input = Style(.input)
        buffer.fill(line, style: input)
        let cursorStyle = Style(.input, .reverse)
        if state.characters.isEmpty {
            if !placeholder.isEmpty {
                let x = isFocused ? line.x + 1 : line.x
                buffer.put(placeholder, at: Point(x: x, y: line.y), style: Style(.muted), maxWidth: line.maxX - x)
            }
            if isFocused { buffer.put(" ", at: line.origin, style: cursorStyle) }
            return
        }
        let start = state.window(width: line.width)
        var x = line.x
        var i = start
        while i <= state.characters.count {
            let atCursor = isFocused && i == state.cursor
            if i == state.characters.count {
                if atCursor, x < line.maxX { buffer.put(" ", at: Point(x: x, y: line.y), style: cursorStyle) }
                break
            }
            let c = state.characters[i]
            let shown = state.isMasked ? "*" : String(c)
            let w = state.width(of: c)
            if x + w > line.maxX { break }
            buffer.put(shown, at: Point(x: x, y: line.y), style: atCursor ? cursorStyle : input, maxWidth: line.maxX - x)
            x += w; i += 1
        }
    }
}

/// Pasted text made fit for a one-line field: line breaks and control characters (tab, escape,
/// C1 controls) dropped. A paste is text, never a command, so nothing in it can act as Enter.
public enum PasteText {
    /// The text to insert and how many characters were dropped.
    public static func clean(_ text: String) -> (text: String, dropped: Int) {
        var kept = ""
        var dropped = 0
        for c in text {
            if c.isNewline || TextFieldState.isControl(c) { dropped += 1 } else { kept.append(c) }
        }
        return (kept, dropped)
    }
}
