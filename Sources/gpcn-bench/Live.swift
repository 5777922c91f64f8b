import Foundation
import GPCNCore
import GPCNSimulator
import Synchronization

/// Figures measured on the real `gpcn` binary: started on a pty this process owns (the master
/// side is read here, so every byte ncurses writes is counted and time-stamped), talking to a
/// simulator embedded in this process (so requests are counted at the server, and the
/// simulator's CPU is not the client's).
struct Live {
    let gpcn: String
    let sim: EmbeddedSimulator
    let tmp: String
    let smoke: Bool
    /// The terminal every full-screen run gets.
    let size = (cols: 120, rows: 40)
    private let http: MiniHTTP
    private var batch = 0

    init(gpcn: String, sim: EmbeddedSimulator, tmp: String, smoke: Bool) {
        self.gpcn = gpcn; self.sim = sim; self.tmp = tmp; self.smoke = smoke
        http = MiniHTTP(port: sim.port, apiKey: sim.apiKey)
    }

    /// The environment of every gpcn run: a private HOME and XDG dirs (no user config, a
    /// journal of its own), a UTF-8 locale, a 256-colour terminal.
    func environment(_ name: String, extra: [String: String] = [:]) -> [String: String] {
        let home = tmp + "/" + name
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                   "HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_STATE_HOME": home + "/state",
                   "TERM": "xterm-256color", "LANG": "C.UTF-8",
                   "GPCN_HOST": sim.baseURL, "GPCN_API_KEY": sim.apiKey]
        env.merge(extra) { _, b in b }
        return env
    }

    // MARK: - Jobs on the simulator

    /// Creates `n` VMs (10 per request, the API's limit) named `prefix-b-i`; returns their job
    /// ids and the name of the first VM (what the dashboard shows once it has polled).
    mutating func createJobs(_ n: Int, prefix: String) throws -> (ids: [String], first: String) {
        let catalog = sim.catalog
        guard let dc = catalog.dataCenter(named: "Chicago") ?? catalog.dataCenters.first,
              let image = catalog.image(named: "Ubuntu 24.04 LTS", in: dc.id)
                ?? catalog.imageCategories(dataCenterId: dc.id).first?.images.first,
              let size = catalog.size(named: "G-Micro-1", in: dc.id) ?? catalog.sizeCatalog(dataCenterId: dc.id)?.allSizes.first,
              let key = catalog.defaultSSHKey ?? catalog.sshKeys.first else {
            throw BenchError("the simulator catalog has no Chicago/Ubuntu/G-Micro-1/SSH key")
        }
        var ids: [String] = []
        var first = ""
        while ids.count < n {
            batch += 1
            let count = min(10, n - ids.count)
            let request = CreateVMRequest(datacenterId: dc.id, imageId: image.id, skuId: size.skuId,
                                          name: "\(prefix)-\(batch)", resourceGroupId: catalog.resourceGroups.first?.id,
                                          numberOfInstances: count, allocatePublicIp: false,
                                          authMethod: .sshKey, sshKeyId: key.id)
            let answer = try http.post("/v1/resource/virtual-machines", json: Array(try JSONEncoder().encode(request)))
            guard answer.status == 202 else { throw BenchError("create answered \(answer.status): \(answer.text.prefix(300))") }
            let jobs = try JSONDecoder().decode(Envelope<JobList>.self, from: Data(answer.body)).data?.jobs ?? []
            guard jobs.count == count else { throw BenchError("create returned \(jobs.count) jobs, not \(count)") }
            ids += jobs.map(\.jobId)
            if first.isEmpty { first = "\(prefix)-\(batch)-1" }
        }
        return (ids, first)
    }

    func jobPolls() -> Int { sim.stats().requests("POST", "/v1/resource/jobs") }

    // MARK: - Start-up

    /// `gpcn --demo` on a fresh pty: the time from just before `posix_spawn` until the bytes
    /// of the data-center list arrive on the pty (a data-center name in the output), and until
    /// the first `doupdate` (`GPCN_FIRST_FRAME_FILE`, usually the "Loading" frame).
    func startup(runs: Int, warmup: Int) -> (list: Row, first: Row) {
        // Words of the data-center names: any one of them in the output means the list is drawn.
        // (Single words, because ncurses skips cells that already hold the right character.)
        let markers = sim.catalog.dataCenters.compactMap { dc in
            dc.name?.split(separator: " ").map(String.init).max { $0.count < $1.count }
        }.filter { $0.count >= 4 }
        var list: [Double] = [], first: [Double] = []
        var problem = ""
        for i in 0..<(warmup + runs) {
            let ff = tmp + "/first-frame-\(i)"
            let env = environment("startup-\(i)", extra: ["GPCN_FIRST_FRAME_FILE": ff])
            let t0 = Clock.realtimeMs()
            let child: Child
            do { child = try Child(path: gpcn, args: ["--demo"], env: env, pty: size) } catch {
                problem = "\(error)"; break
            }
            let shown = child.waitFor(anyOf: markers, timeout: smoke ? 30 : 10)
            child.terminate()
            guard let shown else {
                let screen = String(decoding: child.snapshot().data.suffix(400), as: UTF8.self)
                problem = "no data-center name appeared on the pty (last output: \(screen.debugDescription))"
                continue
            }
            guard i >= warmup else { continue }
            list.append(shown - t0)
            if let text = try? String(contentsOfFile: ff, encoding: .utf8),
               let ns = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                first.append(ns / 1e6 - t0)
            }
        }
        let listRow = Row(name: "start-up to data-center list (gpcn --demo)", unit: "ms", samples: list, decimals: 1,
                          aim: .atMost(50, "<= 50 ms"),
                          note: problem.isEmpty ? "exec on a \(size.cols)x\(size.rows) pty until a data-center name arrives; includes starting the embedded simulator and one HTTP round trip" : problem)
        let firstRow = Row(name: "start-up to first frame (GPCN_FIRST_FRAME_FILE)", unit: "ms", samples: first, decimals: 1,
                           aim: .atMost(50, "<= 50 ms"))
        return (listRow, firstRow)
    }

    // MARK: - Dashboard: bytes, idle CPU, memory

    /// A pty burst: consecutive output chunks less than `gap` ms apart.
    static func bursts(_ out: Child.Output, from offset: Int, gapMs: Double = 150) -> [(start: Double, bytes: Int)] {
        var result: [(Double, Int)] = []
        var lastAt = -Double.infinity
        for (k, c) in out.chunks.enumerated() where c.offset >= offset {
            let end = k + 1 < out.chunks.count ? out.chunks[k + 1].offset : out.data.count
            if c.at - lastAt > gapMs || result.isEmpty {
                result.append((c.at, 0))
            }
            result[result.count - 1].1 += end - c.offset
            lastAt = c.at
        }
        return result
    }

    /// `gpcn jobs ID…` on a pty with `n` running jobs, left alone for `idleSeconds`: CPU time
    /// per second from schedstat, and the bytes of each refresh; then `repaints` times Ctrl-L
    /// (a forced full repaint of the same screen) between two refreshes.
    mutating func dashboard(jobs n: Int, idleSeconds: Double, repaints: Int) -> (cpu: Row, bytes: Row) {
        var cpuRow = Row(name: "idle CPU, \(n) running jobs, 1 s refresh", unit: "% core", samples: [], decimals: 3,
                         aim: .atMost(0.5, "<= 0.5 %"))
        var bytesRow = Row(name: "bytes to the terminal per dashboard refresh", unit: "bytes", samples: [], decimals: 0,
                           aim: .ratioAtMost(0.15, "<= 15 % of full"))
        do {
            let (ids, first) = try createJobs(n, prefix: "idle")
            let child = try Child(path: gpcn, args: ["jobs"] + ids, env: environment("dashboard-\(n)"), pty: size)
            defer { child.terminate() }
            guard child.waitFor(anyOf: [first], timeout: 20) != nil else {
                throw BenchError("the dashboard did not show its jobs: \(String(decoding: child.snapshot().data.suffix(300), as: UTF8.self).debugDescription)")
            }
            Clock.sleep(ms: smoke ? 1200 : 2500)  // past the first rounds and the start-up allocations
            let offset = child.byteCount
            let polls0 = jobPolls()
            guard var cpu0 = child.cpuMs() else { throw BenchError("no /proc/\(child.pid)/task/*/schedstat") }
            let w0 = Clock.monotonicMs()
            var t = w0
            var perSecond: [Double] = []
            while t - w0 < idleSeconds * 1000 - 1 {
                Clock.sleep(ms: 1000 - (Clock.monotonicMs() - t))
                let now = Clock.monotonicMs()
                guard let cpu = child.cpuMs() else { throw BenchError("gpcn ended during the idle window") }
                perSecond.append((cpu - cpu0) / (now - t) * 100)
                cpu0 = cpu; t = now
            }
            let polls = jobPolls() - polls0
            let window = (t - w0) / 1000
            let refreshes = Self.bursts(child.snapshot(), from: offset).dropFirst().dropLast()  // whole ones only
            cpuRow.samples = perSecond
            let total = perSecond.reduce(0, +) / Double(max(perSecond.count, 1))
            cpuRow.note = "per-second samples over \(Row.fixed(window, 0)) s from /proc/PID/task/*/schedstat (mean \(Row.fixed(total, 3)) %); "
                + "\(polls) job polls (\(Row.fixed(Double(polls) / window, 2))/s) for \(n) jobs; \(refreshes.count + 2) refreshes drawn"

            // Full repaints: Ctrl-L right after a refresh has been drawn, so they do not merge.
            var full: [Double] = []
            for _ in 0..<repaints {
                let deadline = Clock.monotonicMs() + 5000
                while Clock.monotonicMs() < deadline {
                    let out = child.snapshot()
                    let last = out.chunks.last?.at ?? 0
                    let quiet = Clock.realtimeMs() - last
                    if quiet > 150 && quiet < 500 { break }
                    Clock.sleep(ms: 5)
                }
                let before = child.byteCount
                child.send([0x0c])
                Clock.sleep(ms: 300)
                if let b = Self.bursts(child.snapshot(), from: before).first { full.append(Double(b.bytes)) }
            }
            bytesRow.samples = refreshes.map { Double($0.bytes) }
            bytesRow.reference = ("Ctrl-L full repaint", full)
            bytesRow.note = "real ncurses output read from the pty master (\(size.cols)x\(size.rows), TERM=xterm-256color, \(n) jobs); "
                + "a refresh is a burst of output with gaps under 150 ms"
        } catch {
            cpuRow.note = "\(error)"; bytesRow.note = "\(error)"
        }
        return (cpuRow, bytesRow)
    }

    /// Peak resident memory of `gpcn jobs` watching `n` running jobs for `seconds`.
    mutating func memory(jobs n: Int, seconds: Double, runs: Int) -> Row {
        var row = Row(name: "peak RSS, \(n) jobs on the dashboard", unit: "MB", samples: [], decimals: 1,
                      aim: .atMost(30, "<= 30 MB"))
        var rss: [Double] = []
        var parts = ""
        do {
            let (ids, first) = try createJobs(n, prefix: "mem")
            // The resident share of a mapped file depends on how its pages sit in the page cache
            // (a binary just written by the linker or cp is mapped in larger pieces than one
            // read in by exec): drop gpcn's pages, then one unmeasured run reads them back the
            // way a start does, so every binary is measured from the same state.
            Child.evictFromPageCache(gpcn)
            do {
                let warm = try Child(path: gpcn, args: ["jobs"] + ids, env: environment("memory-warm"), pty: size)
                defer { warm.terminate() }
                if warm.waitFor(anyOf: [first], timeout: 20) != nil { Clock.sleep(ms: 1000) }
            }
            for i in 0..<runs {
                let child = try Child(path: gpcn, args: ["jobs"] + ids, env: environment("memory-\(i)"), pty: size)
                defer { child.terminate() }
                guard child.waitFor(anyOf: [first], timeout: 20) != nil else { throw BenchError("the dashboard did not show its jobs") }
                Clock.sleep(ms: seconds * 1000)
                guard let kb = child.statusKB("VmHWM") else { throw BenchError("no VmHWM in /proc/\(child.pid)/status") }
                rss.append(kb / 1024)
                // GPCN_BENCH_SMAPS=DIR keeps each run's /proc/PID/smaps there, to look at afterwards.
                if let dir = ProcessInfo.processInfo.environment["GPCN_BENCH_SMAPS"], let smaps = Child.readAll("/proc/\(child.pid)/smaps") {
                    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                    FileManager.default.createFile(atPath: dir + "/smaps-\(i)", contents: Data(smaps.utf8))
                }
                // What the resident pages are: the heap and stacks (anon) vs mapped code (file).
                let mb = { (f: String) in child.statusKB(f).map { Row.fixed($0 / 1024, 1) } ?? "?" }
                parts = "at the end: RSS \(mb("VmRSS")) MB = anon \(mb("RssAnon")) + file \(mb("RssFile")) + shmem \(mb("RssShmem")); "
                    + "\(((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(child.pid)/task")) ?? []).count) threads; largest: "
                    + child.residentByMapping().prefix(6).map { m in
                        let name = m.name.isEmpty ? "[anon]" : (m.name.split(separator: "/").last.map(String.init) ?? m.name)
                        return "\(name) \(Row.fixed(m.kb / 1024, 1))"
                    }.joined(separator: ", ")
            }
            row.samples = rss
            row.note = "VmHWM of the gpcn process after \(Row.fixed(seconds, 0)) s of refreshes (MB = 1024 kB), after an unmeasured run from an evicted page cache; " + parts
        } catch {
            row.note = "\(error)"
        }
        return row
    }

    // MARK: - API requests

    /// One dashboard refresh of `n` active jobs by `gpcn jobs ID…` without a terminal (it polls
    /// one round, as the dashboard does each refresh, and exits), counted at the simulator;
    /// against a per-job poller (one request per job, as the GPCN Terraform provider polls).
    mutating func requests(jobs n: Int, runs: Int) -> Row {
        var row = Row(name: "API requests per refresh, \(n) active jobs", unit: "req", samples: [], decimals: 0,
                      aim: .equals(Double((n + JobsQuery.maxIds - 1) / JobsQuery.maxIds), "= ceil(N/50) = \((n + JobsQuery.maxIds - 1) / JobsQuery.maxIds)"))
        do {
            let ids = try createJobs(n, prefix: "req\(n)").ids
            var ours: [Double] = [], perJob: [Double] = []
            for i in 0..<runs {
                let before = jobPolls()
                let child = try Child(path: gpcn, args: ["jobs"] + ids, env: environment("requests-\(n)-\(i)"), pty: nil)
                guard child.wait(timeout: 60) != nil else { child.terminate(); throw BenchError("gpcn jobs did not finish") }
                ours.append(Double(jobPolls() - before))

                let before2 = jobPolls()
                for id in ids { _ = try http.post("/v1/resource/jobs", json: Array(try JSONEncoder().encode(JobsQuery(jobIds: [id])))) }
                perJob.append(Double(jobPolls() - before2))
            }
            row.samples = ours
            row.reference = ("per-job poller", perJob)
        } catch {
            row.note = "\(error)"
        }
        return row
    }

    /// Wall time of one poll round over `n` jobs from one keep-alive connection: ⌈N/50⌉ batched
    /// requests against N single-job requests (simulator in this process).
    mutating func pollRound(jobs n: Int, runs: Int) -> Row {
        var row = Row(name: "poll round, \(n) jobs (batched requests)", unit: "ms", samples: [], decimals: 2)
        do {
            let ids = try createJobs(n, prefix: "round").ids
            var batched: [Double] = [], single: [Double] = []
            let encoder = JSONEncoder()
            let batches = try stride(from: 0, to: n, by: JobsQuery.maxIds).map {
                Array(try encoder.encode(JobsQuery(jobIds: Array(ids[$0..<min($0 + JobsQuery.maxIds, n)]))))
            }
            let singles = try ids.map { Array(try encoder.encode(JobsQuery(jobIds: [$0]))) }
            for _ in 0..<runs {
                var t = Clock.monotonicMs()
                for b in batches { guard try http.post("/v1/resource/jobs", json: b).status == 200 else { throw BenchError("poll failed") } }
                batched.append(Clock.monotonicMs() - t)
                t = Clock.monotonicMs()
                for s in singles { guard try http.post("/v1/resource/jobs", json: s).status == 200 else { throw BenchError("poll failed") } }
                single.append(Clock.monotonicMs() - t)
            }
            row.samples = batched
            row.reference = ("per-job poller", single)
            row.note = "one keep-alive loopback connection, simulator in the benchmark process"
        } catch {
            row.note = "\(error)"
        }
        return row
    }

    // MARK: - Simulator throughput

    /// `clients` threads, each with its own keep-alive connection, GET the data-center list as
    /// fast as answers come, for `seconds`; one sample per run, in requests per second.
    func throughput(clients: Int, seconds: Double, runs: Int) -> Row {
        var row = Row(name: "simulator throughput, \(clients) connections", unit: "req/s", samples: [], decimals: 0)
        let port = sim.port, key = sim.apiKey
        for _ in 0..<runs {
            let done = Mutex((count: 0, errors: 0))
            let finished = DispatchSemaphore(value: 0)
            let start = Clock.monotonicMs()
            let end = start + seconds * 1000
            for _ in 0..<clients {
                let thread = Thread {
                    let client = MiniHTTP(port: port, apiKey: key)
                    var n = 0, errors = 0
                    while Clock.monotonicMs() < end {
                        if let r = try? client.get("/v1/resource/data-centers"), r.status == 200 { n += 1 } else { errors += 1 }
                    }
                    done.withLock { $0.count += n; $0.errors += errors }
                    finished.signal()
                }
                thread.start()
            }
            for _ in 0..<clients { finished.wait() }
            let elapsed = (Clock.monotonicMs() - start) / 1000
            let (count, errors) = done.withLock { ($0.count, $0.errors) }
            if errors > 0 { row.note = "\(errors) failed requests" }
            row.samples.append(Double(count) / elapsed)
        }
        if row.note.isEmpty {
            row.note = "GET /v1/resource/data-centers (first page), keep-alive, simulator in the benchmark process; client and server share the machine's cores"
        }
        return row
    }
}
