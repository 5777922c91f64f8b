import Foundation
import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// Random keys (escape-like keys, wide and control characters, long pastes, resizes, interrupts,
/// `r`/`R`/`f`/Enter/`q`, the retry password) and random API answers (job lists with random or
/// missing fields, omitted, duplicated and unasked-for jobs, 429 with Retry-After, 5xx, timeouts,
/// VM loads, retry answers) thrown at `ConsoleApp.update` on the jobs screen. The test plays the
/// runtime: it keeps the armed timers, fires them when the clock reaches them, and answers every
/// request exactly once, in any order. After every message the invariants are checked.
///
/// `GPCN_FUZZ_ITERATIONS` (messages, default 3000) and `GPCN_FUZZ_SEED` as for the other fuzz tests.
@Suite struct DashboardFuzzTests {
    static let iterations = Int(ProcessInfo.processInfo.environment["GPCN_FUZZ_ITERATIONS"] ?? "") ?? 3000
    static let seed = UInt64(ProcessInfo.processInfo.environment["GPCN_FUZZ_SEED"] ?? "") ?? 0x3C6E_F372

    /// The retry password the fuzz types: valid, and distinctive enough to search for.
    static let password = "Fz9-Kq2.Wm4x"

    static let strings: [String] = [
        "", " ", "Booting", "Cloning the image", "東京のVM", "São Paulo", "e\u{301}", "\u{1B}[31mred\u{1B}[0m",
        "tab\there", "line\nbreak", "\u{0}nul", "\u{7F}", "😀🚀", String(repeating: "long ", count: 120),
        "\u{202E}rtl", "%s %n", "\"quoted\"",
    ]
    static let stages: [String?] = [nil, "", "initializing", "preparing_network", "provisioning", "configuring",
                                    "starting", "completed", "failed", "cancelled", "Canceled", "CANCELLED", "weird_stage",
                                    "東京"]

    /// The runtime, as the test plays it.
    struct Harness {
        var state: AppState
        var now: Double
        /// Fire times of armed poll timers not yet fired.
        var timers: [Double] = []
        var inFlight: [[String]] = []
        var vmLoads: [String] = []
        var addressLookUps: Set<String> = []
        var retries: [String] = []
        var pollEffects = 0
        var quitCode: Int32?
        var maxTimers = 0
        /// The terminal state each job was first seen in (a terminal state is final).
        var ended: [String: JobState] = [:]
        var endsJournaled: [String: Int] = [:]
        var lastKey: Key?
        var lastEvent: TerminalEvent?
        var retriesSubmitted = 0
        /// Messages delivered (keys, answers, timers, …).
        var sends = 0

        init(state: AppState, now: Double) {
            self.state = state
            self.now = now
            let effects = ConsoleApp.start(&self.state, now: now)
            noteEnded()
            perform(effects)
        }

        var jobs: JobsState { state.jobs! }

        mutating func send(_ msg: Msg) {
            sends += 1
            if case .terminal(let e) = msg {
                lastEvent = e
                if case .key(let k) = e { lastKey = k } else { lastKey = nil }
            } else {
                lastEvent = nil; lastKey = nil
            }
            let effects = ConsoleApp.update(&state, msg, now: now)
            perform(effects)
            noteEnded()
        }

        mutating func noteEnded() {
            for t in jobs.jobs where t.state.isTerminal {
                if let first = ended[t.job.jobId] {
                    #expect(first == t.state, "a terminal state is final (\(t.job.jobId): \(first) -> \(t.state))")
                } else {
                    ended[t.job.jobId] = t.state
                }
            }
        }

        mutating func perform(_ effects: [Effect]) {
            for effect in effects {
                switch effect {
                case .pollJobBatch(let ids):
                    pollEffects += 1
                    #expect((1...50).contains(ids.count), "a poll asks about 1-50 ids (\(ids.count))")
                    #expect(Set(ids).count == ids.count, "no id twice in one poll")
                    for id in ids {
                        #expect(ended[id] == nil, "a terminal job is never polled again (\(id))")
                        #expect(jobs.jobs.contains { $0.job.jobId == id }, "only known jobs are polled")
                    }
                    #expect(!inFlight.contains { !Set($0).isDisjoint(with: ids) }, "an id is never in two polls at once")
                    inFlight.append(ids)
                case .startTimer(.poll, let seconds):
                    #expect(seconds.isFinite && seconds >= 0, "timer of \(seconds) s")
                    timers.append(now + (seconds.isFinite ? max(0, seconds) : 0))
                    maxTimers = max(maxTimers, timers.count)
                case .startTimer(.spinner, _):
                    Issue.record("the jobs screen arms no spinner")
                case .appendJournal(let entry):
                    if let line = try? entry.line() {
                        #expect(!String(decoding: line, as: UTF8.self).contains(DashboardFuzzTests.password),
                                "no password in the journal")
                    }
                    if case .jobEnded(let end) = entry {
                        endsJournaled[end.jobId, default: 0] += 1
                        #expect(endsJournaled[end.jobId] == 1, "an end is journaled once (\(end.jobId))")
                        #expect(end.state.isTerminal)
                    }
                case .loadVM(let id):
                    #expect(!id.isEmpty)
                    vmLoads.append(id)
                case .retrySubmit(let old, let request):
                    retriesSubmitted += 1
                    #expect(request.numberOfInstances == 1, "a retry creates one VM")
                    if let t = jobs.jobs.first(where: { $0.job.jobId == old }) {
                        #expect(t.state == .failed || t.state == .cancelled, "only a failed job is retried")
                        #expect(t.job.canRetry == true, "only when the API allows it")
                        #expect(request.name == t.name, "same VM name")
                        if request.authMethod == .password {
                            #expect(request.password == DashboardFuzzTests.password || request.password.map {
                                CreateVMValidator.validatePassword($0).isEmpty } == true,
                                "a retry with password auth carries a valid password")
                        } else {
                            #expect(request.password == nil)
                        }
                    } else {
                        Issue.record("retry of an unknown job \(old)")
                    }
                    #expect(!retries.contains(old), "one retry in flight per job")
                    retries.append(old)
                case .quit(let code):
                    quitCode = code
                    checkExitCode(code)
                case .lookUpAddresses(let targets):
                    let ids = targets.map(\.vmId)
                    for id in ids {
                        #expect(!addressLookUps.contains(id), "a VM's addresses are looked up once (\(id))")
                        #expect(jobs.jobs.contains { $0.job.resourceId == id && $0.state == .succeeded },
                                "only a finished VM's addresses are looked up")
                    }
                    addressLookUps.formUnion(ids)
                case .redraw, .suspend, .emit:
                    break
                case .stopSending, .resumeBatch:
                    Issue.record("no batch is queued here, so nothing stops or resumes one")
                case .login(let vm, let address, _, _):
                    #expect(jobs.jobs.contains { $0.job.resourceId == vm && $0.state == .succeeded }, "s logs in to a finished VM only")
                    #expect(jobs.addresses[vm].flatMap(SSHLogin.address) == address, "at the address the row shows")
                case .writeInventory:
                    break  // e, a random key of the fuzz
                case .load, .submit, .generatePassword, .savePreset, .savePassword, .checkNames:
                    Issue.record("the jobs screen asked for \(effect)")
                }
            }
        }

        /// The exit code from the jobs' states, worked out here independently.
        func expectedExitCode() -> Int32 {
            let current = jobs.jobs.filter { $0.retriedBy == nil }
            // A failure wins over "still running" (JobBoard.exitCode).
            if current.contains(where: { $0.state.isTerminal && $0.state != .succeeded }) { return 3 }
            if current.contains(where: { !$0.state.isTerminal }) { return 4 }
            return 0
        }

        func checkExitCode(_ code: Int32) {
            #expect(state.exitCode == code)
            switch lastEvent {
            case .terminate?, .hangup?:
                #expect(code == 130)
            default:
                #expect(code == expectedExitCode(), "exit \(code) after \(String(describing: lastEvent)), states say \(expectedExitCode())")
            }
            if case .jobs(let j) = state.screen { #expect(j.prompt == nil, "a prompt (and its password) goes on quit") }
        }

        /// Fires the earliest armed timer, moving the clock to it (sometimes a millisecond early,
        /// as whole-millisecond sleeps do).
        mutating func fireNextTimer(_ rng: inout SplitMix64) {
            guard let i = timers.indices.min(by: { timers[$0] < timers[$1] }) else { return }
            let at = timers.remove(at: i)
            now = max(now, at - (rng.index(4) == 0 ? 0.0009 : 0))
            send(.timer(.poll))
        }

        /// Moves the clock by `dt`, firing every timer that comes due on the way.
        mutating func advance(by dt: Double) {
            let target = now + dt
            while quitCode == nil, let i = timers.indices.min(by: { timers[$0] < timers[$1] }), timers[i] <= target {
                now = max(now, timers.remove(at: i))
                send(.timer(.poll))
            }
            now = max(now, target)
        }
    }

    // MARK: - Random input

    static func randomKey(_ rng: inout SplitMix64) -> Key {
        let fixed: [Key] = [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .tab, .backTab, .enter,
                            .escape, .backspace, .delete, .insert, .function(1), .function(12), .ctrl("l"), .ctrl("z"),
                            .ctrl("u"), .ctrl("w"), .ctrl("g"), .character("/"), .character("?"), .character(" "),
                            .character("r"), .character("R"), .character("f"), .character("j"), .character("k"),
                            .character("y"), .character("Y"), .character("n"), .character("N"), .character("x"),
                            .character("s"), .character("e")]
        let chars: [Character] = ["a", "Z", "9", "!", "$", "é", "東", "\u{301}", "\u{7F}", "\u{1B}", "\u{0}", "😀", "-",
                                  ".", "[", "O", "~", "q"]
        switch rng.index(14) {
        case 0: return .paste(String((0..<rng.index(600)).map { _ in chars[rng.index(chars.count)] }))
        case 1:  // the bytes of an escape sequence, as separate keys would arrive on a confused link
            return .character(["\u{1B}", "[", "A", "O", "P", "1", "~", ";"][rng.index(8)])
        case 2, 3: return .character(chars[rng.index(chars.count)])
        case 4: return rng.index(6) == 0 ? .character("q") : .character("r")  // q ends a session: rarer
        default: return fixed[rng.index(fixed.count)]
        }
    }

    static func randomString(_ rng: inout SplitMix64) -> String? {
        switch rng.index(6) {
        case 0: return nil
        default: return strings[rng.index(strings.count)]
        }
    }

    static func randomBool(_ rng: inout SplitMix64) -> Bool? { [nil, true, false][rng.index(3)] }

    /// A job as a (misbehaving) API might return it for `id`, starting from what we know of it.
    static func randomJob(_ id: String, from known: Job?, _ rng: inout SplitMix64) -> Job {
        var j = known ?? Job(jobId: id)
        j.jobId = id
        switch rng.index(40) {
        case 0, 1:  // every field missing
            return Job(jobId: id)
        case 2, 3, 4:  // succeeded
            j.isCompleted = true; j.isTerminal = rng.index(4) == 0 ? nil : true; j.hasFailed = rng.index(5) == 0 ? nil : false
            j.stage = "completed"; j.progressPercentage = [100, 99, nil, 250][rng.index(4)]
        case 5, 6, 7:  // failed
            j.hasFailed = true; j.isTerminal = randomBool(&rng) ?? true; j.isCompleted = randomBool(&rng)
            j.stage = rng.index(3) == 0 ? randomString(&rng) : "failed"
            j.errorMessage = randomString(&rng); j.canRetry = rng.index(3) == 0 ? randomBool(&rng) : true
        case 8 where rng.index(2) == 0:  // cancelled
            j.stage = ["cancelled", "Canceled", "CANCELLED"][rng.index(3)]; j.isTerminal = randomBool(&rng)
        case 9 where rng.index(2) == 0:  // terminal without completing: a failure by the rules
            j.isTerminal = true; j.isCompleted = false; j.hasFailed = nil; j.canRetry = randomBool(&rng)
        default:  // running, with anything in the fields
            j.isCompleted = rng.index(8) == 0 ? nil : false; j.hasFailed = rng.index(8) == 0 ? nil : false
            j.isTerminal = rng.index(8) == 0 ? nil : false
            j.stage = stages[rng.index(stages.count)].map { $0.lowercased() == "cancelled" || $0.lowercased() == "canceled" ? "provisioning" : $0 }
            j.progressPercentage = rng.index(6) == 0 ? nil : Int(truncatingIfNeeded: rng.next() % 140) - 20
        }
        if rng.index(3) == 0 { j.message = randomString(&rng) }
        if rng.index(5) == 0 { j.resourceName = randomString(&rng) }
        if rng.index(6) == 0 { j.resourceId = rng.index(2) == 0 ? nil : ["", "vm-\(rng.index(9))", "東京"][rng.index(3)] }
        if rng.index(6) == 0 { j.updatedAt = ["", "garbage", "2026-13-45T99:99:99Z", ISOTime.format(1_780_000_000 + Double(rng.index(9999)))][rng.index(4)] }
        if rng.index(8) == 0 { j.estimatedCompletion = ["", "soon", "2026-11-30T10:00:00Z"][rng.index(3)] }
        if rng.index(8) == 0 { j.timeRemaining = randomString(&rng) }
        return j
    }

    static func randomRate(_ rng: inout SplitMix64, now: Double) -> RateLimit? {
        guard rng.index(2) == 0 else { return nil }
        let limit = [nil, 0, 1, 100, 1000][rng.index(5)]
        let remaining = [nil, -3, 0, 1, 5, 50, 999, 100_000][rng.index(8)]
        let reset: Int? = [nil, Int(now) - 100, Int(now), Int(now) + 1, Int(now) + 59, Int(now) + 3600, 4_000_000_000][rng.index(7)]
        return RateLimit(limit: limit, remaining: remaining, resetAt: reset)
    }

    static func randomError(_ rng: inout SplitMix64) -> APIError {
        switch rng.index(8) {
        case 0, 1:
            return APIError(kind: .http(status: 429), code: "Rate Limited", message: "Too many requests.",
                            retryAfter: [nil, 0, 1, 1, 5, 5, 59, -3, rng.index(10) == 0 ? 840 : 2][rng.index(9)])
        case 2, 3:
            return APIError(kind: .http(status: [500, 502, 503, 504][rng.index(4)]), message: "upstream \u{1B}[31m down",
                            retryAfter: rng.index(4) == 0 ? rng.index(120) : nil)
        case 4: return APIError(kind: .timeout(seconds: 30), message: "timed out")
        case 5: return APIError(kind: .unreachable("connection refused"), message: "connection refused")
        case 6: return APIError(kind: .http(status: 401), message: "Invalid API key")
        default: return APIError(kind: .undecodable("not JSON"), message: "<html>502</html>")
        }
    }

    /// A random answer to one poll of `ids`.
    static func answer(_ ids: [String], _ h: Harness, _ rng: inout SplitMix64) -> Result<JobsAnswer, APIError> {
        if rng.index(8) == 0 { return .failure(randomError(&rng)) }
        var jobs: [Job] = []
        for id in ids where rng.index(12) != 0 {  // sometimes omitted: "not visible to this key"
            let known = h.jobs.jobs.first { $0.job.jobId == id }?.job
            jobs.append(randomJob(id, from: known, &rng))
            if rng.index(20) == 0 { jobs.append(randomJob(id, from: known, &rng)) }  // the same id twice
        }
        if rng.index(10) == 0 {  // a job nobody asked for: an ended one, or a stranger
            let ended = Array(h.ended.keys).sorted()
            let id = !ended.isEmpty && rng.index(2) == 0 ? ended[rng.index(ended.count)] : "stranger-\(rng.index(99))"
            jobs.append(randomJob(id, from: nil, &rng))
        }
        if rng.index(4) == 0 { jobs.shuffle(using: &rng) }
        return .success(JobsAnswer(jobs: jobs, requests: 1, rateLimit: randomRate(&rng, now: h.now)))
    }

    /// A fresh dashboard: jobs just submitted, or reopened from the journal (some ended, some
    /// without their request).
    static func dashboard(_ rng: inout SplitMix64, now: Double) -> AppState {
        let n = [1, 3, 10, 10, 49, 50, 51, 120][rng.index(8)]
        let password = rng.index(2) == 0
        let request = password ? DashFixture.passwordRequest : DashFixture.request
        let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 100, height: 30)]
        let settings = ConsoleSettings(endpoint: DashFixture.endpoint, glyphs: rng.index(3) == 0 ? .ascii : .unicode,
                                       minimumPollInterval: [0.1, 1, 1, 5][rng.index(4)], lowBandwidth: rng.index(5) == 0)
        let screen: JobsState
        if rng.index(3) == 0 {
            let tracked = (1...n).map { i -> TrackedJob in
                var job = DashFixture.created(i)
                switch rng.index(6) {
                case 0: job = DashFixture.failed(i, progress: 40, error: "Insufficient capacity", canRetry: true, after: 30)
                case 1: job = DashFixture.succeeded(i, after: 60)
                default: break
                }
                return TrackedJob(job: job, knownName: rng.index(3) == 0 ? nil : "web-\(i)",
                                  request: rng.index(4) == 0 ? nil : request, endJournaled: job.state.isTerminal)
            }
            screen = JobsState(tracked: tracked, openedAt: now)
        } else {
            var r = request
            r.numberOfInstances = n
            screen = JobsState(jobs: (1...n).map { DashFixture.created($0) }, request: r, submittedAt: now)
        }
        return AppState(settings: settings, size: sizes[rng.index(sizes.count)], screen: .jobs(screen))
    }

    // MARK: - The test

    @Test func randomSessionsKeepTheInvariants() {
        var rng = SplitMix64(seed: Self.seed)
        var messages = 0, sessions = 0, polls = 0, retries = 0, passwordPrompts = 0, quits = 0, maxTimers = 0
        var outcomes = Set<JobState>()
        while messages < Self.iterations {
            sessions += 1
            var h = Harness(state: Self.dashboard(&rng, now: DashFixture.t0), now: DashFixture.t0)
            let budget = 40 + rng.index(400)
            while h.sends < budget, messages + h.sends < Self.iterations + 40, h.quitCode == nil {
                step(&h, &rng, &passwordPrompts)
                if h.quitCode != nil { quits += 1; break }
                check(h)
            }
            messages += h.sends
            polls += h.pollEffects
            retries += h.retriesSubmitted
            maxTimers = max(maxTimers, h.maxTimers)
            for t in h.jobs.jobs { outcomes.insert(t.state) }
            #expect(h.pollEffects == h.jobs.scheduler.requestsSent, "every request the scheduler counts was asked for")
        }
        print("dashboard fuzz: \(messages) messages in \(sessions) sessions, \(polls) polls, \(retries) retries, "
              + "\(passwordPrompts) password prompts, \(quits) quits, at most \(maxTimers) poll timers armed")
        #expect(messages >= Self.iterations)
        #expect(polls > 100 && retries > 0 && passwordPrompts > 0 && quits > 0, "the fuzz reaches polls, retries, prompts and quits")
        #expect(outcomes.count == JobState.allCases.count, "every state reached: \(outcomes)")
    }

    /// One random message, as the runtime would deliver it.
    func step(_ h: inout Harness, _ rng: inout SplitMix64, _ passwordPrompts: inout Int) {
        // A prompt is answered like a person would, most of the time.
        if case .confirmRetry? = h.jobs.prompt, rng.index(2) == 0 {
            h.send(.terminal(.key([.character("y"), .enter, .character("n"), .escape][rng.index(4)])))
            return
        }
        if case .password(_, let field, _)? = h.jobs.prompt, rng.index(3) != 0 {
            if field.text.isEmpty { passwordPrompts += 1 }
            switch rng.index(6) {
            case 0: h.send(.terminal(.key(.paste(Self.password))))
            case 1: for c in Self.password { h.send(.terminal(.key(.character(c)))) }
            case 2: h.send(.terminal(.key(.enter)))
            case 3: h.send(.terminal(.key(.escape)))
            default: h.send(.terminal(.key(Self.randomKey(&rng))))
            }
            checkPasswordNeverShown(h)
            return
        }
        switch rng.index(100) {
        case 0..<30:
            h.send(.terminal(.key(Self.randomKey(&rng))))
        case 30..<53:
            h.fireNextTimer(&rng)
        case 53..<57:
            h.advance(by: rng.index(20) == 0 ? Double(rng.index(120)) : rng.uniform(0, 3))
        case 57..<80:
            guard !h.inFlight.isEmpty else { h.fireNextTimer(&rng); return }
            let ids = h.inFlight.remove(at: rng.index(h.inFlight.count))
            h.send(.jobBatchPolled(ids, Self.answer(ids, h, &rng)))
        case 80..<82:
            guard !h.vmLoads.isEmpty else { return }
            let id = h.vmLoads.remove(at: rng.index(h.vmLoads.count))
            let vm = VirtualMachine(id: id, name: Self.randomString(&rng))
            h.send(.vmLoaded(id, rng.index(2) == 0 ? .success(vm) : .failure(Self.randomError(&rng))))
        case 82..<86:
            guard !h.retries.isEmpty else { return }
            let old = h.retries.remove(at: rng.index(h.retries.count))
            if rng.index(4) == 0 {
                h.send(.retrySubmitted(retryOf: old, .failure(Self.randomError(&rng))))
            } else {
                let n = rng.index(10) == 0 ? [0, 2][rng.index(2)] : 1
                let jobs = (0..<n).map { _ in
                    var j = Self.randomJob("retry-\(rng.next() % 1_000_000)", from: DashFixture.created(1), &rng)
                    if rng.index(2) == 0 { j = DashFixture.created(1); j.jobId = "retry-\(rng.next() % 1_000_000)" }
                    return j
                }
                h.send(.retrySubmitted(retryOf: old, .success(jobs)))
            }
        case 86..<90:
            h.send(.terminal(.resize(Size(width: 10 + rng.index(190), height: 3 + rng.index(70)))))
        case 90:
            h.send(.journalFailed("disk full \u{1B}[2J"))
        case 91:
            h.send(.timer(.spinner))  // a stray timer
        case 92:
            h.send(.timer(.poll))  // a stray poll timer (an old one, superseded)
        case 93:
            h.send(.terminal(.resumed))
        case 94 where rng.index(4) == 0:
            h.send(.terminal([.interrupt, .terminate, .hangup][rng.index(3)]))
        case 95:
            h.send(.presetSaved("not on this screen"))
        default:
            h.send(.terminal(.key([.character("r"), .character("R"), .character("f"), .enter, .character("y")][rng.index(5)])))
        }
    }

    func checkPasswordNeverShown(_ h: Harness) {
        guard h.quitCode == nil, h.state.size.fits(.minimum) else { return }
        let screen = ConsoleApp.view(h.state, now: h.now).lines().joined(separator: "\n")
        #expect(!screen.contains(Self.password), "the retry password never reaches the screen")
        if case .password(_, let field, _)? = h.jobs.prompt, field.text.count >= 8,
           field.text.contains(where: { $0.isLetter || $0.isNumber }) {
            #expect(!screen.contains(field.text), "typed text in the password field is masked")
        }
        if h.jobs.prompt == nil {
            #expect(!String(describing: h.jobs).contains(Self.password), "the password is not kept once the prompt closes")
        }
    }

    func check(_ h: Harness) {
        let j = h.jobs
        // The cursor stays inside the list, on a row that exists.
        if let cursor = j.list.cursor { #expect(cursor >= 0 && cursor < j.list.visible.count, "cursor inside the list") }
        #expect(j.list.visible.allSatisfy { $0 >= 0 && $0 < j.list.rows.count })
        let known = Set(j.jobs.map(\.job.jobId))
        for row in j.list.rows { #expect(known.contains(row.id), "every row is a job") }
        if j.failedOnly {
            for row in j.list.rows { #expect(j.jobs.first { $0.job.jobId == row.id }?.isProblem == true, "f shows problems only") }
        } else {
            #expect(j.list.rows.count == j.jobs.count, "every job has a row")
        }
        if let d = j.detail { #expect(known.contains(d)) }
        // The tally (JobTally.swift) is up to date after every message and equals a count from scratch,
        // and the rows are the jobs as they are now: a frame needs neither a scan nor a rebuild.
        #expect(j.tallyCache.revision == j.board.revision, "the tally is kept after every message")
        #expect(j.tallyCache.tally == JobTally(j.jobs), "the kept tally equals a recount")
        #expect(j.tallyCache.anyRetryable == (j.tallyCache.tally.active == 0 && j.jobs.contains { j.retryBlocker($0) == nil }))
        #expect(j.list.rows == j.shownJobs.map(JobsState.row), "the rows are the jobs as they are")
        for t in j.jobs { #expect(j.index(of: t.job.jobId) == j.jobs.firstIndex { $0.job.jobId == t.job.jobId }) }
        // Polling: only running jobs are active; the scheduler's round bookkeeping matches the requests out.
        if !j.scheduler.isRoundInFlight {  // ids that ended are dropped when their round ends
            for id in j.scheduler.active { #expect(h.ended[id] == nil, "an ended job is not active") }
        }
        #expect(j.scheduler.pending == h.inFlight.count, "one pending request per unanswered poll")
        // Liveness: while jobs remain and no round is out, an armed timer will start the next one in time.
        if h.quitCode == nil, !j.scheduler.active.isEmpty, !j.scheduler.isRoundInFlight, let next = j.scheduler.nextPollAt {
            let due = j.scheduler.problem != nil ? min(next, h.now + 1) : next
            #expect(h.timers.contains { $0 <= max(due, h.now) + 0.05 }, "a timer is armed for the next round (due \(due - h.now) s)")
        }
        // One live timer: the one the state waits for is armed; superseded (later) ones fire
        // harmlessly, and they never pile up.
        if let target = j.timerTarget, h.quitCode == nil {
            #expect(h.timers.contains { abs($0 - target) < 0.011 }, "the awaited timer is armed")
        }
        #expect(h.timers.count <= 3, "\(h.timers.count) poll timers armed")
        // The header's staleness and countdown stay sane numbers.
        if let stale = j.scheduler.staleFor(now: h.now) { #expect(stale.isFinite && stale >= 0) }
        // Exit code as the states say.
        #expect(j.exitCode == h.expectedExitCode())
        // Rendering never crashes and fills the screen.
        if h.state.size.fits(.minimum), h.lastKey != nil || h.lastEvent != nil || Int(h.now * 7) % 3 == 0 {
            let frame = ConsoleApp.view(h.state, now: h.now)
            #expect(frame.size == h.state.size)
        }
    }
}

/// Found by the fuzz: a nonsense `X-RateLimit-Remaining` (negative) made the budget arithmetic
/// divide by zero, so the next poll was due at infinity (and the runtime's timer would trap
/// converting it to milliseconds). A negative remaining now counts as a spent budget.
@Suite struct DashboardFuzzRegressionTests {
    @Test func aNegativeRemainingBudgetWaitsForTheResetInsteadOfForever() {
        var d = DashDriver(jobs: (1...120).map { DashFixture.created($0) })
        let polls = d.takePolls()
        #expect(polls.count == 3)
        d.answer(polls, (1...120).map { DashFixture.created($0) },
                 rate: RateLimit(limit: 100, remaining: -3, resetAt: Int(d.now) + 30))
        let next = d.jobs.scheduler.nextPollAt ?? .infinity
        #expect(next.isFinite, "the next poll is due at a real time")
        #expect(next >= d.now + 30, "not before the window resets")
        #expect(d.timers.allSatisfy { $0.isFinite })
        d.advance(by: 32)
        #expect(d.takePolls().count == 3, "polling resumes after the reset")
    }
}
