import Foundation
import GPCNApp
import GPCNCore
import Testing

@Suite struct JobReportTests {
    @Test func createWaitJSONAndJobsJSONAreOneSchema() throws {
        // The keys of a job entry, as create --output json has always had them, plus vmId and addresses.
        var job = Job(jobId: "j", stage: "completed", progressPercentage: 100, isCompleted: true, isTerminal: true,
                      resourceId: "vm", resourceName: "web-1")
        job.message = "done"
        let report = JobReport(endpoint: "http://x/v1", jobs: [TrackedJob(job: job, state: .succeeded)], waited: true,
                               addresses: ["vm": VMAddresses(privateIp: "10.0.0.1")])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(Set(doc.keys) == ["endpoint", "jobs", "summary", "finished", "exitCode"])
        let entry = try #require((doc["jobs"] as? [[String: Any]])?.first)
        #expect(Set(entry.keys) == ["jobId", "name", "state", "stage", "progressPercentage", "message", "resourceId",
                                    "vmId", "addresses"])
        #expect((entry["addresses"] as? [String: String]) == ["privateIp": "10.0.0.1"])
    }
}
