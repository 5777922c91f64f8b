import Foundation
import Testing

/// Compares screen text with a golden file in `__Snapshots__/NAME.txt` beside this file.
/// A missing golden FAILS (so CI can never pass on an unrecorded screen); set
/// `UPDATE_SNAPSHOTS=1` to record, which writes the file and still fails once. On a mismatch
/// the actual text is written to `NAME.actual.txt` for a diff.
func assertGolden(_ lines: [String], _ name: String, filePath: String = #filePath,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let golden = dir.appendingPathComponent(name + ".txt")
    let actualFile = dir.appendingPathComponent(name + ".actual.txt")
    let actual = lines.joined(separator: "\n") + "\n"
    let recording = ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1"
    guard !recording, let expected = try? String(contentsOf: golden, encoding: .utf8) else {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? actual.write(to: golden, atomically: true, encoding: .utf8)
        Issue.record("recorded golden \(name).txt; check it and run again", sourceLocation: sourceLocation)
        return
    }
    if expected == actual {
        try? FileManager.default.removeItem(at: actualFile)
        return
    }
    try? actual.write(to: actualFile, atomically: true, encoding: .utf8)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var diff: [String] = []
    for i in 0..<max(e.count, a.count) {
        let want = i < e.count ? String(e[i]) : "<none>"
        let got = i < a.count ? String(a[i]) : "<none>"
        if want == got { continue }
        diff.append("line \(i + 1):\n  expected: " + want + "\n  actual:   " + got)
        if diff.count == 5 { break }
    }
    let details = diff.joined(separator: "\n")
    Issue.record("screen differs from \(name).txt (actual in \(name).actual.txt):\n\(details)",
                 sourceLocation: sourceLocation)
}
