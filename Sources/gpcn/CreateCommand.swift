import ArgumentParser
import Foundation
import GPCNApp
import GPCNConsole
import GPCNCore
import GPCNRuntime

struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create VMs with the full-screen wizard or from flags, then follow their jobs.",
        discussion: """
        On a terminal, the wizard opens pre-filled with the flags (and --from preset) at the first \
        step that still needs an answer. With --yes, or without a terminal, nothing is asked: the \
        request is checked by the wizard's rules, every problem is printed at once (one line per \
        field) and nothing is sent unless all is well. Values are ids or unambiguous names.

        Precedence: flags > --from preset > create defaults of the config profile.

        Exit codes: 0 submitted (with --wait: all succeeded), 1 usage or validation error, \
        2 authentication or API error, 3 one or more jobs failed (even if others still run), \
        4 detached while jobs still run, 130 interrupted.

        Examples:
          gpcn --demo create                the wizard against the built-in simulator
          gpcn create --datacenter Chicago --image 'Ubuntu 24.04 LTS' \\
              --size G-Small-1 --name web --count 3 --yes
                                            three VMs web-1..web-3, default SSH key
          gpcn create --from web.toml --count 5 --dry-run
                                            body and curl command; nothing sent
          printf '%s\\n' "$PW" | gpcn create --from win.toml --auth password \\
              --password-stdin --yes --wait
                                            password login, password from stdin
          gpcn --demo create --from web.toml --yes --wait --output json \\
              | jq '.jobs[].state'           wait, then read the result with jq
        """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup(title: "Fields") var fields: CreateOptions

    @Option(name: .customLong("from"), help: ArgumentHelp("Start from this preset file (TOML; flags override it).",
                                                          valueName: "file"))
    var preset: String?

    @Flag(name: [.short, .long], help: "Submit without the wizard (automatic without a terminal).")
    var yes = false

    @Flag(name: .customLong("dry-run"),
          help: "Check the request and print its body and curl command; send nothing (names already taken are only warned about).")
    var dryRun = false

    @Flag(name: .customLong("allow-existing-names"),
          help: "Create even when VMs with some of the batch's names already exist (by default that is refused, exit 2).")
    var allowExistingNames = false

    @Flag(help: "Follow the jobs to the end (the dashboard on a terminal, else one line per change on stderr).")
    var wait = false

    @Option(help: ArgumentHelp("table (text is the same) or json (one document on stdout, nothing else).",
                               valueName: "table|json"))
    var output: OutputFormat = .table

    @Option(name: .customLong("save-preset"),
            help: ArgumentHelp("Also write the resolved answers as a preset file (never the password).", valueName: "file"))
    var savePreset: String?

    @OptionGroup var display: DisplayOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        // Accessible mode is interactive on plain lines, so it needs no terminal.
        let interactive = !yes && !dryRun && (TTY.isInteractive || display.isAccessible(environment))
        if interactive { try ConsoleLauncher.checkTerminal(environment) }
        let base = try preset.map(Preset.load) ?? CreateFlags()
        let (password, source) = try fields.password(environment: environment)
        let code = try await Session.with(global) { session -> Int32 in
            let flags = fields.flags.over(base).over(session.createDefaults)
            if interactive {
                return try await wizard(session, flags: flags, password: password, source: source)
            }
            return try await scripted(session, flags: flags, password: password, source: source)
        }
        if code != Exit.ok { throw Failure(code: code, message: nil) }
    }

    // MARK: - Without the wizard

    private func scripted(_ session: Session, flags: CreateFlags, password: String?,
                          source: PasswordSource) async throws -> Int32 {
        let api = session.client
        let catalog = try await CreateResolver.loadCatalog(for: flags, api: api)
        let resolution = CreateResolver.resolve(flags, password: password, passwordSource: source, catalog: catalog,
                                                maxCount: session.profile?.maxCount)
        guard resolution.isValid else {
            if !yes && !dryRun {
                Console.error("no terminal, so no wizard: give every field as a flag (see gpcn create --help)")
            }
            for problem in resolution.problems { Console.error(problem.line) }
            Console.error("nothing was sent (\(resolution.problems.count) field\(resolution.problems.count == 1 ? "" : "s") to fix)")
            return Exit.usage
        }
        let request = resolution.request
        if let savePreset { try save(CreateFlags.describing(request.withoutPassword, catalog: catalog), to: savePreset) }
        // Before sending: the batch's names, checked once in the VM list (docs/product.md, "Before
        // sending: the review and the name check"). Taken names stop --yes unless allowed.
        let plan = CreatePlan(request)
        if let code = await ScriptNameCheck.check(plan, api: api, allowExisting: allowExistingNames, dryRun: dryRun) {
            return code
        }
        if dryRun {
            switch output {
            case .json:
                Console.out(request.redacted.prettyJSON + "\n")
            case .table:
                let line = CreateFlags.describing(request.withoutPassword, catalog: catalog).commandLine()
                Console.out("""
                \(ScriptNameCheck.batchText(plan, size: catalog.sizes?.size(id: request.skuId ?? "")))\
                Request body (POST \(api.endpoint)/resource/virtual-machines)\(plan.isSplit ? ", 1 of \(plan.creates)" : ""), not sent:
                \(plan.bodies[0].redacted.prettyJSON)

                With curl:
                \(plan.bodies[0].curlCommand(endpoint: api.endpoint))

                With gpcn:
                \(line)

                """)
            }
            return Exit.ok
        }

        // The create POST through the one submitter: intent journaled first, sent once, never
        // retried (a duplicate costs money); a lost answer is checked for by name instead.
        let submitter = CreateSubmitter(api: api, journal: session.journal, clock: ConsoleRuntime.wallClock)
        // A batch of several creates with --wait: the first create is sent here, the rest by the
        // follower while it follows the jobs already made (docs/batches.md). Accessible mode sends
        // them all first.
        let accessible = TTY.isInteractive && output == .table && display.isAccessible(session.environment)
        let firstOnly = wait && plan.isSplit && !accessible ? submitter.prepare(request) : nil
        let rest = firstOnly.flatMap { submitter.rest(of: $0) }
        // With --wait, VMs found after a lost answer are followed below and listed once, at the end.
        let (created, failed) = await Self.send(request, with: submitter, output: output, firstOf: firstOnly,
                                                out: wait ? { _ in } : { Console.out($0) })
        let jobs: [Job], submission: JournalEntry.Submission, stoppedEarly: Bool
        switch created {
        case .accepted(let j, let s): (jobs, submission, stoppedEarly) = (j, s, false)
        case .partial(let j, let s, _): (jobs, submission, stoppedEarly) = (j, s, true)
        case .lost(_, .recovered(let vms), let batch) where wait:
            // The VMs exist though their jobs are unknown: follow them by status instead of stopping.
            let followed = await RecoveredFollower.follow(vms, batch: batch, api: api, err: { Console.error($0) })
            let last = vms.map { JournalEntry.RecoveredVM(vmId: $0.vmId, name: $0.name, status: followed.statuses[$0.vmId] ?? nil) }
            Console.out(output == .json ? Self.recoveredJSON(last, endpoint: api.endpoint, exitCode: followed.exitCode)
                        : TextTable(headers: ["NAME", "VM ID", "STATUS"], rows: last.map { [$0.name, $0.vmId, $0.status ?? ""] }).render())
            return followed.exitCode
        case .refused, .lost: return failed ?? Exit.api
        }
        var nameOf: [String: String] = [:]
        for job in submission.jobs { nameOf[job.jobId] = job.name }

        guard wait else {
            // Not waited for: submitted is success, in the exit status and in the JSON alike.
            print(report: JobReport(endpoint: api.endpoint,
                                    jobs: jobs.map { TrackedJob(job: $0, knownName: nameOf[$0.jobId]) }, waited: false))
            return stoppedEarly ? Exit.api : Exit.ok
        }
        // The rest of the batch, sent by the follower (the password only in this effect).
        let now = Date().timeIntervalSince1970
        let queue = rest.map { _ in SendQueue(plan: plan, now: now) }
        let startEffects: [Effect] = rest.map { [.resumeBatch($0, password: request.password)] } ?? []
        if TTY.isInteractive, output == .table {
            let final = try await ConsoleLauncher.run(session: session, display: display, profileTheme: session.theme,
                                                      startEffects: startEffects) { settings, size in
                var state = JobsState(jobs: jobs, request: rest == nil ? request.withoutPassword : plan.bodies[0].withoutPassword,
                                      submittedAt: now)
                state.queue = queue
                return AppState(settings: settings, size: size, screen: .jobs(state))
            }
            if let state = final.jobs { Console.out(JobSummary.text(state, demo: session.isDemo)) }
            return Self.stopped(stoppedEarly || final.jobs?.queue?.stoppedPartWay == true, final.exitCode ?? Exit.ok)
        }
        // Polled like the dashboard: without automatic retries, the follower's scheduler owns back-off.
        let pollClient = try? session.makePollClient()
        let outcome = await JobFollower.plain(api: pollClient ?? api, jobs: jobs, names: nameOf, journal: session.journal,
                                              queue: queue, startEffects: startEffects)
        await pollClient?.shutdown()
        if let q = outcome.queue, case .ended(let stop?) = q.status { Console.error(stop) }
        let stoppedPartWay = stoppedEarly || outcome.queue?.stoppedPartWay == true
        var addresses: [String: VMAddresses] = [:]
        if output == .json {
            // The VMs' addresses, once, for the succeeded jobs (the same document as gpcn jobs --output json).
            let jobs = outcome.jobs.map { t -> TrackedJob in
                var t = t
                if t.request == nil { t.request = request.withoutPassword }
                return t
            }
            let lookup = await VMAddressLookup.fetch(for: jobs, api: api)
            for problem in lookup.problems { Console.error(problem) }
            addresses = lookup.addresses
        }
        var report = JobReport(endpoint: api.endpoint, jobs: outcome.jobs, waited: true, addresses: addresses)
        // 2 when the API refused or stayed unreachable, or the batch stopped part-way.
        report.exitCode = Self.stopped(stoppedPartWay, outcome.exitCode)
        print(report: report)
        return report.exitCode
    }

    /// A batch that stopped part-way is not a success even when every job it sent succeeded.
    static func stopped(_ stoppedEarly: Bool, _ code: Int32) -> Int32 {
        stoppedEarly && code == Exit.ok ? Exit.api : code
    }

    private func print(report: JobReport) {
        switch output {
        case .json:
            Console.out(report.json())
        case .table:
            Console.out(TextTable(headers: ["NAME", "JOB", "STATE", "ERROR"], rows: report.jobs.map {
                [$0.name, $0.jobId, $0.state.rawValue, $0.errorMessage ?? ""]
            }).render())
        }
    }

    /// Sends the create through the submitter and says what became of it, on stderr (`err`) with
    /// VMs found by name on stdout (`out`). Returns the outcome, and the exit code when it was not
    /// accepted.
    ///
    /// - Parameter prepared: sends only this prepared batch's first create (`--wait` sends the rest
    ///   while it follows); nil: the whole batch, prepared here.
    static func send(_ request: CreateVMRequest, with submitter: CreateSubmitter, output: OutputFormat,
                     firstOf prepared: CreateSubmitter.Prepared? = nil,
                     err: @escaping @Sendable (String) -> Void = { Console.error($0) },
                     out: (String) -> Void = { Console.out($0) }) async -> (CreateOutcome, Int32?) {
        let plan = prepared?.plan ?? CreatePlan(request)
        let events: @Sendable (CreateSubmitter.Event) -> Void = { event in event.line(in: plan).map(err) }
        let outcome: CreateOutcome
        if let prepared {
            if let why = prepared.journalWarning { events(.journalFailed(why)) }
            outcome = await submitter.sendFirst(prepared, events: events)
        } else {
            outcome = await submitter.submit(request, events: events)
        }
        switch outcome {
        case .accepted, .partial:
            if let plan = prepared?.plan, plan.isSplit {
                let later = plan.bodies.dropFirst().flatMap(\.instanceNames)
                err(outcome.text + " The other \(plan.creates - 1) creates (\(SubmitGuard.namesText(later))) are sent "
                    + "while these are followed.")
            } else {
                err(outcome.text)
            }
            return (outcome, nil)
        case .refused, .lost:
            break
        }
        return (outcome, explain(outcome, endpoint: submitter.api.endpoint, output: output, err: err, out: out))
    }

    /// A create that was not accepted, in the outcome's own words: a refusal's field problems one
    /// per flag (exit 1), any other refusal in one line (exit 2). A lost answer is never re-sent:
    /// what the VM list showed is said, and VMs found by name are listed on stdout (exit 2).
    static func explain(_ outcome: CreateOutcome, endpoint: String, output: OutputFormat,
                        err: (String) -> Void = { Console.error($0) },
                        out: (String) -> Void = { Console.out($0) }) -> Int32 {
        switch outcome {
        case .accepted, .partial:
            return Exit.ok
        case .refused(let error):
            return explain(createFailure: error, err: err)
        case .lost(_, let check, _):
            err(outcome.text)
            if case .recovered(let vms) = check {
                if output == .json {
                    out(recoveredJSON(vms, endpoint: endpoint))
                } else {
                    out(TextTable(headers: ["NAME", "VM ID", "STATUS"],
                                  rows: vms.map { [$0.name, $0.vmId, $0.status ?? ""] }).render())
                }
            }
            return Exit.api
        }
    }

    static func recoveredJSON(_ vms: [JournalEntry.RecoveredVM], endpoint: String, exitCode: Int32 = Exit.api) -> String {
        struct Doc: Encodable {
            var endpoint: String
            var recovered: [JournalEntry.RecoveredVM]
            var note = "created, but the create answer was lost: job ids unknown"
            var exitCode: Int32
        }
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        let doc = Doc(endpoint: endpoint, recovered: vms, exitCode: exitCode)
        return (try? String(decoding: e.encode(doc), as: UTF8.self) + "\n") ?? ""
    }

    static func explain(createFailure error: APIError, err: (String) -> Void = { Console.error($0) }) -> Int32 {
        if error.refusesFields {
            err("the API refused the request:")
            for issue in error.issues {
                let flag = CreateVMField(path: issue.path).map(CreateFlags.flag(for:)) ?? issue.path
                err("\(flag): \(issue.message)")
            }
            return error.isValidation ? Exit.usage : Exit.api  // a 409 (no capacity) is the API's, not the input's
        }
        err(error.userMessage)
        return error.isValidation ? Exit.usage : Exit.api
    }

    private func save(_ flags: CreateFlags, to path: String) throws {
        do {
            try PresetFile.write(flags, to: path, comment: ["Saved by gpcn create --save-preset."])
            Console.error("saved the preset \(path) (no password)")
        } catch {
            throw Failure(code: Exit.usage, message: "\(error)")
        }
    }

    // MARK: - The wizard

    private func wizard(_ session: Session, flags: CreateFlags, password: String?,
                        source: PasswordSource) async throws -> Int32 {
        let maxCount = session.profile?.maxCount
        var start = WizardState(maxCount: maxCount)
        if !flags.isEmpty || password != nil {
            let catalog = try await CreateResolver.loadCatalog(for: flags, api: session.client)
            let resolution = CreateResolver.resolve(flags, password: password, passwordSource: source, catalog: catalog,
                                                    maxCount: maxCount)
            // A name that finds nothing (or too much) is a mistake the wizard cannot guess around.
            let unresolved = resolution.problems.filter { resolution.unresolved.contains($0.field) }
            guard unresolved.isEmpty else {
                for problem in unresolved { Console.error(problem.line) }
                return Exit.usage
            }
            start = Self.prefilled(resolution.request, password: password, catalog: catalog, maxCount: maxCount)
        }
        let final = try await ConsoleLauncher.run(session: session, display: display, profileTheme: session.theme) { settings, size in
            AppState(settings: settings, size: size, screen: .wizard(start))
        }
        // Left with a create on its way or unconfirmed: say so on the normal screen, after endwin.
        if let notice = ConsoleApp.quitNotice(final) { Console.error(notice) }
        if let jobs = final.jobs {
            switch output {
            case .table:
                Console.out(JobSummary.text(jobs, demo: session.isDemo))  // left in the scrollback after the full-screen UI
            case .json:
                // The dashboard was left (or followed to the end): the one rule, as the exit status.
                let lookup = await VMAddressLookup.fetch(for: jobs.jobs, api: session.client)
                for problem in lookup.problems { Console.error(problem) }
                Console.out(JobReport(endpoint: session.client.endpoint, jobs: jobs.jobs, waited: true,
                                      addresses: lookup.addresses).json())
            }
        }
        return final.exitCode ?? Exit.ok
    }

    /// A wizard with the answers of `request`, the lists already fetched, opened at the first
    /// step that still has a problem (the review when there is none).
    static func prefilled(_ request: CreateVMRequest, password: String?, catalog: ResolutionCatalog,
                          maxCount: Int? = nil) -> WizardState {
        let answers = CreateAnswers(request: request, password: password)
        var w = WizardState(answers: answers, maxCount: maxCount)
        w.catalog = CatalogCache(catalog, datacenterId: request.datacenterId)
        w.step = w.form.firstProblem?.step ?? .review
        return w
    }
}
