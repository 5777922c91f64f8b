import TextFolding
/// One row of a list: an item with columns, or a group header.
public struct ListRow: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case item, header }
    /// Stable identity (the API id for items). Selection follows the id across filtering.
    public var id: String
    /// Column texts, left to right. The filter searches these.
    public var columns: [String]
    public var kind: Kind
    /// Why the item cannot be chosen; `nil` when it can. Disabled items are dimmed, skipped by
    /// the cursor and shown with the reason.
    public var disabledReason: String?
    /// The role of the row's text when it is not highlighted (`.text`, or `.ok`/`.error` on a dashboard).
    public var role: Role

    public init(id: String, columns: [String], kind: Kind = .item, disabledReason: String? = nil, role: Role = .text) {
        self.id = id; self.columns = columns; self.kind = kind; self.disabledReason = disabledReason; self.role = role
    }
    /// A selectable (or, with a reason, disabled) item.
    public static func item(_ id: String, _ columns: [String], disabled reason: String? = nil, role: Role = .text) -> ListRow {
        ListRow(id: id, columns: columns, disabledReason: reason, role: role)
    }
    /// A group header ("Linux"); never selectable. The items after it, up to the next header, are its group.
    public static func header(_ title: String) -> ListRow { ListRow(id: "\u{1}header:" + title, columns: [title], kind: .header) }

    public var isSelectable: Bool { kind == .item && disabledReason == nil }
}

/// What `ListState.handle` did with a key.
public enum ListEvent: Hashable, Sendable {
    /// Not a list key: the screen may use it (Esc with no filter, Tab, `q`, ...).
    case ignored
    /// The cursor or the filter changed (or the key was consumed without effect).
    case handled
    /// Enter on a selectable row.
    case chosen(ListRow)
}

/// The state of a list: rows, highlighted row, scroll position and filter.
///
/// Keys (`ListState.bindings`): Up/Down or `k`/`j`, PgUp/PgDn, Home/End move; `/` starts the
/// filter; while filtering, typed text (including `j`, `k`, Space) edits the filter, Backspace
/// deletes (and leaves the filter when it is empty), Esc clears the filter; Enter chooses the
/// highlighted row. Esc without a filter is `.ignored`, so the screen can go back.
///
/// The filter is `FuzzyMatch`: case- and diacritic-insensitive (`zur` finds `Zürich`), fuzzy (the
/// typed characters in order within one column: `ubu2404` finds `Ubuntu 24.04`) over every
/// column of an item (folded once, when rows are set); typing more characters narrows the
/// previous matches only. Matches are ranked: exact substrings before scattered characters,
/// the start of a column or word before the inside of a word, the first column before later
/// ones, the original order among equals. Groups keep their header above their items; the
/// group with the best match comes first. A changed filter highlights the best match; clearing
/// it keeps the highlighted row. `/` while the filter is being edited starts a new filter (so
/// `/zur` after `/reyk` is `zur`, not `reyk/zur`); `/` on an applied filter edits it.
public struct ListState: Hashable, Sendable {
    public private(set) var rows: [ListRow]
    /// Display width of each column over all items (so columns stay put while filtering).
    public private(set) var columnWidths: [Int]
    public private(set) var filter: String = ""
    /// True while typed characters go to the filter (after `/`).
    public private(set) var isEditingFilter = false
    /// Indices into `rows` currently shown, in order (headers included).
    public private(set) var visible: [Int]
    /// Position in `visible` of the highlighted row, nil when nothing is selectable.
    public private(set) var cursor: Int?
    /// Position in `visible` of the first row shown.
    public private(set) var offset: Int = 0
    /// Rows the view shows; used for PgUp/PgDn and scrolling. Set it from the layout
    /// (`ListView.bodyHeight(in:state:)`); the view also keeps the cursor visible on its own.
    public var viewportHeight: Int { didSet { viewportHeight = max(1, viewportHeight); scrollToCursor() } }

    private var haystacks: [[UInt32]]  // folded columns of each item, separated by 0
    private var groupOf: [Int]  // header index for each row, -1 when none
    private var matches: [Int]  // item indices matching `filter`, best first
    private var needle: [UInt32] = []  // `filter`, folded
    private var items: [Int] = []  // indices of the items (not headers)
    private var groupSlot: [Int] = []  // for each row: 0 before the first header, k after the k-th header

    public init(rows: [ListRow] = [], selectedID: String? = nil, viewportHeight: Int = 10) {
        self.rows = []; self.columnWidths = []; self.visible = []; self.haystacks = []; self.groupOf = []; self.matches = []
        self.viewportHeight = max(1, viewportHeight)
        setRows(rows, selectedID: selectedID)
    }

    /// Replaces the rows, keeping the filter; the highlight stays on `selectedID` (default: the
    /// current selection) when it is still there, else goes to the first selectable row.
    public mutating func setRows(_ rows: [ListRow], selectedID: String? = nil) {
        let keep = selectedID ?? self.selectedID
        self.rows = rows
        haystacks = rows.map { row in
            guard row.kind == .item else { return [] }
            var h: [UInt32] = []
            for (c, text) in row.columns.enumerated() {
                if c > 0 { h.append(0) }
                for s in text.unicodeScalars { TextFold.appendFolded(s, to: &h) }
            }
            return h
        }
        var widths: [Int] = []
        var groups: [Int] = []
        var header = -1
        for (i, r) in rows.enumerated() {
            if r.kind == .header { header = i; groups.append(-1); continue }
            groups.append(header)
            for (c, text) in r.columns.enumerated() {
                let w = text.displayWidth
                if c < widths.count { widths[c] = max(widths[c], w) } else { widths.append(w) }
            }
        }
        columnWidths = widths; groupOf = groups
        items = rows.indices.filter { rows[$0].kind == .item }
        var slot = 0
        groupSlot = rows.map { row in
            if row.kind == .header { slot += 1 }
            return slot
        }
        applyFilter(narrowing: false, keep: keep)
    }

    /// Replaces items in place, each by an item with the same id (`changes`: index into `rows`
    /// and the new row), with the same outcome as `setRows` with all the rows: the filter is
    /// applied again, the highlight stays, the scroll position is worked out again. Without a
    /// filter it costs the changed rows only (a poll answer on a dashboard of thousands of jobs).
    /// Returns false, changing nothing, when a change is not an item for an item of the same id.
    @discardableResult
    public mutating func replaceItems(_ changes: [(index: Int, row: ListRow)]) -> Bool {
        for (i, row) in changes {
            guard i >= 0, i < rows.count, rows[i].kind == .item, row.kind == .item, rows[i].id == row.id,
                  rows[i].disabledReason == row.disabledReason else { return false }
        }
        let keep = selectedID
        var widthsShrank = false
        for (i, row) in changes {
            for (c, text) in rows[i].columns.enumerated() where c < columnWidths.count && text.displayWidth == columnWidths[c] {
                if c >= row.columns.count || row.columns[c].displayWidth < columnWidths[c] { widthsShrank = true }
            }
            rows[i] = row
            var h: [UInt32] = []
            for (c, text) in row.columns.enumerated() {
                if c > 0 { h.append(0) }
                for s in text.unicodeScalars { TextFold.appendFolded(s, to: &h) }
            }
            haystacks[i] = h
            for (c, text) in row.columns.enumerated() {
                let w = text.displayWidth
                if c < columnWidths.count { columnWidths[c] = max(columnWidths[c], w) } else { columnWidths.append(w) }
            }
        }
        if widthsShrank {
            var widths: [Int] = []
            for r in rows where r.kind == .item {
                for (c, text) in r.columns.enumerated() {
                    let w = text.displayWidth
                    if c < widths.count { widths[c] = max(widths[c], w) } else { widths.append(w) }
                }
            }
            columnWidths = widths
        }
        if !needle.isEmpty {
            applyFilter(narrowing: false, keep: keep)
            return true
        }
        // Unfiltered, `visible` and the highlighted position stay (same ids, all items); the
        // scroll position is worked out again as `applyFilter` does.
        offset = 0
        scrollToCursor()
        return true
    }

    /// The highlighted row.
    public var selectedRow: ListRow? { cursor.map { rows[visible[$0]] } }
    /// The id of the highlighted row.
    public var selectedID: String? { selectedRow?.id }
    /// Number of items (not headers) matching the filter.
    public var matchCount: Int { matches.count }
    /// True when there are no items at all (before filtering).
    public var hasNoItems: Bool { !rows.contains { $0.kind == .item } }

    /// Highlights the row with `id` if it is visible and selectable.
    @discardableResult
    public mutating func select(id: String) -> Bool {
        guard let p = visible.firstIndex(where: { rows[$0].id == id }), rows[visible[p]].isSelectable else { return false }
        cursor = p; scrollToCursor(); return true
    }

    /// Sets the filter text directly (as if typed after `/`).
    /// A changed filter highlights the best match; an empty one keeps the highlighted row.
    public mutating func setFilter(_ text: String) {
        guard text != filter else { return }
        let narrowing = !filter.isEmpty && text.hasPrefix(filter)
        filter = text
        applyFilter(narrowing: narrowing, keep: text.isEmpty ? selectedID : nil)
    }

    /// Clears the filter and stops editing it, highlighting `selectedID` (default: the row
    /// highlighted now) — the list as it is when a screen is entered again.
    public mutating func clearFilter(selecting id: String? = nil) {
        let keep = id ?? selectedID
        isEditingFilter = false
        if !filter.isEmpty { filter = ""; applyFilter(narrowing: false, keep: keep) }
        if let keep { select(id: keep) }
    }

    /// For a visible item, the column the filter matched best and the indices of the matched
    /// `Character`s in it (to highlight them); nil without a filter or a match.
    public func matchedCharacters(row index: Int) -> (column: Int, characters: [Int])? {
        guard !needle.isEmpty, index < rows.count, rows[index].kind == .item else { return nil }
        var best: (column: Int, characters: [Int], score: Int)?
        for (c, text) in rows[index].columns.enumerated() {
            guard let m = FuzzyMatch.matchedCharacters(folded: needle, in: text) else { continue }
            let score = m.score - Self.columnPenalty * c
            if best == nil || score > best!.score { best = (c, m.characters, score) }
        }
        return best.map { ($0.column, $0.characters) }
    }

    static let columnPenalty = 5

    /// Handles one key (see the type's documentation for the key map).
    public mutating func handle(_ key: Key) -> ListEvent {
        if case .paste(let text) = key {
            if isEditingFilter { setFilter(filter + text.filter { !$0.isNewline }); return .handled }
            var last = ListEvent.ignored
            for c in text where !c.isNewline { let e = handle(.character(c)); if e != .ignored { last = e } }
            return last
        }
        if isEditingFilter {
            switch key {
            case .character("/"): setFilter(""); return .handled  // a new filter, not "old/new"
            case .character(let c): setFilter(filter + String(c)); return .handled
            case .backspace:
                if filter.isEmpty { isEditingFilter = false } else { setFilter(String(filter.dropLast())) }
                return .handled
            case .escape: isEditingFilter = false; setFilter(""); return .handled
            default: break
            }
        }
        switch key {
        case .up, .character("k"): move(by: -1)
        case .down, .character("j"): move(by: 1)
        case .pageUp: move(by: -viewportHeight)
        case .pageDown: move(by: viewportHeight)
        case .home: moveToEdge(first: true)
        case .end: moveToEdge(first: false)
        case .character("/"): isEditingFilter = true
        case .escape:
            guard !filter.isEmpty else { return .ignored }
            setFilter("")
        case .enter:
            guard let r = selectedRow, r.isSelectable else { return .handled }
            return .chosen(r)
        default: return .ignored
        }
        return .handled
    }

    /// The bindings the list handles, for footers and the help overlay (section "Lists").
    public static let bindings: [KeyBinding] = [
        KeyBinding([.up, .down, .character("k"), .character("j")], "move", help: "move the highlight", section: "Lists", keyLabel: "Up/Down"),
        KeyBinding([.pageUp, .pageDown, .home, .end], "page", help: "page up / down, first / last", section: "Lists",
                   keyLabel: "PgUp/PgDn/Home/End", inFooter: false),
        KeyBinding([.character("/")], "filter", help: "fuzzy filter; / again starts over, Esc clears", section: "Lists"),
        KeyBinding([.enter], "choose", help: "choose the highlighted row", section: "Lists"),
    ]

    // MARK: - private

    private mutating func applyFilter(narrowing: Bool, keep: String?) {
        needle = TextFold.fold(filter)
        if needle.isEmpty {
            matches = items
            visible = Array(rows.indices)
        } else {
            let candidates = narrowing ? matches : items
            rank(candidates)
        }
        cursor = nil
        if let keep, let p = visible.firstIndex(where: { rows[$0].id == keep }), rows[visible[p]].isSelectable {
            cursor = p
        } else {
            cursor = visible.firstIndex { rows[$0].isSelectable }
        }
        offset = 0
        scrollToCursor()
    }

    /// Scores `candidates` against `needle`, keeps the matches best first (by group, see the
    /// type's documentation) and builds `visible` with the headers.
    private mutating func rank(_ candidates: [Int]) {
        // Sort keys: (best score - score) in the high bits, the row index in the low ones, so
        // equal scores keep the original order.
        let top = UInt64(FuzzyMatch.substringBase * 2)
        let slots = (groupSlot.last ?? 0) + 1
        var byGroup = [[UInt64]](repeating: [], count: slots)
        var groupBest = [Int](repeating: Int.min, count: slots)
        var headerOf = [Int](repeating: -1, count: slots)
        needle.withUnsafeBufferPointer { n in
            for i in candidates {
                guard let score = haystacks[i].withUnsafeBufferPointer({ Self.rowScore($0, n) }) else { continue }
                let g = groupSlot[i]
                byGroup[g].append((top - UInt64(max(0, score))) << 32 | UInt64(i))
                if score > groupBest[g] { groupBest[g] = score; headerOf[g] = groupOf[i] }
            }
        }
        // The group of the best match first; equal groups in their order.
        let groups = (0..<slots).filter { !byGroup[$0].isEmpty }.sorted { (groupBest[$0], -$0) > (groupBest[$1], -$1) }
        var m: [Int] = [], v: [Int] = []
        m.reserveCapacity(candidates.count)
        v.reserveCapacity(candidates.count + groups.count)
        for g in groups {
            if headerOf[g] >= 0 { v.append(headerOf[g]) }
            byGroup[g].sort()
            for key in byGroup[g] {
                let i = Int(key & 0xFFFF_FFFF)
                m.append(i); v.append(i)
            }
        }
        matches = m
        visible = v
    }

    /// The best score of the needle over the 0-separated columns of `h` (earlier columns win ties).
    static func rowScore(_ h: UnsafeBufferPointer<UInt32>, _ n: UnsafeBufferPointer<UInt32>) -> Int? {
        var best: Int?
        var lo = 0, column = 0
        while lo <= h.count {
            var hi = lo
            while hi < h.count && h[hi] != 0 { hi += 1 }
            if let s = FuzzyMatch.score(h, lo, hi, n) {
                let score = s - columnPenalty * column
                if best == nil || score > best! { best = score }
            }
            lo = hi + 1; column += 1
        }
        return best
    }

    private mutating func move(by delta: Int) {
        guard let c = cursor else { return }
        let target = min(max(0, c + delta), visible.count - 1)
        let step = delta >= 0 ? 1 : -1
        var p = target
        // the nearest selectable row at or beyond the target, else the farthest one before it
        while p >= 0 && p < visible.count {
            if rows[visible[p]].isSelectable { cursor = p; scrollToCursor(); return }
            p += step
        }
        p = target - step
        while step > 0 ? p > c : p < c {
            if rows[visible[p]].isSelectable { cursor = p; scrollToCursor(); return }
            p -= step
        }
    }

    private mutating func moveToEdge(first: Bool) {
        let p = first ? visible.firstIndex { rows[$0].isSelectable } : visible.lastIndex { rows[$0].isSelectable }
        if let p { cursor = p; scrollToCursor() }
    }

    private mutating func scrollToCursor() {
        offset = Self.offset(previous: offset, cursor: cursor, count: visible.count, height: viewportHeight,
                             headerAbove: cursor.map { $0 > 0 && rows[visible[$0 - 1]].kind == .header } ?? false)
    }

    /// The first visible position that keeps `cursor` (and the header just above it) on screen,
    /// moving as little as possible from `previous`.
    static func offset(previous: Int, cursor: Int?, count: Int, height: Int, headerAbove: Bool) -> Int {
        let h = max(1, height)
        var o = min(max(0, previous), max(0, count - h))
        guard let c = cursor else { return o }
        let top = headerAbove && h > 1 ? c - 1 : c
        if top < o { o = top }
        if c >= o + h { o = c - h + 1 }
        return max(0, o)
    }

    /// The scroll offset to use for a viewport of `height` rows.
    public func offset(forHeight height: Int) -> Int {
        Self.offset(previous: offset, cursor: cursor, count: visible.count, height: height,
                    headerAbove: cursor.map { $0 > 0 && rows[visible[$0 - 1]].kind == .header } ?? false)
    }
}

/// Draws a `ListState`: an optional filter line, then rows. The highlighted row shows the
/// pointer (`▶`) and the `.selection` role; columns get their widest width and are dropped from
/// the right when the area is too narrow (the first column is truncated instead); headers use
/// `.header`; disabled items use `.disabled` and end with their reason in parentheses.
public struct ListView: Widget {
    public var state: ListState
    public var glyphs: Glyphs
    /// Shown when the list has no items at all.
    public var emptyMessage: String
    /// Without focus the highlight keeps its pointer but not the `.selection` role.
    public var isFocused: Bool
    /// Spans drawn between the pointer and the columns of each item (multi-select checkboxes).
    public var prefix: (@Sendable (ListRow) -> [Span])?
    public var columnGap: Int

    public init(_ state: ListState, glyphs: Glyphs, emptyMessage: String = "nothing to show", isFocused: Bool = true,
                columnGap: Int = 2, prefix: (@Sendable (ListRow) -> [Span])? = nil) {
        self.state = state; self.glyphs = glyphs; self.emptyMessage = emptyMessage; self.isFocused = isFocused
        self.columnGap = columnGap; self.prefix = prefix
    }

    /// Whether a filter line is shown above the rows.
    public static func showsFilterLine(_ state: ListState) -> Bool { state.isEditingFilter || !state.filter.isEmpty }
    /// The number of rows the list can show in `area` (for `ListState.viewportHeight`).
    public static func bodyHeight(in area: Rect, state: ListState) -> Int {
        max(1, area.height - (showsFilterLine(state) ? 1 : 0))
    }

    /// Which columns fit in `width` columns, and how wide each is drawn.
    public static func columnLayout(widths: [Int], available: Int, gap: Int) -> [Int] {
        guard let first = widths.first, available > 0 else { return [] }
        var out = [min(first, available)]
        var used = out[0]
        for w in widths.dropFirst() {
            if used + gap + w > available { break }
            out.append(w); used += gap + w
        }
        return out
    }

    public func render(in area: Rect, into buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let s = state
        var body = area
        if Self.showsFilterLine(s) {
            let (top, rest) = area.splitTop(1)
            body = rest
            var x = buffer.put("/", at: top.origin, style: Style(.accent), maxWidth: top.width)
            x = buffer.put(s.filter, at: Point(x: x, y: top.y), style: Style(.input), maxWidth: top.maxX - x)
            if s.isEditingFilter, x < top.maxX { buffer.put(" ", at: Point(x: x, y: top.y), style: Style(.input, .reverse)); x += 1 }
            let count = " \(s.matchCount) match\(s.matchCount == 1 ? "" : "es")"
            if top.maxX - x > count.displayWidth { buffer.put(count, at: Point(x: top.maxX - count.displayWidth, y: top.y), style: Style(.muted)) }
        }
        guard !body.isEmpty else { return }
        if s.visible.isEmpty {
            let msg = s.hasNoItems ? emptyMessage : "no match for \"\(s.filter)\""
            buffer.put(msg, at: Point(x: body.x + 2, y: body.y), style: Style(.muted), maxWidth: max(0, body.width - 2))
            return
        }
        let pointerW = glyphs.pointer.displayWidth + 1
        let offset = s.offset(forHeight: body.height)
        for line in 0..<body.height {
            let p = offset + line
            guard p < s.visible.count else { break }
            let row = s.rows[s.visible[p]]
            let y = body.y + line
            if row.kind == .header {
                buffer.put(row.columns.first ?? "", at: Point(x: body.x, y: y), style: Style(.header), maxWidth: body.width)
                continue
            }
            let selected = p == s.cursor
            let role: Role = row.disabledReason != nil ? .disabled : (selected && isFocused ? .selection : row.role)
            let style = Style(role)
            if selected && isFocused { buffer.fill(Rect(x: body.x, y: y, width: body.width, height: 1), style: style) }
            var x = buffer.put(selected ? glyphs.pointer + " " : String(repeating: " ", count: pointerW),
                               at: Point(x: body.x, y: y), style: style, maxWidth: body.width)
            if let prefix {
                for span in prefix(row) {
                    x = buffer.put(span.text, at: Point(x: x, y: y), style: selected && isFocused ? style : span.style, maxWidth: body.maxX - x)
                }
            }
            let widths = Self.columnLayout(widths: s.columnWidths, available: body.maxX - x, gap: columnGap)
            let matched = s.matchedCharacters(row: s.visible[p])
            for (c, w) in widths.enumerated() where c < row.columns.count {
                let last = c == widths.count - 1
                let text = last ? row.columns[c].truncated(toWidth: w, ellipsis: glyphs.ellipsis)
                                : row.columns[c].fitted(toWidth: w, ellipsis: glyphs.ellipsis)
                if let matched, matched.column == c {
                    let spans = Self.highlighted(text, original: row.columns[c], characters: matched.characters,
                                                 style: style, match: Self.matchStyle(style))
                    buffer.put(spans, at: Point(x: x, y: y), maxWidth: body.maxX - x)
                } else {
                    buffer.put(text, at: Point(x: x, y: y), style: style, maxWidth: body.maxX - x)
                }
                x += w + (last ? 0 : columnGap)
            }
            if let reason = row.disabledReason, body.maxX - x > 3 {
                let t = "  (" + reason + ")"
                buffer.put(t.truncated(toWidth: body.maxX - x, ellipsis: glyphs.ellipsis), at: Point(x: x, y: y), style: style)
            }
        }
    }

    /// The look of matched characters: the `.match` role, or on the highlighted (or a disabled)
    /// row that row's look plus bold and underline, so the match shows without colour too.
    public static func matchStyle(_ style: Style) -> Style {
        switch style.role {
        case .selection, .disabled: return style.adding([.bold, .underline])
        default: return Style(.match, style.attributes)
        }
    }

    /// `text` (the drawn form of `original`: cut or padded) as spans, the `characters` of
    /// `original` in the `match` style.
    public static func highlighted(_ text: String, original: String, characters: [Int], style: Style, match: Style) -> [Span] {
        var spans: [Span] = []
        var run = "", runMatched = false
        let marked = Set(characters)
        var originalChars = original.makeIterator()
        for (i, ch) in text.enumerated() {
            let same = originalChars.next() == ch
            let on = same && marked.contains(i)
            if on != runMatched, !run.isEmpty { spans.append(Span(run, runMatched ? match : style)); run = "" }
            runMatched = on
            run.append(ch)
        }
        if !run.isEmpty { spans.append(Span(run, runMatched ? match : style)) }
        return spans
    }
}
