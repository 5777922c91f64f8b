import GPCNCore
import TerminalUI

// The console as one pure state machine (bubbletea's Model/Update/View):
// `ConsoleApp.update(&state, msg, now:)` returns effects as data; the runtime performs them
// and feeds their answers back as messages; `ConsoleApp.view(state)` draws a frame.

/// Something that happened: a key, a resize, an API answer, a timer.
public enum Msg: Sendable {
    case terminal(TerminalEvent)
    case loaded(CatalogRequest, Result<CatalogPayload, APIError>)
    case submitted(Result<[Job], APIError>)
    case generatedPassword(String)
    /// The answer to one `.pollJobBatch` request (≤50 ids), with the ids that were asked.
    case jobBatchPolled([String], Result<JobsAnswer, APIError>)
    /// The answer to `.loadVM`.
    case vmLoaded(String, Result<VirtualMachine, APIError>)
    /// The answer to `.lookUpAddresses`: the addresses found, by VM id (a VM whose look-up
    /// failed is absent).
    case addressesFound([String: VMAddresses])
    /// A program run outside the full screen (`.login`) has exited: its command line and status.
    case cameBack(command: String, status: Int32)
    /// The answer to `.retrySubmit`: the new job(s) replacing job `retryOf`.
    case retrySubmitted(retryOf: String, Result<[Job], APIError>)
    case journalFailed(String)
    /// A create whose answer was lost, looked up by name in the VM list (`retryOf` for a retry).
    case createChecked(retryOf: String?, CreateCheck)
    /// The answer to `.checkNames`: which of the batch's names the VM list already has.
    case namesChecked(NameCheckResult)
    /// The answer to `.savePreset`: a line to show (where it went, or why it failed).
    case presetSaved(String)
    /// The answer to `.savePassword`: the file it was written to, or why not.
    case passwordSaved(Result<String, FileWriteError>)
    /// The answer to `.writeInventory`: the file written, or why not.
    case inventoryWritten(Result<String, FileWriteError>)
    /// A batch sent as several creates (VPC networking) says something while or after it is sent:
    /// a rate-limit wait, or where it stopped (`isProblem`).
    case createNotice(String, isProblem: Bool)
    /// A batch sent as several creates: create `create` (its position in the plan) is being sent.
    case batchSending(create: Int)
    /// A batch sent as several creates: create `create` (after the first) was accepted with these jobs.
    case batchCreateAccepted(create: Int, [Job])
    /// Sending the batch ended: every create sent (nil), or why it stopped (what was not requested).
    case batchEnded(stop: String?)
    case timer(TimerID)
}

/// Why a file was not written, in words for the status line.
public struct FileWriteError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Timers the core can ask for; each fires once per `.startTimer`.
public enum TimerID: Hashable, Sendable {
    /// Animation of spinners while something loads.
    case spinner
    /// The next jobs poll.
    case poll
}

/// What the core asks the runtime to do.
public enum Effect: Sendable, Equatable {
    case load(CatalogRequest)
    /// The create POST. Holds the password: the runtime must never log or store it.
    case submit(CreateVMRequest)
    case generatePassword
    case appendJournal(JournalEntry)
    /// One `POST /resource/jobs` for at most 50 ids, sent once (no automatic retry: the
    /// dashboard's scheduler owns back-off); answered with `.jobBatchPolled`.
    case pollJobBatch([String])
    /// `GET /resource/virtual-machines/{id}` and its interfaces; answered with `.vmLoaded`.
    case loadVM(String)
    /// The addresses of finished VMs from the documented places (`VMAddressLookup`: one VM-list
    /// look-up per batch, each VM's interfaces for one VM or the few a list did not give).
    /// Answered with `.addressesFound`.
    case lookUpAddresses([VMAddressLookup.Target])
    /// Log in to a VM: leave the full screen, run `ssh USER@ADDRESS` (the user looked up on the VM
    /// when nil; `command` replaces `ssh`), come back; answered with `.cameBack`.
    case login(vmId: String, address: String, user: String?, command: [String]?)
    /// Write an escape sequence (copy, notification, title, bell) to the terminal.
    case emit(TerminalSequence)
    /// Re-submits the create for one failed VM (count 1). Holds the password when the original
    /// used one: never log or store it. Never retried automatically; answered with `.retrySubmitted`.
    case retrySubmit(retryOf: String, CreateVMRequest)
    /// Stop sending the rest of the batch under way (the creates sent go on): the batch ends as
    /// `stopped` in the journal at once; the create being sent, if any, is answered as usual.
    case stopSending(batchId: String?)
    /// Send the creates of a part-sent batch that were never sent (`gpcn jobs`, after the
    /// operator's confirm); holds the password when the batch logs in by one: never log it.
    case resumeBatch(JournalSummary.UnsentBatch, password: String?)
    /// Write the review's answers as a preset file (never holds the password).
    case savePreset(CreateFlags)
    /// Ask the VM list once (`search`) which of a batch's `names` exist; answered with `.namesChecked`.
    case checkNames(search: String, names: [String])
    /// Write a generated password to a new file only the user can read (0600, never replacing
    /// one), because the operator asked to. Holds the password: never log it.
    case savePassword(String)
    /// Write an Ansible inventory of `jobs` (their VMs at `addresses`; the login user from the
    /// request, else the image's default, looked up) to `STEM.ini` in the current directory
    /// (0644), or `STEM-2.ini`, … — never over an existing file.
    case writeInventory(jobs: [TrackedJob], addresses: [String: VMAddresses], stem: String)
    case startTimer(TimerID, seconds: Double)
    case redraw
    case suspend
    case quit(exitCode: Int32)
}

/// Settings fixed for a run (from flags and the terminal).
public struct ConsoleSettings: Sendable, Equatable {
    /// Shown in the header: where requests go.
    public var endpoint: String
    public var glyphs: Glyphs
    /// Poll interval bounds for the jobs screen, seconds.
    public var minimumPollInterval: Double
    /// `--low-bandwidth`: no spinners or animation (no spinner timer, a static "..." instead),
    /// and a longer minimum poll interval, so a slow link carries as few frames as possible.
    public var lowBandwidth: Bool
    /// What `s` runs (the profile's `ssh_command`, split into words); `ssh` when nil.
    public var sshCommand: [String]?
    /// The bell, the desktop notification and the window title (the profile's `notify`).
    public var notify: Bool
    /// Why this terminal cannot copy with OSC 52, when that is known (e.g. the Linux console).
    public var copyUnsupported: String?

    public init(endpoint: String, glyphs: Glyphs = .unicode, minimumPollInterval: Double = 1, lowBandwidth: Bool = false,
                sshCommand: [String]? = nil, notify: Bool = true, copyUnsupported: String? = nil) {
        self.endpoint = endpoint; self.glyphs = glyphs; self.minimumPollInterval = minimumPollInterval
        self.lowBandwidth = lowBandwidth; self.sshCommand = sshCommand; self.notify = notify
        self.copyUnsupported = copyUnsupported
        if lowBandwidth {
            self.glyphs.spinner = []
            self.minimumPollInterval = max(minimumPollInterval, ConsoleSettings.lowBandwidthPollInterval)
        }
    }

    /// The least time between two polls of the jobs screen under `--low-bandwidth`, seconds.
    public static let lowBandwidthPollInterval: Double = 5

    /// Why OSC 52 copy cannot work on `term`, for the terminals known not to support it.
    public static func copyUnsupported(term: String?) -> String? {
        guard let term, !term.isEmpty else { return "no TERM" }
        if term == "linux" || term.hasPrefix("vt") || term == "dumb" || term.hasPrefix("cons") {
            return "this terminal (TERM=\(term)) cannot copy to the clipboard (OSC 52)"
        }
        return nil
    }
}

public enum Screen: Sendable, Equatable {
    case wizard(WizardState)
    case jobs(JobsState)
}

/// A modal on top of the screen.
public enum Overlay: Sendable, Equatable {
    case help
    case confirmQuit
}

public struct AppState: Sendable, Equatable {
    public var settings: ConsoleSettings
    public var size: Size
    public var screen: Screen
    public var overlay: Overlay?
    /// Frame counter for spinners (advanced by the spinner timer).
    public var spinnerFrame: Int = 0
    /// Whether a spinner timer is armed (so only one runs).
    public var spinnerArmed = false
    /// Set when the app has asked to quit.
    public var exitCode: Int32?

    public init(settings: ConsoleSettings, size: Size, screen: Screen) {
        self.settings = settings; self.size = size; self.screen = screen
    }

    /// A wizard from the first step.
    public static func wizard(settings: ConsoleSettings, size: Size, draft: CreateAnswers = CreateAnswers()) -> AppState {
        AppState(settings: settings, size: size, screen: .wizard(WizardState(answers: draft)))
    }

    public var wizard: WizardState? {
        if case .wizard(let w) = screen { return w }
        return nil
    }

    public var jobs: JobsState? {
        if case .jobs(let j) = screen { return j }
        return nil
    }
}


public enum ConsoleApp {
    /// Effects to run when the app starts (first loads).
    public static func start(_ state: inout AppState, now: Double) -> [Effect] {
        var effects: [Effect] = []
        switch state.screen {
        case .wizard(var wizard):
            effects += wizard.enter(step: wizard.step)
            state.screen = .wizard(wizard)
        case .jobs(var jobs):
            effects += jobs.start(now: now, settings: state.settings)
            state.screen = .jobs(jobs)
        }
        layout(&state)
        return effects + armSpinnerIfNeeded(&state)
    }

    /// Tells list states how many rows they show, so paging moves by a screenful.
    static func layout(_ state: inout AppState) {
        switch state.screen {
        case .wizard(var w):
            w.layout(for: state.size)
            state.screen = .wizard(w)
        case .jobs(var j):
            j.layout(for: state.size)
            state.screen = .jobs(j)
        }
    }

    public static func update(_ state: inout AppState, _ msg: Msg, now: Double) -> [Effect] {
        var effects = route(&state, msg, now: now)
        effects += armSpinnerIfNeeded(&state)
        return effects
    }

    private static func route(_ state: inout AppState, _ msg: Msg, now: Double) -> [Effect] {
        switch msg {
        case .terminal(let event):
            return handle(event, &state, now: now)
        case .timer(.spinner):
            state.spinnerArmed = false
            state.spinnerFrame &+= 1
            return []
        default:
            break
        }
        switch state.screen {
        case .wizard(var wizard):
            var effects = wizard.update(msg, settings: state.settings)
            if let submitted = wizard.takeSubmittedJobs() {
                // The submission is already journaled (by the create submitter, before its answer came).
                // A batch of several creates: the first one's jobs are here (asked with the first
                // body, which names them); the rest are queued.
                let plan = CreatePlan(submitted.request)
                var jobs = JobsState(jobs: submitted.jobs, request: plan.bodies[0], submittedAt: now)
                if plan.isSplit { jobs.queue = SendQueue(plan: plan, now: now) }
                effects += jobs.start(now: now, settings: state.settings)
                state.screen = .jobs(jobs)
            } else {
                state.screen = .wizard(wizard)
            }
            return effects
        case .jobs:
            var jobs = takeJobs(&state)  // the only copy: it changes in place (not copied per message)
            let effects = jobs.update(msg, now: now, settings: state.settings)
            jobs.settleTally()  // counted here if the message changed jobs without, never in a frame
            state.screen = .jobs(jobs)
            return effects
        }
    }

    private static func handle(_ event: TerminalEvent, _ state: inout AppState, now: Double) -> [Effect] {
        switch event {
        case .resize(let size):
            state.size = size
            layout(&state)
            return []
        case .resumed:
            return []
        case .terminate, .hangup:
            return quit(&state, code: 130)
        case .interrupt:
            return interrupt(&state)
        case .key(let key):
            return handle(key, &state, now: now, burst: false)
        case .burstKey(let key):
            return handle(key, &state, now: now, burst: true)
        }
    }

    /// Ctrl-C: the wizard asks first (nothing is submitted yet); the jobs screen detaches.
    private static func interrupt(_ state: inout AppState) -> [Effect] {
        switch state.screen {
        case .wizard:
            if state.overlay == .confirmQuit { return quit(&state, code: 130) }
            state.overlay = .confirmQuit
            return []
        case .jobs(let jobs):
            return quit(&state, code: jobs.exitCode)
        }
    }

    private static func quit(_ state: inout AppState, code: Int32) -> [Effect] {
        state.exitCode = code
        // Nothing secret outlives the UI.
        if case .wizard(var wizard) = state.screen {
            wizard.forgetSecrets()
            state.screen = .wizard(wizard)
        }
        if case .jobs(var jobs) = state.screen, jobs.prompt != nil {
            jobs.prompt = nil  // a retry's password being typed
            state.screen = .jobs(jobs)
        }
        return [.quit(exitCode: code)]
    }

    /// - Parameter burst: the key came in one input burst with the key before it (typed ahead
    ///   or pasted without bracketed paste): it never confirms a create.
    private static func handle(_ key: Key, _ state: inout AppState, now: Double, burst: Bool) -> [Effect] {
        switch AppKeys.map.action(for: key, in: state) {
        case .quitWizard?, .detach?: return interrupt(&state)
        case .redraw?: return [.redraw]
        case .suspend?: return [.suspend]
        case .confirmQuit?: return quit(&state, code: 130)
        case .stay?, .closeHelp?:
            state.overlay = nil
            return []
        case .help?:
            state.overlay = .help
            return []
        case nil:
            break
        }
        if let overlay = state.overlay {
            if overlay == .help { state.overlay = nil }  // any key closes help
            return []  // "Quit gpcn?" waits for y or n
        }
        if !state.size.fits(.minimum) {
            return []  // nothing is usable on the too-small screen; Ctrl-C still works
        }
        switch state.screen {
        case .wizard(var wizard):
            let effects = wizard.handle(key, settings: state.settings, burst: burst)
            state.screen = .wizard(wizard)
            return effects
        case .jobs:
            var jobs = takeJobs(&state)
            let effects = jobs.handle(key, now: now, settings: state.settings, burst: burst)
            jobs.settleTally()
            state.screen = .jobs(jobs)
            // The key's own effects first (q confirmed while creates were queued stops sending them).
            if let code = jobs.quitRequested { return effects + quit(&state, code: code) }
            return effects
        }
    }

    private static func armSpinnerIfNeeded(_ state: inout AppState) -> [Effect] {
        guard !state.spinnerArmed, state.exitCode == nil, !state.settings.lowBandwidth else { return [] }
        let busy: Bool
        switch state.screen {
        case .wizard(let w): busy = w.isBusy
        case .jobs: busy = false
        }
        guard busy else { return [] }
        state.spinnerArmed = true
        return [.startTimer(.spinner, seconds: 0.15)]
    }

    /// What to print on stderr after the full-screen UI has ended, when the wizard was left with a
    /// create on its way or unconfirmed: the names, and how to check (the intent is journaled, so
    /// `gpcn jobs` reconciles it by name). Nil when there is nothing to say.
    public static func quitNotice(_ state: AppState) -> String? {
        guard state.exitCode != nil, let risk = state.wizard?.createAtRisk else { return nil }
        return "quit: " + CreateBatch(risk.request).atRisk(onItsWay: risk.onItsWay)
    }

    /// The key bindings in force on the current screen, under any overlay (the help overlay lists
    /// these): the screen's active commands, then those that work everywhere.
    public static func bindings(_ state: AppState) -> [KeyBinding] {
        var under = state
        under.overlay = nil
        var screen: [KeyBinding] = []
        switch under.screen {
        case _ where !under.size.fits(.minimum): break  // the too-small screen takes no keys of its own
        case .wizard(let w): screen = WizardKeys.map.bindings(in: w)
        case .jobs(let j): screen = JobsKeys.map.bindings(in: j)
        }
        return screen + AppKeys.map.bindings(in: under)
    }

    /// The bindings the footer shows: an open overlay's own keys, else `bindings(_:)`.
    public static func footerBindings(_ state: AppState) -> [KeyBinding] {
        guard state.overlay != nil else { return bindings(state) }
        return AppKeys.map.bindings(in: state)
    }
}

extension ConsoleApp {
    /// The jobs screen's state, taken out of `state` (which holds an empty one until it is put
    /// back): being the only copy, it is changed in place, not copied with all its jobs on the
    /// first change (a pattern-bound payload would share its storage with `state.screen`).
    static func takeJobs(_ state: inout AppState) -> JobsState {
        var screen = Screen.jobs(.vacated)
        swap(&screen, &state.screen)
        guard case .jobs(let jobs) = consume screen else { preconditionFailure("takeJobs on another screen") }
        return jobs
    }
}

extension JobsState {
    /// What `AppState.screen` holds while its jobs state is taken out (`ConsoleApp.takeJobs`).
    static let vacated = JobsState(tracked: [], openedAt: 0)
}
