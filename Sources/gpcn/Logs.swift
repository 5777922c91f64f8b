import Foundation
import Logging

/// Logging goes to a file or nowhere: never to the screen, where it would corrupt the
/// full-screen UI and could leak into scrollback.
enum Logs {
    static func bootstrap(_ options: GlobalOptions, environment: [String: String]) {
        let path = options.logFile ?? environment["GPCN_LOG"].flatMap { $0.isEmpty ? nil : $0 }
        let level: Logger.Level = options.debug || environment["GPCN_DEBUG"] == "1" ? .debug : .info
        let once = Bootstrapped.shared
        once.lock.lock()
        defer { once.lock.unlock() }
        guard !once.done else { return }
        once.done = true
        guard let path, let sink = FileLogSink(path: path) else {
            LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
            return
        }
        LoggingSystem.bootstrap { label in
            var handler = FileLogHandler(label: label, sink: sink)
            handler.logLevel = level
            return handler
        }
    }

    private final class Bootstrapped: @unchecked Sendable {  // guarded by `lock`
        static let shared = Bootstrapped()
        let lock = NSLock()
        var done = false
    }
}

/// An append-only log file created 0600, shared by all loggers.
final class FileLogSink: @unchecked Sendable {  // writes serialised by `lock`
    private let handle: FileHandle
    private let lock = NSLock()

    init?(path: String) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func write(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        handle.write(Data(line.utf8))
    }
}

struct FileLogHandler: LogHandler {
    let label: String
    let sink: FileLogSink
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String, sink: FileLogSink) { self.label = label; self.sink = sink }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let time = ISO8601DateFormatter().string(from: Date())
        sink.write("\(time) \(event.level) \(label): \(event.message)\(fields.isEmpty ? "" : " " + fields)\n")
    }
}
