import Foundation
import GPCNApp
import GPCNCore
import Synchronization
import Testing

/// A VM list in memory that records each search it was asked.
private final class VMListAPI: PartialFakeAPI, Sendable {
    private let names: [String]
    private let fails: Bool
    let searches = Mutex<[String?]>([])
    init(names: [String], fails: Bool = false) { self.names = names; self.fails = fails }

    func createVirtualMachines(_ request: CreateVMRequest) async throws -> [Job] {
        Issue.record("a name check never creates")
        return []
    }
    func virtualMachine(id: String) async throws -> VirtualMachine { VirtualMachine(id: id) }
    func virtualMachines(search: String?) async throws -> [VirtualMachine] {
        searches.withLock { $0.append(search) }
        if fails { throw APIError(kind: .http(status: 503), message: "Service Unavailable") }
        // Like the API's search: a substring of the name matches.
        return names.enumerated().filter { search.map($0.element.contains) ?? true }
            .map { VirtualMachine(id: "vm-\($0.offset)", name: $0.element) }
    }
}

@Suite struct NameCheckTests {
    static func request(_ name: String, count: Int) -> CreateVMRequest {
        var r = CreateVMRequest()
        r.name = name
        r.numberOfInstances = count
        return r
    }

    @Test func onlyExactNamesOfTheBatchCountInItsOrderOnce() {
        let planned = (1...12).map { "web-\($0)" }
        let vms = ["web-7", "web-3", "Web-4", "web-30", "web-1x", "web-3", "webby", "db-1"]
            .enumerated().map { VirtualMachine(id: "\($0.offset)", name: $0.element) } + [VirtualMachine(id: "nameless")]
        // Case matters, a longer name is another name, and a name found twice is said once.
        #expect(NameCheck.existing(planned, in: vms) == ["web-3", "web-7"])
        #expect(NameCheck.existing(["web"], in: vms).isEmpty)
        #expect(NameCheck.existing(["web"], in: [VirtualMachine(id: "1", name: "web")]) == ["web"])
    }

    @Test(arguments: [
        ([], nil),
        (["web"], "web already exists"),
        (["web-3", "web-7"], "web-3 and web-7 already exist"),
        (["web-3", "web-7", "web-9"], "web-3, web-7 and web-9 already exist"),
        (["web-3", "web-7"] + (20...31).map { "web-\($0)" }, "web-3, web-7 and 12 more already exist"),
    ] as [([String], String?)])
    func words(_ existing: [String], _ expected: String?) {
        #expect(NameCheck.text(existing) == expected)
    }

    @Test func theSearchTermIsTheBaseName() {
        #expect(NameCheck.searchTerm(Self.request(" web ", count: 25)) == "web")
        #expect(NameCheck.searchTerm(Self.request("db", count: 1)) == "db")
    }

    @Test func runAsksTheVMListOnceForTheBaseName() async {
        let api = VMListAPI(names: ["web-3", "web-7", "web-70", "other"])
        let plan = CreatePlan(Self.request("web", count: 25))
        let result = await NameCheck.run(plan, api: api)
        #expect(api.searches.withLock { $0 } == ["web"])
        #expect(result.names == plan.allNames)
        #expect(result.outcome == .checked(existing: ["web-3", "web-7"]))
        #expect(result.text == "web-3 and web-7 already exist")
        #expect(result.isWarning && !result.isFailed)

        let clear = await NameCheck.run(CreatePlan(Self.request("db", count: 1)), api: api)
        #expect(clear.outcome == .checked(existing: []))
        #expect(clear.text == "no VM is named db yet")
        #expect(!clear.isWarning)
        let clearBatch = await NameCheck.run(CreatePlan(Self.request("db", count: 3)), api: api)
        #expect(clearBatch.text == "no VM has any of these names yet")
    }

    @Test func aListThatCannotBeReadIsSaidAndIsNoName() async {
        let result = await NameCheck.run(CreatePlan(Self.request("web", count: 2)), api: VMListAPI(names: ["web-1"], fails: true))
        #expect(result.isFailed && result.isWarning)
        #expect(result.existing.isEmpty)
        #expect(result.text.hasPrefix("could not check names: "))
        #expect(result.text.contains("503") || result.text.contains("Service Unavailable"))
    }

    @Test func aStatusAnswersOnlyForItsOwnNames() {
        let result = NameCheckResult(names: ["web-1", "web-2"], outcome: .checked(existing: ["web-2"]))
        let status = NameCheckStatus.checked(result)
        #expect(status.result(for: ["web-1", "web-2"]) == result)
        #expect(status.result(for: ["web-1", "web-2", "web-3"]) == nil)
        #expect(NameCheckStatus.checking(names: ["web"]).text == "checking names…")
        #expect(!NameCheckStatus.checking(names: ["web"]).isWarning)
        #expect(status.isWarning && status.text == "web-2 already exists")
    }
}

@Suite struct BatchReviewTests {
    static let priced = VMSize(skuId: "s", name: "G-Small-1", pricePerMonth: 45.55, currency: "USD")
    static let unpriced = VMSize(skuId: "u", name: "G-Free")

    @Test func oneCreateSaysNothingButTheCostOfSeveralVMs() {
        let one = CreatePlan(NameCheckTests.request("web", count: 1))
        #expect(BatchReview.lines(one, size: Self.priced).isEmpty)
        let three = CreatePlan(NameCheckTests.request("web", count: 3))
        #expect(BatchReview.lines(three, size: Self.priced)
                == [BatchReview.Line("Monthly cost", "$136.65/mo for 3 VMs ($45.55/mo each)")])
        #expect(BatchReview.lines(three, size: Self.unpriced).isEmpty)
        #expect(BatchReview.lines(three, size: nil).isEmpty)
    }

    @Test func aSplitBatchSaysItsCreatesTimeAndCost() {
        let plan = CreatePlan(NameCheckTests.request("web", count: 25))
        let lines = BatchReview.lines(plan, size: Self.priced)
        #expect(lines.map(\.label) == ["Sent as", "Sending", "Monthly cost"])
        #expect(lines[0].text == plan.summary && lines[0].warn)
        // 16 creates: 15 gaps of 0.6 s at the documented 100 a minute.
        #expect(lines[1].text == "about 9 s to send them all, at 100/min (the documented default)")
        #expect(lines[2].text == "$1,138.75/mo for 25 VMs ($45.55/mo each)")
        #expect(BatchReview.sendingText(plan, limitPerMinute: 30)
                == "about 30 s to send them all, at 30/min (the server's limit)")
    }

    @Test func durationsAndOtherCurrencies() {
        #expect(BatchReview.duration(0.2) == "1 s")
        #expect(BatchReview.duration(89) == "89 s")
        #expect(BatchReview.duration(89.2) == "1 min 30 s")
        #expect(BatchReview.duration(144) == "2 min 24 s")
        #expect(BatchReview.duration(180) == "3 min")
        let euro = VMSize(skuId: "e", name: "E", pricePerMonth: 20.1, currency: "EUR")
        #expect(BatchReview.costText(count: 250, size: euro) == "EUR 5,025.00/mo for 250 VMs (EUR 20.10/mo each)")
    }
}
