import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// The dashboard rendered to text at 80x24 and 120x40, compared with golden files in
/// `__Snapshots__/` (record with `UPDATE_SNAPSHOTS=1`, then review the diff).
@Suite struct DashboardSnapshotTests {
    typealias F = DashFixture
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    static func name(_ base: String, _ size: Size) -> String { "dashboard-\(base)-\(size.width)x\(size.height)" }

    /// Ten jobs, 15 s after submit, every one moving; budget 995 of 1000.
    static func running(_ size: Size) -> DashDriver {
        var d = DashDriver(jobs: (1...10).map { F.created($0) }, size: size)
        d.now = F.t0 + 15
        d.answerPolls(F.tenRunning(at: d.now), rate: F.rate(995, resetIn: 42, at: d.now))
        d.now += 0.4
        return d
    }

    /// A mix: done, failed (retryable and not), cancelled, vanished, running; a failed row selected.
    static func mixed(_ size: Size) -> DashDriver {
        var d = DashDriver(jobs: (1...10).map { F.created($0) }, size: size)
        d.now = F.t0 + 95
        var world = F.tenRunning(at: d.now)
        world[0] = F.succeeded(1, after: 81)
        world[1] = F.failed(2, progress: 34, error: "Insufficient capacity for G-Small-1 in CHI-1", canRetry: true, after: 40)
        world[2] = F.succeeded(3, after: 88)
        world[3] = F.failed(4, progress: 12, error: "Image aaaaaaaa is not available in this data center", canRetry: false, after: 20)
        world[4] = F.cancelled(5, progress: 77, after: 60)
        world.remove(at: 5)  // job 6 is no longer visible to this key
        d.answerPolls(world, rate: F.rate(870, resetIn: 12, at: d.now))
        d.press(.down)
        return d
    }

    static func allDone(_ size: Size) -> DashDriver {
        var d = DashDriver(jobs: (1...10).map { F.created($0) }, size: size)
        d.now = F.t0 + 180
        d.answerPolls((1...10).map { F.succeeded($0, after: 100 + Double($0 * 7)) }, rate: F.rate(940, resetIn: 30, at: d.now))
        d.now += 3
        return d
    }

    @Test(arguments: sizes) func runningDashboard(size: Size) {
        assertGolden(Self.running(size).text, Self.name("running", size))
    }

    @Test(arguments: sizes) func mixedWithFailures(size: Size) {
        assertGolden(Self.mixed(size).text, Self.name("mixed", size))
    }

    @Test(arguments: sizes) func allDone(size: Size) {
        assertGolden(Self.allDone(size).text, Self.name("done", size))
    }

    @Test(arguments: sizes) func rateLimitedHeader(size: Size) {
        var d = Self.running(size)
        d.advance(by: 1)
        d.failPolls(APIError(kind: .http(status: 429), code: "Rate Limited", message: "Too many requests", retryAfter: 7))
        d.now += 3
        assertGolden(d.text, Self.name("rate-limited", size))
    }

    @Test(arguments: sizes) func unreachableHeader(size: Size) {
        var d = Self.running(size)
        d.advance(by: 1)
        d.failPolls(APIError(kind: .unreachable("connection refused"), message: "refused", host: "api.gpcn.com"))
        d.now += 1
        assertGolden(d.text, Self.name("unreachable", size))
    }

    @Test(arguments: sizes) func detailOfACompletedJob(size: Size) {
        var d = Self.mixed(size)
        d.press(.home, .enter)
        d.send(.vmLoaded(F.vmId(1), .success(VirtualMachine(id: F.vmId(1), name: "web-1", status: "Running",
                                                             primaryPrivateIp: "10.0.1.11", primaryPublicIp: "203.0.113.10"))))
        assertGolden(d.text, Self.name("detail-done", size))
    }

    @Test(arguments: sizes) func detailOfAFailedJob(size: Size) {
        var d = Self.mixed(size)
        d.press(.enter)
        assertGolden(d.text, Self.name("detail-failed", size))
    }

    @Test func retryConfirmation() {
        var d = Self.mixed(Size(width: 80, height: 24))
        d.press(.character("r"))
        assertGolden(d.text, "dashboard-confirm-retry-80x24")
    }

    @Test func passwordPrompt() {
        var d = DashDriver(jobs: [F.created(1)], request: F.passwordRequest)
        d.answerPolls([F.failed(1, progress: 40, error: "Timed out", canRetry: true, after: 30)])
        d.press(.character("r"), .character("y"))
        d.type("secret")
        assertGolden(d.text, "dashboard-password-80x24")
    }

    @Test func asciiGlyphs() {
        var d = DashDriver(jobs: (1...3).map { F.created($0) }, glyphs: .ascii)
        d.now = F.t0 + 95
        d.answerPolls([F.succeeded(1, after: 81), F.failed(2, progress: 34, error: "Out of capacity", canRetry: true, after: 40),
                       F.running(3, stage: "configuring", progress: 77, message: "Applying cloud-init", at: d.now, eta: F.t0 + 130)])
        assertGolden(d.text, "dashboard-ascii-80x24")
    }
}
