import Foundation
import Testing
@testable import GPCNCore

/// The crash-safe create (issue 7, item 3): intents journaled before the POST, folded with the
/// submissions that answer them, and reconciled by name when the answer never made it.
@Suite struct JournalRecoveryTests {
    static let endpoint = "http://127.0.0.1:9/v1"

    func request(_ name: String, count: Int = 3, password: String? = nil) -> CreateVMRequest {
        CreateVMRequest(datacenterId: Fx.dcA, imageId: Fx.imageLinux, skuId: Fx.sku, name: name,
                        numberOfInstances: count, authMethod: password == nil ? .sshKey : .password,
                        sshKeyId: password == nil ? Fx.key : nil, password: password)
    }

    func lines(_ entries: [JournalEntry]) throws -> [UInt8] { try entries.flatMap { try $0.line() } }

    @Test func anIntentKeepsTheNamesAndNeverThePassword() throws {
        let intent = JournalEntry.Intent(id: "i-1", time: "2026-05-01T10:00:00Z", endpoint: Self.endpoint,
                                         request: request("web", password: "Secret-Pass-123"))
        #expect(intent.names == ["web-1", "web-2", "web-3"])
        let text = String(decoding: try JournalEntry.intent(intent).line(), as: UTF8.self)
        #expect(text.contains(#""type":"intent""#))
        #expect(!text.contains("Secret-Pass-123"))
        #expect(try JSONDecoder().decode(JournalEntry.self, from: Data(text.utf8)) == .intent(intent))
    }

    /// A batch of five creates (names per create) killed part-way: creates with no intent, or
    /// whose intent ended `notCreated`, were never sent; an open intent is the lost-answer rule's;
    /// a batch that ended (sent, stopped, refused) offers nothing.
    @Test func aPartSentBatchKnowsWhichCreatesWereNeverSent() throws {
        let t = "2026-05-01T10:00:00Z"
        let creates = [["b-1", "b-2"], ["b-3"], ["b-4"], ["b-5"], ["b-6"]]
        let batch = JournalEntry.Batch(id: "B", time: t, endpoint: Self.endpoint,
                                       request: request("b", count: 6, password: "Secret-Pass-123"),
                                       creates: creates, owner: "host:1")
        func intent(_ k: Int) -> JournalEntry.Intent {
            var r = request("b", count: 1)
            r.name = creates[k][0]
            return JournalEntry.Intent(id: "i\(k)", time: t, endpoint: Self.endpoint, request: r, batchId: "B", batchIndex: k)
        }
        let answered = JournalEntry.Submission(id: "s0", time: t, endpoint: Self.endpoint, request: request("b", count: 2),
                                               jobs: [.init(jobId: "j1", name: "b-1"), .init(jobId: "j2", name: "b-2")],
                                               intentId: "i0")
        var entries: [JournalEntry] = [.batch(batch), .intent(intent(0)), .submission(answered), .intent(intent(1)),
                                       .intentEnded(.init(id: "i1", time: t, outcome: .recovered,
                                                          vms: [.init(vmId: "v3", name: "b-3", status: nil)])),
                                       .intent(intent(2)),
                                       .intent(intent(3)), .intentEnded(.init(id: "i3", time: t, outcome: .notCreated))]
        let text = String(decoding: try lines(entries), as: UTF8.self)
        #expect(!text.contains("Secret-Pass-123"), "the batch line never holds the password")
        var summary = JournalSummary(contents: try lines(entries))
        let unsent = try #require(summary.unsentBatches(endpoint: Self.endpoint).first)
        #expect(unsent.unsent == [3, 4] && unsent.uncertain == [2])
        #expect(unsent.unsentNames == ["b-5", "b-6"])
        #expect(unsent.batch.request.password == nil)
        #expect(summary.unsentBatches(endpoint: "https://elsewhere/v1").isEmpty)
        for outcome in [JournalEntry.BatchEnded.Outcome.sent, .stopped, .refused] {
            entries.append(.batchEnded(.init(id: "B", time: t, outcome: outcome)))
            summary = JournalSummary(contents: try lines(entries))
            #expect(summary.unsentBatches.isEmpty, "\(outcome)")
            entries.removeLast()
        }
    }

    @Test func intentsAnsweredOrEndedAreClosedTheRestStayOpen() throws {
        let t = "2026-05-01T10:00:00Z"
        let answered = JournalEntry.Intent(id: "a", time: t, endpoint: Self.endpoint, request: request("a"))
        let refused = JournalEntry.Intent(id: "b", time: t, endpoint: Self.endpoint, request: request("b"))
        let lost = JournalEntry.Intent(id: "c", time: t, endpoint: Self.endpoint, request: request("c"))
        let elsewhere = JournalEntry.Intent(id: "d", time: t, endpoint: "https://api.gpcn.com/v1", request: request("d"))
        let recovered = JournalEntry.Intent(id: "e", time: t, endpoint: Self.endpoint, request: request("e", count: 1))
        let bytes = try lines([
            .intent(answered), .intent(refused), .intent(lost), .intent(elsewhere), .intent(recovered),
            .submission(.init(id: "j1", time: t, endpoint: Self.endpoint, request: request("a"),
                              jobs: [.init(jobId: "j1", name: "a-1", resourceId: "vm-1")], intentId: "a")),
            .intentEnded(.init(id: "b", time: t, outcome: .notCreated, note: "refused")),
            .intentEnded(.init(id: "e", time: t, outcome: .recovered,
                               vms: [.init(vmId: "vm-9", name: "e", status: "Provisioning")])),
        ])
        let summary = JournalSummary(contents: bytes)
        #expect(summary.openIntents.map(\.id) == ["c", "d"])
        #expect(summary.openIntents(endpoint: Self.endpoint).map(\.id) == ["c"])
        #expect(summary.recovered.map(\.vm.vmId) == ["vm-9"])
        #expect(summary.recovered.first?.endpoint == Self.endpoint)
        #expect(summary.knownVMIds == ["vm-1", "vm-9"])
        #expect(summary.jobs.map(\.jobId) == ["j1"])
    }

    @Test func aTornLastLineLosesNothingBeforeIt() throws {
        let t = "2026-05-01T10:00:00Z"
        let intent = JournalEntry.Intent(id: "x", time: t, endpoint: Self.endpoint, request: request("x"))
        let whole = try lines([.intent(intent)])
        let torn = try JournalEntry.submission(.init(id: "j", time: t, endpoint: Self.endpoint, request: request("x"),
                                                     jobs: [.init(jobId: "j", name: "x-1")], intentId: "x")).line()
        for cut in 1..<torn.count - 1 {
            let summary = JournalSummary(contents: whole + torn.prefix(cut))
            #expect(summary.openIntents.map(\.id) == ["x"], "cut at \(cut)")
            #expect(summary.skippedLines == 1)
        }
        // Only the newline missing: the line is whole, the intent answered.
        let summary = JournalSummary(contents: whole + torn.dropLast())
        #expect(summary.openIntents.isEmpty)
        #expect(summary.jobs.map(\.jobId) == ["j"])
    }

    func vm(_ id: String, _ name: String, created: String = "2026-05-01T10:00:01.000Z") -> VirtualMachine {
        VirtualMachine(id: id, name: name, status: "Provisioning", createdAt: created)
    }

    @Test func reconcilingMatchesExactNamesNewVMsAndUnknownIdsOnly() {
        let intent = JournalEntry.Intent(id: "i", time: "2026-05-01T10:00:00Z", endpoint: Self.endpoint,
                                         request: request("web", count: 3))
        let vms = [
            vm("v1", "web-1"), vm("v3", "web-3"),
            vm("v2", "web-2"),
            vm("old", "web-1", created: "2026-04-01T10:00:00Z"),  // an older VM of the same name
            vm("known", "web-2"),                                  // created by another, journaled submission
            vm("other", "web-10"), vm("x", "webserver"),           // the search is a substring match
            vm("v1", "web-1"),                                      // listed twice (pages moved)
        ]
        let found = IntentReconciler.match(intent, vms: vms, known: ["known"])
        #expect(found.map(\.vmId) == ["v1", "v2", "v3"])
        #expect(found.map(\.name) == ["web-1", "web-2", "web-3"])
        #expect(IntentReconciler.searchTerm(intent) == "web")
        #expect(IntentReconciler.match(intent, vms: [], known: []).isEmpty)
    }

    @Test func aLostAnswerMayHaveCreatedARefusalDidNot() {
        func e(_ kind: APIError.Kind) -> APIError { APIError(kind: kind, message: "") }
        #expect(e(.timeout(seconds: 30)).createMayHaveHappened)
        #expect(e(.unreachable("the connection was closed before an answer")).createMayHaveHappened)
        #expect(e(.undecodable("not the expected JSON")).createMayHaveHappened)
        for s in [500, 502, 503, 504] { #expect(e(.http(status: s)).createMayHaveHappened) }
        for s in [400, 401, 403, 404, 409, 422, 429] { #expect(!e(.http(status: s)).createMayHaveHappened) }
        #expect(!e(.unreachable("connection refused")).createMayHaveHappened)
        #expect(!e(.configuration("bad host")).createMayHaveHappened)
    }
}

/// Review items 1 and 7: one submission constructor, and lost creates that share names with
/// another open batch.
@Suite struct SubmissionNamingTests {
    static let request = CreateVMRequest(name: "web", numberOfInstances: 3)

    @Test func jobsAreNamedByResourceNameElseInstanceNameByPositionNeverDisplayNameOrId() {
        let jobs = [Job(jobId: "j1", resourceDisplayName: "Virtual Machine web-1"),
                    Job(jobId: "j2", resourceDisplayName: "Virtual Machine web-2", resourceId: "v2", resourceName: "web-2"),
                    Job(jobId: "j3")]
        let s = JournalEntry.Submission(request: Self.request, jobs: jobs, intentId: "i", endpoint: "e", time: "t")
        #expect(s.id == "j1" && s.intentId == "i" && s.endpoint == "e" && s.time == "t" && s.retryOf == nil)
        #expect(s.jobs.map(\.name) == ["web-1", "web-2", "web-3"])
        #expect(s.jobs.map(\.resourceId) == [nil, "v2", nil])
        // Fewer jobs than instances: positions mean nothing, so only the API's own names are used.
        let short = JournalEntry.Submission(request: Self.request, jobs: [jobs[0], jobs[1]], intentId: nil,
                                            endpoint: "e", time: "t", retryOf: "old")
        #expect(short.jobs.map(\.name) == [nil, "web-2"])
        #expect(short.retryOf == "old")
        let empty = JournalEntry.Submission(request: Self.request, jobs: [], intentId: nil, endpoint: "e", time: "t")
        #expect(empty.id == "empty-web")
    }

    func line(_ e: JournalEntry) -> [UInt8] { (try? e.line()) ?? [] }

    @Test func aSecondBatchOfTheSameNamesIsOnlyPossiblyRecovered() {
        let endpoint = "https://api.gpcn.com/v1"
        // Batch 1: "web" x3, answered, jobs still running; the answer carried no VM ids.
        let first = JournalEntry.Submission(request: Self.request, jobs: [Job(jobId: "a1"), Job(jobId: "a2"), Job(jobId: "a3")],
                                            intentId: nil, endpoint: endpoint, time: "2026-05-01T10:00:00Z")
        // Batch 2: the same names a minute later; its answer was lost.
        let lost = JournalEntry.Intent(id: "lost", time: "2026-05-01T10:01:00Z", endpoint: endpoint, request: Self.request)
        let summary = JournalSummary(contents: line(.submission(first)) + line(.intent(lost)))
        let claimed = summary.claimedNames(otherThan: lost, since: IntentReconciler.claimWindowStart(lost))
        #expect(claimed == ["web-1", "web-2", "web-3"])
        // Only batch 1's VMs exist: they must not be taken for batch 2's.
        let vms = (1...3).map { VirtualMachine(id: "v\($0)", name: "web-\($0)", status: "Provisioning",
                                               createdAt: "2026-05-01T10:00:02Z") }
        let match = IntentReconciler.classify(lost, vms: vms, known: summary.knownVMIds, claimed: claimed)
        #expect(match.mine.isEmpty)
        #expect(match.shared.map(\.vmId) == ["v1", "v2", "v3"])

        // Once batch 1's jobs ended with their VM ids, those VMs are known and nothing is claimed.
        var after = summary
        after = JournalSummary(contents: line(.submission(first)) + line(.intent(lost))
            + (1...3).flatMap { line(.jobEnded(.init(jobId: "a\($0)", time: "2026-05-01T10:03:00Z", state: .succeeded,
                                                     resourceId: "v\($0)"))) })
        #expect(after.claimedNames(otherThan: lost, since: IntentReconciler.claimWindowStart(lost)).isEmpty)
        let clear = IntentReconciler.classify(lost, vms: vms + [VirtualMachine(id: "n1", name: "web-1", createdAt: "2026-05-01T10:01:01Z")],
                                              known: after.knownVMIds, claimed: [])
        #expect(clear.mine.map(\.vmId) == ["n1"] && clear.shared.isEmpty)

        // A failed job of the same name made no VM; a batch older than the window claims nothing.
        let failed = JournalSummary(contents: line(.submission(first)) + line(.intent(lost))
            + line(.jobEnded(.init(jobId: "a1", time: "2026-05-01T10:00:30Z", state: .failed))))
        #expect(failed.claimedNames(otherThan: lost, since: nil) == ["web-2", "web-3"])
        let old = JournalEntry.Intent(id: "later", time: "2026-05-01T12:00:00Z", endpoint: endpoint, request: Self.request)
        #expect(summary.claimedNames(otherThan: old, since: IntentReconciler.claimWindowStart(old)).isEmpty)
    }
}
