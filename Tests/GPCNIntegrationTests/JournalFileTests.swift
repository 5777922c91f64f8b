import Foundation
import GPCNApp
import GPCNCore
import GPCNRuntime
import Testing

/// The journal on disk after a crash mid-write (issue 7, item 3).
@Suite struct JournalFileTests {
    func temporaryJournal() -> (JournalFile, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gpcn-journal-\(UUID().uuidString)")
        return (JournalFile(path: dir.path + "/state/gpcn/journal.jsonl"), dir)
    }

    func submission(_ n: Int) -> JournalEntry {
        .submission(.init(id: "s\(n)", time: "2026-05-01T10:00:0\(n)Z", endpoint: "http://sim/v1",
                          request: CreateVMRequest(name: "web\(n)", numberOfInstances: 1),
                          jobs: [.init(jobId: "job-\(n)", name: "web\(n)")]))
    }

    @Test func aTornLastLineOnDiskLosesNothingBeforeItAndNothingAfter() throws {
        let (journal, dir) = temporaryJournal()
        defer { try? FileManager.default.removeItem(at: dir) }
        try journal.append(submission(1))
        try journal.append(.intent(.init(id: "i2", time: "2026-05-01T10:00:02Z", endpoint: "http://sim/v1",
                                         request: CreateVMRequest(name: "db", numberOfInstances: 2))))
        // A kill in the middle of write(2): half a line, no newline.
        let torn = try submission(3).line()
        let handle = try #require(FileHandle(forWritingAtPath: journal.path))
        handle.seekToEndOfFile()
        handle.write(Data(torn.prefix(torn.count / 2)))
        try handle.close()

        var summary = try journal.read()
        #expect(summary.jobs.map(\.jobId) == ["job-1"])
        #expect(summary.openIntents.map(\.id) == ["i2"])
        #expect(summary.skippedLines == 1)

        // The next gpcn appends after the fragment: its entry starts on a fresh line.
        try journal.append(submission(4))
        summary = try journal.read()
        #expect(summary.jobs.map(\.jobId) == ["job-1", "job-4"])
        #expect(summary.skippedLines == 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: journal.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
