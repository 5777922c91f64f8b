import Foundation
import GPCNCore

/// The one way a create is sent, whatever front end asked for it (the wizard and a dashboard
/// retry through the runtime, `gpcn create --yes`, the accessible flow):
///
/// 1. the intent (request without password, instance names, time) is journaled and synced;
/// 2. the POST is sent once — the client never retries a create (a duplicate costs money);
/// 3. an answer is journaled as a `submission` with the intent's id; a refusal closes the
///    intent (nothing was made); a lost answer (timeout, 5xx, dropped connection) is never
///    re-sent: the VM list is searched for the batch's names and what it shows is journaled.
///
/// It returns one `CreateOutcome`, whose words (`CreateOutcome.text`) every front end prints.
/// docs/architecture.md, "The application layer"; the journal lines: docs/architecture.md, "The journal".
public struct CreateSubmitter: Sendable {
    /// Something the caller may show while the create is under way.
    public enum Event: Sendable, Equatable {
        /// The answer was lost; the VM list is being searched for these names (the create's).
        case answerLost(APIError, CreateBatch)
        /// A journal line could not be written (why); the create goes on regardless.
        case journalFailed(String)
        /// A later create of a split batch was rate limited (nothing was made): waiting this many
        /// seconds before sending it again.
        case waiting(Int, APIError)
        /// Create `create` (its position in the plan) of a split batch is being sent now.
        case sending(create: Int)
        /// Create `create` of a split batch was accepted with these jobs (journaled).
        case accepted(create: Int, [Job])

        /// What a line front end (`create --yes`, `jobs --send-unsent`, accessible mode) says of
        /// it while `plan` is sent; nil: nothing.
        public func line(in plan: CreatePlan) -> String? {
            switch self {
            case .answerLost(let e, let batch): return CreateOutcome.checking(e, batch)
            case .journalFailed(let why):
                return "warning: the journal was not written (\(why)); gpcn jobs may not know about this create"
            case .waiting(let seconds, let e): return CreateOutcome.waitingText(seconds, e)
            case .sending: return nil
            case .accepted(let k, let jobs):
                return CreateOutcome.progressText(create: k, of: plan.creates, names: plan.names[k], jobs: jobs.count)
            }
        }
    }

    /// A create whose intent is on disk (or could not be written: `journalWarning`), ready to send.
    public struct Prepared: Sendable {
        /// The first create's body.
        public let request: CreateVMRequest
        public let intent: JournalEntry.Intent
        public let journalWarning: String?
        /// Every create of the batch (one, unless the batch is split: `CreatePlan`).
        public let plan: CreatePlan
        /// The journal's batch id of a split batch (its `batch` line is written before the first intent).
        public let batchId: String?
    }

    public let api: any GPCNAPI
    public let journal: JournalFile?
    public let clock: @Sendable () -> Double
    public let sleep: @Sendable (Double) async -> Void

    public init(api: any GPCNAPI, journal: JournalFile?, clock: @escaping @Sendable () -> Double,
                sleep: @escaping @Sendable (Double) async -> Void = { try? await Task.sleep(for: .seconds($0)) }) {
        self.api = api; self.journal = journal; self.clock = clock; self.sleep = sleep
    }

    /// Step 1, synchronous: the (first) create's intent is journaled (and synced) before anything
    /// is sent, so a caller that draws a frame or quits next can say truthfully that the create is
    /// in the journal. A split batch's `batch` line (every create's names) comes first.
    public func prepare(_ request: CreateVMRequest, retryOf: String? = nil) -> Prepared {
        let plan = CreatePlan(request)
        guard plan.isSplit else { return prepareOne(plan.bodies[0], plan: plan, retryOf: retryOf, batch: nil) }
        let batch = JournalEntry.Batch(id: UUID().uuidString.lowercased(), time: ISOTime.format(clock()),
                                       endpoint: api.endpoint, request: request, creates: plan.names,
                                       owner: SubmitGuard.owner)
        var warning: String?
        do { try journal?.append(.batch(batch)) } catch { warning = "\(error)" }
        let first = prepareOne(plan.bodies[0], plan: plan, retryOf: retryOf, batch: (batch.id, 0))
        return Prepared(request: first.request, intent: first.intent, journalWarning: warning ?? first.journalWarning,
                        plan: plan, batchId: batch.id)
    }

    private func prepareOne(_ body: CreateVMRequest, plan: CreatePlan, retryOf: String?,
                            batch: (id: String, index: Int)?) -> Prepared {
        let intent = SubmitGuard.intent(for: body, endpoint: api.endpoint, now: clock(), retryOf: retryOf, batch: batch)
        return Prepared(request: body, intent: intent, journalWarning: SubmitGuard.record(intent, journal: journal),
                        plan: plan, batchId: batch?.id)
    }

    /// Steps 2 and 3 for every create of the plan, one after another (spaced within the
    /// documented rate budget; the client's shared request budget holds them back further when
    /// the server's is spent): each is journaled as an intent before it is sent, POSTed once,
    /// then journaled or looked up by name. A create that is not accepted stops the rest: the
    /// outcome is then that create's own when nothing was made yet, else `.partial`, saying which
    /// VMs were and were not requested. `shouldStop` is asked before each later create (the
    /// operator stopped sending); a cancelled task stops too, leaving the batch open in the
    /// journal so that `gpcn jobs` offers the unsent creates.
    public func send(_ prepared: Prepared, events: @Sendable (Event) -> Void = { _ in },
                     shouldStop: @escaping @Sendable () -> Bool = { false }) async -> CreateOutcome {
        guard prepared.plan.isSplit, let batchId = prepared.batchId else { return await sendOne(prepared, events: events) }
        return await sendCreates(Array(prepared.plan.bodies.indices), of: prepared.plan, batchId: batchId, first: prepared,
                                 shouldStop: shouldStop, events: events)
    }

    /// Only the first create of a prepared batch (`create --wait` sends the rest through the
    /// follower, so that the first jobs are followed while the others are sent: `rest(of:)`).
    /// A first create that is not accepted ends the batch (nothing else will be sent).
    public func sendFirst(_ prepared: Prepared, events: @Sendable (Event) -> Void = { _ in }) async -> CreateOutcome {
        let outcome = await sendOne(prepared, events: events)
        if let batchId = prepared.batchId {
            if case .accepted(let jobs, _) = outcome {
                events(.accepted(create: 0, jobs))
            } else {
                try? journal?.append(.batchEnded(.init(id: batchId, time: ISOTime.format(clock()), outcome: .refused,
                                                       note: "the first create was not accepted")))
            }
        }
        return outcome
    }

    /// What is left of a prepared batch once its first create was sent: every later create, as
    /// `resume` takes them (the password is not in it: pass it to `resume`).
    public func rest(of prepared: Prepared) -> JournalSummary.UnsentBatch? {
        guard let batchId = prepared.batchId, prepared.plan.isSplit else { return nil }
        let plan = prepared.plan
        let batch = JournalEntry.Batch(id: batchId, time: prepared.intent.time, endpoint: api.endpoint, request: plan.request,
                                       creates: plan.names, owner: SubmitGuard.owner)
        return JournalSummary.UnsentBatch(batch: batch, unsent: Array(plan.bodies.indices.dropFirst()), uncertain: [])
    }

    /// Sends the creates of a part-sent batch that were never sent (`JournalSummary.UnsentBatch`),
    /// as `send` does: the operator's confirmed choice (`gpcn jobs`, a key and a confirm), with the
    /// password typed again when the batch logs in by password (the journal never holds it).
    public func resume(_ unsent: JournalSummary.UnsentBatch, password: String?,
                       events: @Sendable (Event) -> Void = { _ in },
                       shouldStop: @escaping @Sendable () -> Bool = { false }) async -> CreateOutcome {
        var request = unsent.batch.request
        if request.authMethod == .password { request.password = password }
        let plan = CreatePlan(request)
        let indices = unsent.unsent.filter { plan.bodies.indices.contains($0) }
        guard let firstIndex = indices.first else { return .accepted([], merged(plan, nil, [])) }
        let first = prepareOne(plan.bodies[firstIndex], plan: plan, retryOf: nil, batch: (unsent.batch.id, firstIndex))
        if let why = first.journalWarning { events(.journalFailed(why)) }
        return await sendCreates(indices, of: plan, batchId: unsent.batch.id, first: first, shouldStop: shouldStop,
                                 events: events)
    }

    private func sendCreates(_ indices: [Int], of plan: CreatePlan, batchId: String, first: Prepared,
                             shouldStop: @Sendable () -> Bool, events: @Sendable (Event) -> Void) async -> CreateOutcome {
        var jobs: [Job] = []
        var journalJobs: [JournalEntry.JournalJob] = []
        var firstId: String?
        func end(_ outcome: JournalEntry.BatchEnded.Outcome, _ note: String?) {
            do { try journal?.append(.batchEnded(.init(id: batchId, time: ISOTime.format(clock()), outcome: outcome, note: note))) }
            catch { events(.journalFailed("\(error)")) }
        }
        for (n, i) in indices.enumerated() {
            let body = plan.bodies[i]
            var current = first
            if n > 0 {
                await sleep(CreatePlan.spacing(limitPerMinute: nil))
                let stopped = shouldStop()
                if stopped || Task.isCancelled {
                    let notSent = indices[n...].flatMap { plan.bodies[$0].instanceNames }
                    // Stopped by the operator: whoever stopped it journals the batch's end (the
                    // runtime does, at once, so a quit right after cannot leave it open).
                    // Cancelled (gpcn is quitting): it stays open, so `gpcn jobs` offers the rest.
                    let text = (stopped ? "Sending stopped" : "gpcn stopped sending")
                        + ": \(notSent.count) VM\(notSent.count == 1 ? "" : "s") not requested (\(SubmitGuard.namesText(notSent)))."
                        + (stopped ? "" : " \(ShellHint.jobs()) offers to send them.")
                    return .partial(jobs, merged(plan, firstId, journalJobs), stop: text)
                }
                current = prepareOne(body, plan: plan, retryOf: first.intent.retryOf, batch: (batchId, i))
                if let why = current.journalWarning { events(.journalFailed(why)) }
            }
            events(.sending(create: i))
            var outcome = await sendOne(current, events: events)
            // A rate-limited later create was not made: wait as told and send it again.
            var waits = 0
            while n > 0, waits < 3, case .refused(let e) = outcome, e.status == 429 {
                let after = max(1, e.retryAfter ?? 1)
                guard after <= 900 else { break }
                waits += 1
                events(.waiting(after, e))
                await sleep(Double(after))
                current = prepareOne(body, plan: plan, retryOf: first.intent.retryOf, batch: (batchId, i))
                outcome = await sendOne(current, events: events)
            }
            guard case .accepted(let made, let submission) = outcome else {
                let notSent = indices[(n + 1)...].flatMap { plan.bodies[$0].instanceNames }
                let stop = CreateOutcome.stopText(outcome, create: i + 1, of: plan.creates, names: body.instanceNames,
                                                  notSent: notSent)
                end(.refused, stop)
                if jobs.isEmpty { return outcome }
                return .partial(jobs, merged(plan, firstId, journalJobs), stop: stop)
            }
            events(.accepted(create: i, made))
            jobs += made
            journalJobs += submission.jobs
            firstId = firstId ?? submission.id
        }
        end(.sent, nil)
        return .accepted(jobs, merged(plan, firstId, journalJobs))
    }

    /// One submission standing for every create of a split batch (each create has its own line
    /// in the journal).
    private func merged(_ plan: CreatePlan, _ id: String?, _ jobs: [JournalEntry.JournalJob]) -> JournalEntry.Submission {
        JournalEntry.Submission(id: id ?? "empty-\(plan.request.name ?? "")", time: ISOTime.format(clock()),
                                endpoint: api.endpoint, request: plan.request, jobs: jobs)
    }

    /// One create: the POST, once; then the journal, or the look-up by name.
    private func sendOne(_ prepared: Prepared, events: @Sendable (Event) -> Void) async -> CreateOutcome {
        let intent = prepared.intent
        let jobs: [Job]
        do {
            jobs = try await api.createVirtualMachines(prepared.request)
        } catch {
            let e = APIError.from(error)
            guard e.createMayHaveHappened else {
                SubmitGuard.closeRefused(intent, error: e, journal: journal, now: clock())
                return .refused(e)
            }
            events(.answerLost(e, CreateBatch(intent)))
            let check = await SubmitGuard.check(intent, api: api, journal: journal, now: clock())
            return .lost(e, check, CreateBatch(intent))
        }
        await DebugHooks.pauseAfterCreate()
        let submission = JournalEntry.Submission(request: prepared.request, jobs: jobs, intentId: intent.id,
                                                 endpoint: api.endpoint, time: ISOTime.format(clock()),
                                                 retryOf: intent.retryOf)
        do { try journal?.append(.submission(submission)) } catch { events(.journalFailed("\(error)")) }
        return .accepted(jobs, submission)
    }

    /// All three steps, for callers with nothing to draw in between.
    public func submit(_ request: CreateVMRequest, retryOf: String? = nil,
                       events: @Sendable (Event) -> Void = { _ in }) async -> CreateOutcome {
        let prepared = prepare(request, retryOf: retryOf)
        if let why = prepared.journalWarning { events(.journalFailed(why)) }
        return await send(prepared, events: events)
    }
}

/// Which VMs a create asked for: their names, and the name the VM list is searched by.
public struct CreateBatch: Sendable, Equatable {
    public var names: [String]
    public var searchName: String

    public init(_ intent: JournalEntry.Intent) {
        names = intent.names
        searchName = IntentReconciler.searchTerm(intent)
    }

    public init(names: [String], searchName: String) { self.names = names; self.searchName = searchName }

    public init(_ request: CreateVMRequest) {
        names = request.instanceNames
        searchName = IntentReconciler.searchTerm(request, names: names)
    }

    /// "web-1 … web-3", "web-1, web-2", "web".
    public var namesText: String { SubmitGuard.namesText(names) }
    /// `gpcn vms --name web`, quoted for the shell.
    public var vmsCommand: String { ShellHint.vms(name: searchName) }

    /// A create that may exist though this screen cannot show it (on its way, or its answer lost),
    /// when the operator leaves: what to know, and how to find it.
    public func atRisk(onItsWay: Bool) -> String {
        (onItsWay ? "The create of \(namesText) was on its way" : "The create of \(namesText) lost its answer")
            + ": those VMs may exist. It is in the journal, so \(ShellHint.jobs()) looks them up by name "
            + "(or check: \(vmsCommand))."
    }
}

/// What became of one create.
public enum CreateOutcome: Sendable, Equatable {
    /// The API answered with jobs; the submission is journaled.
    case accepted([Job], JournalEntry.Submission)
    /// The API refused it (nothing was created): a 4xx (field issues in a 400/422), or no connection.
    case refused(APIError)
    /// The answer was lost after sending; the VM list was searched for the batch's names.
    case lost(APIError, CreateCheck, CreateBatch)
    /// A batch sent as several creates stopped part-way: these jobs were accepted, and `stop`
    /// says which create was not, why, and which VMs were never requested.
    case partial([Job], JournalEntry.Submission, stop: String)

    /// The words for it, the same in every front end (a refusal's field issues are the front
    /// end's to place: at the field, at the flag, or at the question).
    public var text: String {
        switch self {
        case .accepted(let jobs, let submission):
            let names = JournalEntry.instanceNames(of: jobs, request: submission.request).compactMap { $0 }
            return "Submitted: \(jobs.count) job\(jobs.count == 1 ? "" : "s") accepted"
                + (names.isEmpty ? "." : " for \(SubmitGuard.namesText(names)).")
        case .refused(let e):
            return e.userMessage
        case .lost(_, let check, let batch):
            return CreateOutcome.text(check, batch)
        case .partial(let jobs, _, let stop):
            return "Submitted: \(jobs.count) job\(jobs.count == 1 ? "" : "s") accepted. " + stop
        }
    }

    /// The jobs that were accepted, whatever else happened.
    public var acceptedJobs: [Job] {
        switch self {
        case .accepted(let jobs, _), .partial(let jobs, _, _): return jobs
        case .refused, .lost: return []
        }
    }

    /// A later create of a split batch waits out a 429 (nothing was made by it).
    public static func waitingText(_ seconds: Int, _ error: APIError) -> String {
        "Rate limited (429): the next create waits \(seconds) s as the server asked (Retry-After); "
            + "nothing is sent before then."
    }

    /// A split batch's create `create` (its position) of `total` was accepted: a progress line.
    public static func progressText(create: Int, of total: Int, names: [String], jobs: Int) -> String {
        "Create \(create + 1) of \(total) accepted: \(SubmitGuard.namesText(names)) (\(jobs) job\(jobs == 1 ? "" : "s"))."
    }

    /// Why a split batch stopped at create `create` of `of`.
    static func stopText(_ outcome: CreateOutcome, create: Int, of total: Int, names: [String],
                         notSent: [String]) -> String {
        let what = "Create \(create) of \(total) (\(SubmitGuard.namesText(names)))"
        let why: String
        switch outcome {
        case .refused(let e): why = "\(what) was refused: \(e.userMessage)"
        case .lost: why = "\(what): \(outcome.text)"
        case .accepted, .partial: why = what
        }
        return why + (notSent.isEmpty ? "" : " Not requested: \(SubmitGuard.namesText(notSent)).")
    }

    // Most important words first: a one-line status on a narrow screen cuts the end.

    /// While the VM list is being searched after a lost answer.
    public static func checking(_ error: APIError, _ batch: CreateBatch) -> String {
        "No answer: the create may have gone through, so it is not sent again. Checking the VM list for "
            + "\(batch.namesText)… (\(error.userMessage))"
    }

    /// What searching the VM list for a batch whose create answer was lost found.
    public static func text(_ check: CreateCheck, _ batch: CreateBatch) -> String {
        let m = batch.names.count
        switch check {
        case .recovered(let vms):
            return "Created (answer lost): \(vms.count) of \(m) VM\(m == 1 ? "" : "s") found; not sent again. "
                + "Job ids unknown; see them: " + batch.vmsCommand
        case .possible(let vms):
            return "Possibly created: \(vms.count) VM\(vms.count == 1 ? "" : "s") named \(batch.namesText) exist, but "
                + "another open batch uses those names. Check before creating again: " + batch.vmsCommand
                + " (\(ShellHint.jobs()) looks again by itself)"
        case .notFound:
            return "Not created: no VM named \(batch.namesText) exists, so it can be sent again (check: \(batch.vmsCommand))."
        case .failed(let e):
            return "May have been created: gpcn could not read the VM list (\(e.userMessage)). "
                + "Check before creating again: " + batch.vmsCommand + " (\(ShellHint.jobs()) looks again by itself)"
        }
    }
}
