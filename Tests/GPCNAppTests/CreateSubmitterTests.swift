import Foundation
import GPCNApp
import GPCNCore
import Synchronization
import Testing

/// A GPCN API in memory for the submitter: the create answers as told, and a VM list.
private final class FakeAPI: PartialFakeAPI, Sendable {
    enum CreateAnswer: Sendable { case jobs([Job]), error(APIError) }
    private let answer: CreateAnswer
    private let vms: [VirtualMachine]
    private let creates = Mutex(0)
    init(_ answer: CreateAnswer, vms: [VirtualMachine] = []) { self.answer = answer; self.vms = vms }
    var createCount: Int { creates.withLock { $0 } }

    func virtualMachine(id: String) async throws -> VirtualMachine { throw APIError.from(CancellationError()) }
    func virtualMachines(search: String?) async throws -> [VirtualMachine] { vms }
    func createVirtualMachines(_ request: CreateVMRequest) async throws -> [Job] {
        creates.withLock { $0 += 1 }
        switch answer {
        case .jobs(let jobs): return jobs
        case .error(let e): throw e
        }
    }
}

@Suite struct CreateSubmitterTests {
    let request: CreateVMRequest = {
        var r = CreateVMRequest()
        r.name = "web"; r.numberOfInstances = 2; r.authMethod = .password; r.password = "Secret-Pass-123"
        return r
    }()
    let now = 1_800_000_000.0

    func journal() -> JournalFile {
        JournalFile(path: NSTemporaryDirectory() + "gpcn-submitter-\(UUID().uuidString)/journal.jsonl")
    }

    func lines(_ j: JournalFile) throws -> [String] {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: j.path)), as: UTF8.self)
            .split(separator: "\n").map(String.init)
    }

    @Test func anAcceptedCreateJournalsTheIntentThenTheSubmissionWithInstanceNamesAndNoPassword() async throws {
        let j = journal()
        let api = FakeAPI(.jobs([Job(jobId: "j1"), Job(jobId: "j2", resourceName: "web-2")]))
        let seen = Mutex<[CreateSubmitter.Event]>([])
        let outcome = await CreateSubmitter(api: api, journal: j, clock: { now })
            .submit(request, retryOf: "old") { e in seen.withLock { $0.append(e) } }
        guard case .accepted(let jobs, let submission) = outcome else { Issue.record("\(outcome)"); return }
        #expect(jobs.count == 2 && api.createCount == 1)
        #expect(submission.jobs.map(\.name) == ["web-1", "web-2"], "names from the request where the answer has none")
        #expect(submission.retryOf == "old" && submission.request.password == nil)
        let summary = try j.read()
        #expect(summary.openIntents.isEmpty, "the submission answers the intent")
        #expect(summary.jobs.map(\.jobId) == ["j1", "j2"])
        let text = try lines(j)
        #expect(text.count == 2 && text[0].contains("\"type\":\"intent\"") && text[1].contains("\"intentId\""))
        #expect(!text.joined().contains("Secret-Pass-123"))
        let intent = try JSONDecoder().decode(JournalEntry.self, from: Data(text[0].utf8))
        guard case .intent(let written) = intent else { Issue.record("first line is not the intent"); return }
        #expect(submission.intentId == written.id, "the submission answers its intent")
        #expect(seen.withLock { $0.isEmpty }, "nothing went wrong to tell")
        #expect(outcome.text == "Submitted: 2 jobs accepted for web-1, web-2.")
    }

    @Test func theIntentIsOnDiskBeforeAnythingIsSent() async throws {
        let j = journal()
        let api = FakeAPI(.jobs([Job(jobId: "j1")]))
        let submitter = CreateSubmitter(api: api, journal: j, clock: { now })
        let prepared = submitter.prepare(request)
        #expect(prepared.journalWarning == nil)
        #expect(try j.read().openIntents.map(\.id) == [prepared.intent.id], "journaled, synchronously")
        #expect(api.createCount == 0, "and nothing sent yet")
        guard case .accepted = await submitter.send(prepared) else { Issue.record("not accepted"); return }
        #expect(try j.read().openIntents.isEmpty && api.createCount == 1)
    }

    @Test func aRefusalClosesTheIntentAsNotCreated() async throws {
        let j = journal()
        let refusal = APIError(kind: .http(status: 422), message: "Validation failed")
        let outcome = await CreateSubmitter(api: FakeAPI(.error(refusal)), journal: j, clock: { now }).submit(request)
        #expect(outcome == .refused(refusal))
        #expect(try j.read().openIntents.isEmpty)
        #expect(try lines(j).last?.contains("notCreated") == true)
    }

    @Test func aLostAnswerIsLookedUpByNameAndNeverSentAgain() async throws {
        let j = journal()
        let lost = APIError(kind: .timeout(seconds: 30), message: "timeout")
        let vms = [VirtualMachine(id: "v1", name: "web-1", status: "Provisioning"),
                   VirtualMachine(id: "v2", name: "web-2", status: "Provisioning"),
                   VirtualMachine(id: "v3", name: "web-10", status: "Running")]
        let api = FakeAPI(.error(lost), vms: vms)
        let seen = Mutex<[CreateSubmitter.Event]>([])
        let outcome = await CreateSubmitter(api: api, journal: j, clock: { now })
            .submit(request) { e in seen.withLock { $0.append(e) } }
        guard case .lost(_, .recovered(let found), let batch) = outcome else { Issue.record("\(outcome)"); return }
        #expect(api.createCount == 1)
        #expect(found.map(\.vmId) == ["v1", "v2"])
        #expect(seen.withLock { $0.contains(.answerLost(lost, CreateBatch(request))) })
        #expect(try j.read().recovered.map(\.vm.vmId) == ["v1", "v2"])
        #expect(outcome.text == "Created (answer lost): 2 of 2 VMs found; not sent again. Job ids unknown; see them: "
                + "gpcn vms --name web")
        #expect(CreateOutcome.checking(lost, batch).hasPrefix("No answer: the create may have gone through, so it is not sent again."))
    }

    @Test func everyLookUpResultHasItsWords() {
        var r = CreateVMRequest()
        r.name = "web servers"; r.numberOfInstances = 3
        let batch = CreateBatch(r)
        #expect(batch.namesText == "web servers-1 … web servers-3")
        #expect(CreateOutcome.text(.notFound, batch)
                == "Not created: no VM named web servers-1 … web servers-3 exists, so it can be sent again "
                + "(check: gpcn vms --name 'web servers').")
        #expect(CreateOutcome.text(.possible([.init(vmId: "v", name: "web servers-1", status: nil)]), batch)
                .hasSuffix("Check before creating again: gpcn vms --name 'web servers' (gpcn jobs looks again by itself)"))
        #expect(CreateOutcome.text(.failed(APIError(kind: .timeout(seconds: 5), message: "t")), batch)
                .hasPrefix("May have been created: gpcn could not read the VM list"))
    }
}
