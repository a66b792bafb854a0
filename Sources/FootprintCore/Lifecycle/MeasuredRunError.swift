/// A measured run that cannot give the life-cycle model its inputs.
public struct MeasuredRunError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong, to match on.
    public struct Reason: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// No task of the run matches the epoch pattern.
        public static let noEpochTasks = Reason(rawValue: "noEpochTasks")
        /// The run has no task of the inference task's name.
        public static let noInferenceTask = Reason(rawValue: "noInferenceTask")
        /// The tasks hold no energy (a run too short for one sample, or one whose tasks lost it).
        public static let noEnergy = Reason(rawValue: "noEnergy")
        /// A count of samples below 1.
        public static let invalidInput = Reason(rawValue: "invalidInput")
    }

    public let reason: Reason
    /// One line, in the library's terms (no flags).
    public let message: String
    /// The names of the run's tasks, for the advice of ``Reason/noEpochTasks`` and
    /// ``Reason/noInferenceTask``.
    public let taskNames: [String]

    public init(_ reason: Reason, _ message: String, taskNames: [String] = []) {
        self.reason = reason
        self.message = message
        self.taskNames = taskNames
    }

    public var description: String { message }

    /// A task the run lacks: `statement` ("no task named 'inference'") with the tasks it has.
    static func missing(_ reason: Reason, _ statement: String, in tasks: [TaskRecord]) -> MeasuredRunError {
        var seen: Set<String> = []
        let names = tasks.map(\.name).filter { seen.insert($0).inserted }
        return MeasuredRunError(reason, statement + " " + listing(names), taskNames: names)
    }

    /// "(its tasks: load, train)", at most eight names, or "(the run has no tasks)".
    static func listing(_ names: [String]) -> String {
        guard !names.isEmpty else { return "(the run has no tasks)" }
        let shown = names.prefix(8).map { "'\($0)'" }.joined(separator: ", ")
        return "(its tasks: " + shown + (names.count > 8 ? ", … and \(names.count - 8) more" : "") + ")"
    }
}
