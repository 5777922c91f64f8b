#if canImport(Glibc)
import Glibc
#endif

/// Ways to reach the hard paths on purpose, honoured only in debug builds (`#if DEBUG`): a
/// release binary ignores these variables entirely.
///
/// - `GPCN_DEBUG_CRASH=wizard|dashboard`: an internal error (a Swift trap) shortly after that
///   screen is first drawn, to prove the terminal and the journal survive a crash.
/// - `GPCN_DEBUG_PAUSE_AFTER_CREATE_MS=N`: wait N ms between the create's answer and its journal
///   line, to widen the window a `kill -9` must hit in the crash-recovery tests.
public enum DebugHooks {
    static func environment(_ name: String) -> String? {
        #if DEBUG
        guard let v = getenv(name) else { return nil }
        let s = String(cString: v)
        return s.isEmpty ? nil : s
        #else
        return nil
        #endif
    }

    /// True when `GPCN_DEBUG_CRASH` names `screen` (debug builds only).
    public static func shouldCrash(onScreen screen: String) -> Bool {
        environment("GPCN_DEBUG_CRASH") == screen
    }

    /// Traps after a short delay (so the screen is on the terminal first).
    public static func crashSoon() async {
        try? await Task.sleep(for: .milliseconds(400))
        #if DEBUG
        forcedInternalError()
        #endif
    }

    #if DEBUG
    private static func forcedInternalError() -> Never {
        fatalError("GPCN_DEBUG_CRASH: forced internal error")
    }
    #endif

    /// `GPCN_DEBUG_PAUSE_AFTER_CREATE_MS` (debug builds only).
    public static func pauseAfterCreate() async {
        guard let raw = environment("GPCN_DEBUG_PAUSE_AFTER_CREATE_MS"), let ms = Int(raw), ms > 0 else { return }
        try? await Task.sleep(for: .milliseconds(min(ms, 60_000)))
    }
}
