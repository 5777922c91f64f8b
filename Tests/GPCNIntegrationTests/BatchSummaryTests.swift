import Foundation
import GPCNApp
import GPCNConsole
import GPCNCore
@testable import gpcn
import Testing

/// What stays in the scrollback after the dashboard of a batch: the VMs never requested, and why.
@Suite struct BatchSummaryTests {
    static func state(_ count: Int) -> JobsState {
        var r = CreateVMRequest(datacenterId: "dc", imageId: "img", skuId: "sku", name: "web")
        r.numberOfInstances = count
        let plan = CreatePlan(r)
        let jobs = (1...10).map { n in
            Job(jobId: "job-\(n)", resourceType: "virtual_machine", resourceDisplayName: "Virtual Machine web-\(n)",
                operation: "create", stage: "initializing", progressPercentage: 0, resourceName: "web-\(n)")
        }
        var s = JobsState(jobs: jobs, request: plan.bodies[0], submittedAt: 0)
        s.queue = SendQueue(plan: plan, now: 0)
        return s
    }

    @Test func aStoppedBatchSaysWhichVMsWereNotRequested() {
        var s = Self.state(13)
        s.queue?.status = .stopped
        let text = JobSummary.text(s, demo: false)
        #expect(text.contains("Not requested: 3 VMs (web-11 … web-13): sending was stopped"), "\(text)")
    }

    @Test func aRefusedCreateSaysItsStop() {
        var s = Self.state(12)
        s.queue?.ended("Create 2 of 3 (web-11) was refused: sold out.")
        #expect(JobSummary.text(s, demo: false).contains("Not requested: 2 VMs (web-11, web-12): Create 2 of 3 (web-11) was refused"))
    }

    @Test func aBatchSentWholeSaysNothingMore() {
        var s = Self.state(12)
        s.queue?.answered(1)
        s.queue?.answered(2)
        s.queue?.ended(nil)
        #expect(!JobSummary.text(s, demo: false).contains("Not requested"))
    }
}
