import Logging
import Synchronization

/// Every line a logger writes, kept in memory at the most verbose level, with its metadata: what
/// a server's log file would hold, for tests that check what never reaches the logs.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])

    /// The lines so far, each with its level, message and metadata.
    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    /// A logger that writes here, at `trace`.
    func logger(label: String) -> Logger {
        var logger = Logger(label: label) { _ in Handler(log: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            log.append("\(event.level) \(event.message) \(fields) \(event.error.map { "error=\($0)" } ?? "") [\(event.source)]")
        }
    }
}
