import Logging
import Synchronization

/// Where the exporter says what happens: one line per event (started, listening, a sensor problem
/// once per kind, a bad request). The command writes them to stderr; tests keep them.
public struct ExporterLog: Sendable {
    private let write: @Sendable (String) -> Void

    public init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// A log that says nothing (`--quiet`).
    public static let silent = ExporterLog { _ in }

    public func callAsFunction(_ line: String) { write(line) }

    /// A swift-log logger for the HTTP server that passes only its errors on as lines: its
    /// per-request and start-up chatter would repeat what this log says already.
    func serverLogger() -> Logger {
        Logger(label: "footprint.exporter") { _ in ServerLogHandler(sink: self) }
    }
}

/// Hands swift-log messages at error level and above to an ``ExporterLog``.
struct ServerLogHandler: LogHandler {
    let sink: ExporterLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .error

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let details = (event.metadata ?? [:]).merging(metadata) { first, _ in first }
            .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        sink("http server: \(event.message)" + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))"))
    }
}

/// Remembers which problems were logged, so that a sensor that keeps failing is reported once per kind.
final class ProblemsOnce: Sendable {
    private let seen = Mutex<Set<String>>([])

    /// True the first time `problem` is given.
    func isNew(_ problem: String) -> Bool {
        seen.withLock { $0.insert(problem).inserted }
    }
}
