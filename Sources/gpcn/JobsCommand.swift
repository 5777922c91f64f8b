import ArgumentParser
import Foundation
import GPCNApp
import GPCNClient
import GPCNConsole
import GPCNCore
import GPCNRuntime
import TerminalUI

struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Watch provisioning jobs live: the unfinished ones of the journal, or the given ids.",
        discussion: """
        Without ids, reopens the dashboard on every job of the journal \
        ($XDG_STATE_HOME/gpcn/journal.jsonl) that has not ended, for the current endpoint: \
        after a crash, a kill or a dropped SSH session nothing is lost. --all shows the jobs \
        of the last 7 days instead. Without a terminal, prints one refresh as a table.

        --output json and --export never open the dashboard: without ids they take the jobs of \
        the last 7 days (as --all), refresh the unfinished ones once, look up the addresses of \
        the VMs whose job succeeded (once, through the VM list or each VM's network interfaces), \
        and print one JSON document or an inventory on stdout.

        Exit codes: 0 all succeeded, 3 some failed (even if others still run), 4 left while some still run.

        Examples:
          gpcn jobs
          gpcn jobs 3f2a…-… 9c1d…-…
          gpcn jobs --all
          gpcn jobs --output json | jq -r '.jobs[] | [.name, .addresses.privateIp] | @tsv'
          gpcn jobs --export ansible > inventory.ini
          gpcn jobs JOB_ID ... --export ssh-config > ~/.ssh/gpcn_config
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Job ids to watch (default: the unfinished jobs of the journal).", valueName: "job-id"))
    var ids: [String] = []

    @Flag(help: "The jobs of the last 7 days in the journal (ended ones as recorded), not only unfinished ones.")
    var all = false

    @Option(help: OutputFormat.help)
    var output: OutputFormat = .table

    @Option(help: ArgumentHelp("Print the jobs' VMs as an inventory: "
                               + Inventory.Format.allCases.map(\.rawValue).joined(separator: ", ") + ".",
                               valueName: "format"))
    var export: Inventory.Format?

    @Flag(help: ArgumentHelp("Send the creates of the newest batch an earlier gpcn left part-sent (killed between two "
                             + "creates): asks first on a terminal (type send); without one, needs --yes. "
                             + "The dashboard's S does the same."))
    var sendUnsent = false

    @Flag(name: .shortAndLong, help: "With --send-unsent: send without a question (scripts).")
    var yes = false

    @OptionGroup var display: DisplayOptions

    /// `--output json` or `--export`: no dashboard, one document on stdout.
    var isMachineOutput: Bool { output == .json || export != nil }

    func validate() throws {
        if all && !ids.isEmpty { throw ValidationError("give job ids or --all, not both") }
        if output == .json && export != nil { throw ValidationError("give --output json or --export, not both") }
        if sendUnsent && (!ids.isEmpty || all || isMachineOutput) {
            throw ValidationError("--send-unsent takes no job ids, --all, --output json or --export")
        }
        if yes && !sendUnsent { throw ValidationError("--yes goes with --send-unsent") }
        for id in ids where !CreateVMValidator.isUUID(id) {
            throw ValidationError("'\(id)' is not a job id (a UUID such as 123e4567-e89b-12d3-a456-426614174000)")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        if global.demo {
            // The embedded simulator lives and dies with one gpcn process: jobs of an earlier
            // `gpcn --demo` are gone with it. Saying so beats a dashboard of "not visible" rows.
            throw Failure(code: Exit.usage, message: """
                --demo starts a fresh simulator inside this process, so jobs submitted in an earlier \
                `gpcn --demo` ended with it and cannot be reopened. Run `gpcn --demo` to submit and watch \
                new ones (demo submissions are journaled apart, in \
                \(Session.journalPath(demo: true, environment: environment))), or run \
                `gpcn simulate` as a server and point GPCN_HOST at it to try `gpcn jobs` after a kill.
                """)
        }
        let session = try await Session.open(global)
        let endpoint = session.client.endpoint
        let journal = session.journal
        let summary: JournalSummary
        do { summary = try journal.read() } catch {
            await session.close()
            throw Failure(code: Exit.usage, message: "\(error)")
        }
        let now = ConsoleRuntime.wallClock()
        // Creates interrupted between sending and journaling their answer: look them up by name.
        let recoveredNow = ids.isEmpty ? await Self.reconcile(summary, api: session.client, journal: journal, now: now) : []
        var recovered = recoveredNow
        // A report or an inventory is of what was made: without ids it covers the recent jobs,
        // ended ones included, as --all does (the dashboard's default, the unfinished ones, would
        // leave a finished batch out).
        let recent = all || (ids.isEmpty && isMachineOutput)
        if recent {
            let after = (try? journal.read()) ?? summary
            recovered = after.recovered.filter { r in
                r.endpoint == endpoint && (ISOTime.parse(r.recoveredAt).map { now - $0 <= 7 * 86_400 } ?? true)
            }.map(\.vm)
        }
        let tracked = Self.select(summary, endpoint: endpoint, ids: ids, all: recent, now: now)
        if isMachineOutput {
            if summary.skippedLines > 0 {
                Console.error("\(summary.skippedLines) unreadable line(s) in the journal \(journal.path) were skipped")
            }
            try await machineOutput(tracked, recovered: recovered, session: session, now: now)
            return
        }
        if sendUnsent {
            let batches = ((try? journal.read()) ?? summary).unsentBatches(endpoint: endpoint)
            let code = await SendUnsent.run(batches, session: session, yes: yes)
            await session.close()
            if code != Exit.ok { throw Failure(code: code, message: nil) }
            return
        }
        let recoveredText = await Self.recoveredTable(recovered, api: session.client)
        // Batches an earlier gpcn left part-sent (killed between two creates): shown, and sent
        // only when the operator asks (S on the dashboard, then a confirm).
        let unsent = ids.isEmpty ? ((try? journal.read()) ?? summary).unsentBatches(endpoint: endpoint) : []
        let interactive = (isatty(0) == 1 && isatty(1) == 1) && !display.isAccessible(environment)
        if !interactive {
            for batch in unsent { Console.out(JobSummary.unsentText(batch)) }
        }
        if tracked.isEmpty && !(interactive && !unsent.isEmpty) {
            await session.close()
            if summary.skippedLines > 0 {
                Console.error("\(summary.skippedLines) unreadable line(s) in the journal \(journal.path) were skipped")
            }
            if !recoveredText.isEmpty {
                Console.out(recoveredText)
                return
            }
            Console.out(all ? "No jobs for \(endpoint) in the last 7 days of the journal.\n"
                            : "No unfinished jobs for \(endpoint) in the journal (\(journal.path)).\n"
                              + "gpcn jobs --all shows the recent ones; gpcn create submits new ones.\n")
            return
        }
        var state = JobsState(tracked: tracked, openedAt: now)
        if interactive, let newest = unsent.last {
            state.queue = SendQueue(unsent: newest, ownerAlive: SubmitGuard.ownerIsAlive(newest.batch.owner), now: now)
            if unsent.count > 1 {
                state.notice = Span("\(unsent.count) batches were left part-sent; this shows the newest (S sends its rest).", .warn)
            }
        }
        let final: JobsState
        if (isatty(0) == 1 && isatty(1) == 1) || display.isAccessible(environment) {
            do {
                try ConsoleLauncher.checkTerminal(environment)
                let ended = try await ConsoleLauncher.run(session: session, display: display, profileTheme: session.theme) { settings, size in
                    AppState(settings: settings, size: size, screen: .jobs(state))
                }
                final = ended.jobs ?? state
            } catch {
                await session.close()
                throw error
            }
        } else {
            let pollClient: GPCNClient
            do { pollClient = try session.makePollClient() } catch {
                await session.close()
                throw Failure(code: Exit.usage, message: "\(error)")
            }
            final = await Self.refreshOnce(state, api: pollClient, journal: journal)
            await pollClient.shutdown()
        }
        await session.close()
        Console.out(JobSummary.text(final, demo: false) + recoveredText)
        let code = final.exitCode
        if code != Exit.ok { throw Failure(code: code, message: nil) }
    }

    /// `--output json` / `--export`: one refresh without a terminal UI (nothing to refresh when
    /// every job's end is journaled), the addresses of the succeeded jobs' VMs, then one document
    /// on stdout. The exit code is that of the jobs, as for the table.
    private func machineOutput(_ tracked: [TrackedJob], recovered: [JournalEntry.RecoveredVM], session: Session,
                               now: Double) async throws {
        let journal = session.journal
        var final = JobsState(tracked: tracked, openedAt: now)
        if !final.activeIds.isEmpty {
            let pollClient: GPCNClient
            do { pollClient = try session.makePollClient() } catch {
                await session.close()
                throw Failure(code: Exit.usage, message: "\(error)")
            }
            final = await Self.refreshOnce(final, api: pollClient, journal: journal)
            await pollClient.shutdown()
        }
        let unsent = ids.isEmpty ? ((try? journal.read())?.unsentBatches(endpoint: session.client.endpoint) ?? []) : []
        let text = await Self.document(final.jobs, recovered: recovered, api: session.client, export: export,
                                       exitCode: final.exitCode,
                                       unsent: unsent.map { JobReport.Unsent($0, ownerAlive: SubmitGuard.ownerIsAlive($0.batch.owner)) })
        await session.close()
        Console.out(text)
        let code = final.exitCode
        if code != Exit.ok { throw Failure(code: code, message: nil) }
    }

    /// The inventory of `jobs` in `export`, else their JSON report (with addresses and recovered
    /// VMs); the addresses looked up through `api` (each problem said on stderr through `warn`).
    static func document(_ jobs: [TrackedJob], recovered: [JournalEntry.RecoveredVM], api: any GPCNAPI,
                         export: Inventory.Format?, exitCode: Int32, unsent: [JobReport.Unsent] = [],
                         warn: (String) -> Void = { Console.error($0) }) async -> String {
        let lookup = await VMAddressLookup.fetch(for: jobs, api: api)
        for problem in lookup.problems { warn(problem) }
        if !lookup.gone.isEmpty {
            let names = jobs.filter { $0.job.resourceId.map(lookup.gone.contains) == true }.map(\.name)
            warn("\(lookup.gone.count) VM(s) of these jobs are not on the server any more (deleted?): "
                 + names.prefix(10).joined(separator: ", ") + (names.count > 10 ? ", …" : ""))
        }
        if let export {
            let logins = await ImageLogins.fetch(for: jobs, api: api)
            for problem in logins.problems { warn(problem) }
            if !recovered.isEmpty {
                warn("\(recovered.count) VM(s) of interrupted creates are not in the inventory (their jobs are unknown): "
                     + "see gpcn jobs --output json")
            }
            let entries = Inventory.entries(jobs, addresses: lookup.addresses, gone: lookup.gone,
                                            imageLogins: logins.logins)
            return Inventory.render(entries, format: export)
        }
        var report = JobReport(endpoint: api.endpoint, jobs: jobs, waited: true, addresses: lookup.addresses)
        report.exitCode = exitCode
        if !recovered.isEmpty { report.recovered = recovered }
        if !unsent.isEmpty { report.unsent = unsent }
        return report.json()
    }

    /// Every open intent of this endpoint (a create sent, or about to be, whose answer never
    /// reached the journal) is looked up by name; what was found is journaled and returned, and
    /// each outcome is said on stderr.
    static func reconcile(_ summary: JournalSummary, api: any GPCNAPI, journal: JournalFile,
                          now: Double) async -> [JournalEntry.RecoveredVM] {
        var found: [JournalEntry.RecoveredVM] = []
        for intent in summary.openIntents(endpoint: api.endpoint) {
            let batch = CreateBatch(intent)
            let what = "An interrupted submit of \(batch.namesText) (\(intent.time)): "
            let check = await SubmitGuard.check(intent, api: api, journal: journal, now: now)
            switch check {
            case .recovered(let vms):
                Console.error(what + CreateOutcome.text(check, batch))
                found += vms
            case .notFound:
                let age = ISOTime.parse(intent.time).map { now - $0 } ?? .infinity
                if age < SubmitGuard.settle {
                    Console.error(what + "not confirmed yet: no VM with its names so far; gpcn jobs looks again "
                                  + "(or: \(batch.vmsCommand))")
                }  // older: closed as not created
            case .possible, .failed:
                Console.error(what + CreateOutcome.text(check, batch))
            }
        }
        return found
    }

    /// Recovered VMs with their status now (the last known one when the API cannot say).
    static func recoveredTable(_ vms: [JournalEntry.RecoveredVM], api: any GPCNAPI) async -> String {
        guard !vms.isEmpty else { return "" }
        var rows: [[String]] = []
        for vm in vms.suffix(100) {
            let live = try? await api.virtualMachine(id: vm.vmId)
            rows.append([vm.name, vm.vmId, live?.status ?? vm.status ?? "", "recovered by name; job id unknown"])
        }
        return "VMs of interrupted submits (found by name):\n"
            + TextTable(headers: ["NAME", "VM ID", "STATUS", "NOTE"], rows: rows).render()
    }

    /// The journal's jobs to show: the given ids, the recent ones (`all`), or the unfinished ones
    /// of `endpoint`. Jobs whose end is recorded are shown as recorded and not polled, except
    /// when asked for by id.
    static func select(_ journal: JournalSummary, endpoint: String, ids: [String], all: Bool,
                       now: Double) -> [TrackedJob] {
        let byId = Dictionary(journal.jobs.map { ($0.jobId, $0) }, uniquingKeysWith: { _, b in b })
        var out: [TrackedJob] = []
        if !ids.isEmpty {
            var seen = Set<String>()
            for id in ids where seen.insert(id.lowercased()).inserted {
                if let e = byId[id] ?? byId[id.lowercased()] {
                    var t = tracked(e)
                    if t.state.isTerminal {
                        // Asked for by id: look again, but the end is already journaled.
                        t.state = .running
                        t.endJournaled = true
                    }
                    out.append(t)
                } else {
                    out.append(TrackedJob(job: Job(jobId: id)))
                }
            }
        } else if all {
            let recent = journal.jobs.filter { e in
                guard e.endpoint == endpoint else { return false }
                guard let t = ISOTime.parse(e.submittedAt) else { return true }
                return now - t <= 7 * 86_400
            }
            out = recent.suffix(500).map(tracked)
        } else {
            out = journal.unfinished(endpoint: endpoint).map(tracked)
        }
        // Link retries both ways when both are shown.
        let index = Dictionary(out.enumerated().map { ($1.job.jobId, $0) }, uniquingKeysWith: { a, _ in a })
        for t in out {
            if let of = t.retryOf, let i = index[of] { out[i].retriedBy = t.job.jobId }
        }
        return out
    }

    /// A job as the journal knows it. The journal's name is only a `knownName`: the API's
    /// `resourceName` comes with the first poll (an old journal may hold a display name, which
    /// must never become the name a retry creates).
    static func tracked(_ e: JournalSummary.Entry) -> TrackedJob {
        var job = Job(jobId: e.jobId, createdAt: e.submittedAt)
        if let end = e.ended {
            job.isTerminal = true
            job.isCompleted = end.state == .succeeded
            job.hasFailed = end.state == .failed
            job.stage = end.state == .succeeded ? "completed" : (end.state == .cancelled ? "cancelled" : "failed")
            job.progressPercentage = end.state == .succeeded ? 100 : nil
            job.errorMessage = end.errorMessage
            job.resourceId = end.resourceId
            job.updatedAt = end.time
        }
        return TrackedJob(job: job, state: e.ended?.state, knownName: e.name, request: e.request,
                          retryOf: e.retryOf, endJournaled: e.ended != nil)
    }

    /// Without a terminal: one round of polls, in the follower every front end runs
    /// (`ConsoleRuntime.follow`, mode `.oneRound`): ends journaled like the dashboard does, a failed
    /// journal write said once, a poll problem said on stderr.
    static func refreshOnce(_ initial: JobsState, api: any GPCNAPI, journal: JournalFile?) async -> JobsState {
        var state = initial
        state.board.mode = .oneRound
        let final = await ConsoleRuntime.follow(state, pollAPI: api, journal: journal, interval: 1) { events, _ in
            for case .journalFailed(let why) in events { Console.error(JobFollower.journalWarning(why)) }
        }
        if case .failing(let e)? = final.scheduler.problem { Console.error(e.userMessage) }
        if case .rateLimited? = final.scheduler.problem { Console.error("rate limited: the states shown may be old") }
        return final
    }
}

/// The plain table printed after leaving the full-screen UI, so it stays in the scrollback.
enum JobSummary {
    static func text(_ jobs: JobsState, demo: Bool) -> String {
        let rows = jobs.jobs.map { t -> [String] in
            var error = t.state == .succeeded || t.state == .running ? "" : (t.job.failureText ?? "")
            if t.state == .notVisible { error = "not visible to this key" }
            if let by = t.retriedBy { error += (error.isEmpty ? "" : "; ") + "retried as \(by)" }
            if let of = t.retryOf { error += (error.isEmpty ? "" : "; ") + "retry of \(of)" }
            let a = t.job.resourceId.flatMap { jobs.addresses[$0] }
            let address = [a?.privateIp, a?.publicIp].compactMap { $0 }.joined(separator: " ")
            return [t.name, t.job.jobId, stateWord(t.state), address, error]
        }
        // The addresses the dashboard found stay in the scrollback too (a column only when there are any).
        let withAddresses = rows.contains { !$0[3].isEmpty }
        let table = withAddresses ? rows : rows.map { [$0[0], $0[1], $0[2], $0[4]] }
        let headers = withAddresses ? ["NAME", "JOB ID", "STATE", "ADDRESSES", "ERROR"] : ["NAME", "JOB ID", "STATE", "ERROR"]
        var out = TextTable(headers: headers, rows: table).render()
        let running = jobs.activeIds.count
        if demo {
            out += running > 0
                ? "\(running) job(s) were still running on the demo simulator, which stopped with gpcn: they cannot be reopened.\n"
                : ""
        } else if running > 0 {
            out += "\(running) job(s) still running on the server. Follow them again with: gpcn jobs\n"
        } else if jobs.jobs.count <= 10 {
            out += "See these jobs again with: " + ShellHint.jobs(jobs.jobs.map(\.job.jobId)) + "\n"
        } else {
            out += "See these jobs again with: gpcn jobs --all\n"
        }
        // VMs of the batch that were never requested (sending stopped, or a create refused).
        if let queue = jobs.queue, !queue.queuedNames.isEmpty {
            let names = queue.queuedNames
            let why: String
            switch queue.status {
            case .stopped: why = "sending was stopped"
            case .ended(let stop?): why = stop
            case .unsent: why = "never sent; gpcn jobs on a terminal sends them on S"
            case .sending: why = "gpcn left before sending them; gpcn jobs on a terminal sends them on S"
            case .ended(nil), .elsewhere: why = ""
            }
            if !why.isEmpty {
                out += "Not requested: \(names.count) VM\(names.count == 1 ? "" : "s") (\(SubmitGuard.namesText(names))): \(why)\n"
            }
        }
        return out
    }

    /// A part-sent batch, for a line front end.
    static func unsentText(_ unsent: JournalSummary.UnsentBatch) -> String {
        let names = unsent.unsentNames
        let alive = SubmitGuard.ownerIsAlive(unsent.batch.owner)
        return "Batch \(unsent.batch.request.name ?? "?") (\(unsent.batch.creates.flatMap { $0 }.count) VMs, \(unsent.batch.time)): "
            + "\(names.count) VM\(names.count == 1 ? "" : "s") never sent (\(SubmitGuard.namesText(names)))"
            + (alive ? ", still being sent by gpcn \(unsent.batch.owner ?? "?").\n"
                     : ". Send them: gpcn jobs --send-unsent (asks first), or S in gpcn jobs on a terminal.\n")
    }

    static func stateWord(_ s: JobState) -> String {
        switch s {
        case .running: return "running"
        case .succeeded: return "succeeded"
        case .failed: return "failed"
        case .cancelled: return "cancelled"
        case .notVisible: return "not visible"
        }
    }
}
