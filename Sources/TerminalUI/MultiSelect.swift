/// What `MultiSelectState.handle` did with a key.
public enum MultiSelectEvent: Hashable, Sendable {
    /// Not handled: the screen may use the key (Enter, Esc, Tab, ...).
    case ignored
    /// Cursor or filter moved.
    case handled
    /// The selection or the primary changed.
    case changed
    /// The key was refused, with the reason to show (e.g. the maximum is reached).
    case refused(String)
}

/// A multi-select list with exactly one *primary* item among the selected ones (network
/// interfaces). Wraps a `ListState` for movement, filtering, headers and disabled rows.
///
/// Keys (`MultiSelectState.bindings`): Space toggles the highlighted item, `p` makes it the
/// primary (selecting it if needed); list keys as in `ListState`. While the filter is being
/// edited, Space and `p` type into the filter. Enter is `.ignored` (the screen decides).
///
/// Invariant: when anything is selected, `primary` is one of the selected ids. The first item
/// selected becomes primary; unselecting the primary passes it to the first remaining selected row.
public struct MultiSelectState: Hashable, Sendable {
    public var list: ListState
    /// Selected ids, in row order.
    public private(set) var selected: [String]
    public private(set) var primary: String?
    /// The most items that can be selected (nil: no limit).
    public var maxSelected: Int?
    /// Items chosen alone: selecting one unselects everything else, and selecting any other item
    /// unselects it (a VPC subnet replaces legacy networks).
    public var exclusive: Set<String>

    public init(rows: [ListRow], selected: [String] = [], primary: String? = nil, maxSelected: Int? = nil,
                exclusive: Set<String> = [], viewportHeight: Int = 10) {
        list = ListState(rows: rows, viewportHeight: viewportHeight)
        self.maxSelected = maxSelected
        self.exclusive = exclusive
        self.selected = []
        self.primary = nil
        let ok = Set(rows.filter(\.isSelectable).map(\.id))
        self.selected = sortedByRow(selected.filter { ok.contains($0) })
        self.primary = primary.flatMap { self.selected.contains($0) ? $0 : nil } ?? self.selected.first
    }

    public func isSelected(_ id: String) -> Bool { selected.contains(id) }

    /// Selects or unselects `id`; returns a refusal reason when it cannot.
    @discardableResult
    public mutating func toggle(_ id: String) -> MultiSelectEvent {
        guard let row = list.rows.first(where: { $0.id == id }), row.kind == .item else { return .ignored }
        if let i = selected.firstIndex(of: id) {
            selected.remove(at: i)
            if primary == id { primary = selected.first }
            return .changed
        }
        if let r = row.disabledReason { return .refused(r) }
        if exclusive.contains(id) {
            selected = [id]
            primary = id
            return .changed
        }
        selected.removeAll { exclusive.contains($0) }
        if let p = primary, !selected.contains(p) { primary = selected.first }
        if let m = maxSelected, selected.count >= m { return .refused("at most \(m) can be selected") }
        selected = sortedByRow(selected + [id])
        if primary == nil { primary = id }
        return .changed
    }

    /// Makes `id` the primary, selecting it first if needed.
    @discardableResult
    public mutating func makePrimary(_ id: String) -> MultiSelectEvent {
        var changed = false
        if !selected.contains(id) {
            let e = toggle(id)
            guard e == .changed else { return e }
            changed = true
        }
        if primary == id {
            // Nothing silently ignored: say why `p` did nothing.
            let name = list.rows.first { $0.id == id }?.columns.first ?? id
            return changed ? .changed : .refused("\(name) is already the primary network")
        }
        primary = id
        return .changed
    }

    public mutating func handle(_ key: Key) -> MultiSelectEvent {
        if !list.isEditingFilter, let id = list.selectedID {
            if key == .space { return toggle(id) }
            if key == .character("p") { return makePrimary(id) }
        }
        if key == .enter { return .ignored }
        switch list.handle(key) {
        case .ignored: return .ignored
        case .handled, .chosen: return .handled
        }
    }

    /// The bindings for footers and help (section "Lists").
    public static let bindings: [KeyBinding] = [
        KeyBinding([.space], "select", help: "select or unselect the highlighted item", section: "Lists"),
        KeyBinding([.character("p")], "primary", help: "make the highlighted item the primary one", section: "Lists"),
    ] + ListState.bindings.filter { !$0.matches(.enter) }

    private func sortedByRow(_ ids: [String]) -> [String] {
        var pos: [String: Int] = [:]
        for (i, r) in list.rows.enumerated() { pos[r.id] = i }
        return Array(Set(ids)).sorted { (pos[$0] ?? 0) < (pos[$1] ?? 0) }
    }
}

/// Draws a `MultiSelectState`: `▶ [✓] ● name ...` where `[✓]` marks selected items and the
/// primary mark (`●` / `*`) the primary one.
public struct MultiSelectView: Widget {
    public var state: MultiSelectState
    public var glyphs: Glyphs
    public var emptyMessage: String
    public var isFocused: Bool
    public init(_ state: MultiSelectState, glyphs: Glyphs, emptyMessage: String = "nothing to show", isFocused: Bool = true) {
        self.state = state; self.glyphs = glyphs; self.emptyMessage = emptyMessage; self.isFocused = isFocused
    }

    public func render(in area: Rect, into buffer: inout Buffer) {
        let selected = Set(state.selected)
        let primary = state.primary
        let g = glyphs
        let blank = String(repeating: " ", count: g.primary.displayWidth)
        ListView(state.list, glyphs: g, emptyMessage: emptyMessage, isFocused: isFocused) { row in
            let on = selected.contains(row.id)
            let role: Role = row.disabledReason != nil ? .disabled : row.role
            return [Span((on ? g.checkboxOn : g.checkboxOff) + " ", Style(role)),
                    Span((row.id == primary ? g.primary : blank) + " ", Style(row.id == primary ? .accent : role))]
        }.render(in: area, into: &buffer)
    }
}
