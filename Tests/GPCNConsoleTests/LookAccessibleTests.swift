import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// Drives the accessible flow like the shell does, answering loads from `Fixture`.
struct Conversation {
    var flow = AccessibleCreate()
    var transcript: [String] = []
    var submitted: CreateVMRequest?
    /// The lists fetched, in order.
    var loads: [CatalogRequest] = []
    /// The VM names the VM list holds, for the name check before the last question.
    var existingVMNames: [String] = []
    /// The name checks asked for (their names), in order.
    var nameChecks: [[String]] = []

    init(answers: CreateAnswers = CreateAnswers()) { flow = AccessibleCreate(answers: answers) }

    /// Runs to the next question (or submit/stop) and returns it.
    mutating func step() -> AccessibleNext {
        while true {
            let next = flow.next()
            if case .load(let r) = next { loads.append(r); flow.loaded(r, .success(Fixture.payload(r))); continue }
            if case .checkNames(_, let names) = next {
                nameChecks.append(names)
                let vms = existingVMNames.map { VirtualMachine(id: $0, name: $0) }
                flow.namesChecked(NameCheckResult(names: names, outcome: .checked(existing: NameCheck.existing(names, in: vms))))
                continue
            }
            if case .ask(let p) = next { transcript += p.lines + [p.ask] }
            if case .submit(let r) = next { submitted = r }
            return next
        }
    }

    /// Answers the current question with each line in turn.
    mutating func say(_ lines: String...) {
        for line in lines {
            guard case .ask = step() else { Issue.record("no question for '\(line)'"); return }
            transcript += flow.answer(line)
        }
    }

    var text: String { transcript.joined(separator: "\n") }
}

@Suite struct AccessibleFlowTests {
    @Test func takenNamesAreSaidAndTheLastQuestionNamesThem() {
        var c = Conversation()
        c.existingVMNames = ["web-2", "web-3", "webby"]
        c.say("1", "ubuntu", "1", "", "", "", "1", "n", "web", "3", "production")
        guard case .ask(let last) = c.step() else { Issue.record("no last question: \(c.text)"); return }
        #expect(c.nameChecks == [["web-1", "web-2", "web-3"]])
        #expect(last.question == .confirm)
        #expect(last.lines.contains { $0.contains("Warning: web-2 and web-3 already exist") })
        #expect(last.ask.hasPrefix("web-2 and web-3 already exist. Create 3 VMs anyway? y to create, n to cancel, 6 to rename"))
        // Renaming (step 6) checks the new names once, and the question is the usual one again.
        c.transcript += c.flow.answer("6")
        c.say("db", "3", "production")
        guard case .ask(let again) = c.step() else { Issue.record("no last question: \(c.text)"); return }
        #expect(c.nameChecks == [["web-1", "web-2", "web-3"], ["db-1", "db-2", "db-3"]])
        #expect(again.ask.hasPrefix("Create 3 VMs? y to create"))
        #expect(again.lines.contains { $0.contains("no VM has any of these names yet") })
        c.transcript += c.flow.answer("y")
        guard case .submit(let request) = c.step() else { Issue.record("not submitted: \(c.text)"); return }
        #expect(request.name == "db")
    }

    @Test func aCountAboveTheProfilesLimitIsRefusedAtTheQuestion() {
        var c = Conversation()
        c.flow = AccessibleCreate(maxCount: 5)
        c.say("1", "ubuntu", "1", "", "", "", "1", "n", "web")
        guard case .ask(let count) = c.step() else { Issue.record("no count question"); return }
        #expect(count.ask.hasPrefix("Number of instances, 1-5 "))
        c.transcript += c.flow.answer("6")
        #expect(c.text.contains("Not accepted: Create 1-5 instances (now 6; the profile's max_count)"))
    }

    @Test func aWholeBatchFromTypedLines() {
        var c = Conversation()
        c.say("1", "ubuntu", "1", "", "", "", "1", "n", "web", "3", "production", "y")
        guard case .submit(let request) = c.step() else { Issue.record("not submitted: \(c.text)"); return }
        #expect(request.datacenterId == Fixture.chicago.id)
        #expect(request.imageId == Fixture.ubuntu.id)
        #expect(request.skuId == Fixture.small.skuId)
        #expect(request.authMethod == .sshKey)
        #expect(request.sshKeyId == Fixture.key.id, "the default key is the Enter default")
        #expect(request.networkInterfaces == [NetworkInterface(networkId: Fixture.web.id, primary: true)])
        #expect(request.name == "web" && request.numberOfInstances == 3)
        #expect(request.resourceGroupId == Fixture.group.id)
        #expect(c.text.contains("Step 1 of 7: Data center"))
        #expect(c.text.contains("  1. Chicago, CHI-1, Central, United States, GPU L2"))
        #expect(c.text.contains("Creates web-1 to web-3."))
        #expect(!c.text.contains("\u{1B}"), "no escape sequences")
    }

    @Test func theSameValidationMessagesAsTheWizard() {
        var c = Conversation()
        c.say("1", "1", "1", "2", "short")
        let expected = CreateVMValidator.validatePassword("short").map(\.message)
        for m in expected { #expect(c.text.contains("  - \(m)"), "password rule message '\(m)'") }
        guard case .ask(let again) = c.step() else { Issue.record("no question"); return }
        #expect(again.question == .password && again.isSecret)
        #expect(again.lines.isEmpty, "asked again without repeating the list")
        c.transcript += c.flow.answer("Abcdefgh123!")
        c.say("root")
        let reserved = CreateVMValidator.validateUsername("root", reserved: ["root", "guest", "admin"]).map(\.message)
        #expect(c.text.contains("Not accepted: \(reserved[0])"))
        #expect(!c.text.contains("Abcdefgh123!"), "the password is never echoed")
    }

    @Test func unavailableSizesAndBadNumbersAreRefusedWithTheReason() {
        var c = Conversation()
        c.say("1", "1", "2", "9", "G-Huge")
        #expect(c.text.contains("Not accepted: G-Huge-1 cannot be chosen: sold out in this data center"))
        #expect(c.text.contains("Not accepted: type a number from 1 to 2"))
        c.say("zzzz")
        #expect(c.text.contains("Not accepted: nothing matches \"zzzz\""))
    }

    @Test func aPublicIPOnAnL2PrimaryIsExplainedNotAsked() {
        var c = Conversation()
        c.say("1", "1", "1", "", "", "", "storage-l2")
        #expect(c.text.contains("Public IP: not possible."))
        guard case .ask(let next) = c.step() else { Issue.record("no question"); return }
        #expect(next.question == .name, "the public IP question is skipped")
    }

    /// The accessible flow follows the create form's rules, as the wizard does: a new image that
    /// takes no password clears the password (and says so in the wizard's words), and SSH keys
    /// are fetched only for an image that takes keys.
    @Test func theFormsRulesClearAndLoadAsInTheWizard() {
        var c = Conversation()
        c.say("1", "1", "1", "2", "Secret-Pass-123", "", "0", "n", "web", "", "0")
        #expect(c.flow.form.answers.password == "Secret-Pass-123")
        #expect(c.loads.contains(.sshKeys), "Ubuntu takes keys: the access step loads them")
        c.say("2", "OPNsense")
        #expect(c.text.contains("Image changed: cleared auth method, password."), "\(c.text)")
        #expect(c.flow.form.answers.password.isEmpty, "the secret is not kept for an image that takes none")
        c.say("y")
        guard case .submit(let request) = c.step() else { Issue.record("not submitted: \(c.text)"); return }
        #expect(request.imageId == Fixture.appliance.id && request.password == nil && request.authMethod == nil)

        var w = Conversation()
        w.say("1", "2", "1")
        _ = w.step()
        #expect(!w.loads.contains(.sshKeys), "Windows takes no keys: none are fetched")
    }

    @Test func preFilledAnswersAreEnterDefaults() {
        var answers = CreateAnswers()
        answers.datacenterId = Fixture.chicago.id
        answers.name = "db"
        var c = Conversation(answers: answers)
        guard case .ask(let first) = c.step() else { Issue.record("no question"); return }
        #expect(first.ask.hasSuffix("[Enter: Chicago]: "))
        c.say("", "1", "1", "", "", "", "0", "")
        guard case .ask(let name) = c.step() else { Issue.record("no question"); return }
        #expect(name.ask.contains("[Enter: db]"))
    }

    @Test func aStepNumberAtTheReviewGoesBackAndNoKeepsNothing() {
        var c = Conversation()
        c.say("1", "1", "1", "", "", "", "0", "n", "web", "", "0", "6", "api", "", "", "n")
        #expect(c.text.contains("Back to step 6: Details."))
        guard case .stop(let message, let code) = c.step() else { Issue.record("not stopped"); return }
        #expect(code == 130)
        #expect(message == "Cancelled: nothing was submitted.")
        #expect(c.flow.form.answers.name == "api")
    }

    @Test func aServerRefusalAsksTheFieldAgain() {
        var c = Conversation()
        c.say("1", "1", "1", "", "", "", "0", "n", "web", "", "0", "y")
        guard case .submit = c.step() else { Issue.record("not submitted"); return }
        let error = APIError(kind: .http(status: 422), message: "Validation failed",
                             issues: [FieldIssue(path: "name", message: "name already in use")])
        guard case .askAgain(let lines) = c.flow.submitted(.failure(error)) else { Issue.record("not asked again"); return }
        #expect(lines.contains("  name: name already in use"))
        guard case .ask(let again) = c.step() else { Issue.record("no question"); return }
        #expect(again.question == .name)
        c.say("web2")
        c.say("y")
        guard case .submit(let r) = c.step() else { Issue.record("not submitted again: \(c.text)"); return }
        #expect(r.name == "web2")
        guard case .accepted(let sent, let jobs) = c.flow.submitted(.success([Job(jobId: "j1")])) else {
            Issue.record("not accepted"); return
        }
        #expect(jobs.count == 1 && sent.password == nil)
    }

    @Test func aListThatFailsToLoadStops() {
        var flow = AccessibleCreate()
        guard case .load(let r) = flow.next() else { Issue.record("no load"); return }
        flow.loaded(r, .failure(APIError(kind: .http(status: 503), message: "Service Unavailable")))
        guard case .stop(let message, let code) = flow.next() else { Issue.record("did not stop"); return }
        #expect(code == 2)
        #expect(message?.hasPrefix("Could not load the data centers:") == true)
    }
}

@Suite struct AccessibleProgressTests {
    /// The board as the follower sees it, and the lines accessible mode says for each answer.
    struct Follow {
        var board: JobBoard
        var words = AccessibleProgress()
        var now = 1_780_000_000.0

        init(_ jobs: [Job]) {
            board = JobBoard(jobs: jobs.map { TrackedJob(job: $0) }, mode: .untilEnded(giveUpAfter: 10), now: now)
            board.start(now: now, fastInterval: 2)
        }

        mutating func poll(_ result: Result<JobsAnswer, APIError>) -> [String] {
            now += 2
            let before = board
            let ids = board.startRound(now: now + 10_000).flatMap { $0 }
            _ = board.fold(ids, result, now: now)
            return words.lines(board.events(since: before, now: now))
        }
    }

    @Test func oneLinePerChangeOfStateOrStage() {
        var f = Follow([Job(jobId: "a", stage: "queued", resourceName: "web-1"),
                        Job(jobId: "b", stage: "queued", resourceName: "web-2")])
        let start = AccessibleProgress.start(f.board.jobs)
        #expect(start.first == "Following 2 jobs:")
        #expect(start.contains("web-1: running, stage queued, 0%"))
        func answer(_ jobs: [Job]) -> Result<JobsAnswer, APIError> { .success(JobsAnswer(jobs: jobs, requests: 1, rateLimit: nil)) }
        var lines = f.poll(answer([Job(jobId: "a", stage: "queued", progressPercentage: 10, resourceName: "web-1"),
                                   Job(jobId: "b", stage: "provisioning", progressPercentage: 30, resourceName: "web-2")]))
        #expect(lines == ["web-2: running, stage provisioning, 30%"], "a percent alone is no event")
        lines = f.poll(.failure(APIError(kind: .http(status: 503), message: "down")))
        #expect(lines.count == 1 && lines[0].hasPrefix("Could not refresh the jobs:"))
        #expect(f.poll(.failure(APIError(kind: .http(status: 503), message: "down"))).isEmpty, "said once")
        lines = f.poll(answer([Job(jobId: "a", stage: "completed", progressPercentage: 100, isCompleted: true, isTerminal: true,
                                   resourceId: "vm-1", resourceName: "web-1")]))
        #expect(lines == ["The API answers again.", "web-1: succeeded. VM id vm-1.",
                          "web-2: not visible to this API key; no longer followed."])
        #expect(f.board.activeIds.isEmpty && f.board.isOver)
        #expect(AccessibleProgress.summary(f.board.jobs) == ["Done: 1 succeeded, 1 notVisible."])
        #expect(f.board.exitCode == 3)
    }

    @Test func failuresSayWhyAndWhetherARetryIsPossible() {
        var f = Follow([Job(jobId: "a", resourceName: "web-1")])
        let lines = f.poll(.success(JobsAnswer(jobs: [Job(jobId: "a", stage: "failed", errorMessage: "No capacity", canRetry: true,
                                                          hasFailed: true, isTerminal: true, resourceName: "web-1")],
                                               requests: 1, rateLimit: nil)))
        #expect(lines == ["web-1: FAILED. No capacity (can be retried)"])
        #expect(f.board.exitCode == 3)
    }

    /// The one rule (`JobBoard.exitCode`) at accessible mode's level: a failure wins over a job
    /// still running (the old accessible rule said 4).
    @Test func aFailureWinsOverAJobStillRunning() {
        var f = Follow([Job(jobId: "a", resourceName: "web-1"), Job(jobId: "b", resourceName: "web-2")])
        _ = f.poll(.success(JobsAnswer(jobs: [Job(jobId: "a", stage: "failed", errorMessage: "No capacity", hasFailed: true,
                                                  isTerminal: true, resourceName: "web-1"),
                                              Job(jobId: "b", stage: "provisioning", progressPercentage: 20, resourceName: "web-2")],
                                       requests: 1, rateLimit: nil)))
        #expect(f.board.activeIds == ["b"])
        #expect(f.board.exitCode == 3)
    }

    @Test func aRefusedKeyStopsFollowingAndSaysSo() {
        var f = Follow([Job(jobId: "a", resourceName: "web-1")])
        let lines = f.poll(.failure(APIError(kind: .http(status: 401), message: "Unauthorized")))
        #expect(lines.count == 1 && lines[0].hasPrefix("The API refused the jobs poll:"), "\(lines)")
        #expect(f.board.isOver && f.board.exitCode == 2)
    }
}
