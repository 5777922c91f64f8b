import Foundation
import Testing

/// Golden text files under `__Snapshots__/` beside this file. A missing golden FAILS; with
/// `UPDATE_SNAPSHOTS=1` the golden is written and the test still fails (so a recording run can
/// never pass in CI by accident); rerun without it to check.
func assertGolden(_ text: String, _ name: String, filePath: String = #filePath,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let file = dir.appendingPathComponent(name + ".txt")
    let actual = text.hasSuffix("\n") ? text : text + "\n"
    if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try actual.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded golden \(name).txt; run again without UPDATE_SNAPSHOTS=1 to check it",
                         sourceLocation: sourceLocation)
        } catch {
            Issue.record("cannot write golden \(file.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("missing golden \(file.path); record it with UPDATE_SNAPSHOTS=1 and review it", sourceLocation: sourceLocation)
        return
    }
    guard expected != actual else { return }
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var report = "golden \(name).txt differs (UPDATE_SNAPSHOTS=1 records the new text):\n"
    for i in 0..<max(e.count, a.count) {
        let el = i < e.count ? String(e[i]) : "<none>"
        let al = i < a.count ? String(a[i]) : "<none>"
        if el != al { report += "line \(i + 1)\n  expected: \(el)\n  actual:   \(al)\n" }
    }
    Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
}

/// The same for screen lines (`Buffer.lines()`).
func assertGolden(_ lines: [String], _ name: String, filePath: String = #filePath,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    assertGolden(lines.joined(separator: "\n") + "\n", name, filePath: filePath, sourceLocation: sourceLocation)
}
