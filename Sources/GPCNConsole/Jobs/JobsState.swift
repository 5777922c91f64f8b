import GPCNCore
import TerminalUI

/// One tracked job: the last answer about it, what it means, and where it came from.
public struct TrackedJob: Sendable, Equatable {
    public var job: Job
    public var state: JobState
    /// When we last heard about it (seconds since 1970).
    public var seenAt: Double?
    /// The VM name when the API has not told it (from the journal or the request).
    public var knownName: String?
    /// The create request this job came from, never with a password (for retry).
    public var request: CreateVMRequest?
    /// The failed job this one retries.
    public var retryOf: String?
    /// The job that retried this one.
    public var retriedBy: String?
    /// A retry of this job on its way, or refused.
    public var retry: RetryStatus?
    /// The end was already in the journal when the dashboard opened: not recorded again.
    public var endJournaled: Bool

    public enum RetryStatus: Sendable, Equatable {
        case submitting
        /// Refused, or failed in a way that created nothing.
        case failed(String)
        /// The retry's answer was lost (timeout, 5xx, dropped connection): it may have created the
        /// VM. `check` is what the VM list said (nil while it is being read); `accepted` once the
        /// operator confirmed, after a failed or ambiguous check, that they retry anyway.
        case unconfirmed(check: CreateCheck?, accepted: Bool)
    }

    public init(job: Job, state: JobState? = nil, seenAt: Double? = nil, knownName: String? = nil,
                request: CreateVMRequest? = nil, retryOf: String? = nil, endJournaled: Bool = false) {
        self.job = job; self.state = state ?? job.state; self.seenAt = seenAt
        self.knownName = knownName; self.request = request?.withoutPassword; self.retryOf = retryOf
        self.endJournaled = endJournaled
    }

    /// The real VM name, when one is known: the API's `resourceName`, else the journal's (or
    /// the request's) name when it is one of the request's instance names. Never the display name
    /// ("Virtual Machine web-1") nor the job id: a retry re-creates the VM under this name, so
    /// without one there is no retry.
    public var instanceName: String? {
        if let n = job.resourceName?.trimmingWhitespace(), !n.isEmpty { return n }
        guard let n = knownName?.trimmingWhitespace(), !n.isEmpty, let request,
              request.instanceNames.contains(n) else { return nil }
        return n
    }

    /// The VM name to show: the API's, else the journal's, else the display name or job id.
    public var name: String {
        if let n = job.resourceName, !n.isEmpty { return n }
        if let n = knownName, !n.isEmpty { return n }
        return job.displayName
    }

    /// Progress shown: 100 for a success, else the API's value.
    public var progress: Int { state == .succeeded ? 100 : job.progress }

    /// A failure, cancel or disappearance: what `f` shows.
    public var isProblem: Bool { state == .failed || state == .cancelled || state == .notVisible }
}

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
}

/// The live job dashboard (DESIGN.md §5): every job of the session, polled by a `PollScheduler`
/// until it ends; details, failed-only filter, retry, and the journal of ends and retries.
public struct JobsState: Sendable, Equatable {
    public var jobs: [TrackedJob]
    /// The request of the submission that opened the dashboard (no password).
    public var request: CreateVMRequest?
    public var submittedAt: Double
    /// Cursor and scrolling over the rows shown.
    public var list = ListState()
    public var scheduler: PollScheduler
    /// `f`: only failed, cancelled and vanished jobs.
    public var failedOnly = false
    /// The job whose details are open.
    public var detail: String?
    /// VMs fetched for the details view, by resource id.
    public var vms: [String: Loadable<VirtualMachine>] = [:]
    public var prompt: JobsPrompt?
    /// A one-line message about the last action (retry submitted, refused, …).
    public var notice: Span?
    public var journalWarning: String?
    /// Set when the operator leaves; the app quits with this code.
    public var quitRequested: Int32?
    /// When the armed poll timer fires (so only one is armed at a time).
    var timerTarget: Double?
    /// Journaled intents of retries on their way, by the job they retry.
    var retryIntents: [String: String] = [:]

    /// The dashboard for jobs just submitted by the wizard.
    public init(jobs: [Job], request: CreateVMRequest?, submittedAt: Double) {
        let names = request.map { JournalEntry.instanceNames(of: jobs, request: $0) } ?? []
        self.jobs = jobs.enumerated().map { i, job in
            TrackedJob(job: job, knownName: i < names.count ? names[i] : nil, request: request)
        }
        self.request = request?.withoutPassword
        self.submittedAt = submittedAt
        self.scheduler = PollScheduler(ids: [], now: submittedAt)
    }

    /// The dashboard for jobs reopened from the journal or given on the command line.
    public init(tracked: [TrackedJob], openedAt: Double) {
        jobs = tracked
        request = nil
        submittedAt = openedAt
        scheduler = PollScheduler(ids: [], now: openedAt)
    }

    public var activeIds: [String] { jobs.filter { !$0.state.isTerminal }.map(\.job.jobId) }

    /// Jobs that count for the outcome: a job replaced by a retry is represented by its retry.
    var current: [TrackedJob] { jobs.filter { $0.retriedBy == nil } }

    /// 0 all succeeded, 3 some failed, 4 some still running (DESIGN.md §2).
    public var exitCode: Int32 {
        let c = current
        if c.contains(where: { !$0.state.isTerminal }) { return 4 }
        if c.contains(where: { $0.state != .succeeded }) { return 3 }
        return 0
    }

    /// True while typed characters belong to a field (the password prompt or the list filter).
    public var isTypingText: Bool {
        if case .password? = prompt { return true }
        return list.isEditingFilter
    }

    func index(of id: String) -> Int? { jobs.firstIndex { $0.job.jobId == id } }

    // MARK: - Layout

    /// Rows of the job table: the body box minus its borders and the column header.
    static func tableHeight(_ size: Size) -> Int { max(1, Chrome.bodyRect(size).height - 3) }

    mutating func layout(for size: Size) {
        list.viewportHeight = Self.tableHeight(size)
    }

    // MARK: - Polling

    mutating func start(now: Double, settings: ConsoleSettings) -> [Effect] {
        let fast = max(0.01, settings.minimumPollInterval)
        scheduler = PollScheduler(ids: activeIds, now: now,
                                  settings: PollScheduler.Settings(fastInterval: fast, slowInterval: 10 * fast))
        refreshRows()
        return advance(now: now)
    }

    /// Starts a round when one is due, and keeps one timer armed for the next decision: the next
    /// round, or the next second of the "next try in N s" countdown while the data is stale.
    mutating func advance(now: Double) -> [Effect] {
        // Timers may wake a millisecond early (they sleep whole milliseconds).
        var effects = scheduler.startRound(now: now + 0.02).map { Effect.pollJobBatch($0) }
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
            var effects = answered(ids, result, now: now)
            effects += advance(now: now)
            return effects
        case .timer(.poll):
            if let t = timerTarget, now + 0.02 >= t { timerTarget = nil }
            return advance(now: now)
        case .vmLoaded(let id, let result):
            switch result {
            case .success(let vm): vms[id] = .loaded(vm)
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
        case .intentRecorded(let id, let retryOf?):
            retryIntents[retryOf] = id
            return []
        case .createChecked(let retryOf?, let check):
            guard let i = index(of: retryOf) else { return [] }
            let name = jobs[i].name
            guard case .unconfirmed? = jobs[i].retry else { return [] }  // not a lost answer of ours
            jobs[i].retry = .unconfirmed(check: check, accepted: false)
            switch check {
            case .recovered(let vms):
                // It went through: the failed job is replaced, though the new job id is unknown.
                notice = Span("The retry of \(name) went through (its answer was lost): VM "
                              + (vms.first?.vmId ?? "") + " exists. Not retried again.", .warn)
                jobs[i].retriedBy = vms.first.map { "vm:" + $0.vmId }
            case .notFound:
                notice = Span("The retry of \(name) did not go through (no VM of that name): r retries again.", .warn)
            case .possible(let vms):
                notice = Span("The retry of \(name) possibly went through: \(vms.count) VM(s) of that name exist, but "
                              + "another batch uses the name. Check with gpcn vms --name \(name); r asks to confirm.", .error)
            case .failed(let e):
                notice = Span("The retry of \(name) may have gone through; the VM list could not be read "
                              + "(\(e.userMessage)). Check with gpcn vms --name \(name); r asks to confirm.", .error)
            }
            refreshRows()
            return []
        default:
            return []
        }
    }

    /// Folds one batch answer into the rows and the scheduler; journals ends.
    mutating func answered(_ ids: [String], _ result: Result<JobsAnswer, APIError>, now: Double) -> [Effect] {
        switch result {
        case .failure(let error):
            let jitter = pollJitter(ids.first ?? "", scheduler.consecutiveFailures + 1)
            scheduler.record(.failed(error, jitter: jitter), now: now)
            return []
        case .success(let answer):
            var byId: [String: Job] = [:]
            for j in answer.jobs where byId[j.jobId] == nil { byId[j.jobId] = j }
            var drop = Set<String>()
            var moved = false
            var effects: [Effect] = []
            for id in ids {
                guard let i = index(of: id) else { drop.insert(id); continue }
                let before = jobs[i]
                if let fresh = byId[id] {
                    let merged = Self.merge(before.job, fresh)
                    if Self.differs(before.job, merged) || before.seenAt == nil { moved = true }
                    jobs[i].job = merged
                    jobs[i].state = merged.state
                    jobs[i].seenAt = now
                } else {
                    // Omitted by the server: deleted, another tenant's, or unknown. Permanent (§2.8).
                    jobs[i].state = .notVisible
                    moved = true
                }
                guard jobs[i].state.isTerminal else { continue }
                drop.insert(id)
                if !before.state.isTerminal && !jobs[i].endJournaled {
                    jobs[i].endJournaled = true
                    let t = jobs[i]
                    effects.append(.appendJournal(.jobEnded(.init(
                        jobId: id, time: ISOTime.format(now), state: t.state,
                        errorMessage: t.state == .succeeded ? nil :
                            (t.state == .notVisible ? Self.notVisibleText : t.job.failureText),
                        resourceId: t.job.resourceId))))
                }
            }
            scheduler.record(.answered(drop: drop, moved: moved, rateLimit: answer.rateLimit), now: now)
            refreshRows()
            return effects
        }
    }

    static let notVisibleText = "not visible to this key (deleted, another tenant's, or unknown)"

    /// The fresh answer, keeping what it leaves out (names and ids do not go away).
    static func merge(_ old: Job, _ fresh: Job) -> Job {
        var j = fresh
        j.resourceName = fresh.resourceName ?? old.resourceName
        j.resourceDisplayName = fresh.resourceDisplayName ?? old.resourceDisplayName
        j.resourceId = fresh.resourceId ?? old.resourceId
        j.resourceType = fresh.resourceType ?? old.resourceType
        j.operation = fresh.operation ?? old.operation
        j.createdAt = fresh.createdAt ?? old.createdAt
        return j
    }

    /// Whether a job moved: anything a person would see change.
    static func differs(_ a: Job, _ b: Job) -> Bool {
        a.stage != b.stage || a.progressPercentage != b.progressPercentage || a.message != b.message
            || a.errorMessage != b.errorMessage || a.state != b.state || a.updatedAt != b.updatedAt
    }

    // MARK: - Keys

    /// The key bindings in force (footer and help are drawn from these): the key map, JobsKeys.swift.
    var bindings: [KeyBinding] { JobsKeys.map.bindings(in: self) }

    mutating func handle(_ key: Key, now: Double, settings: ConsoleSettings) -> [Effect] {
        if prompt != nil { return handlePrompt(key, now: now) }
        if detail != nil { return handleDetail(key, now: now) }
        if list.isEditingFilter {
            _ = list.handle(key)
            return []
        }
        switch JobsKeys.map.action(for: key, in: self) {
        case .leave?:
            quitRequested = exitCode
        case .failedOnly?:
            failedOnly.toggle()
            refreshRows()
        case .retry?:
            if let id = list.selectedID { askRetry([id]) }
        case .retryAll?:
            askRetry(jobs.filter { retryBlocker($0) == nil }.map(\.job.jobId), all: true)
        case .details?:
            if let id = list.selectedID { return openDetail(id) }
        default:
            _ = list.handle(key)  // move, page, filter
        }
        return []
    }

    private mutating func handleDetail(_ key: Key, now: Double) -> [Effect] {
        switch JobsKeys.map.action(for: key, in: self) {
        case .back?:
            detail = nil
        case .leave?:
            quitRequested = exitCode
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
        guard let t = jobs.first(where: { $0.job.jobId == id }), t.state == .succeeded,
              let vm = t.job.resourceId, !vm.isEmpty else { return [] }
        switch vms[vm] {
        case .loaded?, .loading?: return []
        default:
            vms[vm] = .loading
            return [.loadVM(vm)]
        }
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
        request.numberOfInstances = 1
        request.password = request.authMethod == .password ? password : nil
        var issues = CreateVMValidator.validate(request, context: ValidationContext())
        if password == nil { issues.removeAll { CreateVMField(path: $0.path) == .password } }
        if let first = issues.first { return .refused("the retry's request is not valid (\(first.path): \(first.message))") }
        return .ok(request)
    }

    mutating func askRetry(_ ids: [String], all: Bool = false) {
        if !all, ids.count == 1, let t = jobs.first(where: { $0.job.jobId == ids[0] }),
           retryBlocker(t) == Self.mayExistBlocker {
            prompt = .confirmRetryMayExist(ids[0])
            return
        }
        let eligible = ids.filter { id in jobs.first { $0.job.jobId == id }.map { retryBlocker($0) == nil } ?? false }
        guard !eligible.isEmpty else {
            if all {
                notice = Span("No failed job can be retried.", .warn)
            } else if let id = ids.first, let t = jobs.first(where: { $0.job.jobId == id }) {
                notice = Span("\(t.name) cannot be retried: \(retryBlocker(t) ?? "")", .warn)
            }
            return
        }
        prompt = .confirmRetry(eligible)
    }

    /// Whether retrying `ids` needs the password typed again.
    func needsPassword(_ ids: [String]) -> Bool {
        ids.contains { id in jobs.first { $0.job.jobId == id }?.request?.authMethod == .password }
    }

    private mutating func handlePrompt(_ key: Key, now: Double) -> [Effect] {
        let action = JobsKeys.map.action(for: key, in: self)
        switch prompt {
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
                notice = Span("Not retried. Check first: gpcn vms --name \(jobs.first { $0.job.jobId == id }?.name ?? "")",
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
                text = "Retry of \(jobs[i].name) not confirmed; the VM may have been created anyway, checking the "
                    + "VM list before retrying again: \(error.userMessage)"
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
            guard let request else { return [] }
            return [.appendJournal(.submission(.init(
                request: request, jobs: newJobs, intentId: retryIntents.removeValue(forKey: old),
                endpoint: settings.endpoint, time: ISOTime.format(now), retryOf: old)))]
        }
    }

    static func shortId(_ id: String) -> String { String(id.prefix(8)) }

    // MARK: - Rows

    /// The rows shown (all, or failed only), in job order.
    var shownJobs: [TrackedJob] { failedOnly ? jobs.filter(\.isProblem) : jobs }

    mutating func refreshRows() {
        let rows = shownJobs.map { t in
            ListRow.item(t.job.jobId, [t.name, t.state.marker, t.job.stage ?? "", t.job.jobId,
                                       t.job.failureText ?? t.job.message ?? ""])
        }
        list.setRows(rows, selectedID: list.selectedID)
    }
}
