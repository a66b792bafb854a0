import FootprintSystem

/// A run journal that cannot be written: its file could not be opened for appending. The
/// journal's one failure, so the type is what to match on; ``code`` says why.
public struct RunJournalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The journal file.
    public let path: String
    /// Why the open failed, to match on by name (`.permissionDenied`, `.noSuchFile`).
    public let code: Errno

    public init(path: String, code: Errno) {
        self.path = path
        self.code = code
    }

    /// "cannot write the run journal /data/r.jsonl: permission denied".
    public var description: String { "cannot write the run journal \(path): \(code)" }
}
