import GPCNConsole
import GPCNCore
import TerminalUI

/// Figures measured inside this process on the pure core: no terminal, no network.
enum InProcess {
    /// One typed filter character on the image list of a data center with `count` images:
    /// `update` + `view` + the diff the backend would draw. The first character is the worst
    /// case (it scans every row; later ones narrow the list).
    static func filterKeystroke(rows count: Int, repeats: Int) -> Row {
        let dc = DataCenter(id: "11111111-1111-4111-8111-111111111111", name: "Bench")
        let images = (0..<count).map { i in
            VMImage(id: "aaaaaaaa-0000-4000-8000-\(String(i).leftPadding(12, "0"))", name: "Image \(i) linux build \(i * 7919 % 10007)",
                    config: ImageConfig(customizations: ImageCustomizations(sshKey: true, password: true, username: true)))
        }
        let catalog = ImageCatalog(categories: [ImageCategory(id: 1, name: "Linux", images: images)], reservedUsernames: [])
        var samples: [Double] = []
        for _ in 0..<repeats {
            var state = AppState.wizard(settings: ConsoleSettings(endpoint: "bench"), size: Size(width: 120, height: 40))
            _ = ConsoleApp.start(&state, now: 0)
            _ = ConsoleApp.update(&state, .loaded(.dataCenters, .success(.dataCenters([dc]))), now: 0)
            _ = ConsoleApp.update(&state, .terminal(.key(.enter)), now: 0)
            _ = ConsoleApp.update(&state, .loaded(.images(datacenterId: dc.id), .success(.images(catalog))), now: 0)
            _ = ConsoleApp.update(&state, .terminal(.key(.character("/"))), now: 0)
            let before = ConsoleApp.view(state)
            let t0 = Clock.monotonicMs()
            _ = ConsoleApp.update(&state, .terminal(.key(.character("9"))), now: 0)
            let frame = ConsoleApp.view(state)
            let changes = frame.changes(since: before)
            let t1 = Clock.monotonicMs()
            precondition(!changes.isEmpty, "the filter changed nothing on screen")
            samples.append(t1 - t0)
        }
        return Row(name: "keystroke -> frame, filter \(count) rows", unit: "ms", samples: samples, decimals: 3,
                   aim: .atMost(2, "<= 2 ms"))
    }

    /// The dashboard with `n` running jobs at `size`: each refresh answers every poll with the
    /// percentages moved on, then times `view` + the diff against the previous frame. Also
    /// returns the cells that diff reports per refresh, against a full repaint of the screen.
    static func dashboard(jobs n: Int, size: Size, refreshes: Int) -> (frame: Row, cells: Row) {
        let t0 = 1_780_000_000.0
        func id(_ i: Int) -> String { "00000000-0000-4000-8000-" + String(i).leftPadding(12, "0") }
        func job(_ i: Int, progress: Int, at now: Double) -> Job {
            Job(jobId: id(i), resourceType: "virtual_machine", resourceDisplayName: "Virtual Machine bench-\(i)",
                operation: "create", stage: "provisioning", progressPercentage: progress, message: "Allocating compute resources",
                estimatedCompletion: ISOTime.format(t0 + 120 + Double(i % 60)), timeRemaining: nil, canRetry: false,
                isCompleted: false, hasFailed: false, isTerminal: false, resourceId: nil,
                resourceName: "bench-\(i)", createdAt: ISOTime.format(t0), updatedAt: ISOTime.format(now))
        }
        var now = t0
        var state = AppState(settings: ConsoleSettings(endpoint: "http://127.0.0.1:8080/v1"), size: size,
                             screen: .jobs(JobsState(jobs: (1...n).map { job($0, progress: 0, at: t0) }, request: nil, submittedAt: t0)))
        var effects = ConsoleApp.start(&state, now: now)
        var progress = 1
        func answer(_ effects: [Effect]) -> [Effect] {
            var next: [Effect] = []
            for case .pollJobBatch(let ids) in effects {
                let jobs = ids.map { job(Int($0.suffix(12))!, progress: progress + Int($0.suffix(12))! % 7, at: now) }
                // A budget the size of the fleet, so rounds follow the timer (without headers the
                // documented 100 requests a minute would space them out).
                let budget = RateLimit(limit: 1_000_000, remaining: 1_000_000, resetAt: Int(now) + 60)
                next += ConsoleApp.update(&state, .jobBatchPolled(ids, .success(JobsAnswer(jobs: jobs, requests: 1, rateLimit: budget))),
                                          now: now)
            }
            return next
        }
        _ = answer(effects)
        var before = ConsoleApp.view(state, now: now)
        let fullCells = Double(before.changes(since: nil).count)
        var times: [Double] = [], cells: [Double] = []
        for _ in 0..<refreshes {
            now += 1
            progress += 1
            effects = ConsoleApp.update(&state, .timer(.poll), now: now)
            precondition(effects.contains { if case .pollJobBatch = $0 { return true } else { return false } },
                         "the dashboard did not poll after its timer")
            _ = answer(effects)
            let a = Clock.monotonicMs()
            let frame = ConsoleApp.view(state, now: now)
            let changes = frame.changes(since: before)
            let b = Clock.monotonicMs()
            times.append(b - a)
            cells.append(Double(changes.count))
            before = frame
        }
        let frameRow = Row(name: "dashboard frame, \(n) jobs (view + diff)", unit: "ms", samples: times, decimals: 3,
                           aim: .atMost(1, "<= 1 ms"))
        let cellRow = Row(name: "cells redrawn per dashboard refresh (diff)", unit: "cells", samples: cells, decimals: 0,
                          aim: .ratioAtMost(0.15, "<= 15 % of full"),
                          reference: ("full repaint", [fullCells]),
                          note: "in-process: cells Buffer.changes(since:) reports when the percentages and times move, \(size.width)x\(size.height)")
        return (frameRow, cellRow)
    }
}
