/// One screen cell: a grapheme and its style.
///
/// `text` holds what the terminal will draw: one spacing scalar plus at most 4 zero-width scalars
/// (ncurses' `CCHARW_MAX` is 5). The right half of a wide character is a *continuation* cell
/// whose `text` is `""`.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String = " ", style: Style = .plain) { self.text = text; self.style = style }
    /// A space in the plain style.
    public static let blank = Cell()
    /// True for the right half of a wide character.
    public var isContinuation: Bool { text.isEmpty }
    /// Columns this cell's grapheme covers (2 for a wide character's left half, 0 for a continuation).
    public var width: Int { text.isEmpty ? 0 : DisplayWidth.of(text) }

    /// What a grapheme becomes in a cell, and its width. Controls become `?`; scalars after the
    /// first spacing scalar that are not zero-width are dropped, as are zero-width scalars
    /// beyond the fourth.
    public static func normalize(_ c: Character) -> (text: String, width: Int) {
        let scalars = c.unicodeScalars
        if let first = scalars.first, DisplayWidth.isControl(first.value) { return ("?", 1) }
        if scalars.count == 1 { return (String(c), DisplayWidth.of(scalars.first!)) }
        var base: Unicode.Scalar?
        var baseWidth = 0
        var leading = String.UnicodeScalarView()   // zero-width scalars before any spacing one
        var marks = String.UnicodeScalarView()     // zero-width scalars after the base
        for s in scalars where !DisplayWidth.isControl(s.value) {
            let w = DisplayWidth.of(s)
            if base == nil {
                if w > 0 { base = s; baseWidth = w } else if leading.count < 5 { leading.append(s) }
            } else if w == 0, marks.count < 4 {
                marks.append(s)
            }
        }
        guard let b = base else { return (String(leading), 0) }
        var v = String.UnicodeScalarView()
        v.append(b)
        v.append(contentsOf: marks)
        return (String(v), baseWidth)
    }
}

/// A run of text with one style, for composing lines from parts.
public struct Span: Hashable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style = .plain) { self.text = text; self.style = style }
    public init(_ text: String, _ role: Role) { self.text = text; self.style = Style(role) }
    public var width: Int { DisplayWidth.of(text) }
}

/// A cell that differs between two frames (see `Buffer.changes(since:)`).
public struct CellChange: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var cell: Cell
}

/// A grid of cells: what a view renders and what the backend paints. A value type; tests compare
/// `lines()` with expected text.
///
/// Invariants kept by every mutation:
/// - a wide character occupies its cell and a continuation cell to its right;
/// - overwriting either half of a wide character turns the other half into a space;
/// - a wide character that does not fit before the clip edge is not drawn;
/// - zero-width graphemes (a combining mark standing alone) join the previous cell written by
///   the same `put`, or are dropped.
public struct Buffer: Hashable, Sendable {
    public let size: Size
    public private(set) var cells: [Cell]

    /// A buffer of `size` filled with `fill`.
    public init(size: Size, fill: Cell = .blank) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        self.cells = Array(repeating: fill, count: self.size.width * self.size.height)
    }

    /// The whole buffer as a rectangle.
    public var area: Rect { Rect(size: size) }

    /// The cell at column `x`, row `y` (a blank cell when out of range).
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return .blank }
        return cells[y * size.width + x]
    }

    /// Writes `text` starting at `at`, clipped to the buffer and to `maxWidth` columns.
    /// Returns the column after the last one written (or where writing stopped).
    @discardableResult
    public mutating func put(_ text: String, at: Point, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        let y = at.y
        var x = at.x
        guard y >= 0, y < size.height else { return x }
        let limit = min(size.width, maxWidth.map { at.x + max(0, $0) } ?? Int.max)
        var last: Int?
        for ch in text {
            let (t, w) = Cell.normalize(ch)
            if w == 0 {
                if let i = last, cells[i].text.unicodeScalars.count < 5 {
                    var v = cells[i].text.unicodeScalars
                    for s in t.unicodeScalars where v.count < 5 { v.append(s) }
                    cells[i].text = String(v)
                }
                continue
            }
            if x + w > limit { break }
            if x < 0 { x += w; continue }
            write(x: x, y: y, Cell(t, style: style), width: w)
            last = y * size.width + x
            x += w
        }
        return x
    }

    /// Writes styled spans one after another; returns the column after the last one.
    @discardableResult
    public mutating func put(_ spans: [Span], at: Point, maxWidth: Int? = nil) -> Int {
        let limit = maxWidth.map { at.x + max(0, $0) } ?? Int.max
        var x = at.x
        for s in spans {
            guard x < limit else { break }
            x = put(s.text, at: Point(x: x, y: at.y), style: s.style, maxWidth: limit == Int.max ? nil : limit - x)
        }
        return x
    }

    /// Fills `rect` (clipped) with `character` in `style`.
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style = .plain) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        let (t, w) = Cell.normalize(character)
        let step = max(1, w)
        for y in r.y..<r.maxY {
            var x = r.x
            while x + step <= r.maxX {
                write(x: x, y: y, Cell(w == 0 ? " " : t, style: style), width: step)
                x += step
            }
            if x < r.maxX { write(x: x, y: y, Cell(" ", style: style), width: 1) }
        }
    }

    /// Replaces the style of every cell in `rect` (clipped), keeping the text.
    public mutating func setStyle(_ rect: Rect, _ style: Style) {
        modifyStyle(rect) { $0 = style }
    }

    /// Changes the style of every cell in `rect` (clipped), keeping the text.
    public mutating func modifyStyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { change(&cells[y * size.width + x].style) }
            // keep a wide character's halves in one style
            let end = y * size.width + r.maxX
            if r.maxX < size.width, cells[end].isContinuation { cells[end].style = cells[end - 1].style }
        }
    }

    /// Copies `other` onto this buffer with its top left at `at` (clipped).
    public mutating func draw(_ other: Buffer, at: Point) {
        for y in 0..<other.size.height {
            var x = 0
            while x < other.size.width {
                let c = other[x, y]
                let w = max(1, c.width)
                if !c.isContinuation {
                    let tx = at.x + x, ty = at.y + y
                    if tx >= 0, ty >= 0, ty < size.height, tx + w <= size.width { write(x: tx, y: ty, c, width: w) }
                }
                x += c.isContinuation ? 1 : w
            }
        }
    }

    /// The text of every row. With `trimming` (the default) trailing spaces are removed,
    /// which is what tests usually compare; without it every row is exactly `size.width` columns.
    public func lines(trimming: Bool = true) -> [String] {
        (0..<size.height).map { line($0, trimming: trimming) }
    }

    /// The text of row `y` (see `lines(trimming:)`).
    public func line(_ y: Int, trimming: Bool = true) -> String {
        guard y >= 0, y < size.height else { return "" }
        var s = ""
        for x in 0..<size.width { s += cells[y * size.width + x].text }
        if trimming { while s.last == " " { s.removeLast() } }
        return s
    }

    /// The cells that differ from `old`, in row-major order; every cell when `old` is nil or
    /// has another size. Continuation cells are never reported: drawing a wide character's left
    /// half covers both columns, and any change to a wide character changes its left half too.
    public func changes(since old: Buffer?) -> [CellChange] {
        var out: [CellChange] = []
        let w = size.width
        guard let old, old.size == size else {
            for (i, c) in cells.enumerated() where !c.isContinuation { out.append(CellChange(x: i % w, y: i / w, cell: c)) }
            return out
        }
        for i in cells.indices where cells[i] != old.cells[i] {
            let c = cells[i]
            if c.isContinuation { continue }
            out.append(CellChange(x: i % w, y: i / w, cell: c))
        }
        return out
    }

    // Writes one cell of width 1 or 2 at (x, y), repairing wide characters it cuts in half.
    private mutating func write(x: Int, y: Int, _ cell: Cell, width w: Int) {
        let row = y * size.width
        for c in x..<(x + w) {
            let cur = cells[row + c]
            if cur.isContinuation, c == x, c > 0 { cells[row + c - 1] = Cell(" ", style: cells[row + c - 1].style) }
            if cur.width == 2, c + 1 >= x + w, c + 1 < size.width { cells[row + c + 1] = Cell(" ", style: cur.style) }
        }
        cells[row + x] = cell
        if w == 2 { cells[row + x + 1] = Cell("", style: cell.style) }
    }
}
