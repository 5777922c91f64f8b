import Foundation
import TerminalUI

/// Instruction counts of the in-process rows (issue 13): what a keystroke or a dashboard frame
/// costs in instructions, counted by `valgrind --tool=callgrind`, the same however busy the
/// machine is. gpcn-bench runs itself once per row under callgrind in `--callgrind ROW` mode:
/// the row's set-up runs uncounted, then `iterations` times the measured work, each inside
/// `Instructions.counted`, the only function callgrind collects in (`--toggle-collect`). The
/// count per iteration is the file's total divided by the iterations.
enum Instructions {
    /// The rows, by the name `--callgrind` takes.
    static let rows: [(key: String, name: String)] = [
        ("keystroke", "keystroke -> frame, filter 10000 rows"),
        ("frame-50", "dashboard frame, 50 jobs"),
        ("frame-500", "dashboard frame, 500 jobs"),
        ("frame-5000", "dashboard frame, 5,000 jobs"),
    ]

    /// The only function callgrind counts in (`--toggle-collect=*Instructions*counted*`).
    @inline(never)
    static func counted(_ body: () -> Int) -> Int { body() }

    /// `--callgrind ROW`: the child side, run under valgrind. Returns false for an unknown row.
    static func child(row: String, iterations: Int) -> Bool {
        let size = Size(width: 120, height: 40)
        var sink = 0
        switch row {
        case "keystroke":
            let (dc, catalog) = InProcess.keystrokeCatalog(rows: 10_000)
            for _ in 0..<iterations {
                var (state, before) = InProcess.keystrokeSetUp(dc: dc, catalog: catalog)
                sink &+= counted { InProcess.keystroke(&state, before: before) }
            }
        case let r where r.hasPrefix("frame-"):
            guard let n = Int(r.dropFirst(6)), n > 0 else { return false }
            var d = InProcess.Dashboard(jobs: n, size: size)
            for _ in 0..<iterations {
                d.poll()
                sink &+= counted { d.frame() }
            }
        default:
            return false
        }
        print("iterations \(iterations) sink \(sink)")
        return true
    }

    /// valgrind on PATH, or nil.
    static func valgrind() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let p = "\(dir)/valgrind"
            if access(p, X_OK) == 0 { return p }
        }
        return nil
    }

    /// Runs every row under callgrind; one `Row` each (instructions per keystroke or frame), and
    /// the 5,000/50 frame ratio.
    static func measure(iterations: Int, tmp: String) -> [Row] {
        let names = rows.map { "\($0.name) (instructions)" } + ["dashboard frame, 5,000 / 50 jobs (instructions)"]
        guard let valgrind = valgrind() else {
            return names.map { Row(name: $0, unit: "Ir", samples: [], note: "valgrind is not installed (apt-get install valgrind)") }
        }
        let me = runnable(tmp: tmp)
        var counts: [String: Double] = [:]
        var out: [Row] = []
        for (key, name) in rows {
            Bench.progress("callgrind: \(key)")
            let file = "\(tmp)/callgrind.\(key).out"
            let p = Process()
            p.executableURL = URL(fileURLWithPath: valgrind)
            p.arguments = ["--tool=callgrind", "--toggle-collect=*Instructions*counted*", "--callgrind-out-file=\(file)",
                           me, "--callgrind", key, "--iterations", String(iterations)]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            var note = ""
            var samples: [Double] = []
            do {
                try p.run()
                p.waitUntilExit()
                if p.terminationStatus == 0, let total = totals(file) {
                    samples = [total / Double(iterations)]
                    counts[key] = samples[0]
                } else {
                    note = "callgrind run failed (exit \(p.terminationStatus))"
                }
            } catch {
                note = "cannot run valgrind: \(error)"
            }
            try? FileManager.default.removeItem(atPath: file)
            out.append(Row(name: "\(name) (instructions)", unit: "Ir", samples: samples, decimals: 0,
                           note: note.isEmpty && key == "keystroke"
                               ? "instructions per keystroke or frame, valgrind --tool=callgrind, \(iterations) iterations each" : note))
        }
        out.append(Row(name: names.last!, unit: "Ir", samples: counts["frame-5000"].map { [$0] } ?? [], decimals: 0,
                       aim: .ratioAtMost(1.5, "<= 1.5"), reference: ("50 jobs", counts["frame-50"].map { [$0] } ?? [])))
        return out
    }

    /// This executable without its DWARF (valgrind 3.19 gives up on the Swift toolchain's debug
    /// info; the symbol table, which `--toggle-collect` needs, stays), or as it is when `objcopy`
    /// is not there.
    static func runnable(tmp: String) -> String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let copy = "\(tmp)/gpcn-bench.nodebug"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["objcopy", "--strip-debug", me, copy]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return me }
        p.waitUntilExit()
        return p.terminationStatus == 0 ? copy : me
    }

    /// The events of a callgrind output file (`summary:` or `totals:`, instructions first).
    static func totals(_ file: String) -> Double? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n").reversed() where line.hasPrefix("totals:") || line.hasPrefix("summary:") {
            if let v = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) { return v }
        }
        return nil
    }
}
