/// Why a job id given by hand was refused.
public struct JobIDProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why, to match on.
    public enum Reason: Sendable, Hashable {
        /// Empty, or only spaces.
        case empty
        /// Longer than ``JobIdentity/longestID`` characters.
        case tooLong
        /// Holds a control character (a newline, an escape), which no listing could show.
        case notPrintable
    }

    public let reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var description: String {
        switch reason {
        case .empty: "a job id cannot be empty"
        case .tooLong: "a job id is at most \(JobIdentity.longestID) characters"
        case .notPrintable: "a job id cannot hold control characters (newlines, tabs, escapes)"
        }
    }
}

extension JobIdentity {
    /// The job a run given a job id by hand belongs to: the detected job itself when it has that
    /// id, else a ``Scheduler/manual`` job that keeps the detected place in it (rank, local rank,
    /// world size, node, pod), so that `--job exp42` under torchrun still tells its ranks apart.
    /// - Throws: ``JobIDProblem`` for an empty, overlong or unprintable id.
    public static func named(_ id: String, detected: JobIdentity?) throws(JobIDProblem) -> JobIdentity {
        let trimmed = String(id.trimmingSpaces)
        guard !trimmed.isEmpty else { throw JobIDProblem(.empty) }
        guard trimmed.count <= longestID else { throw JobIDProblem(.tooLong) }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw JobIDProblem(.notPrintable)
        }
        if let detected, detected.id == trimmed { return detected }
        return JobIdentity(
            scheduler: .manual, id: trimmed, rank: detected?.rank, localRank: detected?.localRank,
            worldSize: detected?.worldSize, node: detected?.node, pod: detected?.pod, namespace: detected?.namespace)
    }
}
