import GPCNApp
import GPCNConsole
import GPCNCore
import Synchronization
import TerminalUI

/// A terminal with nothing on it: no events, nothing presented. `ConsoleRuntime` on this backend
/// is the follower of the line front ends (`gpcn jobs` without a terminal, `create --wait`,
/// accessible mode).
public final class HeadlessBackend: TerminalBackend {
    public let events: AsyncStream<TerminalEvent>
    private let sink: AsyncStream<TerminalEvent>.Continuation

    public init() { (events, sink) = AsyncStream<TerminalEvent>.makeStream() }

    public var size: Size { .minimum }
    public func present(_ frame: Buffer) {}
    public func redraw() {}
    public func suspend() {}
    public func stop() async { sink.finish() }
}

extension ConsoleRuntime {
    /// Follows the jobs of `state` without a screen, in the one event loop: `ConsoleRuntime` on a
    /// `HeadlessBackend`. The state's `JobBoard.Mode` says when it ends (`.untilEnded`,
    /// `.oneRound`); polls go through `pollAPI` (a client without automatic retries: the
    /// scheduler owns back-off), ends are journaled, and a failed journal write becomes the
    /// board's warning, as on the dashboard. `say` gets what happened after every message that
    /// changed something a line front end tells (`JobBoard.events(since:now:)`), in order.
    /// Returns the final state.
    public static func follow(_ state: JobsState, pollAPI: any GPCNAPI, journal: JournalFile?, interval: Double,
                              clock: @escaping @Sendable () -> Double = ConsoleRuntime.wallClock,
                              sleep: @escaping @Sendable (Double) async -> Void = ConsoleRuntime.realSleep,
                              startEffects: [Effect] = [],
                              say: @escaping @Sendable ([JobBoard.Event], JobBoard) -> Void) async -> JobsState {
        let last = Mutex<JobBoard?>(nil)
        let runtime = ConsoleRuntime(api: pollAPI, backend: HeadlessBackend(), journal: journal, pollAPI: pollAPI,
                                     clock: clock, sleep: sleep) { app, now in
            guard let board = app.jobs?.board else { return }
            let before = last.withLock { seen -> JobBoard? in
                defer { seen = board }
                return seen
            }
            guard let before else { return }
            let events = board.events(since: before, now: now)
            if !events.isEmpty { say(events, board) }
        }
        let settings = ConsoleSettings(endpoint: pollAPI.endpoint, glyphs: .ascii, minimumPollInterval: interval)
        let final = await runtime.run(AppState(settings: settings, size: .minimum, screen: .jobs(state)),
                                      startEffects: startEffects)
        return final.jobs ?? state
    }
}
