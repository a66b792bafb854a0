import FootprintSystem

/// The sampler could not be set up: the system refused what it needs, not anything the user gave.
public struct SamplerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the system refused, to match on.
    public enum Reason: Sendable, Hashable {
        /// The pipe that wakes the sampling thread early (to stop, or to take a checkpoint).
        case wakeUpPipeNotCreated
        /// The sampling thread.
        case threadNotStarted
    }

    public let reason: Reason
    /// The failed call's errno, when it set one.
    public let code: Errno?

    public init(_ reason: Reason, code: Errno? = nil) {
        self.reason = reason
        self.code = code
    }

    public var description: String {
        let cause = code.map { ": \($0)" } ?? ""
        return switch reason {
        case .wakeUpPipeNotCreated: "cannot create the sampler's wake-up pipe\(cause)"
        case .threadNotStarted: "cannot start the sampling thread\(cause)"
        }
    }
}
