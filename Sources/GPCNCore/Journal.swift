import Foundation

/// One line of the journal (`$XDG_STATE_HOME/gpcn/journal.jsonl`): the intent to create (written
/// before the create POST is sent), a submission with the job ids it returned, a job reaching a
/// terminal state, or how an intent whose answer was lost ended. Append-only JSON lines, so a
/// process killed mid-write can at worst leave one torn last line, which readers skip.
/// Never holds the password (the request is stored `withoutPassword`) or the API key.
///
/// Crash safety of a create: `intent` is on disk before the POST leaves, so a kill at any moment
/// after it (the server accepted, the answer or the `submission` line did not make it) leaves an
/// intent without a submission. `gpcn jobs` reconciles such an intent by looking the batch's VM
/// names up (`GET /resource/virtual-machines?search=`) and records what it found as `intentEnded`.
public enum JournalEntry: Codable, Sendable, Equatable {
    case submission(Submission)
    case jobEnded(JobEnded)
    case intent(Intent)
    case intentEnded(IntentEnded)
    case batch(Batch)
    case batchEnded(BatchEnded)

    /// A batch sent as several creates (`CreatePlan`): written (and synced) before its first
    /// create's intent, so after a kill the creates that have no intent are known never to have
    /// been sent (docs/architecture.md, "The journal").
    public struct Batch: Codable, Sendable, Equatable {
        public var id: String
        public var time: String
        public var endpoint: String
        /// The batch's request (its count is the whole batch's), without the password.
        public var request: CreateVMRequest
        /// The VM names of each create, in sending order.
        public var creates: [[String]]
        /// `host:pid` of the process sending it: while that process lives, no other offers to
        /// send the rest.
        public var owner: String?

        public init(id: String, time: String, endpoint: String, request: CreateVMRequest, creates: [[String]],
                    owner: String?) {
            self.id = id; self.time = time; self.endpoint = endpoint; self.request = request.withoutPassword
            self.creates = creates; self.owner = owner
        }
    }

    /// How sending a batch ended: every create sent, the operator stopped the rest, or a create
    /// was refused or lost its answer (the rest were not sent).
    public struct BatchEnded: Codable, Sendable, Equatable {
        public enum Outcome: String, Codable, Sendable { case sent, stopped, refused }
        public var id: String
        public var time: String
        public var outcome: Outcome
        public var note: String?
        public init(id: String, time: String, outcome: Outcome, note: String? = nil) {
            self.id = id; self.time = time; self.outcome = outcome; self.note = note
        }
    }

    /// "About to send this create": written (and synced) before the POST.
    public struct Intent: Codable, Sendable, Equatable {
        /// Client-side submission id; the `submission` that answers it carries it as `intentId`.
        public var id: String
        public var time: String
        public var endpoint: String
        public var request: CreateVMRequest
        /// The VM names the create will make (`name`, or `name-1` … `name-N`).
        public var names: [String]
        public var retryOf: String?
        /// The batch this create belongs to, and its position in it (`Batch.creates`).
        public var batchId: String?
        public var batchIndex: Int?

        public init(id: String, time: String, endpoint: String, request: CreateVMRequest, retryOf: String? = nil,
                    batchId: String? = nil, batchIndex: Int? = nil) {
            self.id = id; self.time = time; self.endpoint = endpoint
            self.request = request.withoutPassword; self.names = request.instanceNames; self.retryOf = retryOf
            self.batchId = batchId; self.batchIndex = batchIndex
        }
    }

    /// How an intent without a submission ended: its VMs were found by name (`recovered`, the
    /// create went through but its answer was lost), or none exist (`notCreated`).
    public struct IntentEnded: Codable, Sendable, Equatable {
        public enum Outcome: String, Codable, Sendable { case recovered, notCreated }
        public var id: String
        public var time: String
        public var outcome: Outcome
        public var vms: [RecoveredVM]
        /// Why (a refusal's message, or how it was checked).
        public var note: String?

        public init(id: String, time: String, outcome: Outcome, vms: [RecoveredVM] = [], note: String? = nil) {
            self.id = id; self.time = time; self.outcome = outcome; self.vms = vms; self.note = note
        }
    }

    /// A VM found by name for an intent whose create answer was lost: its job id is unknown.
    public struct RecoveredVM: Codable, Sendable, Equatable {
        public var vmId: String
        public var name: String
        public var status: String?
        public init(vmId: String, name: String, status: String?) { self.vmId = vmId; self.name = name; self.status = status }
    }

    public struct Submission: Codable, Sendable, Equatable {
        /// Local id of the submission (for linking retries).
        public var id: String
        /// ISO-8601 UTC.
        public var time: String
        /// Base URL the jobs live at; `gpcn jobs` only reopens jobs of the current endpoint.
        public var endpoint: String
        public var request: CreateVMRequest
        public var jobs: [JournalJob]
        /// When this submission retries a failed job: that job's id.
        public var retryOf: String?
        /// The `intent` this submission answers.
        public var intentId: String?

        public init(id: String, time: String, endpoint: String, request: CreateVMRequest,
                    jobs: [JournalJob], retryOf: String? = nil, intentId: String? = nil) {
            self.id = id; self.time = time; self.endpoint = endpoint
            self.request = request.withoutPassword; self.jobs = jobs; self.retryOf = retryOf
            self.intentId = intentId
        }

        /// The one way a create answer becomes a journal line (wizard, `--yes`, accessible mode,
        /// dashboard retry): the id is the first job's id, and each job is named by
        /// `JournalEntry.instanceNames(of:request:)`.
        public init(request: CreateVMRequest, jobs: [Job], intentId: String?, endpoint: String, time: String,
                    retryOf: String? = nil) {
            let names = JournalEntry.instanceNames(of: jobs, request: request)
            self.init(id: Self.id(jobs: jobs, request: request), time: time, endpoint: endpoint, request: request,
                      jobs: jobs.enumerated().map { i, job in
                          JournalJob(jobId: job.jobId, name: names[i], resourceId: job.resourceId)
                      },
                      retryOf: retryOf, intentId: intentId)
        }

        /// The submission id for a create answer: its first job's id.
        public static func id(jobs: [Job], request: CreateVMRequest) -> String {
            jobs.first?.jobId ?? "empty-\(request.name ?? "")"
        }
    }

    /// The VM name of each of `jobs`, the create answer for `request`: the job's own
    /// `resourceName`, else the request's instance name at the same position (only when the
    /// answer has exactly one job per instance, so positions mean something), else nil. Never
    /// `resourceDisplayName` ("Virtual Machine web-1") nor the job id: this name is what a retry
    /// re-creates and what a lost create is looked up by.
    public static func instanceNames(of jobs: [Job], request: CreateVMRequest) -> [String?] {
        let names = request.instanceNames
        return jobs.enumerated().map { i, job in
            if let n = job.resourceName?.trimmingWhitespace(), !n.isEmpty { return n }
            guard names.count == jobs.count, !names[i].isEmpty else { return nil }
            return names[i]
        }
    }

    public struct JournalJob: Codable, Sendable, Equatable {
        public var jobId: String
        public var name: String?
        /// The VM id, when the create answer carried it (lets a reconciliation tell VMs apart).
        public var resourceId: String?
        public init(jobId: String, name: String?, resourceId: String? = nil) {
            self.jobId = jobId; self.name = name; self.resourceId = resourceId
        }
    }

    public struct JobEnded: Codable, Sendable, Equatable {
        public var jobId: String
        public var time: String
        public var state: JobState
        public var errorMessage: String?
        public var resourceId: String?
        public init(jobId: String, time: String, state: JobState, errorMessage: String? = nil,
                    resourceId: String? = nil) {
            self.jobId = jobId; self.time = time; self.state = state; self.errorMessage = errorMessage
            self.resourceId = resourceId
        }
    }

    enum CodingKeys: String, CodingKey { case type, submission, jobEnded }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .type) {
        case "submission": self = .submission(try Submission(from: decoder))
        case "jobEnded": self = .jobEnded(try JobEnded(from: decoder))
        case "intent": self = .intent(try Intent(from: decoder))
        case "intentEnded": self = .intentEnded(try IntentEnded(from: decoder))
        case "batch": self = .batch(try Batch(from: decoder))
        case "batchEnded": self = .batchEnded(try BatchEnded(from: decoder))
        default: throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown entry type")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .submission(let s):
            try c.encode("submission", forKey: .type)
            var copy = s
            copy.request = s.request.withoutPassword  // belt and braces: never a password on disk
            try copy.encode(to: encoder)
        case .jobEnded(let e):
            try c.encode("jobEnded", forKey: .type)
            try e.encode(to: encoder)
        case .intent(let i):
            try c.encode("intent", forKey: .type)
            var copy = i
            copy.request = i.request.withoutPassword
            try copy.encode(to: encoder)
        case .intentEnded(let e):
            try c.encode("intentEnded", forKey: .type)
            try e.encode(to: encoder)
        case .batch(let b):
            try c.encode("batch", forKey: .type)
            var copy = b
            copy.request = b.request.withoutPassword
            try copy.encode(to: encoder)
        case .batchEnded(let e):
            try c.encode("batchEnded", forKey: .type)
            try e.encode(to: encoder)
        }
    }

    /// One line of JSON, newline-terminated.
    public func line() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }
}

/// What the journal says, folded: every job ever submitted, with its last known end.
public struct JournalSummary: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var jobId: String
        public var name: String?
        public var endpoint: String
        public var submissionId: String
        public var submittedAt: String
        public var request: CreateVMRequest
        public var ended: JournalEntry.JobEnded?
        public var retryOf: String?
        /// The VM id the create answer gave, if any.
        public var resourceId: String? = nil
    }

    /// A VM found for an intent whose answer was lost (no job id known).
    public struct Recovered: Sendable, Equatable {
        public var vm: JournalEntry.RecoveredVM
        public var endpoint: String
        public var intentId: String
        public var recoveredAt: String
        public var request: CreateVMRequest
    }

    /// In submission order.
    public var jobs: [Entry]
    /// Intents with neither a submission nor an end: creates that may or may not have happened.
    public var openIntents: [JournalEntry.Intent]
    /// VMs recovered by name for intents whose answer was lost.
    public var recovered: [Recovered]
    /// Every VM id the journal knows (from create answers and recoveries).
    public var knownVMIds: Set<String>
    /// Lines that could not be read (a torn last line after a crash, or corruption).
    public var skippedLines: Int
    /// Batches whose sending did not end (no `batchEnded`) with creates never sent.
    public var unsentBatches: [UnsentBatch] = []

    /// A batch left part-sent (the process was killed or the terminal closed between two
    /// creates): the creates with no intent were never sent; neither were those whose intent
    /// ended `notCreated`. A create whose intent is still open may have been sent (its answer was
    /// lost): it is the lost-answer rule's, never offered again here.
    public struct UnsentBatch: Sendable, Equatable {
        public var batch: JournalEntry.Batch
        /// Positions in `batch.creates` never sent.
        public var unsent: [Int]
        /// Positions whose create may or may not have been made (intent open).
        public var uncertain: [Int]
        public var unsentNames: [String] { unsent.flatMap { batch.creates[$0] } }

        public init(batch: JournalEntry.Batch, unsent: [Int], uncertain: [Int]) {
            self.batch = batch; self.unsent = unsent; self.uncertain = uncertain
        }
    }

    /// Reads journal bytes; unreadable lines are counted and skipped, never fatal.
    public init(contents: [UInt8]) {
        var jobs: [Entry] = []
        var index: [String: Int] = [:]
        var skipped = 0
        var intents: [JournalEntry.Intent] = []
        var closed = Set<String>()
        var recovered: [Recovered] = []
        var vmIds = Set<String>()
        var batches: [JournalEntry.Batch] = []
        var batchesEnded = Set<String>()
        var notCreated = Set<String>()
        let decoder = JSONDecoder()
        for rawLine in contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            guard let entry = try? decoder.decode(JournalEntry.self, from: Data(rawLine)) else {
                if !rawLine.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { skipped += 1 }
                continue
            }
            switch entry {
            case .submission(let s):
                if let i = s.intentId { closed.insert(i) }
                for job in s.jobs { if let r = job.resourceId { vmIds.insert(r) } }
                for job in s.jobs where index[job.jobId] == nil {
                    index[job.jobId] = jobs.count
                    jobs.append(Entry(jobId: job.jobId, name: job.name, endpoint: s.endpoint, submissionId: s.id,
                                      submittedAt: s.time, request: s.request, ended: nil, retryOf: s.retryOf,
                                      resourceId: job.resourceId))
                }
            case .jobEnded(let e):
                if let i = index[e.jobId] { jobs[i].ended = e }
                if let r = e.resourceId { vmIds.insert(r) }
            case .intent(let i):
                intents.append(i)
            case .batch(let b):
                batches.append(b)
            case .batchEnded(let e):
                batchesEnded.insert(e.id)
            case .intentEnded(let e):
                if e.outcome == .notCreated { notCreated.insert(e.id) }
                guard closed.insert(e.id).inserted else { continue }
                let intent = intents.first { $0.id == e.id }
                for vm in e.vms {
                    vmIds.insert(vm.vmId)
                    recovered.append(Recovered(vm: vm, endpoint: intent?.endpoint ?? "", intentId: e.id,
                                               recoveredAt: e.time, request: intent?.request ?? CreateVMRequest()))
                }
            }
        }
        self.jobs = jobs
        self.openIntents = intents.filter { !closed.contains($0.id) }
        self.recovered = recovered
        self.unsentBatches = batches.filter { !batchesEnded.contains($0.id) }.compactMap { b in
            var made = Set<Int>()
            var open = Set<Int>()
            for i in intents where i.batchId == b.id {
                guard let k = i.batchIndex else { continue }
                if !closed.contains(i.id) { open.insert(k) } else if !notCreated.contains(i.id) { made.insert(k) }
            }
            let unsent = b.creates.indices.filter { !made.contains($0) && !open.contains($0) }
            guard !unsent.isEmpty else { return nil }
            return UnsentBatch(batch: b, unsent: unsent, uncertain: open.subtracting(made).sorted())
        }
        self.knownVMIds = vmIds
        self.skippedLines = skipped
    }

    /// Open intents of `endpoint`: what `gpcn jobs` must reconcile.
    public func openIntents(endpoint: String) -> [JournalEntry.Intent] {
        openIntents.filter { $0.endpoint == endpoint }
    }

    /// VM names that other creates may have given to VMs the journal cannot tell apart by id, so
    /// that a VM of that name cannot be said to be `intent`'s: jobs of the same endpoint submitted
    /// since `since` (Unix seconds; nil: any time) whose VM id is not known and that did not end
    /// in failure (still provisioning, or ended without an id), and the other open intents of
    /// that window. With duplicate names allowed, a second "web" batch whose answer was lost
    /// would otherwise claim the first batch's still-provisioning VMs as its own.
    public func claimedNames(otherThan intent: JournalEntry.Intent, since: Double?) -> Set<String> {
        func inWindow(_ time: String) -> Bool {
            guard let since, let t = ISOTime.parse(time) else { return true }
            return t >= since
        }
        var names = Set<String>()
        for job in jobs where job.endpoint == intent.endpoint && inWindow(job.submittedAt) {
            guard let name = job.name, !name.isEmpty else { continue }
            if let id = job.resourceId ?? job.ended?.resourceId, knownVMIds.contains(id) { continue }
            if let end = job.ended, end.state != .succeeded { continue }  // failed, cancelled, gone: no VM
            names.insert(name)
        }
        for other in openIntents where other.id != intent.id && other.endpoint == intent.endpoint
            && inWindow(other.time) {
            names.formUnion(other.names)
        }
        return names
    }

    /// Part-sent batches of `endpoint` (`unsentBatches`).
    public func unsentBatches(endpoint: String) -> [UnsentBatch] {
        unsentBatches.filter { $0.batch.endpoint == endpoint }
    }

    /// Jobs of `endpoint` with no recorded end: what `gpcn jobs` reopens.
    public func unfinished(endpoint: String) -> [Entry] {
        jobs.filter { $0.endpoint == endpoint && $0.ended == nil }
    }
}

/// Reconciling an intent whose create answer was lost: which of the listed VMs are its VMs.
/// Pure, so the rule is tested on its own: a VM belongs to the intent when its name is one of
/// the intent's instance names, it was created no earlier than `slack` seconds before the intent
/// (clocks differ; the create cannot be older than the decision to send it), and the journal does
/// not already know it from another submission.
public enum IntentReconciler {
    /// The VMs of `vms` that are the intent's: certainly (`mine`), or possibly (`shared`: their
    /// name is also `claimed` by another create the journal cannot tell apart by VM id, see
    /// `JournalSummary.claimedNames`).
    public struct Match: Sendable, Equatable {
        public var mine: [JournalEntry.RecoveredVM]
        public var shared: [JournalEntry.RecoveredVM]
    }

    public static func classify(_ intent: JournalEntry.Intent, vms: [VirtualMachine], known: Set<String>,
                                claimed: Set<String>, slack: Double = 300) -> Match {
        let all = match(intent, vms: vms, known: known, slack: slack)
        return Match(mine: all.filter { !claimed.contains($0.name) }, shared: all.filter { claimed.contains($0.name) })
    }

    /// The window `claimedNames` looks at for `intent`: from `slack` seconds before it.
    public static func claimWindowStart(_ intent: JournalEntry.Intent, slack: Double = 300) -> Double? {
        ISOTime.parse(intent.time).map { $0 - slack }
    }

    public static func match(_ intent: JournalEntry.Intent, vms: [VirtualMachine], known: Set<String>,
                             slack: Double = 300) -> [JournalEntry.RecoveredVM] {
        let names = Set(intent.names)
        let since = ISOTime.parse(intent.time).map { $0 - slack }
        var seen = Set<String>()
        var out: [JournalEntry.RecoveredVM] = []
        for vm in vms {
            let id = vm.id
            guard !id.isEmpty, let name = vm.name, names.contains(name),
                  !known.contains(id), seen.insert(id).inserted else { continue }
            if let since, let created = vm.createdAt.flatMap(ISOTime.parse), created < since { continue }
            out.append(JournalEntry.RecoveredVM(vmId: id, name: name, status: vm.status))
        }
        return out.sorted { a, b in
            let ia = intent.names.firstIndex(of: a.name) ?? 0, ib = intent.names.firstIndex(of: b.name) ?? 0
            return ia != ib ? ia < ib : a.vmId < b.vmId
        }
    }

    /// The search term for the VM list: the base name (each instance name contains it).
    public static func searchTerm(_ intent: JournalEntry.Intent) -> String {
        searchTerm(intent.request, names: intent.names)
    }

    /// The search term for a create's VMs: its base name, else its first instance name.
    public static func searchTerm(_ request: CreateVMRequest, names: [String]) -> String {
        request.name ?? names.first ?? ""
    }

}

/// What looking an unanswered create up by name found.
public enum CreateCheck: Sendable, Equatable {
    /// The create went through: these VMs carry the batch's names (their job ids are unknown).
    case recovered([JournalEntry.RecoveredVM])
    /// VMs carry the batch's names, but so does another batch of the same names still open (its
    /// VM ids unknown): the create possibly went through. Never a reason to send it again blindly.
    case possible([JournalEntry.RecoveredVM])
    /// No VM carries the batch's names now.
    case notFound
    /// The VM list could not be read.
    case failed(APIError)
}
