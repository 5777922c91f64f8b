import GPCNConsole
import GPCNCore
import TerminalUI

/// Figures measured inside this process on the pure core: no terminal, no network.
enum InProcess {
    /// One typed filter character on the image list of a data center with `count` images:
    /// `update` + `view` + the diff the backend would draw. The first character is the worst
    /// case (it scans every row; later ones narrow the list).
    static func filterKeystroke(rows count: Int, repeats: Int) -> Row {
        let (dc, catalog) = keystrokeCatalog(rows: count)
        var samples: [Double] = []
        for _ in 0..<repeats {
            var (state, before) = keystrokeSetUp(dc: dc, catalog: catalog)
            let t0 = Clock.monotonicMs()
            let changes = keystroke(&state, before: before)
            let t1 = Clock.monotonicMs()
            precondition(changes > 0, "the filter changed nothing on screen")
            samples.append(t1 - t0)
        }
        return Row(name: "keystroke -> frame, filter \(count) rows", unit: "ms", samples: samples, decimals: 3,
                   aim: .atMost(2, "<= 2 ms"))
    }

    /// A data center with `count` images.
    static func keystrokeCatalog(rows count: Int) -> (DataCenter, ImageCatalog) {
        let dc = DataCenter(id: "11111111-1111-4111-8111-111111111111", name: "Bench")
        let images = (0..<count).map { i in
            VMImage(id: "aaaaaaaa-0000-4000-8000-\(String(i).leftPadding(12, "0"))", name: "Image \(i) linux build \(i * 7919 % 10007)",
                    config: ImageConfig(customizations: ImageCustomizations(sshKey: true, password: true, username: true)))
        }
        return (dc, ImageCatalog(categories: [ImageCategory(id: 1, name: "Linux", images: images)], reservedUsernames: []))
    }

    /// The wizard on the image list with the filter open, and its frame.
    static func keystrokeSetUp(dc: DataCenter, catalog: ImageCatalog) -> (AppState, Buffer) {
        var state = AppState.wizard(settings: ConsoleSettings(endpoint: "bench"), size: Size(width: 120, height: 40))
        _ = ConsoleApp.start(&state, now: 0)
        _ = ConsoleApp.update(&state, .loaded(.dataCenters, .success(.dataCenters([dc]))), now: 0)
        _ = ConsoleApp.update(&state, .terminal(.key(.enter)), now: 0)
        _ = ConsoleApp.update(&state, .loaded(.images(datacenterId: dc.id), .success(.images(catalog))), now: 0)
        _ = ConsoleApp.update(&state, .terminal(.key(.character("/"))), now: 0)
        return (state, ConsoleApp.view(state))
    }

    /// The measured keystroke: `9` typed into the filter, `update` + `view` + the diff; returns the changed cells.
    @inline(never)
    static func keystroke(_ state: inout AppState, before: Buffer) -> Int {
        _ = ConsoleApp.update(&state, .terminal(.key(.character("9"))), now: 0)
        let frame = ConsoleApp.view(state)
        return frame.changes(since: before).count
    }

    /// The dashboard with `n` running jobs at `size`, refreshed as the runtime does it: every
    /// poll answered with the percentages moved on, then the frame drawn. `refresh()` does one
    /// refresh and returns the time of `view` + the diff against the previous frame (the state
    /// update is not timed) and the cells that diff reports.
    struct Dashboard {
        let n: Int
        let t0 = 1_780_000_000.0
        var now: Double
        var state: AppState
        var progress = 1
        var before: Buffer
        var fullCells: Int

        static func id(_ i: Int) -> String { "00000000-0000-4000-8000-" + String(i).leftPadding(12, "0") }
        func job(_ i: Int, progress: Int, at now: Double) -> Job {
            Job(jobId: Self.id(i), resourceType: "virtual_machine", resourceDisplayName: "Virtual Machine bench-\(i)",
                operation: "create", stage: "provisioning", progressPercentage: progress, message: "Allocating compute resources",
                estimatedCompletion: ISOTime.format(t0 + 120 + Double(i % 60)), timeRemaining: nil, canRetry: false,
                isCompleted: false, hasFailed: false, isTerminal: false, resourceId: nil,
                resourceName: "bench-\(i)", createdAt: ISOTime.format(t0), updatedAt: ISOTime.format(now))
        }

        init(jobs n: Int, size: Size) {
            self.n = n
            now = t0
            let t0 = self.t0
            let first = (1...n).map { i in
                Job(jobId: Self.id(i), resourceType: "virtual_machine", resourceDisplayName: "Virtual Machine bench-\(i)",
                    operation: "create", stage: "provisioning", progressPercentage: 0, message: "Allocating compute resources",
                    estimatedCompletion: ISOTime.format(t0 + 120 + Double(i % 60)), timeRemaining: nil, canRetry: false,
                    isCompleted: false, hasFailed: false, isTerminal: false, resourceId: nil,
                    resourceName: "bench-\(i)", createdAt: ISOTime.format(t0), updatedAt: ISOTime.format(t0))
            }
            state = AppState(settings: ConsoleSettings(endpoint: "http://127.0.0.1:8080/v1"), size: size,
                             screen: .jobs(JobsState(jobs: first, request: nil, submittedAt: t0)))
            before = Buffer(size: size)
            fullCells = 0
            let effects = ConsoleApp.start(&state, now: now)
            answer(effects)
            before = ConsoleApp.view(state, now: now)
            fullCells = before.changes(since: nil).count
        }

        mutating func answer(_ effects: [Effect]) {
            for case .pollJobBatch(let ids) in effects {
                let jobs = ids.map { job(Int($0.suffix(12))!, progress: progress + Int($0.suffix(12))! % 7, at: now) }
                // A budget as large as the embedded simulator's: without headers the scheduler would
                // space rounds to fit the documented 100 requests a minute (0.6 s per request).
                let rate = RateLimit(limit: 100_000_000, remaining: 100_000_000, resetAt: Int(now) + 60)
                _ = ConsoleApp.update(&state, .jobBatchPolled(ids, .success(JobsAnswer(jobs: jobs, requests: 1, rateLimit: rate))), now: now)
            }
        }

        /// The next poll round, answered (not timed).
        mutating func poll() {
            now += 1
            progress += 1
            let effects = ConsoleApp.update(&state, .timer(.poll), now: now)
            precondition(effects.contains { if case .pollJobBatch = $0 { return true } else { return false } },
                         "the dashboard did not poll after its timer")
            answer(effects)
        }

        /// One frame: `view` + the diff against the previous frame; returns the changed cells.
        @inline(never)
        mutating func frame() -> Int {
            let frame = ConsoleApp.view(state, now: now)
            let changes = frame.changes(since: before)
            before = frame
            return changes.count
        }

        /// One refresh: the poll round (timed on its own: the answers made up and folded), then
        /// the frame (timed).
        mutating func refresh() -> (ms: Double, cells: Int, pollMs: Double) {
            let p = Clock.monotonicMs()
            poll()
            let a = Clock.monotonicMs()
            let cells = frame()
            return (Clock.monotonicMs() - a, cells, a - p)
        }
    }

    static func frameRow(_ n: Int, _ times: [Double]) -> Row {
        Row(name: "dashboard frame, \(n.grouped) jobs (view + diff)", unit: "ms", samples: times, decimals: 3,
            aim: n == 500 ? .atMost(1, "<= 1 ms") : .none)
    }

    static func cellsRow(_ cells: [Double], full: Int, size: Size) -> Row {
        Row(name: "cells redrawn per dashboard refresh (diff)", unit: "cells", samples: cells, decimals: 0,
            aim: .ratioAtMost(0.15, "<= 15 % of full"),
            reference: ("full repaint", [Double(full)]),
            note: "in-process: cells Buffer.changes(since:) reports when the percentages and times move, \(size.width)x\(size.height)")
    }

    /// The fleet rows (issue 13): the frame with 50, 500 and 5,000 running jobs, refreshed in turn
    /// (so a busy moment of the machine falls on all three alike), and the 5,000/50 ratio.
    static func fleet(sizes: [Int], size: Size, refreshes: Int) -> (rows: [Row], cells: Row?) {
        var boards = sizes.map { Dashboard(jobs: $0, size: size) }
        var times = [[Double]](repeating: [], count: sizes.count)
        var cellsMiddle: [Double] = []  // the cells row is the middle board's (500 jobs)
        var polls = [[Double]](repeating: [], count: sizes.count)
        for _ in 0..<refreshes {
            for k in boards.indices {
                let r = boards[k].refresh()
                times[k].append(r.ms)
                polls[k].append(r.pollMs)
                if k == sizes.count / 2 { cellsMiddle.append(Double(r.cells)) }
            }
        }
        var rows = sizes.indices.map { frameRow(sizes[$0], times[$0]) }
        if let small = sizes.firstIndex(of: sizes.min()!), let large = sizes.firstIndex(of: sizes.max()!), small != large {
            rows.append(Row(name: "dashboard frame, \(sizes[large].grouped) / \(sizes[small].grouped) jobs", unit: "ms",
                            samples: times[large], decimals: 3, aim: .ratioAtMost(1.5, "<= 1.5"),
                            reference: ("\(sizes[small].grouped) jobs", times[small]),
                            note: "medians of the same run; the frames of the three boards are interleaved"))
        }
        if let small = sizes.firstIndex(of: sizes.min()!), let large = sizes.firstIndex(of: sizes.max()!), small != large {
            // The poll round's cost per job: the large board's round against the small one's scaled
            // up by the job count (×1 means the update path is linear in the jobs answered).
            let scale = Double(sizes[large]) / Double(sizes[small])
            rows.append(Row(name: "dashboard poll round, \(sizes[large].grouped) jobs (answers made up + folded)", unit: "ms",
                            samples: polls[large], decimals: 1, aim: .ratioAtMost(1.5, "<= 1.5 per job"),
                            reference: ("\(sizes[small].grouped) jobs x \(Int(scale))", polls[small].map { $0 * scale }),
                            note: "every job moves each round; includes building the answers' Job values (ISO times)"))
        }
        let cells = boards.isEmpty ? nil : cellsRow(cellsMiddle, full: boards[sizes.count / 2].fullCells, size: size)
        return (rows, cells)
    }
}

extension Int {
    /// 5000 -> "5,000".
    var grouped: String {
        let s = String(self)
        guard s.count > 3 else { return s }
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
