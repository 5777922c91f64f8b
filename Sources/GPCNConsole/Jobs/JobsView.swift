import GPCNCore
import TerminalUI

// Drawing of the dashboard: header (counts, overall bar, freshness, budget, problems), the job
// table or one job's details, the status line and the key footer. Pure: a function of the
// state, the settings and `now`.

extension JobState {
    /// The colour role of a state (always shown together with `marker`).
    var role: Role {
        switch self {
        case .running: return .running
        case .succeeded: return .ok
        case .failed: return .error
        case .cancelled: return .warn
        case .notVisible: return .muted
        }
    }

    /// Words for counts and details.
    var words: String {
        switch self {
        case .running: return "running"
        case .succeeded: return "done"
        case .failed: return "failed"
        case .cancelled: return "cancelled"
        case .notVisible: return "not visible"
        }
    }
}

enum Clock {
    /// `12s`, `1m20s`, `1h02m`: compact durations for table cells.
    static func short(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded(.down)))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(two(s % 60))s" }
        return "\(s / 3600)h\(two(s % 3600 / 60))m"
    }

    /// `12 s`, `3 min 20 s`: for sentences.
    static func words(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded(.up)))
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(s % 60) s" }
        return "\(s / 3600) h \(s % 3600 / 60) min"
    }

    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}

extension TrackedJob {
    /// Time left while running (from `estimatedCompletion`), else `+elapsed`; for an ended job the
    /// time it took.
    func timeText(now: Double) -> String {
        let created = job.createdAt.flatMap(ISOTime.parse)
        if state == .notVisible { return "" }
        if state.isTerminal {
            guard let created, let updated = job.updatedAt.flatMap(ISOTime.parse), updated >= created else { return "" }
            return Clock.short(updated - created)
        }
        if let eta = job.estimatedCompletion.flatMap(ISOTime.parse), eta > now { return Clock.short(eta - now) }
        if let created { return "+" + Clock.short(now - created) }
        return ""
    }
}

extension JobsState {
    func render(into buffer: inout Buffer, settings: ConsoleSettings, bindings: [KeyBinding], now: Double) {
        let g = settings.glyphs
        let width = buffer.size.width
        Chrome.titleBar("gpcn \(settings.glyphs.separator) jobs", right: settings.endpoint, into: &buffer)
        renderHeader(into: &buffer, glyphs: g, now: now)
        let body = Chrome.bodyRect(buffer.size)
        if let t = job(detail) {
            renderDetail(t, in: body, into: &buffer, glyphs: g, now: now)
        } else {
            renderTable(in: body, into: &buffer, glyphs: g, now: now)
        }
        Chrome.status(statusLine(glyphs: g), into: &buffer)
        Chrome.footer(bindings, into: &buffer)
        if let prompt { renderPrompt(prompt, into: &buffer, glyphs: g) }
        _ = width
    }

    // MARK: Header

    func renderHeader(into buffer: inout Buffer, glyphs g: Glyphs, now: Double) {
        let width = buffer.size.width
        let tally = self.tally
        let counts = tally.byState
        let fresh = freshnessText(now: now, glyphs: g)
        let freshWidth = DisplayWidth.of(fresh)
        // Words when they fit beside the freshness, else the row markers ("2 FAIL").
        func countSpans(words: Bool) -> [Span] {
            var spans = [Span("\(jobs.count) job\(jobs.count == 1 ? "" : "s")", Style(.text, .bold))]
            for s in [JobState.running, .succeeded, .failed, .cancelled, .notVisible] {
                guard let n = counts[s] else { continue }
                spans.append(Span(" " + g.separator + " ", .muted))
                spans.append(Span("\(n) \(words ? s.words : s.marker)", s.role))
            }
            let retried = tally.retried
            if retried > 0 { spans.append(Span(" (\(retried) retried)", .muted)) }
            if let queue, queue.queuedCount > 0 {
                spans.append(Span(" " + g.separator + " ", .muted))
                spans.append(Span("\(queue.queuedCount) " + (queue.status == .sending ? "queued" : "not sent"),
                                  queue.status == .sending ? .muted : .warn))
            }
            return spans
        }
        var spans = countSpans(words: true)
        if spans.reduce(0, { $0 + $1.width }) > width - freshWidth - 4 { spans = countSpans(words: false) }
        buffer.put(spans, at: Point(x: 1, y: 1), maxWidth: max(0, width - freshWidth - 4))
        buffer.put(fresh, at: Point(x: width - freshWidth - 1, y: 1), style: Style(.muted))

        // VMs of the batch still to be sent (or never sent, but offered) count as not started.
        let waiting = queue.map { $0.status == .sending || $0.status == .unsent ? $0.queuedCount : 0 } ?? 0
        let total = waiting == 0 ? tally.overallFraction
            : tally.overallFraction * Double(tally.current) / Double(tally.current + waiting)
        let done = tally.currentActive == 0 && waiting == 0
        let barRole: Role = done ? ((tally.currentByState[.succeeded] ?? 0) == tally.current ? .ok : .warn) : .running
        let budget = budgetText(now: now, glyphs: g)
        let budgetWidth = DisplayWidth.of(budget)
        let barWidth = min(44, max(10, width - budgetWidth - 12))
        let x = buffer.put("overall ", at: Point(x: 1, y: 2), style: Style(.muted))
        buffer.render(ProgressBar(fraction: total, glyphs: g, role: barRole), in: Rect(x: x, y: 2, width: barWidth, height: 1))
        buffer.put(budget, at: Point(x: width - budgetWidth - 1, y: 2), style: Style(.muted))

        if let line = problemLine(glyphs: g, now: now) {
            buffer.put(line, at: Point(x: 1, y: 3), maxWidth: width - 2)
        } else if let notice {
            buffer.put([notice], at: Point(x: 1, y: 3), maxWidth: width - 2)
        } else if let journalWarning {
            buffer.put("journal: \(journalWarning)", at: Point(x: 1, y: 3), style: Style(.warn), maxWidth: width - 2)
        }
    }

    /// "updated 3 s ago · every 2 s" and friends.
    func freshnessText(now: Double, glyphs g: Glyphs = .unicode) -> String {
        guard let last = scheduler.lastSuccessAt else {
            return scheduler.isRoundInFlight ? "first refresh" + g.ellipsis : (tally.active == 0 ? "not polling" : "not refreshed yet")
        }
        let ago = "updated \(Clock.words(now - last)) ago"
        if tally.active == 0 { return ago + " \(g.separator) all ended" }
        if scheduler.isRoundInFlight { return ago + " \(g.separator) refreshing" }
        if scheduler.problem != nil { return ago }
        return ago + " \(g.separator) every \(Clock.words(scheduler.interval))"
    }

    /// "API budget 987/1000 · resets in 41 s".
    func budgetText(now: Double, glyphs g: Glyphs = .unicode) -> String {
        guard let remaining = scheduler.budgetRemaining else { return "no budget sent: \(scheduler.settings.assumedLimitPerMinute)/min assumed" }
        var text = "API budget \(remaining)"
        if let limit = scheduler.budgetLimit { text += "/\(limit)" }
        if let reset = scheduler.budgetResetAt, reset > now { text += " \(g.separator) resets in \(Clock.words(reset - now))" }
        return text
    }

    /// While the API is unreachable or limiting us: how stale the screen is and when the next try comes.
    func problemLine(glyphs g: Glyphs, now: Double) -> [Span]? {
        guard let problem = scheduler.problem, let stale = scheduler.staleFor(now: now) else { return nil }
        var timing = "stale for \(Clock.words(stale))"
        if scheduler.isRoundInFlight {
            timing += ", trying again now"
        } else if let next = scheduler.nextTryIn(now: now) {
            timing += ", next try in \(Clock.words(next))"
        }
        let why: String
        switch problem {
        case .rateLimited(let after):
            why = "rate limited (429" + (after.map { ", Retry-After \(Clock.words(Double($0)))" } ?? "") + ")"
        case .budgetSpent:
            why = "API budget spent until the rate-limit window resets"
        case .failing(let e):
            why = e.userMessage
        }
        return [Span(g.failed + " ", .error), Span(timing, Style(.warn, .bold)), Span(" " + g.separator + " " + why, .warn)]
    }

    // MARK: Table

    struct Columns {
        var name: Int, stage: Int, bar: Int, time: Int
        static let marker = 5  // "FAIL" plus a space, or "STATE"
        static let percent = 5  // " 100%"

        /// The widths of the table's columns; `tally` knows the longest name and stage of all jobs.
        init(width: Int, tally: JobTally) {
            let wide = width >= 110
            let longestName = tally.longestName ?? 4
            let longestStage = tally.longestStage ?? 5
            name = min(max(longestName, 4), wide ? 24 : 14)
            stage = min(max(longestStage, 5), wide ? 17 : 12)
            bar = wide ? 16 : 8
            time = 6
        }

        /// x of each column after the 2-column pointer.
        var fixed: Int { 2 + Self.marker + 1 + name + 1 + stage + 1 + bar + Self.percent + 1 + time + 1 }
    }

    func renderTable(in body: Rect, into buffer: inout Buffer, glyphs g: Glyphs, now: Double) {
        let tally = self.tally
        let title = failedOnly ? "Jobs \(g.separator) failed only (\(tally.problems) of \(jobs.count))" : "Jobs"
        buffer.render(Box(title: title, glyphs: g), in: body)
        let inner = Box.inner(body).inset(dx: 1, dy: 0)
        guard inner.height > 1 else { return }
        let cols = Columns(width: inner.width, tally: tally)
        var area = inner
        if list.isEditingFilter || !list.filter.isEmpty {
            let (top, rest) = area.splitTop(1)
            area = rest
            var x = buffer.put("/", at: top.origin, style: Style(.accent))
            x = buffer.put(list.filter, at: Point(x: x, y: top.y), style: Style(.input), maxWidth: top.maxX - x)
            if list.isEditingFilter { buffer.put(" ", at: Point(x: x, y: top.y), style: Style(.input, .reverse)) }
        }
        let (headerRow, rowsArea) = area.splitTop(1)
        let header = "  " + "STATE".fitted(toWidth: Columns.marker + 1) + "NAME".fitted(toWidth: cols.name + 1)
            + "STAGE".fitted(toWidth: cols.stage + 1) + "PROGRESS".fitted(toWidth: cols.bar + Columns.percent + 1)
            + "TIME".fitted(toWidth: cols.time + 1) + "MESSAGE"
        buffer.put(header, at: headerRow.origin, style: Style(.muted), maxWidth: headerRow.width)
        guard !rowsArea.isEmpty else { return }
        if list.visible.isEmpty, jobs.isEmpty, queue?.queued.isEmpty == false {
            renderQueued(in: rowsArea, cols: cols, into: &buffer, glyphs: g, now: now)
            return
        }
        if list.visible.isEmpty {
            let message = jobs.isEmpty ? "no jobs" : (failedOnly ? "no failed jobs (f shows all)" : "no match for \"\(list.filter)\"")
            buffer.put(message, at: Point(x: rowsArea.x + 2, y: rowsArea.y), style: Style(.muted), maxWidth: rowsArea.width - 2)
            return
        }
        // Only the rows on screen are looked at, through the board's id index (JobBoard.index(of:)).
        let offset = list.offset(forHeight: rowsArea.height)
        var drawn = 0
        defer {
            if drawn < rowsArea.height, !failedOnly, list.filter.isEmpty {
                renderQueued(in: Rect(x: rowsArea.x, y: rowsArea.y + drawn, width: rowsArea.width, height: rowsArea.height - drawn),
                             cols: cols, into: &buffer, glyphs: g, now: now)
            }
        }
        for line in 0..<rowsArea.height {
            let p = offset + line
            guard p < list.visible.count, let i = index(of: list.rows[list.visible[p]].id) else { break }
            drawn = line + 1
            // The filter's matched characters are highlighted in the name (the column matched best).
            let matched = list.matchedCharacters(row: list.visible[p]).flatMap { $0.column == 0 ? $0.characters : nil }
            renderRow(jobs[i], selected: p == list.cursor, cols: cols, at: rowsArea.row(line), into: &buffer, glyphs: g, now: now,
                      matched: matched)
        }
        if list.visible.count > rowsArea.height {
            let more = " \(min(list.visible.count, offset + rowsArea.height))/\(list.visible.count) "
            buffer.put(more, at: Point(x: body.maxX - DisplayWidth.of(more) - 2, y: body.maxY - 1), style: Style(.muted))
        }
    }

    /// Queued rows under the jobs: the VMs of the batch not requested yet, with the time their
    /// create is planned to be sent (or why nothing sends them), as many as fit.
    func renderQueued(in area: Rect, cols: Columns, into buffer: inout Buffer, glyphs g: Glyphs, now: Double) {
        guard let queue, !area.isEmpty else { return }
        let creates = queue.queued
        guard !creates.isEmpty else { return }
        // Widths of their own: the jobs' columns are sized to the jobs (there may be none yet).
        let queuedNames = queue.queuedNames  // once a frame, not per row
        let nameWidth = max(cols.name, min(queuedNames.map(DisplayWidth.of).max() ?? 0, max(8, area.width / 3)))
        let stageWidth = max(cols.stage, 9)
        // The window the polls' answers told of: creates past what is left of it wait for the next.
        let budget = scheduler.budgetRemaining.flatMap { remaining in
            scheduler.budgetResetAt.flatMap { reset in
                scheduler.budgetLimit.map { SendQueue.Budget(remaining: remaining, resetAt: reset, limit: $0) }
            }
        }
        var line = 0
        for (position, k) in creates.enumerated() {
            for name in queue.creates[k] {
                guard line < area.height else { return }
                if line == area.height - 1, queuedNames.count > line + 1 {
                    buffer.put("  + \(queuedNames.count - line) more queued", at: Point(x: area.x, y: area.y + line),
                               style: Style(.muted), maxWidth: area.width)
                    return
                }
                let stage: String, when: String
                switch queue.status {
                case .sending:
                    stage = "queued"
                    when = queue.plannedSendTime(position: position, now: now, budget: budget)
                        .map { "in " + Clock.short($0 - now) } ?? ""
                case .unsent, .stopped, .ended: (stage, when) = ("not sent", "")
                case .elsewhere: (stage, when) = ("elsewhere", "")
                }
                let row = "  " + "·".fitted(toWidth: Columns.marker + 1) + name.fitted(toWidth: nameWidth, ellipsis: g.ellipsis) + " "
                    + stage.fitted(toWidth: stageWidth + 1) + String(repeating: " ", count: cols.bar + Columns.percent + 1)
                    + when.fitted(toWidth: cols.time, alignment: .right) + " " + "create \(k + 1) of \(queue.creates.count)"
                buffer.put(row, at: Point(x: area.x, y: area.y + line), style: Style(.muted), maxWidth: area.width)
                line += 1
            }
        }
    }

    func renderRow(_ t: TrackedJob, selected: Bool, cols: Columns, at row: Rect, into buffer: inout Buffer,
                   glyphs g: Glyphs, now: Double, matched: [Int]? = nil) {
        let y = row.y
        let base: Style = selected ? Style(.selection) : Style(.text)
        if selected { buffer.fill(row, style: base) }
        func style(_ role: Role) -> Style { selected ? Style(.selection, .bold) : Style(role) }
        var x = buffer.put(selected ? g.pointer + " " : "  ", at: row.origin, style: base, maxWidth: row.width)
        x = buffer.put(t.state.marker.fitted(toWidth: Columns.marker), at: Point(x: x, y: y), style: style(t.state.role).adding(.bold)) + 1
        let name = t.name.fitted(toWidth: cols.name, ellipsis: g.ellipsis)
        if let matched {
            x = buffer.put(ListView.highlighted(name, original: t.name, characters: matched, style: base,
                                                match: ListView.matchStyle(base)), at: Point(x: x, y: y)) + 1
        } else {
            x = buffer.put(name, at: Point(x: x, y: y), style: base) + 1
        }
        let stage = (t.job.stage ?? "").replacingUnderscores()
        x = buffer.put(stage.fitted(toWidth: cols.stage, ellipsis: g.ellipsis), at: Point(x: x, y: y), style: selected ? base : Style(.muted)) + 1
        if selected {
            // The bar keeps its shape on the highlighted row; the selection role keeps it readable.
            let full = cols.bar * t.progress / 100
            buffer.put(String(repeating: g.barFull, count: full) + String(repeating: g.barEmpty, count: cols.bar - full)
                       + " " + "\(t.progress)%".fitted(toWidth: 4, alignment: .right), at: Point(x: x, y: y), style: base)
        } else {
            buffer.render(ProgressBar(percent: t.progress, glyphs: g, role: t.state.role),
                          in: Rect(x: x, y: y, width: cols.bar + Columns.percent, height: 1))
        }
        x += cols.bar + Columns.percent + 1
        x = buffer.put(t.timeText(now: now).fitted(toWidth: cols.time, alignment: .right), at: Point(x: x, y: y), style: base) + 1
        let spans = Self.fit(messageSpans(t, glyphs: g), width: max(0, row.maxX - x), ellipsis: g.ellipsis)
        buffer.put(spans.map { selected ? Span($0.text, base) : $0 }, at: Point(x: x, y: y), maxWidth: max(0, row.maxX - x))
    }

    /// `spans` cut to `width` columns, ending with `ellipsis` when something was cut.
    static func fit(_ spans: [Span], width: Int, ellipsis: String) -> [Span] {
        let total = spans.reduce(0) { $0 + $1.width }
        guard total > width else { return spans }
        var out: [Span] = []
        var left = width
        for span in spans {
            if span.width < left { out.append(span); left -= span.width; continue }
            out.append(Span(span.text.truncated(toWidth: left, ellipsis: ellipsis), span.style))
            break
        }
        return out
    }

    /// The last column: progress text, or for a failure the error and whether it can be retried.
    func messageSpans(_ t: TrackedJob, glyphs g: Glyphs) -> [Span] {
        if let by = t.retriedBy {
            let newer = job(by)
            return [Span("retried " + g.pointer + " " + Self.shortId(by) + (newer.map { " " + $0.state.marker } ?? ""), .muted)]
        }
        switch t.retry {
        case .submitting?: return [Span("submitting a retry" + g.ellipsis, .running)]
        case .failed(let why)?: return [Span("retry failed: " + why, .error)]
        case .unconfirmed(nil, _)?: return [Span("retry not confirmed; checking the VM list" + g.ellipsis, .warn)]
        case .unconfirmed(.failed?, _)?, .unconfirmed(.possible?, _)?:
            return [Span("retry not confirmed: the VM may exist; check before retrying", .error)]
        case .unconfirmed(.notFound?, _)?: return [Span("[r] retry did not go through (no VM of that name)", .warn)]
        case .unconfirmed(.recovered?, _)?: break
        case nil: break
        }
        switch t.state {
        case .failed, .cancelled:
            let text = t.job.failureText ?? (t.state == .cancelled ? "cancelled by the platform" : "failed")
            let retry = retryBlocker(t) == nil ? "[r] " : (t.job.canRetry == true ? "" : "[no retry] ")
            return [Span(retry, t.job.canRetry == true ? .accent : .muted), Span(text, t.state.role)]
        case .notVisible:
            return [Span(Self.notVisibleText, .muted)]
        case .succeeded:
            // Its addresses once looked up (the next thing an operator needs), else the message.
            if let vm = t.job.resourceId, let a = addresses[vm], !a.isEmpty {
                var spans: [Span] = []
                if let p = a.privateIp { spans += [Span("private ", .muted), Span(p, .ok)] }
                if let p = a.publicIp { spans += [Span((spans.isEmpty ? "" : "  ") + "public ", .muted), Span(p, .ok)] }
                return spans
            }
            return [Span(t.job.message ?? "completed", .ok)]
        case .running:
            let retryMark = t.retryOf.map { "(retry of \(Self.shortId($0))) " } ?? ""
            return [Span(retryMark, .muted), Span(t.job.message ?? t.job.timeRemaining ?? "", .text)]
        }
    }

    // MARK: Details

    func renderDetail(_ t: TrackedJob, in body: Rect, into buffer: inout Buffer, glyphs g: Glyphs, now: Double) {
        buffer.render(Box(title: "Job \(t.name)", glyphs: g), in: body)
        let inner = Box.inner(body).inset(dx: 1, dy: 0)
        let labelWidth = 13
        let valueWidth = max(1, inner.width - labelWidth)
        var lines: [[Span]] = []
        func add(_ label: String, _ value: [Span]) {
            lines.append([Span(label.fitted(toWidth: labelWidth), .muted)] + value)
        }
        func add(_ label: String, _ value: String?, _ role: Role = .text) {
            guard let value, !value.isEmpty else { return }
            let wrapped = DisplayWidth.wrap(value, width: valueWidth)
            for (i, part) in wrapped.prefix(3).enumerated() {
                lines.append([Span((i == 0 ? label : "").fitted(toWidth: labelWidth), .muted), Span(part, role)])
            }
        }
        add("Job id", t.job.jobId)
        add("VM name", t.name)
        add("State", [Span(t.state.marker, Style(t.state.role, .bold)), Span(" " + t.state.words, t.state.role),
                      Span("  stage " + (t.job.stage ?? "?") + "  \(t.progress)%", .text)])
        add("Message", t.job.message)
        if t.state != .succeeded { add("Error", t.job.errorMessage ?? (t.state == .notVisible ? Self.notVisibleText : nil), .error) }
        if t.state.isTerminal && t.state != .succeeded && t.state != .notVisible {
            let can = t.job.canRetry == true
            add("Can retry", [Span(can ? "yes" : "no", can ? .ok : .muted),
                              Span(retryBlocker(t).map { can ? "  (\($0))" : "" } ?? "  (r retries it)", .muted)])
        }
        add("Operation", [t.job.operation, t.job.resourceType, t.job.resourceDisplayName].compactMap { $0 }.joined(separator: " \(g.separator) "))
        add("Resource id", t.job.resourceId ?? "not assigned yet")
        add("Created", t.job.createdAt)
        add("Updated", t.job.updatedAt)
        if !t.state.isTerminal {
            add("Completion", [t.job.estimatedCompletion, t.job.timeRemaining.map { "(\($0))" }].compactMap { $0 }.joined(separator: " "))
        }
        if let of = t.retryOf { add("Retry of", of) }
        if let by = t.retriedBy { add("Retried as", by) }
        lines.append([])
        lines.append(vmLine(t, labelWidth: labelWidth, glyphs: g))
        for (i, l) in lines.prefix(inner.height).enumerated() {
            buffer.put(l, at: Point(x: inner.x, y: inner.y + i), maxWidth: inner.width)
        }
    }

    func vmLine(_ t: TrackedJob, labelWidth: Int, glyphs g: Glyphs) -> [Span] {
        let label = Span("VM".fitted(toWidth: labelWidth), .muted)
        guard t.state == .succeeded else {
            return [label, Span(t.state.isTerminal ? "no VM details: the job did not complete" :
                                    "shown when the job has completed", .muted)]
        }
        guard let id = t.job.resourceId, !id.isEmpty else { return [label, Span("the job names no VM (no resourceId)", .warn)] }
        switch vms[id] {
        case .loaded(let vm)?:
            var spans = [label, Span("status ", .muted), Span(vm.status.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown", .ok)]
            let addresses = vm.addresses
            let unknown = vm.interfaces == nil && addresses.isEmpty ? "not known" : "none"
            spans.append(Span("  private IP ", .muted))
            spans.append(Span(addresses.privateIp ?? unknown, .text))
            spans.append(Span("  public IP ", .muted))
            spans.append(Span(addresses.publicIp ?? unknown, .text))
            if let attached = vm.interfaces?.first(where: { $0.isPrimary == true })?.attachment ?? vm.interfaces?.first?.attachment {
                spans.append(Span("  on ", .muted))
                spans.append(Span(attached, .text))
            }
            return spans
        case .failed(let e)?:
            return [label, Span("cannot load the VM: " + e.userMessage, .error)]
        default:
            return [label, Span("loading the VM" + g.ellipsis, .running)]
        }
    }

    // MARK: Status and prompts

    func statusLine(glyphs g: Glyphs) -> [Span] {
        if detail == nil, let t = job(list.selectedID), t.isProblem,
           t.retriedBy == nil {
            let text = t.state == .notVisible ? Self.notVisibleText : (t.job.failureText ?? t.state.words)
            let tail: String
            if t.state == .notVisible { tail = "" }
            else if retryBlocker(t) == nil { tail = " " + g.separator + " r retries it" }
            else { tail = " " + g.separator + " " + (retryBlocker(t) ?? "") }
            return [Span(t.name + ": ", Style(t.state.role, .bold)), Span(text, t.state.role), Span(tail, .muted)]
        }
        if let queue, let line = queueLine(queue, glyphs: g) { return line }
        let tally = self.tally
        if !jobs.isEmpty && tally.active == 0 {
            let failed = tally.current - (tally.currentByState[.succeeded] ?? 0)
            if failed == 0 { return [Span(g.ok + " All jobs have ended: every VM was created. ", .ok), Span("q leaves.", .muted)] }
            return [Span("All jobs have ended; \(failed) did not succeed. ", .warn),
                    Span(anyRetryable ? "R retries them, q leaves." : "q leaves.", .muted)]
        }
        return []
    }

    /// The status line while a batch is being sent or has creates left unsent.
    func queueLine(_ queue: SendQueue, glyphs g: Glyphs) -> [Span]? {
        let names = queue.queuedNames
        switch queue.status {
        case .sending where !names.isEmpty:
            let sent = queue.creates.count - queue.pending.count
            return [Span("Sending: \(sent) of \(queue.creates.count) creates sent, \(names.count) VMs queued "
                         + "(\(SubmitGuard.namesText(names))). ", .running), Span("q asks to stop sending.", .muted)]
        case .unsent where !names.isEmpty:
            return [Span("\(names.count) VMs of a batch were never sent (\(SubmitGuard.namesText(names))): an earlier gpcn stopped. ",
                         .warn), Span("S sends them (asks first).", .muted)]
        case .elsewhere(let owner) where !names.isEmpty:
            return [Span("\(names.count) VMs of a batch are still being sent by gpcn \(owner).", .muted)]
        case .stopped where !names.isEmpty:
            return [Span("Sending stopped: \(names.count) VMs not requested (\(SubmitGuard.namesText(names))).", .warn)]
        default:
            return nil
        }
    }

    func renderPrompt(_ prompt: JobsPrompt, into buffer: inout Buffer, glyphs g: Glyphs) {
        let names = { (ids: [String]) in ids.compactMap { id in self.job(id)?.name } }
        switch prompt {
        case .confirmRetry(let ids):
            let list = names(ids)
            let what = list.count == 1 ? list[0] : "\(list.count) VMs (\(list.joined(separator: ", ")))"
            let modal = Modal(title: list.count == 1 ? "Retry \(list[0])?" : "Retry \(list.count) failed jobs?",
                              message: ["This submits the original create again for \(what), one VM each, same name. "
                                        + "It is a new job (and may be billed).",
                                        needsPassword(ids) ? "The password will be asked for again: it was never stored." : ""]
                                .filter { !$0.isEmpty },
                              hints: promptBindings,
                              role: .warn, glyphs: g)
            buffer.render(modal, in: buffer.area)
        case .confirmRetryMayExist(let id):
            let name = names([id]).first ?? id
            let modal = Modal(title: "Retry \(name) anyway?",
                              message: ["The last retry of \(name) may have created the VM: its answer was lost and the "
                                        + "VM list could not tell. Retrying now may create a second \(name) (and be billed).",
                                        "Check first: " + ShellHint.vms(name: name)],
                              hints: promptBindings,
                              role: .error, glyphs: g)
            buffer.render(modal, in: buffer.area)
        case .password(let ids, let field, let error):
            let intro = "The password for \(names(ids).joined(separator: ", ")) (it was never stored; it is not kept after this):"
            renderPasswordPrompt(intro: intro, field: field, error: error, into: &buffer, glyphs: g)
        case .resumePassword(let field, let error):
            let names = queue?.queuedNames ?? []
            let intro = "The password for \(SubmitGuard.namesText(names)) (the journal never stores it; it is not kept after this):"
            renderPasswordPrompt(intro: intro, field: field, error: error, into: &buffer, glyphs: g)
        case .confirmStopSending:
            let names = queue?.queuedNames ?? []
            let modal = Modal(title: "Stop sending?",
                              message: ["\(queue?.queued.count ?? 0) creates are still queued: \(SubmitGuard.namesText(names)) "
                                        + "(\(names.count) VM\(names.count == 1 ? "" : "s")). y stops sending them and leaves, "
                                        + "s stops sending them and stays; the creates already sent go on server-side "
                                        + "(gpcn jobs follows them).",
                                        "n keeps sending and stays."],
                              hints: promptBindings, role: .warn, glyphs: g)
            buffer.render(modal, in: buffer.area)
        case .confirmSendRest:
            let names = queue?.queuedNames ?? []
            let modal = Modal(title: "Send the rest of the batch?",
                              message: ["An earlier gpcn stopped before sending \(names.count) VM\(names.count == 1 ? "" : "s"): "
                                        + "\(SubmitGuard.namesText(names)). y sends them now, one create after another "
                                        + "(new VMs, billed); each is journaled before it is sent.",
                                        (queue?.unsentBatch?.uncertain.isEmpty ?? true) ? ""
                                            : "Creates whose answer was lost are not among them: gpcn jobs looks those up by name."]
                                .filter { !$0.isEmpty },
                              hints: promptBindings, role: .warn, glyphs: g)
            buffer.render(modal, in: buffer.area)
        }
    }

    func renderPasswordPrompt(intro: String, field: TextFieldState, error: String?, into buffer: inout Buffer, glyphs g: Glyphs) {
        let modal = Modal(title: "Password", message: [intro, " ", error ?? " "],
                          hints: promptBindings,
                          role: .title, glyphs: g, maxWidth: 64)
        buffer.render(modal, in: buffer.area)
        let frame = modal.frame(in: buffer.area)
        let inner = Box.inner(frame).inset(dx: 1, dy: 0)
        let introLines = DisplayWidth.wrap(intro, width: max(1, frame.width - 4)).count
        var f = field
        f.viewportWidth = max(1, inner.width)
        buffer.render(TextField(f, placeholder: "type the password", isFocused: true),
                      in: Rect(x: inner.x, y: inner.y + introLines, width: inner.width, height: 1))
        if let error {
            buffer.put(error, at: Point(x: inner.x, y: inner.y + introLines + 1), style: Style(.error), maxWidth: inner.width)
        }
    }
}

extension String {
    /// `preparing_network` → `preparing network`.
    func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}
