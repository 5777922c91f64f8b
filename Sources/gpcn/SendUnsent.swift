import Foundation
import GPCNApp
import GPCNCore
import GPCNRuntime

#if canImport(Glibc)
import Glibc
#endif

/// `gpcn jobs --send-unsent`: the line front ends' way to send the creates of a batch an earlier
/// gpcn left part-sent (the dashboard's is `S`). A deliberate act: the flag, then on a terminal
/// the word `send` typed at a question that input typed ahead cannot answer, or `--yes` without
/// a terminal (docs/batches.md).
enum SendUnsent {
    static func run(_ batches: [JournalSummary.UnsentBatch], session: Session, yes: Bool) async -> Int32 {
        let api = session.client
        guard let unsent = batches.last else {
            Console.out("Nothing left unsent for \(api.endpoint): every batch in the journal was sent, stopped or refused.\n")
            return Exit.ok
        }
        if SubmitGuard.ownerIsAlive(unsent.batch.owner) {
            Console.error("that batch is still being sent by gpcn \(unsent.batch.owner ?? "?"); nothing sent")
            return Exit.api
        }
        let names = unsent.unsentNames
        let what = "\(names.count) VM\(names.count == 1 ? "" : "s") never sent (\(SubmitGuard.namesText(names))) "
            + "of batch \(unsent.batch.request.name ?? "?") from \(unsent.batch.time)"
        if !yes {
            guard TTY.isInteractive else {
                Console.error("\(what): add --yes to send them without a question (nothing sent)")
                return Exit.usage
            }
            // Lines typed ahead or pasted before the question are not its answer.
            tcflush(STDIN_FILENO, TCIFLUSH)
            Console.write("Send the \(what)? They are new VMs (billed). Type send to send them: ", to: 2)
            guard TTY.readLineFromStdin()?.trimmingWhitespace().lowercased() == "send" else {
                Console.error("not sent")
                return Exit.usage
            }
        }
        var password: String?
        if unsent.batch.request.authMethod == .password {
            if let env = ProcessInfo.processInfo.environment["GPCN_VM_PASSWORD"], !env.isEmpty {
                password = env
            } else if TTY.stdinIsTTY {
                password = TTY.readSecretLine(prompt: "VM password for these VMs (not shown; never stored): ")
            }
            guard let given = password, CreateVMValidator.validatePassword(given).isEmpty else {
                Console.error("the batch logs in by password: give it on the terminal or in GPCN_VM_PASSWORD (nothing sent)")
                return Exit.usage
            }
        }
        let submitter = CreateSubmitter(api: api, journal: session.journal, clock: ConsoleRuntime.wallClock)
        let plan = CreatePlan(unsent.batch.request)
        let outcome = await submitter.resume(unsent, password: password, events: { event in
            event.line(in: plan).map { Console.error($0) }
        })
        switch outcome {
        case .accepted(let jobs, _):
            Console.error("Sent: \(jobs.count) job\(jobs.count == 1 ? "" : "s") accepted. Follow them: gpcn jobs")
            return Exit.ok
        case .partial(_, _, let stop):
            Console.error(stop)
            return Exit.api
        case .refused, .lost:
            Console.error(outcome.text)
            return Exit.api
        }
    }
}
