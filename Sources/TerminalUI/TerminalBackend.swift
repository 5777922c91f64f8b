import Synchronization

/// What the runtime needs from a terminal. All methods may be called from any thread or task;
/// the backend serialises the real work. Events (keys, resizes, signals) arrive on `events`,
/// which has a single consumer (the runtime's loop).
public protocol TerminalBackend: AnyObject, Sendable {
    /// The current size in cells (updated before the matching `.resize` event is delivered).
    var size: Size { get }
    /// Keys, resizes, signals, hangup. Finishes after `stop()`.
    var events: AsyncStream<TerminalEvent> { get }
    /// Shows `frame`. Latest frame wins: frames presented faster than they can be drawn are skipped.
    /// Only the cells that changed since the last drawn frame are written.
    func present(_ frame: Buffer)
    /// Repaints the whole screen on the next draw (Ctrl-L).
    func redraw()
    /// Gives the terminal back to the shell and stops the process (Ctrl-Z); repaints after `fg`.
    func suspend()
    /// Leaves full-screen mode and restores the terminal. Call it on every exit path.
    func stop() async
    /// Leaves full-screen mode, runs `argv` (the program looked up on `PATH`) on this terminal
    /// until it exits, then takes the screen back and repaints; returns its exit status (127 when
    /// it could not be started). An interrupt meant for it is not delivered as `.interrupt`.
    func runOutside(_ argv: [String]) async -> Int32
    /// Writes `sequence` to the terminal between frames.
    func emit(_ sequence: TerminalSequence)
}

extension TerminalBackend {
    /// Backends without a terminal of their own run nothing.
    public func runOutside(_ argv: [String]) async -> Int32 { 127 }
    public func emit(_ sequence: TerminalSequence) {}
}

/// A test double that records what it is asked to do. Inject input with `send(_:)`.
public final class RecordingBackend: TerminalBackend {
    private struct State {
        var size: Size
        var frames: [Buffer] = []
        var redraws = 0
        var suspends = 0
        var stopped = false
        var outside: [[String]] = []
        var emitted: [TerminalSequence] = []
    }
    private let state: Mutex<State>
    public let events: AsyncStream<TerminalEvent>
    private let sink: AsyncStream<TerminalEvent>.Continuation

    public init(size: Size = .minimum) {
        state = Mutex(State(size: size))
        (events, sink) = AsyncStream<TerminalEvent>.makeStream()
    }

    public var size: Size { state.withLock { $0.size } }
    /// Every frame presented, oldest first.
    public var frames: [Buffer] { state.withLock { $0.frames } }
    /// The newest frame presented.
    public var lastFrame: Buffer? { state.withLock { $0.frames.last } }
    public var redrawCount: Int { state.withLock { $0.redraws } }
    public var suspendCount: Int { state.withLock { $0.suspends } }
    public var isStopped: Bool { state.withLock { $0.stopped } }
    /// Every program run outside the full screen, oldest first.
    public var ranOutside: [[String]] { state.withLock { $0.outside } }
    /// Every sequence emitted, oldest first.
    public var emitted: [TerminalSequence] { state.withLock { $0.emitted } }

    /// Delivers `event` to the consumer of `events`; a `.resize` also changes `size`.
    public func send(_ event: TerminalEvent) {
        if case .resize(let s) = event { state.withLock { $0.size = s } }
        sink.yield(event)
    }

    public func present(_ frame: Buffer) { state.withLock { $0.frames.append(frame) } }
    public func redraw() { state.withLock { $0.redraws += 1 } }
    public func suspend() { state.withLock { $0.suspends += 1 } }
    public func runOutside(_ argv: [String]) async -> Int32 {
        state.withLock { $0.outside.append(argv) }
        return 0
    }
    public func emit(_ sequence: TerminalSequence) { state.withLock { $0.emitted.append(sequence) } }
    public func stop() async {
        state.withLock { $0.stopped = true }
        sink.finish()
    }
}
