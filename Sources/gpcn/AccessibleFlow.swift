import Foundation
import GPCNApp
import GPCNConsole
import GPCNCore
import GPCNRuntime
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
            final.exitCode = await follow(jobs.jobs.map(\.job), session: session, io: io, lowBandwidth: lowBandwidth)
            return final
        }
        var flow = AccessibleCreate(answers: initial.wizard?.answers ?? WizardAnswers())
        io.line("gpcn: create VMs at \(session.client.endpoint). Answer each question and press Enter.")
        while true {
            switch flow.next() {
            case .load(let request):
                flow.loaded(request, await ConsoleRuntime.fetch(request, session.client))
            case .ask(let prompt):
                for l in prompt.lines { io.line(l) }
                io.write(prompt.ask)
                guard let answer = io.readLine(secret: prompt.isSecret) else {
                    io.line("")
                    throw Failure(code: Exit.usage, message: "input ended before the VMs were submitted; nothing was sent")
                }
                for l in flow.answer(answer) { io.line(l) }
            case .submit(let request):
                // The one create submitter: intent journaled, sent once, a lost answer looked up by name.
                let submitter = CreateSubmitter(api: session.client, journal: session.journal,
                                                clock: ConsoleRuntime.wallClock)
                let outcome = await submitter.submit(request) { event in
                    switch event {
                    case .intentRecorded: break
                    case .answerLost(let e): io.line(CreateOutcome.checking(e, CreateBatch(request)))
                    case .journalFailed(let why): io.line("Warning: could not write the journal (\(why)).")
                    }
                }
                let result: Result<[Job], APIError>
                switch outcome {
                case .accepted(let jobs, _): result = .success(jobs)
                case .refused(let e): result = .failure(e)
                case .lost:
                    io.line(outcome.text)
                    throw Failure(code: Exit.api, message: nil)
                }
                switch flow.submitted(result) {
                case .accepted(_, let jobs):
                    io.line("Submitted: \(jobs.count) job\(jobs.count == 1 ? "" : "s") accepted.")
                    final.exitCode = await follow(jobs, session: session, io: io, lowBandwidth: lowBandwidth)
                    final.screen = .wizard(flow.wizard)
                    return final
                case .askAgain(let lines):
                    for l in lines { io.line(l) }
                case .failed(let message):
                    throw Failure(code: Exit.api, message: message)
                }
            case .stop(let message, let code):
                if let message { io.line(message) }
                final.screen = .wizard(flow.wizard)
                final.exitCode = code
                if code == 2 { throw Failure(code: Exit.api, message: nil) }
                return final
            }
        }
    }

    /// Follows the jobs until every one has ended, one line per change. Polling is the
    /// dashboard's (`JobFollowLoop`: its `PollScheduler` with the rate budget, 429 Retry-After
    /// and back-off; ends journaled by its `JobsState`); `AccessibleProgress` only words it.
    /// Returns the exit code.
    static func follow(_ jobs: [Job], session: Session, io: LineIO, lowBandwidth: Bool) async -> Int32 {
        var progress = AccessibleProgress(jobs: jobs)
        for l in progress.start() { io.line(l) }
        let interval = lowBandwidth ? ConsoleSettings.lowBandwidthPollInterval : 2
        let state = JobsState(tracked: jobs.map { TrackedJob(job: $0) }, openedAt: ConsoleRuntime.wallClock())
        _ = await JobFollowLoop.run(state, api: session.client, journal: session.journal,
                                    interval: interval) { _, after, result, _ in
            // The words need the whole picture: every job as the dashboard now knows it (a job
            // left out of this view is one the API no longer shows).
            let shown: Result<JobsAnswer, APIError>
            switch result {
            case .failure(let e): shown = .failure(e)
            case .success(let answer):
                shown = .success(JobsAnswer(jobs: after.jobs.filter { $0.state != .notVisible }.map(\.job),
                                            requests: answer.requests, rateLimit: answer.rateLimit))
            }
            let (lines, _) = progress.polled(shown)  // ends: journaled by the JobsState already
            for l in lines { io.line(l) }
            return true
        }
        for l in progress.summary { io.line(l) }
        return progress.exitCode
    }
}

/// Plain line I/O for accessible mode: unbuffered writes, ASCII-only text when the locale is
/// not UTF-8, and secret reads without echo on a terminal.
struct LineIO {
    var ascii: Bool

    func write(_ text: String) {
        Console.write(ascii ? text.asciiFallback : text, to: 1)
    }

    func line(_ text: String) { write(TextTable.printable(text) + "\n") }

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
