import Foundation
import GPCNApp
import GPCNCore
import Testing

@Suite("Create plan: how a batch's names map to creates")
struct CreatePlanTests {
    func request(_ count: Int, subnet: String? = nil) -> CreateVMRequest {
        var r = CreateVMRequest(datacenterId: "dc", imageId: "img", skuId: "sku", name: "web")
        r.numberOfInstances = count
        r.authMethod = .sshKey
        r.sshKeyId = "key"
        if let subnet { r.subnetId = subnet } else {
            r.networkInterfaces = [.init(networkId: "net", primary: true)]
            r.allocatePublicIp = true
        }
        return r
    }

    @Test(arguments: [1, 2, 10])
    func upToTenIsOneCreateTheAPINames(_ n: Int) {
        let plan = CreatePlan(request(n))
        #expect(plan.creates == 1 && plan.bodies == [request(n)] && plan.summary == nil)
    }

    @Test func moreThanTenIsTenThenOneVMPerNameEveryNameOnce() {
        let plan = CreatePlan(request(25))
        #expect(plan.creates == 16)
        #expect(plan.bodies[0].name == "web" && plan.bodies[0].numberOfInstances == 10)
        #expect(plan.names.flatMap { $0 } == (1...25).map { "web-\($0)" })
        #expect(plan.allNames == plan.names.flatMap { $0 })
        for body in plan.bodies.dropFirst() {
            #expect(body.numberOfInstances == 1 && body.networkInterfaces == request(1).networkInterfaces
                    && body.allocatePublicIp == true, "a one-VM create keeps the batch's networks")
        }
        #expect(plan.summary?.hasPrefix("16 creates: web-1") == true)
        let big = CreatePlan(request(250))
        #expect(big.creates == 241 && Set(big.names.flatMap { $0 }).count == 250)
    }

    @Test func aVPCBatchIsOneCreatePerNameAndOneVMHasNoCount() {
        let one = CreatePlan(request(1, subnet: "s"))
        #expect(one.creates == 1 && one.bodies[0].numberOfInstances == nil && one.bodies[0].name == "web")
        let many = CreatePlan(request(250, subnet: "s"))
        #expect(many.creates == 250 && many.names.last == ["web-250"])
        #expect(many.bodies.allSatisfy { $0.numberOfInstances == nil && $0.networkInterfaces == nil })
    }

    @Test func sendingTimeFollowsTheBudget() {
        let plan = CreatePlan(request(25))  // 16 creates: 15 gaps
        #expect(plan.sendingSeconds(limitPerMinute: 30) == 30)
        #expect(plan.sendingSeconds(limitPerMinute: nil) == 9)
        #expect(plan.sendingSeconds(limitPerMinute: 30, pollsPerMinute: 10) == 45)
        #expect(CreatePlan(request(3)).sendingSeconds(limitPerMinute: 30) == 0)
    }

    @Test func queuedCreatesPastTheWindowWaitForTheNext() {
        var r = request(14)
        r.numberOfInstances = 14
        let q = SendQueue(plan: CreatePlan(r), now: 100)  // 4 queued, 0.6 s apart
        #expect(q.plannedSendTime(position: 0, now: 100) == 100.6)
        #expect(q.plannedSendTime(position: 3, now: 100) == 100 + 0.6 * 4)
        let tight = SendQueue.Budget(remaining: 2, resetAt: 130, limit: 30)
        #expect(q.plannedSendTime(position: 1, now: 100, budget: tight) == 100 + 0.6 * 2, "within what is left")
        #expect(q.plannedSendTime(position: 2, now: 100, budget: tight) == 130, "the first past the window waits for the reset")
        #expect(q.plannedSendTime(position: 3, now: 100, budget: tight) == 130.6)
        let past = SendQueue.Budget(remaining: 0, resetAt: 90, limit: 30)
        #expect(q.plannedSendTime(position: 0, now: 100, budget: past) == 100.6, "a window already over says nothing")
    }
}
