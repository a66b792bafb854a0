import FootprintSystem

/// `footprint attach` cannot measure the process it was given: nothing is recorded.
public struct AttachError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why, to match on.
    public enum Reason: Sendable, Hashable {
        /// No process with the pid is running (or it has exited and waits to be reaped).
        case noSuchProcess
        /// The process is there, but its procfs files cannot be read (hidepid, another user's
        /// namespace): its tree could not be measured.
        case unreadable
        /// The pid is the meter's own.
        case ownProcess
        /// Another live `footprint attach` measures the process already.
        case alreadyAttached
    }

    public let reason: Reason
    /// The process asked for.
    public let pid: Int32
    /// For ``Reason/unreadable``, the file that could not be read, and the errno.
    public let path: String?
    public let code: Errno?
    /// For ``Reason/alreadyAttached``, the run that measures it.
    public let runID: String?

    public init(_ reason: Reason, pid: Int32, path: String? = nil, code: Errno? = nil, runID: String? = nil) {
        self.reason = reason
        self.pid = pid
        self.path = path
        self.code = code
        self.runID = runID
    }

    public var description: String {
        switch reason {
        case .noSuchProcess: "no process \(pid) is running"
        case .unreadable:
            "cannot read \(path ?? "the procfs files of \(pid)")\(code.map { ": \($0)" } ?? ""), so process \(pid)'s tree "
                + "cannot be measured"
        case .ownProcess: "\(pid) is this footprint's own process"
        case .alreadyAttached: "process \(pid) is measured already, by run \(runID ?? "")"
        }
    }
}
