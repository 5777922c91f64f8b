import Foundation
import GPCNApp
import GPCNClient
import GPCNConsole
import GPCNCore
import GPCNRuntime
import GPCNSimulator
import Testing
@testable import gpcn

/// `gpcn jobs --output json` and `gpcn jobs --export` against a server that gives addresses only
/// on VM list items and `…/network-interfaces` (the minimal dialect, docs/api.md §2.9): a batch
/// submitted and followed to the end through the journal, then read back as `gpcn jobs --all` does.
@Suite("Jobs as JSON and inventories against the documented minimum", .serialized)
struct JobsExportTests {
    /// A batch of `count` created, followed to the end and journaled; then the journal's jobs as
    /// `gpcn jobs --all` selects them.
    private func finishedBatch(_ h: Harness, name: String, count: Int, username: String? = nil,
                               publicIp: Bool = false) async throws -> [TrackedJob] {
        let journal = JournalFile(path: NSTemporaryDirectory() + "gpcn-export-\(UUID().uuidString)/journal.jsonl")
        var request = h.catalog.goodRequest(name: name, count: count)
        request.username = username
        request.allocatePublicIp = publicIp
        let submitter = CreateSubmitter(api: h.client, journal: journal, clock: ConsoleRuntime.wallClock)
        let outcome = await submitter.submit(request) { _ in }
        let jobs = outcome.acceptedJobs
        #expect(jobs.count == count, "\(outcome.text)")
        let followed = await JobFollower.plain(api: h.client, jobs: jobs, journal: journal, interval: 0.05, emit: { _ in })
        #expect(followed.exitCode == Exit.ok)
        let summary = try journal.read()
        let tracked = JobsCommand.select(summary, endpoint: h.client.endpoint, ids: [], all: true,
                                         now: ConsoleRuntime.wallClock())
        #expect(tracked.count == count && tracked.allSatisfy { $0.state == .succeeded && $0.job.resourceId != nil })
        return tracked
    }

    private static func configure(_ c: inout SimulatorConfiguration) {
        c.clock = .system
        c.speed = 900  // a job takes a fraction of a second
        c.failRate = 0
        c.cancelRate = 0
        c.dialect = .minimal
    }

    @Test func jsonListsEveryJobOfAFinishedBatchWithItsPrivateAddress() async throws {
        try await withSimulator({ Self.configure(&$0) }) { h in
            let tracked = try await finishedBatch(h, name: "web", count: 3)
            h.resetStats()
            var warnings: [String] = []
            let text = await JobsCommand.document(tracked, recovered: [], api: h.client, export: nil,
                                                  exitCode: 0, warn: { warnings.append($0) })
            #expect(warnings == [])
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let jobs = try #require(doc["jobs"] as? [[String: Any]])
            #expect(jobs.count == 3)
            #expect(Set(jobs.compactMap { $0["name"] as? String }) == ["web-1", "web-2", "web-3"])
            var vmIds = Set<String>()
            for job in jobs {
                #expect(job["state"] as? String == "succeeded")
                #expect(job["progressPercentage"] as? Int == 100)
                #expect(job["stage"] != nil)
                let vmId = try #require(job["vmId"] as? String)
                #expect(job["resourceId"] as? String == vmId, "the older name stays")
                vmIds.insert(vmId)
                let addresses = try #require(job["addresses"] as? [String: Any], "\(job)")
                let ip = try #require(addresses["privateIp"] as? String)
                #expect(ip.split(separator: ".").count == 4, "\(ip)")
            }
            #expect(doc["summary"] as? [String: Int] == ["succeeded": 3])
            #expect(doc["exitCode"] as? Int == 0 && doc["finished"] as? Bool == true)
            // The addresses: one list call for the batch, never the single VM GET (no addresses there).
            let stats = h.stats()
            #expect(stats.requests("GET", "/v1/resource/virtual-machines") == 1)
            #expect(stats.requests("GET", "/v1/resource/virtual-machines/{id}") == 0)
            #expect(stats.requests("GET", "/v1/resource/virtual-machines/{id}/network-interfaces") == 0)
            // And they are the VMs' own, as their interfaces say.
            for id in vmIds {
                let nics = try await h.client.networkInterfaces(vmId: id)
                let ip = jobs.first { $0["vmId"] as? String == id }.flatMap { ($0["addresses"] as? [String: Any])?["privateIp"] as? String }
                #expect(VMAddresses(interfaces: nics).privateIp == ip)
            }
        }
    }

    @Test func ansibleExportPrintsEachVMWithItsAddressAndTheRequestsUser() async throws {
        try await withSimulator({ Self.configure(&$0) }) { h in
            let tracked = try await finishedBatch(h, name: "app", count: 2, username: "deploy", publicIp: true)
            let single = try await finishedBatch(h, name: "db", count: 1)
            h.resetStats()
            var warnings: [String] = []
            let text = await JobsCommand.document(tracked + single, recovered: [], api: h.client,
                                                  export: .ansible, exitCode: 0, warn: { warnings.append($0) })
            #expect(warnings == [])
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.contains("[app]") && lines.contains("[db]"), "\(text)")
            for name in ["app-1", "app-2"] {
                let line = try #require(lines.first { $0.hasPrefix(name + " ") }, "\(text)")
                #expect(line.range(of: #"^app-\d ansible_host=[0-9.]+ ansible_user=deploy$"#, options: .regularExpression) != nil, "\(line)")
            }
            // The single VM: its interfaces; the minimal dialect's images do not say a login, so no user.
            let db = try #require(lines.first { $0.hasPrefix("db ") }, "\(text)")
            #expect(db.range(of: #"^db ansible_host=[0-9.]+$"#, options: .regularExpression) != nil, "\(db)")
            let stats = h.stats()
            #expect(stats.requests("GET", "/v1/resource/virtual-machines") == 1)
            #expect(stats.requests("GET", "/v1/resource/virtual-machines/{id}/network-interfaces") == 1)
            #expect(stats.requests("GET", "/v1/resource/virtual-machines/{id}") == 0)
            // With a public IP asked for, the address given is the public one.
            let vms = try await h.client.virtualMachines(search: "app")
            for vm in vms where vm.name?.hasPrefix("app-") == true {
                let pub = try #require(vm.primaryPublicIp)
                #expect(text.contains("\(vm.name!) ansible_host=\(pub) "))
            }
        }
    }
}
