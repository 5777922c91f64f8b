import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Delivers signals to closures through Dispatch sources instead of async-signal handlers.
/// Each signal is set to `SIG_IGN` first, so ncurses installs none of its own handlers (it only
/// replaces `SIG_DFL`) and nothing runs curses code from a signal handler. `cancel()` restores
/// `SIG_DFL`.
public final class SignalWatcher: @unchecked Sendable {  // immutable after init; sources are thread-safe
    private let sources: [any DispatchSourceSignal]
    private let signals: [Int32]

    /// Starts watching. Handlers run on a private serial queue.
    public init(_ handlers: [Int32: @Sendable () -> Void]) {
        let queue = DispatchQueue(label: "gpcn.signals")
        var sources: [any DispatchSourceSignal] = []
        for (sig, handler) in handlers.sorted(by: { $0.key < $1.key }) {
            _ = signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            s.setEventHandler(handler: handler)
            s.resume()
            sources.append(s)
        }
        self.sources = sources
        self.signals = handlers.keys.sorted()
    }

    /// Stops watching and restores the default action of every watched signal.
    public func cancel() {
        for s in sources { s.cancel() }
        for sig in signals { _ = signal(sig, SIG_DFL) }
    }
}
