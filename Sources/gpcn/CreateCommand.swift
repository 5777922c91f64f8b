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
        2 authentication or API error, 3 one or more jobs failed, 4 detached while jobs still run, \
        130 interrupted.

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

    @Flag(name: .customLong("dry-run"), help: "Check the request and print its body and curl command; send nothing.")
    var dryRun = false

    @Flag(help: "Follow the jobs to the end (the dashboard on a terminal, else one line per change on stderr).")
    var wait = false

    @Option(help: ArgumentHelp("text (a table) or json (one document on stdout, nothing else).", valueName: "format"))
    var output: ResultFormat = .text

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
        let resolution = CreateResolver.resolve(flags, password: password, passwordSource: source, catalog: catalog)
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
        if dryRun {
            switch output {
            case .json:
                Console.out(request.redacted.prettyJSON + "\n")
            case .text:
                let line = CreateFlags.describing(request.withoutPassword, catalog: catalog).commandLine()
                Console.out("""
                Request body (POST \(api.endpoint)/resource/virtual-machines), not sent:
                \(request.redacted.prettyJSON)

                With curl:
                \(request.curlCommand(endpoint: api.endpoint))

                With gpcn:
                \(line)

                """)
            }
            return Exit.ok
        }

        // The create POST: its intent journaled first, then sent once, never retried (a duplicate
        // costs money); a lost answer is checked for by name instead of being sent again.
        let intent = SubmitGuard.intent(for: request, endpoint: api.endpoint, now: Date().timeIntervalSince1970)
        if let why = SubmitGuard.record(intent, journal: session.journal) {
            Console.error("warning: the journal was not written (\(why)); an interrupted submit could not be traced")
        }
        let jobs: [Job]
        do {
            jobs = try await api.createVirtualMachines(request)
        } catch let error as APIError {
            return await Self.explain(createFailure: error, intent: intent, api: api, journal: session.journal,
                                      output: output)
        }
        await DebugHooks.pauseAfterCreate()
        let submission = JournalEntry.Submission(request: request.withoutPassword, jobs: jobs, intentId: intent.id,
                                                 endpoint: api.endpoint,
                                                 time: ISO8601DateFormatter().string(from: Date()))
        var nameOf: [String: String] = [:]
        for job in submission.jobs { nameOf[job.jobId] = job.name }
        do {
            try session.journal.append(.submission(submission))
        } catch {
            Console.error("warning: the journal was not written (\(error)); gpcn jobs will not know these jobs")
        }
        Console.error("submitted \(jobs.count) job\(jobs.count == 1 ? "" : "s") for \(request.namePreview(ascii: true))")

        guard wait else {
            // Not waited for: submitted is success, in the exit status and in the JSON alike.
            print(report: JobReport(endpoint: api.endpoint,
                                    jobs: jobs.map { TrackedJob(job: $0, knownName: nameOf[$0.jobId]) }, waited: false))
            return Exit.ok
        }
        if TTY.isInteractive, output == .text {
            let final = try await ConsoleLauncher.run(session: session, display: display, profileTheme: session.theme) { settings, size in
                AppState(settings: settings, size: size,
                         screen: .jobs(JobsState(jobs: jobs, request: request.withoutPassword,
                                                 submittedAt: Date().timeIntervalSince1970)))
            }
            if let state = final.jobs { Console.out(JobSummary.text(state, demo: session.isDemo)) }
            return final.exitCode ?? Exit.ok
        }
        // Polled like the dashboard: without automatic retries, the follower's scheduler owns back-off.
        let pollClient = try? session.makePollClient()
        let outcome = await JobFollower.plain(api: pollClient ?? api, jobs: jobs, names: nameOf, journal: session.journal)
        await pollClient?.shutdown()
        var report = JobReport(endpoint: api.endpoint, jobs: outcome.jobs, waited: true)
        report.exitCode = outcome.exitCode  // 2 when the API refused or stayed unreachable
        print(report: report)
        return outcome.exitCode
    }

    private func print(report: JobReport) {
        switch output {
        case .json:
            Console.out(report.json())
        case .text:
            Console.out(TextTable(headers: ["NAME", "JOB", "STATE", "ERROR"], rows: report.jobs.map {
                [$0.name, $0.jobId, $0.state.rawValue, $0.errorMessage ?? ""]
            }).render())
        }
    }

    /// A refused or lost create: field problems one per line (exit 1), else one line (exit 2).
    /// When the answer was lost the create is not sent again: the VM list is searched for the
    /// batch's names and the user is told what exists and how to look (exit 2 either way).
    static func explain(createFailure error: APIError, intent: JournalEntry.Intent, api: any GPCNAPI,
                        journal: JournalFile, output: ResultFormat) async -> Int32 {
        let now = Date().timeIntervalSince1970
        guard error.createMayHaveHappened else {
            SubmitGuard.closeRefused(intent, error: error, journal: journal, now: now)
            return explain(createFailure: error)
        }
        let names = SubmitGuard.namesText(intent.names)
        Console.error("\(error.userMessage); the create may have reached the server, so it is not sent again. "
                      + "Looking for \(names) in the VM list…")
        let check = await SubmitGuard.check(intent, api: api, journal: journal, now: now)
        switch check {
        case .recovered(let vms):
            Console.error("the create went through (its answer was lost): \(vms.count) of \(intent.names.count) VM(s) exist")
            if output == .json {
                Console.out(recoveredJSON(vms, endpoint: api.endpoint))
            } else {
                Console.out(TextTable(headers: ["NAME", "VM ID", "STATUS"],
                                      rows: vms.map { [$0.name, $0.vmId, $0.status ?? ""] }).render())
            }
            Console.error("their job ids were lost with the answer; follow them with: \(SubmitGuard.vmsCommand(intent))")
        case .possible(let vms):
            Console.error("the create possibly went through: \(vms.count) VM(s) named \(names) exist, but another batch "
                          + "of the same names is still open, so they may be its VMs. Before creating again, check: "
                          + "\(SubmitGuard.vmsCommand(intent)) (gpcn jobs checks again by itself)")
        case .notFound:
            Console.error("no VM named \(names) exists: the create did not go through. "
                          + "It is safe to run the same command again (check first: \(SubmitGuard.vmsCommand(intent)))")
        case .failed(let e):
            Console.error("could not read the VM list (\(e.userMessage)). Before creating again, check: "
                          + "\(SubmitGuard.vmsCommand(intent)) (gpcn jobs checks again by itself)")
        }
        return Exit.api
    }

    static func recoveredJSON(_ vms: [JournalEntry.RecoveredVM], endpoint: String) -> String {
        struct Doc: Encodable {
            var endpoint: String
            var recovered: [JournalEntry.RecoveredVM]
            var note = "created, but the create answer was lost: job ids unknown"
            var exitCode: Int32 = 2
        }
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? String(decoding: e.encode(Doc(endpoint: endpoint, recovered: vms)), as: UTF8.self) + "\n") ?? ""
    }

    static func explain(createFailure error: APIError) -> Int32 {
        if error.isValidation, !error.issues.isEmpty {
            Console.error("the API refused the request:")
            for issue in error.issues {
                let flag = CreateVMField(path: issue.path).map(CreateFlags.flag(for:)) ?? issue.path
                Console.error("\(flag): \(issue.message)")
            }
            return Exit.usage
        }
        Console.error(error.userMessage)
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
        var start = WizardState()
        if !flags.isEmpty || password != nil {
            let catalog = try await CreateResolver.loadCatalog(for: flags, api: session.client)
            let resolution = CreateResolver.resolve(flags, password: password, passwordSource: source, catalog: catalog)
            // A name that finds nothing (or too much) is a mistake the wizard cannot guess around.
            let unresolved = resolution.problems.filter { resolution.unresolved.contains($0.field) }
            guard unresolved.isEmpty else {
                for problem in unresolved { Console.error(problem.line) }
                return Exit.usage
            }
            start = Self.prefilled(resolution.request, password: password, catalog: catalog)
        }
        let final = try await ConsoleLauncher.run(session: session, display: display, profileTheme: session.theme) { settings, size in
            AppState(settings: settings, size: size, screen: .wizard(start))
        }
        // Left with a create on its way or unconfirmed: say so on the normal screen, after endwin.
        if let notice = ConsoleApp.quitNotice(final) { Console.error(notice) }
        if let jobs = final.jobs {
            switch output {
            case .text:
                Console.out(JobSummary.text(jobs, demo: session.isDemo))  // left in the scrollback after the full-screen UI
            case .json:
                // The dashboard was left (or followed to the end): the one rule, as the exit status.
                Console.out(JobReport(endpoint: session.client.endpoint, jobs: jobs.jobs, waited: true).json())
            }
        }
        return final.exitCode ?? Exit.ok
    }

    /// A wizard with the answers of `request`, the lists already fetched, opened at the first
    /// step that still has a problem (the review when there is none).
    static func prefilled(_ request: CreateVMRequest, password: String?, catalog: ResolutionCatalog) -> WizardState {
        var answers = WizardAnswers()
        answers.datacenterId = request.datacenterId
        answers.imageId = request.imageId
        answers.skuId = request.skuId
        answers.authMethod = request.authMethod
        answers.sshKeyId = request.sshKeyId
        answers.password = password ?? ""
        answers.username = request.username ?? ""
        answers.networkIds = request.networkInterfaces?.map(\.networkId) ?? []
        answers.primaryNetworkId = request.networkInterfaces?.first { $0.primary }?.networkId
        answers.allocatePublicIp = request.allocatePublicIp == true
        answers.name = request.name ?? ""
        answers.count = String(request.numberOfInstances ?? 1)
        answers.resourceGroupId = request.resourceGroupId
        var w = WizardState(answers: answers)
        if let dcs = catalog.dataCenters { w.catalog.dataCenters = .loaded(dcs) }
        if let dc = request.datacenterId {
            if let v = catalog.images { w.catalog.images[dc] = .loaded(v) }
            if let v = catalog.sizes { w.catalog.sizes[dc] = .loaded(v) }
            if let v = catalog.networks { w.catalog.networks[dc] = .loaded(v) }
        }
        if let v = catalog.sshKeys { w.catalog.sshKeys = .loaded(v) }
        if let v = catalog.resourceGroups { w.catalog.resourceGroups = .loaded(v) }
        w.step = WizardStep.allCases.first { $0 != .review && !w.issues(for: $0).isEmpty } ?? .review
        return w
    }
}
