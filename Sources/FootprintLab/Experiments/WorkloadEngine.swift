import FootprintCore

/// Runs workloads for the experiment runner: the lab in this process, or PyTorch in a child
/// process. An engine measures the work itself (as a task of the session's run), because only it
/// knows where the work begins and ends: data preparation and model building stay outside.
public protocol WorkloadEngine: AnyObject {
    /// Which engine this is, for the results.
    var kind: ExperimentEngine { get }
    /// The device it computes on: "cpu" or "cuda".
    var device: String { get }

    /// Runs `workload`. With a `task` name the work is measured as that task of `session`'s run;
    /// without one it is a warm-up, run and not measured. Weights a workload keeps stay in the
    /// engine until ``forgetWeights()``.
    /// - Parameter shouldStop: polled between epochs and passes; when it answers true the engine
    ///   stops and throws ``ExperimentInterrupted``.
    /// - Throws: ``ExperimentInterrupted``, or the engine's own failure (a workload it cannot run).
    func run(
        _ workload: Workload, task: String?, session: MeasuredSession, shouldStop: () -> Bool
    ) throws -> WorkloadOutcome

    /// Drops the weights workloads kept: each experiment starts from nothing.
    func forgetWeights()

    /// Ends what the engine started (a child process, temporary files), before the run is closed.
    func close()
}

extension WorkloadEngine {
    /// An engine in this process has nothing to end.
    public func close() {}
}

/// Ctrl-C (or another stop request) arrived while a workload ran: the work was abandoned and its
/// measurement is not a result.
public struct ExperimentInterrupted: Error, Sendable, Hashable {
    public init() {}
}

/// A workload an engine could not run, or an engine that can run none here, with the reason to
/// match on.
public struct WorkloadError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Reason: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The model does not build (a spec the engine cannot train).
        public static let invalidModel = Reason(rawValue: "invalid-model")
        /// The data set cannot be made.
        public static let invalidData = Reason(rawValue: "invalid-data")
        /// Weights were asked for under a key no earlier workload kept.
        public static let missingWeights = Reason(rawValue: "missing-weights")
        /// Kept weights do not fit the model asked for.
        public static let weightsMismatch = Reason(rawValue: "weights-mismatch")
        /// The engine's process failed or answered what could not be read.
        public static let engineFailed = Reason(rawValue: "engine-failed")
        /// The PyTorch engine's interpreter could not be started.
        public static let interpreterFailed = Reason(rawValue: "interpreter-failed")
        /// `import torch` fails in the PyTorch engine's interpreter.
        public static let torchMissing = Reason(rawValue: "torch-missing")
        /// CUDA was asked for and PyTorch sees none.
        public static let cudaUnavailable = Reason(rawValue: "cuda-unavailable")
        /// A device the engine does not run on (PyTorch's: cpu or cuda).
        public static let unknownDevice = Reason(rawValue: "unknown-device")
    }

    public let reason: Reason
    public let message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}
