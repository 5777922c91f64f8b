import Foundation
import GPCNApp
import GPCNConsole
import GPCNCore
import GPCNRuntime
import Synchronization
import TerminalNcurses
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// Accessible mode's I/O: plain lines on stdout, answers read line by line from stdin (a
/// terminal, a screen reader's console, or a pipe from a script), the password without echo
/// when stdin is a terminal. The conversation itself is `AccessibleCreate` (pure); job
/// progress is `AccessibleProgress` (pure), polled every 2 s (5 s under --low-bandwidth).
enum AccessibleFlow {
    static func run(session: Session, display: DisplayOptions, initial: AppState) async throws -> AppState {
        let io = LineIO(ascii: display.ascii || !NcursesTerminal.setUpLocale())
        let lowBandwidth = display.isLowBandwidth(session.environment)
        var final = initial
        final.overlay = nil
        if let jobs = initial.jobs {
            // `gpcn jobs --accessible`: follow the given jobs.
            let followed = await follow(jobs.jobs, session: session, io: io, lowBandwidth: lowBandwidth)
            final.screen = .jobs(followed)
            final.exitCode = followed.exitCode
            return final
        }
        var flow = AccessibleCreate(answers: initial.wizard?.answers ?? CreateAnswers(), maxCount: initial.wizard?.form.maxCount)
        io.line("gpcn: create VMs at \(session.client.endpoint). Answer each question and press Enter.")
        while true {
            switch flow.next() {
            case .load(let request):
                flow.loaded(request, await ConsoleRuntime.fetch(request, session.client))
            case .checkNames(let search, let names):
                flow.namesChecked(await NameCheck.run(search: search, names: names, api: session.client))
            case .ask(let prompt):
                for l in prompt.lines { io.line(l) }
                io.write(prompt.ask)
                if prompt.question == .confirm, isatty(0) == 1 {
                    // The create's question takes only a line typed after it: lines already
                    // waiting (a pasted block's later lines, keys typed ahead) are dropped.
                    let dropped = LineIO.discardWaitingInput()
                    if dropped > 0 {
                        io.line("")
                        io.line(LineIO.typedAheadNotice(dropped))
                        io.write(prompt.ask)
                    }
                }
                guard let answer = io.readLine(secret: prompt.isSecret) else {
                    io.line("")
                    throw Failure(code: Exit.usage, message: "input ended before the VMs were submitted; nothing was sent")
                }
                for l in flow.answer(answer) { io.line(l) }
            case .submit(let request):
                let submitter = CreateSubmitter(api: session.client, journal: session.journal,
                                                clock: ConsoleRuntime.wallClock)
                let outcome = await send(request, with: submitter, io: io)
                let result: Result<[Job], APIError>
                switch outcome {
                case .accepted(let jobs, _), .partial(let jobs, _, _): result = .success(jobs)
                case .refused(let e): result = .failure(e)
                case .lost: throw Failure(code: Exit.api, message: nil)
                }
                switch flow.submitted(result) {
                case .accepted(let sent, let jobs):
                    io.line(outcome.text)
                    let now = ConsoleRuntime.wallClock()
                    final.exitCode = await follow(JobsState(jobs: jobs, request: sent, submittedAt: now).jobs, session: session,
                                                  io: io, lowBandwidth: lowBandwidth).exitCode
                    final.screen = .wizard(WizardState(answers: flow.form.answers))
                    return final
                case .askAgain(let lines):
                    for l in lines { io.line(l) }
                case .failed(let message):
                    throw Failure(code: Exit.api, message: message)
                }
            case .stop(let message, let code):
                if let message { io.line(message) }
                final.screen = .wizard(WizardState(answers: flow.form.answers))
                final.exitCode = code
                if code == 2 { throw Failure(code: Exit.api, message: nil) }
                return final
            }
        }
    }

    /// The create through the one submitter (intent journaled, sent once, a lost answer looked up
    /// by name), said as it goes: a lost answer in the submitter's words, with the VMs found.
    static func send(_ request: CreateVMRequest, with submitter: CreateSubmitter, io: LineIO) async -> CreateOutcome {
        let plan = CreatePlan(request)
        let outcome = await submitter.submit(request) { event in event.line(in: plan).map(io.line) }
        if case .lost(_, .recovered(let vms), _) = outcome {
            io.line(outcome.text)
            for vm in vms { io.line("  \(vm.name): VM \(vm.vmId)" + (vm.status.map { ", \($0)" } ?? "")) }
        } else if case .lost = outcome {
            io.line(outcome.text)
        }
        return outcome
    }

    /// Follows the jobs until every one has ended, one line per change, in the follower every
    /// front end runs (`ConsoleRuntime.follow`: the dashboard's `PollScheduler` with the rate
    /// budget, 429 Retry-After and back-off, through the poll client without automatic retries;
    /// ends journaled; give-up after repeated failed rounds or a refused key). `AccessibleProgress` only
    /// words it. Returns the final state (its `exitCode` is the one rule, `JobBoard.exitCode`).
    static func follow(_ jobs: [TrackedJob], session: Session, io: LineIO, lowBandwidth: Bool) async -> JobsState {
        for l in AccessibleProgress.start(jobs) { io.line(l) }
        let interval = lowBandwidth ? ConsoleSettings.lowBandwidthPollInterval : JobBoard.lineFollowingInterval
        let pollClient = try? session.makePollClient()
        let progress = Mutex(AccessibleProgress())
        let state = JobsState(tracked: jobs, openedAt: ConsoleRuntime.wallClock(), mode: .lineFollowing)
        let final = await ConsoleRuntime.follow(state, pollAPI: pollClient ?? session.client, journal: session.journal,
                                                interval: interval) { events, _ in
            for l in progress.withLock({ $0.lines(events) }) { io.line(l) }
        }
        await pollClient?.shutdown()
        for l in AccessibleProgress.summary(final.jobs) { io.line(l) }
        return final
    }
}

/// Plain line I/O for accessible mode: unbuffered writes, ASCII-only text when the locale is
/// not UTF-8, and secret reads without echo on a terminal.
struct LineIO: Sendable {
    var ascii: Bool
    /// Where lines go instead of stdout (tests read what the flow says).
    var sink: (@Sendable (String) -> Void)? = nil

    func write(_ text: String) {
        let shown = ascii ? text.asciiFallback : text
        if let sink { sink(shown) } else { Console.write(shown, to: 1) }
    }

    func line(_ text: String) { write(TextTable.printable(text) + "\n") }

    /// What accessible mode says after dropping lines that were waiting at the create question.
    static func typedAheadNotice(_ lines: Int) -> String {
        "Ignored \(lines) line\(lines == 1 ? "" : "s") already waiting (typed ahead or pasted): "
            + "only an answer typed after this question counts."
    }

    /// Reads and drops whatever is waiting on the terminal (stdin), until it has been quiet for
    /// 100 ms (so a paste still arriving is dropped too). Returns the number of lines dropped
    /// (a partial line counts as one). Only for a terminal: in canonical mode each line is read
    /// as it comes, so the stdio buffer holds nothing that is not yet answered.
    static func discardWaitingInput(quietMilliseconds: Int32 = 100) -> Int {
        var lines = 0
        var partial = false
        var buf = [UInt8](repeating: 0, count: 4096)
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0)]
        while poll(&fds, 1, quietMilliseconds) > 0, fds[0].revents & Int16(POLLIN) != 0 {
            let n = read(0, &buf, buf.count)
            if n <= 0 { break }
            for b in buf[0..<n] {
                if b == 10 { lines += 1; partial = false } else { partial = true }
            }
        }
        return lines + (partial ? 1 : 0)
    }

    /// One line from stdin (nil at the end of input). `secret`: without echo when stdin is a
    /// terminal; from a pipe it is read as it comes (nothing to hide there).
    func readLine(secret: Bool) -> String? {
        guard isatty(0) == 1 else {
            // From a pipe nothing is echoed: write the answer, so the transcript reads as a dialogue.
            let text = Swift.readLine(strippingNewline: true)
            if let text { line(secret ? "(\(text.count) characters, not shown)" : text) }
            return text
        }
        guard secret else { return Swift.readLine(strippingNewline: true) }
        // The shared reader: echo off, and back on after Enter, Ctrl-C, SIGTERM or SIGHUP.
        return TTY.readSecretLine(prompt: nil)
    }
}
