import GPCNApp
import GPCNConsole
import GPCNCore
import Logging
import Synchronization
import TerminalUI

#if canImport(Glibc)
import Glibc
#endif

/// The one event loop: terminal events, timers and API answers go into
/// `ConsoleApp.update`; the effects it returns are performed here (the only place with
/// concurrency), and the newest frame is presented after every message. Every front end that
/// follows jobs runs here: the dashboard on a terminal, and `gpcn jobs`, `create --wait` and
/// accessible mode on a `HeadlessBackend` (no events, nothing presented; see `follow`).
public final class ConsoleRuntime: Sendable {
    private let api: any GPCNAPI
    /// For the dashboard's job polls: an API without automatic retries, so the dashboard's
    /// scheduler owns back-off and its countdown is true (defaults to `api`).
    private let pollAPI: any GPCNAPI
    private let backend: any TerminalBackend
    private let journal: JournalFile?
    private let clock: @Sendable () -> Double
    private let logger: Logger
    private let generator: @Sendable () -> String
    private let sleep: @Sendable (Double) async -> Void
    private let observe: (@Sendable (AppState, Double) -> Void)?
    /// False on a `HeadlessBackend`: no frame is drawn.
    private let presents: Bool
    /// The split batch being sent (its journal id), and whether the operator stopped it.
    private let sending = Mutex<(batchId: String?, stopped: Bool)>((nil, false))

    /// - Parameters:
    ///   - clock: wall-clock seconds since 1970 (tests pass a fixed or stepping clock).
    ///   - passwordGenerator: makes a password for Ctrl-G (a secure random one by default).
    ///   - sleep: waits a timer's seconds, measured on `clock` (tests with an accelerated clock
    ///     sleep less real time).
    ///   - observe: sees the state and the clock after every message (load tests measure with it).
    public init(api: any GPCNAPI, backend: any TerminalBackend, journal: JournalFile?,
                pollAPI: (any GPCNAPI)? = nil,
                clock: @escaping @Sendable () -> Double = ConsoleRuntime.wallClock,
                logger: Logger = Logger(label: "gpcn.runtime"),
                passwordGenerator: @escaping @Sendable () -> String = {
                    var rng = SystemRandomNumberGenerator()
                    return PasswordGenerator.generate(length: 16, using: &rng)
                },
                sleep: @escaping @Sendable (Double) async -> Void = ConsoleRuntime.realSleep,
                observe: (@Sendable (AppState, Double) -> Void)? = nil) {
        self.api = api; self.pollAPI = pollAPI ?? api; self.backend = backend; self.journal = journal; self.clock = clock
        self.logger = logger; self.generator = passwordGenerator; self.sleep = sleep; self.observe = observe
        presents = !(backend is HeadlessBackend)
    }

    public static let realSleep: @Sendable (Double) async -> Void = { seconds in
        // Never trap on a non-finite wait: at most a year.
        let s = seconds.isFinite ? min(max(seconds, 0), 31_536_000) : 31_536_000
        try? await Task.sleep(for: .milliseconds(Int(s * 1000)))
    }

    public static let wallClock: @Sendable () -> Double = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs until the app quits; returns the final state. Always stops the backend.
    /// - Parameter startEffects: performed once after the app's own start (`create --wait`
    ///   sends the rest of a batch this way: its password stays in the effect, never in the state).
    public func run(_ initial: AppState, startEffects: [Effect] = []) async -> AppState {
        let (messages, sink) = AsyncStream<Msg>.makeStream()
        let tasks = TaskBag()
        let backend = self.backend
        tasks.spawn {
            for await event in backend.events { sink.yield(.terminal(event)) }
        }

        var state = initial
        state.size = backend.size
        let started = clock()
        var quit = perform(ConsoleApp.start(&state, now: started) + startEffects, sink: sink, tasks: tasks)
        observe?(state, started)
        if presents { backend.present(ConsoleApp.view(state, now: clock())) }
        var crashArmed = false
        var inbox = messages.makeAsyncIterator()
        if !quit {
            while let msg = await inbox.next() {
                let now = clock()
                let effects = ConsoleApp.update(&state, msg, now: now)
                observe?(state, now)
                quit = perform(effects, sink: sink, tasks: tasks)
                if quit { break }
                guard presents else { continue }
                backend.present(ConsoleApp.view(state, now: clock()))
                if !crashArmed, DebugHooks.shouldCrash(onScreen: state.jobs != nil ? "dashboard" : "wizard") {
                    crashArmed = true
                    tasks.spawn { await DebugHooks.crashSoon() }
                }
            }
        }
        tasks.cancelAll()
        sink.finish()
        // A journal write that failed on the way out (the ends of the last answer) still reaches
        // the state, so every front end can say it.
        while let msg = await inbox.next() {
            guard case .journalFailed = msg else { continue }
            let now = clock()
            _ = ConsoleApp.update(&state, msg, now: now)
            observe?(state, now)
        }
        await backend.stop()
        return state
    }

    /// Performs effects in order; true when one of them is `.quit`.
    private func perform(_ effects: [Effect], sink: AsyncStream<Msg>.Continuation, tasks: TaskBag) -> Bool {
        for effect in effects {
            switch effect {
            case .quit:
                return true
            case .redraw:
                backend.redraw()
            case .suspend:
                backend.suspend()
            case .appendJournal(let entry):
                // Synchronously, so a submission is on disk before the frame that shows its jobs.
                do { try journal?.append(entry) } catch {
                    logger.error("journal write failed", metadata: ["error": "\(error)"])
                    sink.yield(.journalFailed("\(error)"))
                }
            case .savePreset(let flags):
                // Small and local: written here, answered with the line the review shows.
                do {
                    let path = try PresetFile.save(flags, directory: PresetFile.currentDirectory(),
                                                   comment: ["Saved from the gpcn wizard's review."])
                    let file = path.split(separator: "/").last.map(String.init) ?? path
                    sink.yield(.presetSaved("Saved \(path) (no password). Reuse it: gpcn create --from \(file)"))
                } catch {
                    sink.yield(.presetSaved("Preset not saved: \(error)"))
                }
            case .generatePassword:
                sink.yield(.generatedPassword(generator()))
            case .writeInventory(let jobs, let addresses, let stem):
                let api = self.api
                tasks.spawn {
                    let logins = await ImageLogins.fetch(for: jobs, api: api).logins
                    let text = Inventory.render(Inventory.entries(jobs, addresses: addresses, imageLogins: logins), format: .ansible)
                    do {
                        let path = try NewFile.createNumbered(directory: PresetFile.currentDirectory(), stem: PresetFile.fileStem(stem),
                                                              fileExtension: "ini", bytes: Array(text.utf8), mode: 0o644,
                                                              what: "inventory")
                        sink.yield(.inventoryWritten(.success(path)))
                    } catch {
                        sink.yield(.inventoryWritten(.failure(FileWriteError("\(error)"))))
                    }
                }
            case .savePassword(let password):
                // Asked for by the operator (Ctrl-O): a new 0600 file beside the journal.
                let dir = journal.map { j in String(j.path[..<(j.path.lastIndex(of: "/") ?? j.path.endIndex)]) }
                    ?? PresetFile.currentDirectory()
                do {
                    sink.yield(.passwordSaved(.success(try PasswordFile.save(password, stateDirectory: dir, now: clock()))))
                } catch {
                    sink.yield(.passwordSaved(.failure(FileWriteError("\(error)"))))
                }
            case .startTimer(let id, let seconds):
                let sleep = self.sleep
                tasks.spawn {
                    await sleep(seconds)
                    if !Task.isCancelled { sink.yield(.timer(id)) }
                }
            case .load(let request):
                let api = self.api
                tasks.spawn { sink.yield(.loaded(request, await Self.fetch(request, api))) }
            case .checkNames(let search, let names):
                let api = self.api
                tasks.spawn { sink.yield(.namesChecked(await NameCheck.run(search: search, names: names, api: api))) }
            case .submit(let request):
                logger.info("submitting create", metadata: ["name": "\(request.name ?? "")",
                                                            "count": "\(request.numberOfInstances ?? 1)"])
                sendCreate(request, retryOf: nil, sink: sink, tasks: tasks) { result in .submitted(result) }
            case .pollJobBatch(let ids):
                let api = self.pollAPI
                tasks.spawn {
                    do { sink.yield(.jobBatchPolled(ids, .success(try await api.jobs(ids: ids)))) }
                    catch { sink.yield(.jobBatchPolled(ids, .failure(APIError.from(error)))) }
                }
            case .loadVM(let id):
                let api = self.api
                tasks.spawn {
                    do { sink.yield(.vmLoaded(id, .success(try await Self.loadVM(id, api)))) }
                    catch { sink.yield(.vmLoaded(id, .failure(APIError.from(error)))) }
                }
            case .lookUpAddresses(let targets):
                let api = self.api
                tasks.spawn {
                    let found = await VMAddressLookup.fetch(targets, api: api).addresses.filter { !$0.value.isEmpty }
                    sink.yield(.addressesFound(found))
                }
            case .login(let vmId, let address, let user, let command):
                let api = self.api, backend = self.backend
                logger.info("logging in", metadata: ["vm": "\(vmId)", "address": "\(address)"])
                tasks.spawn {
                    // The VM's own user (the image default) when the create named none.
                    var user = user
                    if user == nil { user = (try? await api.virtualMachine(id: vmId))?.username }
                    let login = SSHLogin(command: command, user: user, address: address)
                    let status = await backend.runOutside(login.argv)
                    sink.yield(.cameBack(command: login.text, status: status))
                }
            case .emit(let sequence):
                backend.emit(sequence)
            case .stopSending(let id):
                let batchId = sending.withLock { s -> String? in
                    s.stopped = true
                    return id ?? s.batchId
                }
                // Said in the journal at once: a quit right after must not leave the rest offered.
                if let batchId {
                    do {
                        try journal?.append(.batchEnded(.init(id: batchId, time: ISOTime.format(clock()), outcome: .stopped,
                                                              note: "stopped by the operator")))
                    } catch { sink.yield(.journalFailed("\(error)")) }
                }
            case .resumeBatch(let unsent, let password):
                logger.info("sending the rest of a batch", metadata: ["batch": "\(unsent.batch.id)",
                                                                      "creates": "\(unsent.unsent.count)"])
                resumeBatch(unsent, password: password, sink: sink, tasks: tasks)
            case .retrySubmit(let retryOf, let request):
                // The create POST: sent once, never retried by the client (no duplicate VMs).
                logger.info("submitting a retry", metadata: ["retryOf": "\(retryOf)", "name": "\(request.name ?? "")"])
                sendCreate(request, retryOf: retryOf, sink: sink, tasks: tasks) { result in
                    .retrySubmitted(retryOf: retryOf, result)
                }
            }
        }
        return false
    }

    /// The create POST through the one `CreateSubmitter`: the intent is journaled here,
    /// synchronously, before the next frame (so a quit right after Enter can say the create is in
    /// the journal); then the POST is sent once, a lost answer looked up by name, the answer
    /// journaled. Its progress comes back as messages: the answer (a lost one first as a failure,
    /// so the screen says it is checking), then what the VM list showed.
    private func sendCreate(_ request: CreateVMRequest, retryOf: String?, sink: AsyncStream<Msg>.Continuation,
                            tasks: TaskBag, answer: @escaping @Sendable (Result<[Job], APIError>) -> Msg) {
        let submitter = CreateSubmitter(api: api, journal: journal, clock: clock)
        let logger = self.logger
        let failed: @Sendable (String) -> Void = { why in
            logger.error("journal write failed", metadata: ["error": "\(why)"])
            sink.yield(.journalFailed(why))
        }
        let prepared = submitter.prepare(request, retryOf: retryOf)
        if let why = prepared.journalWarning { failed(why) }
        let split = prepared.plan.isSplit
        if split { sending.withLock { $0 = (prepared.batchId, false) } }
        tasks.spawn {
            let outcome = await submitter.send(prepared, events: { event in
                switch event {
                case .answerLost(let e, _): sink.yield(answer(.failure(e)))
                case .journalFailed(let why): failed(why)
                case .waiting(let seconds, let e):
                    sink.yield(.createNotice(CreateOutcome.waitingText(seconds, e), isProblem: false))
                case .sending(let k): sink.yield(.batchSending(create: k))
                // The first create's jobs open the dashboard; the later ones join it as they come.
                case .accepted(let k, let jobs): sink.yield(k == 0 ? answer(.success(jobs)) : .batchCreateAccepted(create: k, jobs))
                }
            }, shouldStop: { self.sending.withLock { $0.stopped } })
            switch outcome {
            case .accepted(let jobs, _):
                sink.yield(split ? .batchEnded(stop: nil) : answer(.success(jobs)))
            case .refused(let e): sink.yield(answer(.failure(e)))
            case .lost(_, let check, _): sink.yield(.createChecked(retryOf: retryOf, check))
            case .partial(_, _, let stop):
                sink.yield(.batchEnded(stop: stop))
            }
        }
    }

    /// The unsent creates of a part-sent batch, sent as the batch's own were (`CreateSubmitter.resume`).
    private func resumeBatch(_ unsent: JournalSummary.UnsentBatch, password: String?, sink: AsyncStream<Msg>.Continuation,
                             tasks: TaskBag) {
        let submitter = CreateSubmitter(api: api, journal: journal, clock: clock)
        let logger = self.logger
        sending.withLock { $0 = (unsent.batch.id, false) }
        tasks.spawn {
            let outcome = await submitter.resume(unsent, password: password, events: { event in
                switch event {
                case .answerLost(let e, let batch):
                    sink.yield(.createNotice(CreateOutcome.checking(e, batch), isProblem: true))
                case .journalFailed(let why):
                    logger.error("journal write failed", metadata: ["error": "\(why)"])
                    sink.yield(.journalFailed(why))
                case .waiting(let seconds, let e):
                    sink.yield(.createNotice(CreateOutcome.waitingText(seconds, e), isProblem: false))
                case .sending(let k): sink.yield(.batchSending(create: k))
                case .accepted(let k, let jobs): sink.yield(.batchCreateAccepted(create: k, jobs))
                }
            }, shouldStop: { self.sending.withLock { $0.stopped } })
            switch outcome {
            case .accepted: sink.yield(.batchEnded(stop: nil))
            case .partial(_, _, let stop): sink.yield(.batchEnded(stop: stop))
            case .refused(let e): sink.yield(.batchEnded(stop: e.userMessage))
            case .lost(_, let check, let batch): sink.yield(.batchEnded(stop: CreateOutcome.text(check, batch)))
            }
        }
    }

    /// One VM with its addresses: the VM, then its interfaces (where one VM's addresses are
    /// documented, docs/api.md §2.9). A server without that route still shows the VM.
    public static func loadVM(_ id: String, _ api: any GPCNAPI) async throws -> VirtualMachine {
        var vm = try await api.virtualMachine(id: id)
        vm.interfaces = try? await api.networkInterfaces(vmId: id)
        return vm
    }

    /// One catalog list, as the message the console expects.
    public static func fetch(_ request: CatalogRequest, _ api: any GPCNAPI) async -> Result<CatalogPayload, APIError> {
        do {
            switch request {
            case .dataCenters: return .success(.dataCenters(try await api.dataCenters()))
            case .images(let dc): return .success(.images(try await api.images(datacenterId: dc)))
            case .sizes(let dc): return .success(.sizes(try await api.sizes(datacenterId: dc)))
            case .sshKeys: return .success(.sshKeys(try await api.sshKeys()))
            case .networks(let dc): return .success(.networks(try await api.networks(datacenterId: dc)))
            case .resourceGroups: return .success(.resourceGroups(try await api.resourceGroups()))
            case .subnets(let dc): return .success(.subnets(try await api.subnets(datacenterId: dc)))
            }
        } catch {
            return .failure(APIError.from(error))
        }
    }

}

/// Tasks started for effects; each removes itself when done, and all are cancelled together
/// when the loop ends.
final class TaskBag: Sendable {
    private struct Tasks {
        var next = 0
        var running: [Int: Task<Void, Never>] = [:]
        var finishedEarly: Set<Int> = []
        var closed = false
    }
    private let state = Mutex(Tasks())

    func spawn(_ body: @escaping @Sendable () async -> Void) {
        let id = state.withLock { s -> Int in s.next += 1; return s.next }
        let task = Task {
            await body()
            self.finished(id)
        }
        let cancelNow = state.withLock { s -> Bool in
            if s.closed { return true }
            if s.finishedEarly.remove(id) == nil { s.running[id] = task }
            return false
        }
        if cancelNow { task.cancel() }
    }

    private func finished(_ id: Int) {
        state.withLock { s in
            if s.running.removeValue(forKey: id) == nil { s.finishedEarly.insert(id) }
        }
    }

    var count: Int { state.withLock { $0.running.count } }

    func cancelAll() {
        let all = state.withLock { s -> [Task<Void, Never>] in
            s.closed = true
            defer { s.running = [:] }
            return Array(s.running.values)
        }
        for t in all { t.cancel() }
    }
}
