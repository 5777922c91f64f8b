import GPCNCore
import TerminalUI

/// One tracked job: the last answer about it and what it means.
public struct TrackedJob: Sendable, Equatable {
    public var job: Job
    public var state: JobState
    /// When we last heard about it (seconds since 1970).
    public var seenAt: Double?

    public init(job: Job, state: JobState? = nil, seenAt: Double? = nil) {
        self.job = job; self.state = state ?? job.state; self.seenAt = seenAt
    }
}

/// The jobs of a submission, polled until every one has ended. (The full dashboard of issue 4
/// builds on this: header, details, retry, filters.)
public struct JobsState: Sendable, Equatable {
    public var jobs: [TrackedJob]
    public var request: CreateVMRequest?
    public var submittedAt: Double
    public var list = ListState()
    public var lastRefresh: Double?
    public var lastError: APIError?
    public var polling = false
    public var rateLimit: RateLimit?
    public var journalWarning: String?
    /// Set when the operator leaves; the app quits with this code.
    public var quitRequested: Int32?

    public init(jobs: [Job], request: CreateVMRequest?, submittedAt: Double) {
        self.jobs = jobs.map { TrackedJob(job: $0) }
        self.request = request
        self.submittedAt = submittedAt
    }

    public var activeIds: [String] { jobs.filter { !$0.state.isTerminal }.map(\.job.jobId) }

    /// 0 all succeeded, 3 some failed, 4 some still running (DESIGN.md §2).
    public var exitCode: Int32 {
        if jobs.contains(where: { !$0.state.isTerminal }) { return 4 }
        if jobs.contains(where: { $0.state != .succeeded }) { return 3 }
        return 0
    }

    mutating func layout(for size: Size) {
        list.viewportHeight = max(1, Chrome.bodyRect(size).height - 3)
    }

    mutating func start(now: Double, settings: ConsoleSettings) -> [Effect] {
        refreshRows()
        return pollNow()
    }

    mutating func pollNow() -> [Effect] {
        let ids = activeIds
        guard !ids.isEmpty, !polling else { return [] }
        polling = true
        return [.pollJobs(ids)]
    }

    mutating func update(_ msg: Msg, now: Double, settings: ConsoleSettings) -> [Effect] {
        switch msg {
        case .jobsPolled(let result):
            polling = false
            var wait = settings.minimumPollInterval
            switch result {
            case .success(let answer):
                lastError = nil
                lastRefresh = now
                rateLimit = answer.rateLimit ?? rateLimit
                var effects: [Effect] = []
                let byId = Dictionary(answer.jobs.map { ($0.jobId, $0) }, uniquingKeysWith: { a, _ in a })
                let asked = Set(activeIds)
                for i in jobs.indices where asked.contains(jobs[i].job.jobId) {
                    let before = jobs[i].state
                    if let fresh = byId[jobs[i].job.jobId] {
                        jobs[i].job = fresh
                        jobs[i].state = fresh.state
                        jobs[i].seenAt = now
                    } else {
                        jobs[i].state = .notVisible  // omitted: permanent, stop polling it
                    }
                    if !before.isTerminal && jobs[i].state.isTerminal {
                        effects.append(.appendJournal(.jobEnded(.init(
                            jobId: jobs[i].job.jobId, time: ISOTime.format(now), state: jobs[i].state,
                            errorMessage: jobs[i].state == .succeeded ? nil : jobs[i].job.failureText,
                            resourceId: jobs[i].job.resourceId))))
                    }
                }
                refreshRows()
                if !activeIds.isEmpty { effects.append(.startTimer(.poll, seconds: wait)) }
                return effects
            case .failure(let error):
                lastError = error
                wait = Double(error.retryAfter ?? 5)
                return activeIds.isEmpty ? [] : [.startTimer(.poll, seconds: max(wait, settings.minimumPollInterval))]
            }
        case .timer(.poll):
            return pollNow()
        case .journalFailed(let why):
            journalWarning = why
            return []
        default:
            return []
        }
    }

    mutating func handle(_ key: Key, now: Double, settings: ConsoleSettings) -> [Effect] {
        if key == .character("q") {
            quitRequested = exitCode
            return []
        }
        _ = list.handle(key)
        return []
    }

    mutating func refreshRows() {
        let rows = jobs.map { t in
            ListRow.item(t.job.jobId, [t.job.displayName, t.state.marker, t.job.stage ?? "", "\(t.job.progress)%",
                                       t.state == .failed ? (t.job.failureText ?? "failed") : (t.job.message ?? "")])
        }
        list.setRows(rows, selectedID: list.selectedID)
    }

    var bindings: [KeyBinding] {
        [KeyBinding([.up, .down, .character("j"), .character("k")], "select", help: "select a job",
                    section: "Jobs", keyLabel: "Up/Down"),
         KeyBinding([.character("q")], "leave", help: "leave; jobs go on server-side and stay in the journal",
                    section: "Jobs")]
    }

    func render(into buffer: inout Buffer, settings: ConsoleSettings, bindings: [KeyBinding], now: Double) {
        let g = settings.glyphs
        let counts = Dictionary(grouping: jobs, by: \.state).mapValues(\.count)
        Chrome.titleBar("gpcn \(g.separator) jobs", right: settings.endpoint, into: &buffer)
        let summary = JobState.allCases.compactMap { s in counts[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ")
        buffer.put("\(jobs.count) job\(jobs.count == 1 ? "" : "s"): \(summary)", at: Point(x: 1, y: 1),
                   style: Style(.text, .bold), maxWidth: buffer.size.width - 2)
        let done = jobs.reduce(0) { $0 + ($1.state.isTerminal ? 100 : $1.job.progress) }
        buffer.render(ProgressBar(fraction: jobs.isEmpty ? 1 : Double(done) / Double(jobs.count * 100), glyphs: g),
                      in: Rect(x: 1, y: 2, width: min(40, buffer.size.width - 2), height: 1))
        if let lastError {
            buffer.put([Span(g.failed + " ", .error), Span(lastError.userMessage + " (showing the last known state)", .warn)],
                       at: Point(x: 1, y: 3), maxWidth: buffer.size.width - 2)
        } else if let journalWarning {
            buffer.put("journal: \(journalWarning)", at: Point(x: 1, y: 3), style: Style(.warn), maxWidth: buffer.size.width - 2)
        }
        let body = Chrome.bodyRect(buffer.size)
        buffer.render(Box(title: "Jobs", glyphs: g), in: body)
        buffer.render(ListView(list, glyphs: g, emptyMessage: "no jobs"), in: Box.inner(body).inset(dx: 1, dy: 0))
        if activeIds.isEmpty {
            Chrome.status([Span("All jobs have ended. ", .ok), Span("q leaves.", .muted)], into: &buffer)
        }
        Chrome.footer(bindings, into: &buffer)
    }
}
