import Foundation
import GPCNSimulator
import TerminalUI

/// gpcn's benchmarks (issue 8). Prints one table: each figure is the median of repeated runs
/// with min and max, and the ratio to a reference measured in the same run where there is one.
///
///     scripts/release.sh && .build-static/release/gpcn-bench    # the build README's figures are for
///     swift build -c release && .build/release/gpcn-bench       # the plain release build
///
/// The title says how the measured gpcn was linked (Swift runtime static or shared, packed
/// relocations, exported symbols), since the memory and start-up rows depend on it.
/// Rows about the terminal, start-up, requests, CPU and memory run the real `gpcn` binary (by
/// default the one next to this executable, so build both in the same configuration) on a pty
/// this process owns, against a simulator embedded here. `--smoke` runs tiny sizes once each and
/// exits 1 when a row produced nothing (CI; its numbers mean nothing). Never part of `swift test`.
@main
struct Bench {
    static let usage = """
        usage: gpcn-bench [--smoke] [--gpcn PATH] [--only GROUP[,GROUP…]]
               gpcn-bench --callgrind ROW [--iterations N]   (run by the instructions group under valgrind)
          --smoke      tiny sizes, one or two runs each; exit 1 when any row is missing (CI)
          --gpcn PATH  the gpcn binary to measure (default: the gpcn next to gpcn-bench, or $GPCN_BENCH_BIN)
          --only LIST  run only these groups of rows (instructions, which needs valgrind, only when named): \(Group.allCases.map(\.rawValue).joined(separator: ", "))
        """

    /// Groups of rows `--only` can pick (each is measured on its own; the table keeps its order).
    enum Group: String, CaseIterable {
        case startup, keystroke, frame, instructions, batch, dashboard, requests, poll, rss, throughput
    }

    static func main() async {
        var args = Array(CommandLine.arguments.dropFirst())
        if let i = args.firstIndex(of: "--callgrind"), i + 1 < args.count {
            // The child side of the instructions group, under valgrind (Instructions.swift).
            let iterations = args.firstIndex(of: "--iterations").flatMap { $0 + 1 < args.count ? Int(args[$0 + 1]) : nil } ?? 5
            exit(Instructions.child(row: args[i + 1], iterations: iterations) ? 0 : 1)
        }
        let smoke = args.contains("--smoke")
        args.removeAll { $0 == "--smoke" }
        var gpcnPath = ProcessInfo.processInfo.environment["GPCN_BENCH_BIN"]
        if let i = args.firstIndex(of: "--gpcn"), i + 1 < args.count {
            gpcnPath = args[i + 1]
            args.removeSubrange(i...(i + 1))
        }
        // Instruction counts need valgrind and take minutes: only when asked for (`--only instructions`).
        let defaultGroups = Set(Group.allCases).subtracting([.instructions])
        var groups = defaultGroups
        if let i = args.firstIndex(of: "--only"), i + 1 < args.count {
            let names = args[i + 1].split(separator: ",").map { String($0) }
            let picked = names.compactMap(Group.init(rawValue:))
            if picked.count != names.count || picked.isEmpty {
                FileHandle.standardError.write(Data(("unknown group in --only \(args[i + 1])\n" + usage + "\n").utf8))
                exit(1)
            }
            groups = Set(picked)
            args.removeSubrange(i...(i + 1))
        }
        if !args.isEmpty {
            FileHandle.standardError.write(Data((usage + "\n").utf8))
            exit(args.contains("--help") || args.contains("-h") ? 0 : 1)
        }
        let gpcn = gpcnPath ?? siblingGPCN()
        let started = Clock.monotonicMs()
        progress("gpcn-bench\(smoke ? " --smoke" : ""): measuring \(gpcn)")

        var rows: [Row] = []

        // In-process figures on the pure core.
        if !groups.isDisjoint(with: [.keystroke, .frame]) { progress("in-process: keystroke, dashboard frames") }
        let keystroke = groups.contains(.keystroke)
            ? [InProcess.filterKeystroke(rows: smoke ? 200 : 10_000, repeats: smoke ? 3 : 41)] : []
        // The fleet rows: frames at 50, 500 and 5,000 jobs, interleaved, and the 5,000/50 ratio.
        let fleet = groups.contains(.frame)
            ? InProcess.fleet(sizes: smoke ? [6, 60, 120] : [50, 500, 5_000], size: Size(width: 120, height: 40),
                              refreshes: smoke ? 3 : 101)
            : (rows: [], cells: nil)
        var instructions: [Row] = []
        if groups.contains(.instructions) {
            progress("instructions: each in-process row under valgrind --tool=callgrind")
            let tmp = makeTempDir()
            instructions = Instructions.measure(iterations: smoke ? 1 : 5, tmp: tmp)
            try? FileManager.default.removeItem(atPath: tmp)
        }

        // A 250-VM VPC-style batch through CreateSubmitter, against the embedded simulator on a manual clock.
        var batch: [Row] = []
        if groups.contains(.batch) {
            progress("a \(smoke ? 12 : 250)-VM VPC batch against the embedded simulator (100 requests a minute)")
            batch = await Batch.vpc(count: smoke ? 12 : 250)
        }

        // Figures on the real binary.
        var live: [Row] = []
        if groups.isDisjoint(with: [.startup, .dashboard, .requests, .poll, .rss, .throughput]) {
            live = []
        } else if access(gpcn, X_OK) != 0 {
            live = missingBinaryRows(gpcn, smoke: smoke)
        } else {
            live = await liveRows(gpcn: gpcn, smoke: smoke, groups: groups)
        }
        func take(_ prefix: String) -> [Row] { live.filter { $0.name.hasPrefix(prefix) } }
        rows += take("start-up")
        rows += keystroke + fleet.rows + (fleet.cells.map { [$0] } ?? []) + instructions + batch
        rows += take("bytes") + take("API requests") + take("poll round") + take("idle CPU") + take("peak RSS") + take("simulator")

        let build = gpcn.contains("/release/") ? "release" : (gpcn.contains("/debug/") ? "debug" : "?")
        let only = groups == defaultGroups ? "" : " --only " + Group.allCases.filter(groups.contains).map(\.rawValue).joined(separator: ",")
        let title = "gpcn-bench\(smoke ? " --smoke (tiny sizes: the numbers mean nothing)" : "")\(only)"
            + " - gpcn: \(gpcn) (\(build) build\(BinaryInfo.describe(gpcn).map { ": " + $0 } ?? "")), "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores, "
            + "took \(Row.fixed((Clock.monotonicMs() - started) / 1000, 0)) s"
        print(Row.table(rows, title: title))

        let missing = rows.filter { $0.samples.isEmpty }
        if smoke {
            print("\(rows.count - missing.count) rows produced, \(missing.count) missing")
        }
        exit(missing.isEmpty || !smoke ? 0 : 1)
    }

    static func progress(_ s: String) {
        FileHandle.standardError.write(Data(("# " + s + "\n").utf8))
    }

    /// The `gpcn` built next to this executable (same build configuration).
    static func siblingGPCN() -> String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("gpcn").path
    }

    static func liveRows(gpcn: String, smoke: Bool, groups: Set<Group>) async -> [Row] {
        var config = SimulatorConfiguration()
        config.speed = 1            // jobs take 60-180 s: they stay running through every window
        config.failRate = 0
        config.cancelRate = 0
        config.rateLimitPerMinute = 100_000_000
        config.seed = 8
        let sim: EmbeddedSimulator
        do { sim = try await EmbeddedSimulator.start(config) } catch {
            return missingBinaryRows(gpcn, smoke: smoke, because: "the embedded simulator did not start: \(error)")
        }
        let tmp = makeTempDir()
        var live = Live(gpcn: gpcn, sim: sim, tmp: tmp, smoke: smoke)
        var rows: [Row] = []

        if groups.contains(.startup) {
            progress("start-up (gpcn --demo on a pty)")
            let startup = live.startup(runs: smoke ? 2 : 15, warmup: smoke ? 0 : 2)
            rows += [startup.list, startup.first]
        }

        if groups.contains(.dashboard) {
            progress("dashboard on a pty: idle CPU and bytes per refresh (\(smoke ? 3 : 30) s)")
            let dash = live.dashboard(jobs: smoke ? 10 : 100, idleSeconds: smoke ? 3 : 30, repaints: smoke ? 2 : 9)
            rows += [dash.bytes, dash.cpu]
        }

        if groups.contains(.requests) {
            progress("API requests per refresh")
            for n in [10, 120, 500] { rows.append(live.requests(jobs: n, runs: smoke ? 1 : 3)) }
        }
        if groups.contains(.poll) {
            rows.append(live.pollRound(jobs: smoke ? 60 : 500, runs: smoke ? 2 : 15))
        }

        if groups.contains(.rss) {
            progress("peak RSS")
            rows.append(live.memory(jobs: smoke ? 60 : 500, seconds: smoke ? 2 : 5, runs: smoke ? 1 : 3))
        }

        if groups.contains(.throughput) {
            progress("simulator throughput")
            rows.append(live.throughput(clients: 4, seconds: smoke ? 0.3 : 1, runs: smoke ? 2 : 7))
        }

        await sim.stop()
        try? FileManager.default.removeItem(atPath: tmp)
        return rows
    }

    static func missingBinaryRows(_ gpcn: String, smoke: Bool, because: String? = nil) -> [Row] {
        let why = because ?? "no executable gpcn at \(gpcn): build it in the same configuration (swift build -c release) or pass --gpcn PATH"
        let names = ["start-up to data-center list (gpcn --demo)", "start-up to first frame (GPCN_FIRST_FRAME_FILE)",
                     "bytes to the terminal per dashboard refresh", "API requests per refresh", "poll round",
                     "idle CPU", "peak RSS", "simulator throughput"]
        return names.map { Row(name: $0, unit: "", samples: [], note: why) }
    }

    static func makeTempDir() -> String {
        var template = Array((NSTemporaryDirectory() + "/gpcn-bench.XXXXXX").utf8CString)
        return template.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress, let r = mkdtemp(base) else { return NSTemporaryDirectory() + "/gpcn-bench" }
            return String(cString: r)
        }
    }
}
