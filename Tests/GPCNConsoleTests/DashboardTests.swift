import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// The dashboard's behaviour through `ConsoleApp.update`: polling effects, journal, keys, retry.
@Suite struct DashboardTests {
    typealias F = DashFixture

    @Test func startPollsEveryJobInOneBatch() {
        var d = DashDriver(jobs: (1...10).map { F.created($0) })
        let polls = d.takePolls()
        #expect(polls.count == 1)
        #expect(polls[0] == (1...10).map(F.id))
    }

    @Test func oneHundredTwentyJobsMeanThreeRequestsPerRefresh() {
        var d = DashDriver(jobs: (1...120).map { F.created($0) })
        #expect(d.takePolls().map(\.count) == [50, 50, 20])
    }

    @Test func endedJobsAreJournaledOnceAndNoLongerPolled() {
        var d = DashDriver(jobs: (1...3).map { F.created($0) })
        var world = [F.succeeded(1, after: 50), F.failed(2, progress: 40, error: "Out of capacity", canRetry: true, after: 30),
                     F.running(3, stage: "provisioning", progress: 30, message: "Allocating", at: F.t0 + 1, eta: F.t0 + 90)]
        d.now += 1
        d.answerPolls(world)
        let ends = d.journalEntries.compactMap { if case .jobEnded(let e) = $0 { return e }; return nil }
        #expect(ends.map(\.jobId) == [F.id(1), F.id(2)])
        #expect(ends.map(\.state) == [.succeeded, .failed])
        #expect(ends[1].errorMessage == "Out of capacity")
        #expect(ends[0].resourceId == F.vmId(1))
        d.advance(by: 1)
        let polls = d.takePolls()
        #expect(polls == [[F.id(3)]])
        world[2] = F.succeeded(3, after: 80)
        d.answer(polls, world)
        #expect(d.journalEntries.count == 3, "each end once")
        d.advance(by: 30)
        #expect(d.takePolls().isEmpty, "nothing left to poll")
        #expect(d.jobs.exitCode == 3)
    }

    @Test func aJobMissingFromTheAnswerIsNotVisibleAndDropped() {
        var d = DashDriver(jobs: (1...2).map { F.created($0) })
        d.answerPolls([F.running(1, stage: "provisioning", progress: 20, message: "x", at: F.t0, eta: F.t0 + 60)])
        #expect(d.jobs.jobs[1].state == .notVisible)
        if case .jobEnded(let e)? = d.journalEntries.last {
            #expect(e.state == .notVisible && e.jobId == F.id(2))
        } else { Issue.record("no journal entry for the vanished job") }
        d.advance(by: 1)
        #expect(d.takePolls() == [[F.id(1)]])
        #expect(d.text.contains("GONE"))
    }

    @Test func onlyOnePollTimerIsArmedAtATime() {
        var d = DashDriver(jobs: [F.created(1)])
        #expect(d.timers.isEmpty, "a round is in flight: no poll timer yet")
        d.answerPolls([F.running(1, stage: "provisioning", progress: 20, message: "x", at: F.t0, eta: F.t0 + 60)])
        #expect(d.timers == [1])
        d.press(.down); d.press(.up)  // keys arm nothing more
        #expect(d.timers == [1])
        d.advance(by: 1)
        d.answerPolls([F.running(1, stage: "provisioning", progress: 20, message: "x", at: F.t0, eta: F.t0 + 60)])
        #expect(d.timers == [1, 2], "nothing moved: the interval doubled")
    }

    @Test func unreachableKeepsTheLastStateAndCountsDown() {
        var d = DashDriver(jobs: [F.created(1)])
        d.answerPolls([F.running(1, stage: "provisioning", progress: 40, message: "Allocating", at: F.t0, eta: F.t0 + 60)])
        d.advance(by: 1)
        d.failPolls(APIError(kind: .unreachable("connection refused"), message: "refused", host: "api.gpcn.com"))
        #expect(d.jobs.jobs[0].job.progress == 40, "last known state kept")
        let wait = d.jobs.scheduler.nextPollAt! - d.now
        #expect(wait >= 1 && wait <= 2)
        #expect(d.timers.last == 1, "a 1 s tick for the countdown")
        d.now += 1
        #expect(d.text.contains("stale for 2 s"))
        #expect(d.text.contains("cannot reach api.gpcn.com"))
        #expect(d.text.contains(" 40%"))
    }

    @Test func rateLimitedWaitsWhatTheServerSaid() {
        var d = DashDriver(jobs: [F.created(1)])
        d.failPolls(APIError(kind: .http(status: 429), code: "Rate Limited", message: "Too many", retryAfter: 7))
        #expect(d.jobs.scheduler.nextPollAt == F.t0 + 7)
        for _ in 0..<6 { d.advance(by: 1); #expect(d.takePolls().isEmpty) }
        #expect(d.text.contains("next try in 1 s"))
        d.advance(by: 1)
        #expect(d.takePolls().count == 1)
    }

    @Test func qLeavesWithTheExitCodeOfTheJobs() {
        var running = DashDriver(jobs: [F.created(1)])
        running.press(.character("q"))
        #expect(running.state.exitCode == 4)
        #expect(running.effects.last == .quit(exitCode: 4))

        var done = DashDriver(jobs: [F.created(1), F.created(2)])
        done.answerPolls([F.succeeded(1, after: 60), F.succeeded(2, after: 70)])
        done.press(.character("q"))
        #expect(done.state.exitCode == 0)

        var failed = DashDriver(jobs: [F.created(1)])
        failed.answerPolls([F.failed(1, progress: 10, error: "Image not available", canRetry: false, after: 5)])
        failed.send(.terminal(.interrupt))
        #expect(failed.state.exitCode == 3, "Ctrl-C detaches with the same code")
    }

    /// The one rule (`JobBoard.exitCode`) at the dashboard's level: a failed job wins over one
    /// still running, for q and Ctrl-C alike (the dashboard used to say 4).
    @Test func aFailureWinsOverAJobStillRunningWhenLeaving() {
        var q = DashDriver(jobs: [F.created(1), F.created(2)])
        q.answerPolls([F.failed(1, progress: 10, error: "Boom", canRetry: false, after: 5),
                       F.running(2, stage: "provisioning", progress: 30, message: "x", at: F.t0, eta: F.t0 + 60)])
        #expect(q.jobs.activeIds == [F.id(2)])
        q.press(.character("q"))
        #expect(q.state.exitCode == 3)
        #expect(q.effects.last == .quit(exitCode: 3))

        var interrupted = DashDriver(jobs: [F.created(1), F.created(2)])
        interrupted.answerPolls([F.cancelled(1, progress: 70, after: 20),
                                 F.running(2, stage: "provisioning", progress: 30, message: "x", at: F.t0, eta: F.t0 + 60)])
        interrupted.send(.terminal(.interrupt))
        #expect(interrupted.state.exitCode == 3)
    }

    /// Without a screen the same state stops by itself: `.untilEnded` when nothing is left to
    /// poll (the ends journaled before the quit), `.oneRound` after one round.
    @Test func headlessModesQuitWhenTheBoardIsOver() {
        var untilEnded = DashDriver(tracked: [TrackedJob(job: F.created(1)), TrackedJob(job: F.created(2))])
        if case .jobs(var j) = untilEnded.state.screen { j.board.mode = .untilEnded(giveUpAfter: 3); untilEnded.state.screen = .jobs(j) }
        untilEnded.answerPolls([F.succeeded(1, after: 50),
                                F.running(2, stage: "provisioning", progress: 30, message: "x", at: F.t0, eta: F.t0 + 60)])
        #expect(!untilEnded.effects.contains { if case .quit = $0 { return true } else { return false } })
        untilEnded.advance(by: 1)
        untilEnded.answerPolls([F.failed(2, progress: 40, error: "Boom", canRetry: false, after: 30)])
        let last = Array(untilEnded.effects.suffix(2))
        if case .appendJournal(.jobEnded(let e)) = last[0] { #expect(e.jobId == F.id(2)) } else { Issue.record("\(last)") }
        #expect(last[1] == .quit(exitCode: 3), "journaled first, then the quit")

        var oneRound = DashDriver(tracked: [TrackedJob(job: F.created(1))])
        if case .jobs(var j) = oneRound.state.screen { j.board.mode = .oneRound; oneRound.state.screen = .jobs(j) }
        oneRound.answerPolls([F.running(1, stage: "provisioning", progress: 30, message: "x", at: F.t0, eta: F.t0 + 60)])
        #expect(oneRound.effects.last == .quit(exitCode: 4))
    }

    @Test func fShowsOnlyFailedJobs() {
        var d = DashDriver(jobs: (1...4).map { F.created($0) })
        d.answerPolls([F.succeeded(1, after: 60), F.failed(2, progress: 10, error: "Boom", canRetry: true, after: 5),
                       F.running(3, stage: "starting", progress: 90, message: "Booting", at: F.t0, eta: F.t0 + 60),
                       F.cancelled(4, progress: 70, after: 20)])
        d.press(.character("f"))
        #expect(d.jobs.list.visible.count == 2)
        #expect(d.text.contains("failed only (2 of 4)"))
        #expect(!d.text.contains("web-1 "))
        d.press(.character("f"))
        #expect(d.jobs.list.visible.count == 4)
    }

    @Test func retryConfirmsThenResubmitsOneVMWithTheSameName() {
        var d = DashDriver(jobs: (1...3).map { F.created($0) })
        d.answerPolls([F.succeeded(1, after: 60), F.failed(2, progress: 40, error: "Out of capacity", canRetry: true, after: 30),
                       F.running(3, stage: "starting", progress: 90, message: "Booting", at: F.t0, eta: F.t0 + 60)])
        d.press(.down, .character("r"))
        #expect(d.jobs.prompt == .confirmRetry([F.id(2)]))
        #expect(d.text.contains("Retry web-2?"))
        d.press(.character("n"))
        #expect(d.jobs.prompt == nil)
        d.press(.character("r"), .character("y"))
        guard case .retrySubmit(let of, let request)? = d.effects.last else {
            Issue.record("no retry submitted: \(d.effects.suffix(2))"); return
        }
        #expect(of == F.id(2))
        #expect(request.name == "web-2" && request.numberOfInstances == 1)
        #expect(request.sshKeyId == F.request.sshKeyId && request.password == nil)
        #expect(d.text.contains("submitting a retry"))
        // The new job joins the dashboard, linked to the failed one (the create submitter has
        // journaled it with `retryOf`: CreateSubmitterTests).
        var fresh = F.created(11, name: "web-2", at: d.now)
        d.send(.retrySubmitted(retryOf: F.id(2), .success([fresh])))
        #expect(d.jobs.jobs.map(\.job.jobId) == [F.id(1), F.id(2), F.id(11), F.id(3)])
        #expect(d.jobs.jobs[1].retriedBy == F.id(11))
        #expect(!d.journalEntries.contains { if case .submission = $0 { return true } else { return false } },
                "the dashboard does not journal the submission a second time")
        #expect(d.jobs.scheduler.active.contains(F.id(11)))
        // A replaced failure does not count against the outcome once its retry succeeds.
        d.advance(by: 1)
        fresh = F.succeeded(11, after: 200)
        fresh.resourceName = "web-2"
        d.answerPolls([fresh, F.succeeded(3, after: 90)])
        #expect(d.jobs.exitCode == 0)
        // And it cannot be retried twice.
        d.press(.home, .down, .character("r"))
        #expect(d.jobs.prompt == nil)
    }

    @Test func retryOfAPasswordVMAsksForThePasswordAgainAndForgetsIt() {
        var d = DashDriver(jobs: [F.created(1)], request: F.passwordRequest)
        d.answerPolls([F.failed(1, progress: 40, error: "Timed out", canRetry: true, after: 30)])
        d.press(.character("r"), .character("y"))
        guard case .password? = d.jobs.prompt else { Issue.record("no password prompt"); return }
        #expect(d.jobs.isTypingText)
        d.type("short")
        d.press(.enter)
        if case .password(_, _, let error)? = d.jobs.prompt { #expect(error != nil) } else { Issue.record("prompt closed") }
        #expect(!d.text.contains("short"), "the password is never drawn")
        d.press(.ctrl("u"))
        d.type("Str0ng-Passw0rd?")  // `?` is typed into the field, not help
        #expect(d.state.overlay == nil)
        d.press(.backspace, .enter)
        guard case .retrySubmit(_, let request)? = d.effects.last else { Issue.record("no retry"); return }
        #expect(request.password == "Str0ng-Passw0rd" && request.authMethod == .password)
        #expect(d.jobs.prompt == nil)
        #expect(!String(describing: d.state).contains("Str0ng-Passw0rd"), "no password left in the state")
        #expect(!String(describing: d.state).contains(#""S", "t", "r", "0""#), "nor its characters")
    }

    @Test func retryAllRetriesEveryEligibleFailure() {
        var d = DashDriver(jobs: (1...4).map { F.created($0) })
        d.answerPolls([F.failed(1, progress: 40, error: "Out of capacity", canRetry: true, after: 30),
                       F.failed(2, progress: 40, error: "Image not available", canRetry: false, after: 30),
                       F.failed(3, progress: 10, error: "Timed out", canRetry: true, after: 30),
                       F.succeeded(4, after: 60)])
        d.press(.character("R"))
        #expect(d.jobs.prompt == .confirmRetry([F.id(1), F.id(3)]))
        d.press(.enter)
        let retries = d.effects.compactMap { e -> String? in if case .retrySubmit(let of, _) = e { return of }; return nil }
        #expect(retries == [F.id(1), F.id(3)])
    }

    @Test func aJobTheAPIWillNotRetryIsRefusedWithTheReason() {
        var d = DashDriver(jobs: [F.created(1)])
        d.answerPolls([F.failed(1, progress: 40, error: "Image not available", canRetry: false, after: 30)])
        d.press(.character("r"))
        #expect(d.jobs.prompt == nil)
        #expect(d.text.contains("cannot be retried"))
    }

    @Test func aFailedRetrySubmitIsShownAndNotRepeated() {
        var d = DashDriver(jobs: [F.created(1)])
        d.answerPolls([F.failed(1, progress: 40, error: "Out of capacity", canRetry: true, after: 30)])
        d.press(.character("r"), .character("y"))
        let before = d.effects.count
        d.send(.retrySubmitted(retryOf: F.id(1), .failure(APIError(kind: .timeout(seconds: 30), message: "timeout"))))
        #expect(!d.effects[before...].contains { if case .retrySubmit = $0 { return true }; return false })
        #expect(d.text.contains("Retry of web-1: No answer: the create may have gone through"))
    }

    @Test func enterShowsDetailsAndLoadsTheVMOfACompletedJob() {
        var d = DashDriver(jobs: (1...2).map { F.created($0) })
        d.answerPolls([F.succeeded(1, after: 95), F.running(2, stage: "starting", progress: 90, message: "Booting", at: F.t0, eta: F.t0 + 60)])
        d.press(.enter)
        #expect(d.jobs.detail == F.id(1))
        #expect(d.effects.last == .loadVM(F.vmId(1)))
        #expect(d.text.contains("loading the VM"))
        d.send(.vmLoaded(F.vmId(1), .success(VirtualMachine(id: F.vmId(1), name: "web-1", status: "Running",
                                                             primaryPrivateIp: "10.0.1.11", primaryPublicIp: "203.0.113.10"))))
        #expect(d.text.contains("Running"))
        #expect(d.text.contains("10.0.1.11") && d.text.contains("203.0.113.10"))
        d.press(.down)  // next job's details; a running job loads no VM
        #expect(d.jobs.detail == F.id(2))
        #expect(d.text.contains("shown when the job has completed"))
        d.press(.escape)
        #expect(d.jobs.detail == nil)
    }

    @Test func helpListsTheDashboardKeys() {
        var d = DashDriver(jobs: [F.created(1)])
        d.press(.character("?"))
        #expect(d.state.overlay == .help)
        for key in ["retry the selected failed job", "retry every failed job", "show only failed", "leave; jobs go on"] {
            #expect(d.text.contains(key), "help shows \(key)")
        }
    }

    @Test func manyJobsScroll() {
        var d = DashDriver(jobs: (1...40).map { F.created($0) })
        d.answerPolls((1...40).map { F.created($0) })
        #expect(d.text.contains("web-1 "))
        #expect(!d.text.contains("web-40"))
        d.press(.end)
        #expect(d.text.contains("web-40"))
        #expect(!d.text.contains("web-1 "))
        #expect(d.text.contains("40/40"))
    }

    @Test func stateIsAMarkerAndAColour() {
        var d = DashDriver(jobs: (1...2).map { F.created($0) })
        d.answerPolls([F.succeeded(1, after: 60), F.failed(2, progress: 40, error: "Boom", canRetry: false, after: 30)])
        d.press(.down)  // so the first row is drawn unselected, with its own colour
        let frame = d.frame
        let okRow = frame.lines().firstIndex { $0.contains("web-1") }!
        let failRow = frame.lines().firstIndex { $0.contains("web-2") }!
        let okX = frame.line(okRow).distance(from: frame.line(okRow).startIndex, to: frame.line(okRow).range(of: "OK")!.lowerBound)
        #expect(frame[okX, okRow].style.role == .ok)
        #expect(frame.line(failRow).contains("FAIL"))
    }

    @Test func reopenedJobsKeepTheirRecordedEnds() {
        let ended = TrackedJob(job: Job(jobId: F.id(1), stage: "completed", progressPercentage: 100, isCompleted: true,
                                        isTerminal: true, resourceName: "db-1"), state: .succeeded, endJournaled: true)
        let open = TrackedJob(job: Job(jobId: F.id(2)), knownName: "db-2", request: F.request)
        var d = DashDriver(tracked: [ended, open])
        let polls = d.takePolls()
        #expect(polls == [[F.id(2)]])
        #expect(d.text.contains("db-2"))
        d.answer(polls, [F.succeeded(2, after: 60)])
        // The running job's end is journaled; the recorded one is not journaled again.
        #expect(d.journalEntries.count == 1)
    }
}

/// Cheap figures for issue 8's benchmarks (asserted loosely; timing is printed, not asserted).
@Suite struct DashboardMeasurementTests {
    typealias F = DashFixture

    /// A refresh where only percentages move redraws a small fraction of the screen.
    @Test func aRefreshThatMovesOnlyPercentagesChangesFewCells() {
        var d = DashDriver(jobs: (1...10).map { F.created($0) }, size: Size(width: 120, height: 40))
        d.answerPolls(F.tenRunning(at: d.now), rate: F.rate(990, resetIn: 40, at: d.now))
        let before = d.frame
        d.advance(by: 1)
        let moved = F.tenRunning(at: d.now).map { j -> Job in
            var j = j; j.progressPercentage = min(99, (j.progressPercentage ?? 0) + 1); j.updatedAt = ISOTime.format(d.now); return j
        }
        d.answerPolls(moved, rate: F.rate(989, resetIn: 39, at: d.now))
        let after = d.frame
        let changed = after.changes(since: before).count
        let full = after.changes(since: nil).count
        print("dashboard refresh, 10 jobs at 120x40: \(changed) cells changed of \(full) for a full repaint")
        #expect(changed * 10 < full, "\(changed) of \(full)")
    }

    @Test func renderingFiveHundredJobs() {
        var d = DashDriver(jobs: (1...500).map { F.created($0) }, size: Size(width: 120, height: 40))
        d.answerPolls((1...500).map { n in F.running(n, stage: "provisioning", progress: n % 100, message: "Allocating",
                                                      at: d.now, eta: d.now + Double(n)) })
        #expect(d.takePolls().isEmpty)
        let clock = ContinuousClock()
        let runs = 50
        let elapsed = clock.measure { for _ in 0..<runs { _ = ConsoleApp.view(d.state, now: d.now) } }
        print("dashboard render, 500 jobs at 120x40: \(elapsed / runs) per frame (this build)")
        #expect(d.jobs.scheduler.requestsPerRound == 10)
    }
}

@Suite struct DashboardSecretTests {
    @Test func detachingDuringThePasswordPromptKeepsNoPassword() {
        var d = DashDriver(jobs: [DashFixture.created(1)], request: DashFixture.passwordRequest)
        d.answerPolls([DashFixture.failed(1, progress: 40, error: "Timed out", canRetry: true, after: 30)])
        d.press(.character("r"), .character("y"))
        d.type("Str0ng-Passw0rd")
        d.send(.terminal(.interrupt))
        #expect(d.state.exitCode == 3)
        #expect(d.state.jobs?.prompt == nil, "the prompt and its text are gone")
        // (TextFieldState prints characters one by one, so also look for them that way.)
        #expect(!String(describing: d.state).contains("Str0ng-Passw0rd"))
        #expect(!String(describing: d.state).contains(#""S", "t", "r", "0""#))
    }
}

/// Review items 1–3: the retry creates the VM under its real name, is checked before it is
/// sent, and is never re-sent while its lost answer may have created the VM.
@Suite struct RetrySafetyTests {
    typealias F = DashFixture

    /// Job `n` failed (retryable) with no `resourceName`: only the display name says "web-n".
    static func nameless(_ n: Int) -> Job {
        var j = F.failed(n, progress: 40, error: "Out of capacity", canRetry: true, after: 30)
        j.resourceName = nil
        return j
    }

    static var three: CreateVMRequest { var r = F.request; r.numberOfInstances = 3; return r }

    func retries(_ d: DashDriver) -> [CreateVMRequest] {
        d.effects.compactMap { if case .retrySubmit(_, let r) = $0 { return r }; return nil }
    }

    @Test func aRetryNeverTakesTheDisplayNameOrTheJobIdAsTheVMName() {
        // Reopened from a journal that knows no name (or an old one holding the display name).
        for known in [nil, "Virtual Machine web-2"] as [String?] {
            var d = DashDriver(tracked: [TrackedJob(job: Self.nameless(2), knownName: known, request: Self.three)])
            d.press(.character("r"))
            #expect(d.jobs.prompt == nil, "no retry without a real name (known: \(known ?? "nil"))")
            #expect(d.jobs.notice?.text.contains("VM name is not known") == true)
            d.press(.character("R"), .character("y"))
            #expect(retries(d).isEmpty)
        }
        // The journal's instance name is a real one.
        var d = DashDriver(tracked: [TrackedJob(job: Self.nameless(2), knownName: "web-2", request: Self.three)])
        d.press(.character("r"), .character("y"))
        #expect(retries(d).map(\.name) == ["web-2"])
        #expect(retries(d).map(\.numberOfInstances) == [1])
    }

    @Test func aRetryJournalsTheRealNameWhenTheAnswerHasNone() {
        var d = DashDriver(jobs: (1...3).map { F.created($0) }, request: Self.three)
        d.answerPolls([F.succeeded(1, after: 60), Self.nameless(2), F.succeeded(3, after: 60)])
        d.press(.down, .character("r"), .character("y"))
        #expect(retries(d).map(\.name) == ["web-2"])
        guard case .retrySubmit(_, let request)? = d.effects.last else { Issue.record("no retry sent"); return }
        #expect(request.name == "web-2" && request.numberOfInstances == 1)
        // What the submitter journals for this body and a nameless answer: the real name.
        var fresh = F.created(11, at: d.now)
        fresh.resourceName = nil
        let s = JournalEntry.Submission(request: request, jobs: [fresh], intentId: "i", endpoint: "e", time: "t",
                                        retryOf: F.id(2))
        #expect(s.jobs.map(\.name) == ["web-2"])
    }

    @Test func aRetryBodyTheCreateRulesRefuseIsNotSent() {
        var broken = Self.three
        broken.imageId = "not-a-uuid"
        var d = DashDriver(tracked: [TrackedJob(job: F.failed(2, progress: 40, error: "Boom", canRetry: true, after: 30),
                                                request: broken)])
        d.press(.character("r"), .character("y"))
        #expect(retries(d).isEmpty)
        #expect(d.jobs.notice?.text.contains("imageId") == true)
    }

    @Test func theWizardJournalsInstanceNamesWhenTheAnswerHasNone() {
        var d = Driver()
        d.press(.enter, .enter, .enter, .enter, .enter)
        d.type("web")
        d.press(.enter, .enter)
        guard case .submit(let request)? = d.effects.last else { Issue.record("nothing sent"); return }
        // What the submitter journals for this body and an answer without a resource name.
        let s = JournalEntry.Submission(request: request, jobs: [Job(jobId: "11111111-0000-4000-8000-000000000001",
                                                                     resourceDisplayName: "Virtual Machine web")],
                                        intentId: "i", endpoint: "e", time: "t")
        #expect(s.jobs.map(\.name) == ["web"])
    }

    /// `r`, `y`, and the answer is lost.
    func lostRetry() -> DashDriver {
        var d = DashDriver(jobs: [F.created(1)], request: Self.three)
        d.answerPolls([F.failed(1, progress: 40, error: "Out of capacity", canRetry: true, after: 30)])
        d.press(.character("r"), .character("y"))
        d.send(.retrySubmitted(retryOf: F.id(1), .failure(APIError(kind: .http(status: 502), message: "Bad gateway"))))
        return d
    }

    @Test func rIsBlockedWhileTheLostRetryIsCheckedAndAfterItWasFound() {
        var d = lostRetry()
        #expect(retries(d).count == 1)
        d.press(.character("r"))
        d.press(.character("y"), .enter)
        d.press(.character("R"), .character("y"))
        #expect(retries(d).count == 1, "not re-sent while the VM list is being read")
        #expect(d.jobs.notice?.text.contains("checking whether the last retry went through") == true
                || d.jobs.notice?.text.contains("No failed job") == true)
        d.send(.createChecked(retryOf: F.id(1), .notFound))
        let name = d.jobs.jobs[0].name
        #expect(d.jobs.notice?.text == "Retry of \(name): "
                + CreateOutcome.text(.notFound, CreateBatch(names: [name], searchName: name)) + " r retries it.",
                "the submitter's words, as in the wizard and the scripts")
        d.press(.character("r"), .character("y"))
        #expect(retries(d).count == 2, "the list says it was not created: r retries")
    }

    @Test func anUnreadableListNeedsAnExplicitConfirmationThatTheVMMayExist() {
        var d = lostRetry()
        d.send(.createChecked(retryOf: F.id(1), .failed(APIError(kind: .timeout(seconds: 30), message: "timeout"))))
        d.press(.character("R"), .character("y"))
        #expect(retries(d).count == 1, "retry all skips it")
        d.press(.character("r"))
        #expect(d.jobs.prompt == .confirmRetryMayExist(F.id(1)))
        #expect(d.text.contains("may have created the VM"))
        d.press(.enter)
        #expect(retries(d).count == 1, "Enter alone does not confirm")
        d.press(.character("y"))
        #expect(retries(d).count == 2)
        #expect(d.jobs.prompt == nil)
    }

    @Test func aPossibleMatchAlsoNeedsTheConfirmation() {
        var d = lostRetry()
        d.send(.createChecked(retryOf: F.id(1), .possible([.init(vmId: "v", name: "web-1", status: nil)])))
        d.press(.character("r"))
        #expect(d.jobs.prompt == .confirmRetryMayExist(F.id(1)))
        d.press(.character("n"))
        #expect(retries(d).count == 1)
    }
}
