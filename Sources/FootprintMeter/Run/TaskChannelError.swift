import FootprintSystem

/// The task pipe (`FOOTPRINT_TASKS`) could not be set up: nothing to do with the command itself,
/// which has not been started when this is thrown.
public struct TaskChannelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which step failed, to match on.
    public enum Reason: Sendable, Hashable {
        /// No private folder for the pipe could be made in the temporary folder.
        case folderNotCreated
        /// The FIFO could not be made in that folder.
        case pipeNotCreated
        /// The FIFO could not be opened.
        case pipeNotOpened
        /// The thread that reads the pipe could not be started.
        case readerNotStarted
    }

    public let reason: Reason
    /// The folder or pipe concerned; nil for ``Reason/readerNotStarted``.
    public let path: String?
    /// The failed call's errno, when there was one.
    public let code: Errno?

    public init(_ reason: Reason, path: String? = nil, code: Errno? = nil) {
        self.reason = reason
        self.path = path
        self.code = code
    }

    public var description: String {
        let cause = code.map { ": \($0)" } ?? ""
        return switch reason {
        case .folderNotCreated: "cannot create a folder for the task pipe in \(path ?? "the temporary folder")\(cause)"
        case .pipeNotCreated: "cannot create the task pipe \(path ?? "")\(cause)"
        case .pipeNotOpened: "cannot open the task pipe \(path ?? "")\(cause)"
        case .readerNotStarted: "cannot start the task pipe reader\(cause)"
        }
    }
}
