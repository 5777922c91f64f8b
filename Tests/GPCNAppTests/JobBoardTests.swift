import GPCNApp
import GPCNCore
import Testing

private func job(_ id: String, _ state: JobState, name: String? = nil) -> Job {
    switch state {
    case .running:
        return Job(jobId: id, stage: "provisioning", progressPercentage: 40, resourceName: name)
    case .succeeded:
        return Job(jobId: id, stage: "completed", progressPercentage: 100, isCompleted: true, isTerminal: true,
                   resourceId: "vm-\(id)", resourceName: name)
    case .failed:
        return Job(jobId: id, stage: "failed", errorMessage: "Out of capacity", canRetry: true, hasFailed: true,
                   isTerminal: true, resourceName: name)
    case .cancelled:
        return Job(jobId: id, stage: "cancelled", isTerminal: true, resourceName: name)
    case .notVisible:
        return Job(jobId: id, resourceName: name)
    }
}

private func tracked(_ states: [JobState]) -> [TrackedJob] {
    states.enumerated().map { i, s in TrackedJob(job: job("j\(i)", s), state: s) }
}

/// The one exit-code rule of following (`JobBoard.exitCode`), used by the dashboard, `gpcn jobs`,
/// `create --wait`, accessible mode and the JSON report.
@Suite struct ExitCodeRuleTests {
    @Test func allSucceededIsZero() {
        #expect(JobBoard.exitCode(tracked([.succeeded, .succeeded]), waited: true) == 0)
        #expect(JobBoard.exitCode([], waited: true) == 0)
    }

    @Test func stillRunningIsFour() {
        #expect(JobBoard.exitCode(tracked([.succeeded, .running]), waited: true) == 4)
    }

    @Test func failedCancelledOrGoneIsThree() {
        for end in [JobState.failed, .cancelled, .notVisible] {
            #expect(JobBoard.exitCode(tracked([.succeeded, end]), waited: true) == 3, "\(end)")
        }
    }

    /// A failure is final and the more actionable fact for a script: it wins over "still
    /// running" (the report's `finished: false` still says that some run).
    @Test func aFailureWinsOverStillRunning() {
        #expect(JobBoard.exitCode(tracked([.running, .failed]), waited: true) == 3)
        #expect(JobBoard.exitCode(tracked([.notVisible, .running, .succeeded]), waited: true) == 3)
    }

    /// `create --yes` without `--wait`: submitted is success.
    @Test func withoutWaitingItIsZero() {
        #expect(JobBoard.exitCode(tracked([.running, .running]), waited: false) == 0)
        #expect(JobBoard.exitCode(tracked([.failed, .running]), waited: false) == 0)
    }

    /// A job replaced by a retry counts through its retry.
    @Test func aRetriedJobCountsThroughItsRetry() {
        var jobs = tracked([.failed, .succeeded])
        jobs[0].retriedBy = "j1"
        #expect(JobBoard.exitCode(jobs, waited: true) == 0)
        jobs[1] = TrackedJob(job: job("j1", .running), retryOf: "j0")
        #expect(JobBoard.exitCode(jobs, waited: true) == 4)
    }

    /// The JSON report says what the process exits with, `finished` what still runs.
    @Test func theReportUsesTheRule() {
        let mixed = tracked([.failed, .running])
        let waited = JobReport(endpoint: "https://api.test", jobs: mixed, waited: true)
        #expect(waited.exitCode == 3 && !waited.finished)
        let submitted = JobReport(endpoint: "https://api.test", jobs: tracked([.running, .running]), waited: false)
        #expect(submitted.exitCode == 0 && !submitted.finished)
        #expect(submitted.json().contains("\"exitCode\" : 0"))
    }

    @Test func aStoppedFollowerIsTwo() {
        var board = JobBoard(jobs: tracked([.running]), mode: .untilEnded(giveUpAfter: 5), now: 0)
        board.start(now: 0, fastInterval: 1)
        let ids = board.startRound(now: 0).flatMap { $0 }
        _ = board.fold(ids, .failure(APIError(kind: .http(status: 403), message: "Forbidden")), now: 1)
        #expect(board.isOver && board.exitCode == 2)
    }
}

/// Folding poll answers: the core the dashboard and every line front end share.
@Suite struct JobBoardTests {
    static let t0 = 1_780_000_000.0

    static func answer(_ jobs: [Job]) -> Result<JobsAnswer, APIError> {
        .success(JobsAnswer(jobs: jobs, requests: 1, rateLimit: nil))
    }

    @Test func endsAreJournaledOnceAndMissingJobsAreGone() {
        var board = JobBoard(jobs: tracked([.running, .running, .running]), mode: .untilEnded(giveUpAfter: 3), now: Self.t0)
        board.start(now: Self.t0, fastInterval: 1)
        let ids = board.startRound(now: Self.t0).flatMap { $0 }
        #expect(ids == ["j0", "j1", "j2"])
        let ended = board.fold(ids, Self.answer([job("j0", .succeeded), job("j1", .running)]), now: Self.t0 + 1)
        #expect(ended.count == 2)
        #expect(board.jobs.map(\.state) == [.succeeded, .running, .notVisible])
        #expect(board.activeIds == ["j1"] && !board.isOver)
        #expect(board.exitCode == 3)
        let again = board.startRound(now: Self.t0 + 10).flatMap { $0 }
        #expect(again == ["j1"])
        #expect(board.fold(again, Self.answer([job("j1", .succeeded)]), now: Self.t0 + 11).count == 1)
        #expect(board.isOver)
    }

    @Test func oneRoundIsOverWhenItsAnswersAreIn() {
        var board = JobBoard(jobs: tracked([.running]), mode: .oneRound, now: Self.t0)
        board.start(now: Self.t0, fastInterval: 1)
        let ids = board.startRound(now: Self.t0).flatMap { $0 }
        #expect(!board.isOver)
        _ = board.fold(ids, Self.answer([job("j0", .running)]), now: Self.t0 + 1)
        #expect(board.isOver && board.exitCode == 4)
        #expect(board.startRound(now: Self.t0 + 100).isEmpty, "one round only")
    }

    @Test func givesUpAfterTheGivenFailedRounds() {
        var board = JobBoard(jobs: tracked([.running]), mode: .untilEnded(giveUpAfter: 3), now: Self.t0)
        board.start(now: Self.t0, fastInterval: 1)
        var now = Self.t0
        for round in 1...3 {
            let before = board
            let ids = board.startRound(now: now).flatMap { $0 }
            #expect(ids == ["j0"], "round \(round)")
            _ = board.fold(ids, .failure(APIError(kind: .http(status: 503), message: "down")), now: now)
            let events = board.events(since: before, now: now)
            if round < 3 {
                #expect(events.count == 1)
                if case .pollFailed(_, let retryIn)? = events.first { #expect((retryIn ?? 0) > 0) }
            } else {
                #expect(events == [.stopped(.gaveUp(failures: 3, APIError(kind: .http(status: 503), message: "down")))])
            }
            now += 1000
        }
        #expect(board.isOver && board.exitCode == 2)
        #expect(board.startRound(now: now).isEmpty)
    }

    @Test func theDashboardNeverGivesUp() {
        var board = JobBoard(jobs: tracked([.running]), now: Self.t0)
        board.start(now: Self.t0, fastInterval: 1)
        var now = Self.t0
        for _ in 1...20 {
            let ids = board.startRound(now: now).flatMap { $0 }
            _ = board.fold(ids, .failure(APIError(kind: .http(status: 401), message: "no")), now: now)
            now += 1000
        }
        #expect(!board.isOver && board.stop == nil && board.exitCode == 4)
    }

    @Test func eventsSayChangesOfStateOrStageAndTheJournalWarningOnce() {
        var board = JobBoard(jobs: tracked([.running, .running]), now: Self.t0)
        board.start(now: Self.t0, fastInterval: 1)
        var before = board
        var ids = board.startRound(now: Self.t0).flatMap { $0 }
        var moved = job("j0", .running)
        moved.progressPercentage = 90  // a percent alone is no event
        _ = board.fold(ids, Self.answer([moved, job("j1", .failed)]), now: Self.t0 + 1)
        #expect(board.events(since: before, now: Self.t0 + 1).map { if case .changed(let t) = $0 { return t.job.jobId }; return "?" }
                == ["j1"])
        before = board
        board.journalWarning = "disk full"
        #expect(board.events(since: before, now: Self.t0 + 1) == [.journalFailed("disk full")])
        before = board
        board.journalWarning = "disk still full"
        #expect(board.events(since: before, now: Self.t0 + 1).isEmpty, "said once")
        ids = board.startRound(now: Self.t0 + 100).flatMap { $0 }
        #expect(ids == ["j0"])
    }
}
