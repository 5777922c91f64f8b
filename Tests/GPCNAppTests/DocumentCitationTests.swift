import Foundation
import Testing

/// Code comments cite the repository's own documents (README.md, docs/…), never files a clone
/// does not have.
@Suite struct DocumentCitationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func everyCitedDocumentIsInTheRepository() throws {
        let fm = FileManager.default
        var cited: [(file: String, doc: String)] = []
        let pattern = try NSRegularExpression(pattern: #"[A-Za-z0-9_./-]+\.md\b"#)
        for folder in ["Sources", "Tests", "scripts", ".ci"] {
            guard let walker = fm.enumerator(atPath: Self.root.appendingPathComponent(folder).path) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".swift") || relative.hasSuffix(".sh")
                || relative.hasSuffix(".c") || relative.hasSuffix(".h") || !relative.contains(".") {
                let path = Self.root.appendingPathComponent(folder).appendingPathComponent(relative).path
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
                let range = NSRange(text.startIndex..., in: text)
                for m in pattern.matches(in: text, range: range) {
                    cited.append((folder + "/" + relative, String(text[Range(m.range, in: text)!])))
                }
            }
        }
        #expect(cited.count > 20, "the scan found the citations (\(cited.count))")
        for (file, doc) in cited {
            let name = doc.hasPrefix("/../") ? String(doc.dropFirst(4)) : doc
            let exists = fm.fileExists(atPath: Self.root.appendingPathComponent(name).path)
            #expect(exists, "\(file) cites \(doc), which is not in the repository")
        }
    }
}
