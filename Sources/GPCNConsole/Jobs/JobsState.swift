import GPCNApp
import GPCNCore
import TerminalUI

/// A small modal of the dashboard.
public enum JobsPrompt: Sendable, Equatable {
    /// "Retry these jobs?" (y / n).
    case confirmRetry([String])
    /// The last retry of this job may have created its VM (answer lost, the VM list unreadable
    /// or ambiguous): "retry anyway?" (y / n), said plainly.
    case confirmRetryMayExist(String)
    /// The password for the retried VMs (the original was never stored). `error` says why Enter
    /// was refused.
    case password([String], TextFieldState, error: String?)
    /// `q` while creates of the batch are still queued: stop sending them and leave? (y / n)
    case confirmStopSending
    /// `S` on a batch an earlier gpcn left part-sent: send the rest? (y / n)
    case confirmSendRest
    /// The password for the rest of a part-sent batch that logs in by password (never stored).
    case resumePassword(TextFieldState, error: String?)
}

/// The live job dashboard (docs/product.md §5): the UI on top of a `JobBoard` (the jobs of the session,
/// polled by its `PollScheduler` until they end, their ends journaled): list, details, failed-only
/// filter, prompts, notices and retry. Run without a screen (`JobBoard.Mode` other than `.watch`)
/// it is the follower of `gpcn jobs`, `create --wait` and accessible mode: it asks to quit when
/// the board is over.
public struct JobsState: Sendable, Equatable {
    /// The following core: jobs, scheduler, journal warning, exit code.
    public var board: JobBoard
    public var jobs: [TrackedJob] {
        get { board.jobs }
        _modify { yield &board.jobs }
    }
    /// The request of the submission that opened the dashboard (no password).
    public var request: CreateVMRequest?
    public var submittedAt: Double
    /// Cursor and scrolling over the rows shown.
    public var list = ListState()
    public var scheduler: PollScheduler {
        get { board.scheduler }
        _modify { yield &board.scheduler }
    }
    /// `f`: only failed, cancelled and vanished jobs.
    public var failedOnly = false
    /// The job whose details are open.
    public var detail: String?
    /// VMs fetched for the details view, by resource id.
    public var vms: [String: Loadable<VirtualMachine>] = [:]
    /// Addresses of finished VMs, by VM id (looked up once each; AfterCreate.swift).
    public var addresses: [String: VMAddresses] = [:]
    var addressesAsked: Set<String> = []
    /// The creates of the batch not sent yet (a batch of more than one create), or a batch an
    /// earlier gpcn left part-sent (SendQueue.swift).
    public var queue: SendQueue?
    /// The window title last set, so it is sent only when it changes.
    var title: String?
    public var prompt: JobsPrompt?
    /// A one-line message about the last action (retry submitted, refused, …).
    public var notice: Span?
    public var journalWarning: String? {
        get { board.journalWarning }
        set { board.journalWarning = newValue }
    }
    /// Set when the operator leaves; the app quits with this code.
    public var quitRequested: Int32?
    /// When the armed poll timer fires (so only one is armed at a time).
    var timerTarget: Double?
    /// Counts, overall bar and column widths of all jobs, kept as they change (JobTally.swift).
    var tallyCache = TallyCache()

    /// The dashboard for jobs just submitted by the wizard.
    public init(jobs: [Job], request: CreateVMRequest?, submittedAt: Double) {
        let names = request.map { JournalEntry.instanceNames(of: jobs, request: $0) } ?? []
        board = JobBoard(jobs: jobs.enumerated().map { i, job in
            TrackedJob(job: job, knownName: i < names.count ? names[i] : nil, request: request)
        }, now: submittedAt)
        self.request = request?.withoutPassword
        self.submittedAt = submittedAt
    }

    /// The dashboard for jobs reopened from the journal or given on the command line; with a
    /// `mode` other than `.watch`, the follower without a screen.
    public init(tracked: [TrackedJob], openedAt: Double, mode: JobBoard.Mode = .watch) {
        board = JobBoard(jobs: tracked, mode: mode, now: openedAt)
        request = nil
        submittedAt = openedAt
    }

    public var activeIds: [String] { board.activeIds }

    /// Jobs that count for the outcome: a job replaced by a retry is represented by its retry.
    var current: [TrackedJob] { board.current }

    /// The one exit-code rule (`JobBoard.exitCode`): 3 some failed, else 4 some still running, else 0.
    public var exitCode: Int32 { board.exitCode }

    /// True while typed characters belong to a field (the password prompt or the list filter).
    public var isTypingText: Bool {
        if case .password? = prompt { return true }
        return list.isEditingFilter
    }

    func index(of id: String) -> Int? { board.index(of: id) }

    /// The job with `id` (the first one), found through the board's id index.
    func job(_ id: String?) -> TrackedJob? { id.flatMap(index(of:)).map { jobs[$0] } }

    // MARK: - Layout

    /// Rows of the job table: the body box minus its borders and the column header.
    static func tableHeight(_ size: Size) -> Int { max(1, Chrome.bodyRect(size).height - 3) }

    mutating func layout(for size: Size) {
        list.viewportHeight = Self.tableHeight(size)
    }

    // MARK: - Polling

    mutating func start(now: Double, settings: ConsoleSettings) -> [Effect] {
        board.start(now: now, fastInterval: settings.minimumPollInterval)
        refreshRows()
        let effects = advance(now: now)
        return isOver ? effects + [.quit(exitCode: exitCode)] : effects
    }

    /// Following without a screen is over when the board is and no create of the batch is still
    /// to be sent (its jobs would join the board).
    var isOver: Bool { board.isOver && queue?.isSending != true }

    /// Starts a round when one is due, and keeps one timer armed for the next decision: the next
    /// round, or the next second of the "next try in N s" countdown while the data is stale.
    mutating func advance(now: Double) -> [Effect] {
        // Timers may wake a millisecond early (they sleep whole milliseconds).
        var effects = board.startRound(now: now + 0.02).map { Effect.pollJobBatch($0) }
        var target: Double?
        if !scheduler.isRoundInFlight, let next = scheduler.nextTryIn(now: now) { target = now + next }
        if scheduler.problem != nil { target = min(target ?? now + 1, now + 1) }
        if let target, timerTarget.map({ target < $0 - 0.01 }) ?? true {
            timerTarget = target
            effects.append(.startTimer(.poll, seconds: max(0, target - now)))
        }
        return effects
    }

    mutating func update(_ msg: Msg, now: Double, settings: ConsoleSettings) -> [Effect] {
        switch msg {
        case .jobBatchPolled(let ids, let result):
            let wasActive = tally.active > 0  // the kept tally: no scan of every job per answer
            var effects = answered(ids, result, now: now)
            // Without a screen, following ends with the board: the ends are journaled first.
            if isOver { return effects + [.quit(exitCode: exitCode)] }
            effects += afterPoll(allEndedNow: wasActive && tally.active == 0, settings: settings)
            effects += advance(now: now)
            return effects
        case .addressesFound(let found):
            addresses.merge(found) { _, new in new }
            return []
        case .inventoryWritten(let result):
            switch result {
            case .success(let path):
                notice = Span("Inventory written to \(path) (ansible-playbook -i \(path.split(separator: "/").last ?? "") …; "
                              + "other formats: gpcn jobs --export FORMAT).", .ok)
            case .failure(let why):
                notice = Span("Inventory not written: \(why.message)", .error)
            }
            return []
        case .cameBack(let command, let status):
            notice = Span("Back from \(command)" + (status == 0 ? "." : " (exit \(status))."), status == 0 ? .muted : .warn)
            return [.redraw] + advance(now: now)
        case .timer(.poll):
            if let t = timerTarget, now + 0.02 >= t { timerTarget = nil }
            return advance(now: now)
        case .vmLoaded(let id, let result):
            switch result {
            case .success(let vm):
                vms[id] = .loaded(vm)
                if !vm.addresses.isEmpty { addresses[id] = vm.addresses }
            case .failure(let e): vms[id] = .failed(e)
            }
            return []
        case .retrySubmitted(let old, let result):
            var effects = retried(old, result, now: now, settings: settings)
            effects += advance(now: now)
            return effects
        case .journalFailed(let why):
            journalWarning = why
            return []
        case .batchSending(let k):
            queue?.sending(k, now: now)
            return []
        case .batchCreateAccepted(let k, let made):
            queue?.answered(k)
            let names = queue.map { $0.creates[k] } ?? []
            let body = queue.flatMap { k < $0.bodies.count ? $0.bodies[k] : nil }
            let known = body.map { JournalEntry.instanceNames(of: made, request: $0) } ?? names
            let added = made.enumerated().map { i, job in
                TrackedJob(job: job, seenAt: now, knownName: i < known.count ? known[i] : nil, request: body)
            }
            jobs.append(contentsOf: added)
            scheduler.add(added.filter { !$0.state.isTerminal }.map(\.job.jobId), now: now)
            refreshRows()
            return advance(now: now)
        case .batchEnded(let stop):
            queue?.ended(stop)
            if let stop { notice = Span(stop, .error) }
            return isOver ? [.quit(exitCode: exitCode)] : []
        case .createNotice(let text, let isProblem):
            notice = Span(text, isProblem ? .error : .warn)
            return []
        case .createChecked(let retryOf?, let check):
            guard let i = index(of: retryOf) else { return [] }
            let name = jobs[i].name
            guard case .unconfirmed? = jobs[i].retry else { return [] }  // not a lost answer of ours
            jobs[i].retry = .unconfirmed(check: check, accepted: false)
            // The create submitter's words for what the VM list showed, then this screen's next key.
            let words = "Retry of \(name): " + CreateOutcome.text(check, CreateBatch(names: [name], searchName: name))
            switch check {
            case .recovered(let vms):
                // It went through: the failed job is replaced, though the new job id is unknown.
                notice = Span(words, .warn)
                jobs[i].retriedBy = vms.first.map { "vm:" + $0.vmId }
            case .notFound:
                notice = Span(words + " r retries it.", .warn)
            case .possible, .failed:
                notice = Span(words + " r asks to confirm.", .error)
            }
            refreshRows()
            return []
        default:
            return []
        }
    }

    /// Folds one batch answer into the board (jobs and scheduler) and the rows; journals ends.
    mutating func answered(_ ids: [String], _ result: Result<JobsAnswer, APIError>, now: Double) -> [Effect] {
        guard case .success = result else { return board.fold(ids, result, now: now).map(Effect.appendJournal) }
        // The answered jobs leave the tally before the fold and come back after: the cost is theirs only.
        board.settle()
        var tally = self.tally
        for id in ids { if let i = index(of: id) { tally.remove(jobs[i]) } }
        let ended = board.fold(ids, result, now: now)
        for id in ids { if let i = index(of: id) { tally.add(jobs[i]) } }
        keep(tally)
        refreshRows(changed: ids)
        return ended.map(Effect.appendJournal)
    }

    static var notVisibleText: String { JobBoard.notVisibleText }

    // MARK: - Keys

    /// The key bindings in force (footer and help are drawn from these): the key map, JobsKeys.swift.
    var bindings: [KeyBinding] { JobsKeys.map.bindings(in: self) }

    /// - Parameter burst: the key came in one input burst with the key before it (typed ahead, or
    ///   pasted without bracketed paste): it never confirms a retry, which sends a create.
    mutating func handle(_ key: Key, now: Double, settings: ConsoleSettings, burst: Bool = false) -> [Effect] {
        if prompt != nil { return handlePrompt(key, now: now, burst: burst) }
        if case .paste(let text) = key {
            // A paste is text, never a command: it only types into an open filter.
            if detail == nil, list.isEditingFilter {
                _ = list.handle(.paste(PasteText.clean(text).text))
            } else {
                notice = Span("Paste ignored here: pasted text only goes into the filter (/) or a password prompt.", .muted)
            }
            return []
        }
        if detail != nil { return handleDetail(key, now: now, settings: settings) }
        if list.isEditingFilter {
            _ = list.handle(key)
            return []
        }
        switch JobsKeys.map.action(for: key, in: self) {
        case .leave?:
            leave()
        case .sendRest?:
            if let q = queue, q.status == .unsent { prompt = .confirmSendRest }
        case .failedOnly?:
            failedOnly.toggle()
            refreshRows()
        case .retry?:
            if let id = list.selectedID { askRetry([id]) }
        case .retryAll?:
            askRetry(jobs.filter { retryBlocker($0) == nil }.map(\.job.jobId), all: true)
        case .details?:
            if let id = list.selectedID { return openDetail(id) }
        case .login?:
            return login(list.selectedID, settings: settings)
        case .copyAddress?, .copyId?:
            return copy(list.selectedID, id: JobsKeys.map.action(for: key, in: self) == .copyId, settings: settings)
        case .export?:
            return exportInventory()
        default:
            _ = list.handle(key)  // move, page, filter
        }
        return []
    }

    private mutating func handleDetail(_ key: Key, now: Double, settings: ConsoleSettings) -> [Effect] {
        switch JobsKeys.map.action(for: key, in: self) {
        case .login?:
            return login(detail, settings: settings)
        case .copyAddress?, .copyId?:
            return copy(detail, id: JobsKeys.map.action(for: key, in: self) == .copyId, settings: settings)
        case .back?:
            detail = nil
        case .leave?:
            leave()
        case .retryThis?:
            if let id = detail { askRetry([id]) }
        case .otherJob?:
            _ = list.handle(key)
            if let id = list.selectedID { return openDetail(id) }
        default:
            break
        }
        return []
    }

    mutating func openDetail(_ id: String) -> [Effect] {
        detail = id
        guard let t = job(id), t.state == .succeeded,
              let vm = t.job.resourceId, !vm.isEmpty else { return [] }
        switch vms[vm] {
        case .loaded?, .loading?: return []
        default:
            vms[vm] = .loading
            return [.loadVM(vm)]
        }
    }

    // MARK: - Sending a batch

    /// `q`: leaves, unless creates of the batch are still queued: then it asks first.
    mutating func leave() {
        if queue?.isSending == true { prompt = .confirmStopSending; return }
        quitRequested = exitCode
    }

    /// The unsent creates of a part-sent batch, sent after the operator's confirm.
    mutating func sendRest(password: String?, now: Double) -> [Effect] {
        guard var q = queue, let unsent = q.unsentBatch, q.status == .unsent else { return [] }
        q.resume(now: now)
        queue = q
        if request == nil { request = unsent.batch.request }
        notice = Span("Sending \(q.queuedNames.count) VMs not sent before (\(SubmitGuard.namesText(q.queuedNames))).", .running)
        return [.resumeBatch(unsent, password: password)]
    }

    // MARK: - Retry

    /// Why `t` cannot be retried, or nil when it can.
    public func retryBlocker(_ t: TrackedJob) -> String? {
        if t.retriedBy != nil { return "already retried" }
        switch t.retry {
        case .submitting?:
            return "a retry is being submitted"
        case .unconfirmed(nil, _)?:
            return "checking whether the last retry went through (its answer was lost)"
        case .unconfirmed(.recovered?, _)?:
            return "the last retry went through (its answer was lost)"
        case .unconfirmed(.failed?, false)?, .unconfirmed(.possible?, false)?:
            return Self.mayExistBlocker
        default:
            break
        }
        guard t.state == .failed || t.state == .cancelled else { return "only a failed job can be retried" }
        guard t.job.canRetry == true else { return "the API says this failure cannot be retried" }
        guard t.request != nil else { return "its create request is not in the journal" }
        if case .refused(let why) = retryBody(t, password: nil) { return why }
        return nil
    }

    static let mayExistBlocker = "the last retry may have created the VM; r on it asks to confirm"

    /// The body a retry of `t` sends: its original create for its one VM, under its real instance
    /// name, count 1, checked by the create rules. `password` nil: the password rule is left out
    /// (it is asked for later).
    enum RetryBody: Equatable {
        case ok(CreateVMRequest)
        case refused(String)
    }

    func retryBody(_ t: TrackedJob, password: String?) -> RetryBody {
        guard var request = t.request else { return .refused("its create request is not in the journal") }
        guard let name = t.instanceName else {
            return .refused("its VM name is not known (only \"\(t.name)\"), so a retry could create a VM with a wrong name")
        }
        request.name = name
        request.numberOfInstances = request.isVPC ? nil : 1  // a VPC body takes no numberOfInstances
        request.password = request.authMethod == .password ? password : nil
        var issues = CreateVMValidator.validate(request, context: ValidationContext())
        if password == nil { issues.removeAll { CreateVMField(path: $0.path) == .password } }
        if let first = issues.first { return .refused("the retry's request is not valid (\(first.path): \(first.message))") }
        return .ok(request)
    }

    mutating func askRetry(_ ids: [String], all: Bool = false) {
        if !all, ids.count == 1, let t = job(ids[0]),
           retryBlocker(t) == Self.mayExistBlocker {
            prompt = .confirmRetryMayExist(ids[0])
            return
        }
        let eligible = ids.filter { id in job(id).map { retryBlocker($0) == nil } ?? false }
        guard !eligible.isEmpty else {
            if all {
                notice = Span("No failed job can be retried.", .warn)
            } else if let id = ids.first, let t = job(id) {
                notice = Span("\(t.name) cannot be retried: \(retryBlocker(t) ?? "")", .warn)
            }
            return
        }
        prompt = .confirmRetry(eligible)
    }

    /// Whether retrying `ids` needs the password typed again.
    func needsPassword(_ ids: [String]) -> Bool {
        ids.contains { id in job(id)?.request?.authMethod == .password }
    }

    /// What a retry prompt says to a confirmation that came in one burst with earlier keys.
    static let pressAgain = "Press the key again to retry (keys typed ahead are not taken as a confirmation)."

    private mutating func handlePrompt(_ key: Key, now: Double, burst: Bool) -> [Effect] {
        let action = JobsKeys.map.action(for: key, in: self)
        // The burst rule, as on the wizard's Review: a retry sends a create, so only a key
        // pressed on its own confirms it.
        if burst, [.confirm, .confirmAnyway, .submitPassword, .confirmSendRest].contains(action) {
            notice = Span(Self.pressAgain, .warn)
            return []
        }
        switch prompt {
        case .confirmStopSending?:
            switch action {
            case .confirmStop?, .stopAndStay?:
                prompt = nil
                queue?.status = .stopped
                if action == .confirmStop { quitRequested = exitCode } else {
                    notice = Span("Sending stopped: \(queue?.queuedNames.count ?? 0) VMs not requested; the sent ones go on.", .warn)
                }
                return [.stopSending(batchId: nil)]
            case .cancel?:
                prompt = nil
                notice = Span("Still sending: \(queue?.queued.count ?? 0) creates queued.", .muted)
            default:
                break
            }
            return []
        case .confirmSendRest?:
            switch action {
            case .confirmSendRest?:
                if queue?.unsentBatch?.batch.request.authMethod == .password {
                    prompt = .resumePassword(TextFieldState(maxLength: 64, isMasked: true, viewportWidth: 30), error: nil)
                    return []
                }
                prompt = nil
                return sendRest(password: nil, now: now)
            case .cancel?:
                prompt = nil
                notice = Span("Not sent. S asks again; nothing is sent by itself.", .muted)
            default:
                break
            }
            return []
        case .resumePassword(var field, _)?:
            switch action {
            case .cancelPassword?:
                prompt = nil
                notice = Span("Not sent.", .muted)
            case .submitPassword?:
                if let first = CreateVMValidator.validatePassword(field.text).first {
                    prompt = .resumePassword(field, error: first.message)
                    return []
                }
                let password = field.text
                prompt = nil
                return sendRest(password: password, now: now)
            default:
                _ = field.handle(key)
                prompt = .resumePassword(field, error: nil)
            }
            return []
        case .confirmRetry(let ids)?:
            switch action {
            case .confirm?:
                if needsPassword(ids) {
                    prompt = .password(ids, TextFieldState(maxLength: 64, isMasked: true, viewportWidth: 30), error: nil)
                    return []
                }
                prompt = nil
                return submitRetries(ids, password: nil)
            case .cancel?:
                prompt = nil
            default:
                break
            }
            return []
        case .confirmRetryMayExist(let id)?:
            switch action {
            case .confirmAnyway?:
                // The operator's explicit choice, knowing the VM may exist (Enter alone is not enough).
                if let i = index(of: id), case .unconfirmed(let check, _)? = jobs[i].retry {
                    jobs[i].retry = .unconfirmed(check: check, accepted: true)
                }
                prompt = nil
                if needsPassword([id]) {
                    prompt = .password([id], TextFieldState(maxLength: 64, isMasked: true, viewportWidth: 30), error: nil)
                    return []
                }
                return submitRetries([id], password: nil)
            case .cancel?:
                prompt = nil
                notice = Span("Not retried. Check first: " + ShellHint.vms(name: jobs.first { $0.job.jobId == id }?.name ?? ""),
                              .muted)
            default:
                break
            }
            return []
        case .password(let ids, var field, _)?:
            switch action {
            case .cancelPassword?:
                prompt = nil  // the typed text goes with it
                notice = Span("Retry cancelled.", .muted)
            case .submitPassword?:
                let issues = CreateVMValidator.validatePassword(field.text)
                if let first = issues.first {
                    prompt = .password(ids, field, error: first.message)
                    return []
                }
                let password = field.text
                prompt = nil
                return submitRetries(ids, password: password)
            default:
                _ = field.handle(key)
                prompt = .password(ids, field, error: nil)
            }
            return []
        case nil:
            return []
        }
    }

    /// The create of each job again, for its one VM (same name, count 1). The create POST is
    /// never retried automatically: this is the operator's explicit, confirmed choice.
    mutating func submitRetries(_ ids: [String], password: String?) -> [Effect] {
        var effects: [Effect] = []
        var names: [String] = []
        var refused: [String] = []
        for id in ids {
            guard let i = index(of: id), retryBlocker(jobs[i]) == nil else { continue }
            // Checked again with the password: nothing the create rules refuse is sent.
            switch retryBody(jobs[i], password: password) {
            case .refused(let why):
                refused.append("\(jobs[i].name) not retried: \(why)")
            case .ok(let request):
                jobs[i].retry = .submitting
                names.append(jobs[i].name)
                effects.append(.retrySubmit(retryOf: id, request))
            }
        }
        if let first = refused.first {
            notice = Span(first, .error)
        } else if !names.isEmpty {
            notice = Span("Submitting a retry of \(names.joined(separator: ", ")).", .running)
        }
        refreshRows()
        return effects
    }

    mutating func retried(_ old: String, _ result: Result<[Job], APIError>, now: Double,
                          settings: ConsoleSettings) -> [Effect] {
        guard let i = index(of: old) else { return [] }
        switch result {
        case .failure(let error):
            let text: String
            if error.createMayHaveHappened {
                // The answer was lost: r stays blocked until the VM list says it was not created.
                jobs[i].retry = .unconfirmed(check: nil, accepted: false)
                // Said first, so a narrow screen does not cut it off.
                let name = jobs[i].name
                text = "Retry of \(name): " + CreateOutcome.checking(error, CreateBatch(names: [name], searchName: name))
            } else {
                jobs[i].retry = .failed(error.userMessage)
                text = "Retry of \(jobs[i].name) failed: \(error.userMessage)"
            }
            notice = Span(text, .error)
            refreshRows()
            return []
        case .success(let newJobs):
            jobs[i].retry = nil
            guard let first = newJobs.first else {
                notice = Span("The API accepted the retry of \(jobs[i].name) but returned no job.", .warn)
                return []
            }
            jobs[i].retriedBy = first.jobId
            let original = jobs[i]
            var request = original.request
            request?.name = original.instanceName
            request?.numberOfInstances = 1
            let added = newJobs.map { TrackedJob(job: $0, seenAt: now, knownName: original.instanceName, request: request,
                                                 retryOf: old) }
            jobs.insert(contentsOf: added, at: i + 1)
            scheduler.add(added.filter { !$0.state.isTerminal }.map(\.job.jobId), now: now)
            notice = Span("\(original.name) retried: new job \(Self.shortId(first.jobId)).", .ok)
            refreshRows()
            return []  // journaled by the create submitter, with its intent and `retryOf`
        }
    }

    static func shortId(_ id: String) -> String { String(id.prefix(8)) }

    // MARK: - Rows

    /// The rows shown (all, or failed only), in job order.
    var shownJobs: [TrackedJob] { failedOnly ? jobs.filter(\.isProblem) : jobs }

    /// The rows again after the jobs changed; `changed`: only these jobs changed in place (a poll
    /// answer), so with every job shown their rows are replaced without rebuilding the others.
    mutating func refreshRows(changed: [String]? = nil) {
        settleTally()
        if let changed, !failedOnly, list.rows.count == jobs.count {
            let rows = changed.compactMap { id in index(of: id).map { (index: $0, row: Self.row(jobs[$0])) } }
            if list.replaceItems(rows) { return }
        }
        list.setRows(shownJobs.map(Self.row), selectedID: list.selectedID)
    }

    /// The list row of a job: the filter searches these columns.
    static func row(_ t: TrackedJob) -> ListRow {
        ListRow.item(t.job.jobId, [t.name, t.state.marker, t.job.stage ?? "", t.job.jobId,
                                   t.job.failureText ?? t.job.message ?? ""])
    }
}
