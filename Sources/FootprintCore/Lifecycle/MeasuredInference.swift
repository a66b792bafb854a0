/// One inference's energy and time from a run's inference task: the task's IT energy over the
/// samples it inferred (several tasks of that name are added, and so must their samples be).
public struct MeasuredInference: Sendable, Hashable {
    /// The task's name.
    public let task: String
    /// How many tasks had that name.
    public let taskCount: Int
    /// Samples inferred in them, all together.
    public let samples: Int
    /// Their IT energy and wall time, all together.
    public let energy: Energy
    public let seconds: Double

    /// One inference.
    public var energyPerSample: Energy { energy / Double(samples) }
    public var secondsPerSample: Double { seconds / Double(samples) }

    /// - Throws: ``MeasuredRunError`` ``MeasuredRunError/Reason/noInferenceTask`` naming the run's
    ///   tasks, ``MeasuredRunError/Reason/invalidInput`` for fewer than one sample,
    ///   ``MeasuredRunError/Reason/noEnergy`` when the tasks hold none.
    public init(tasks: [TaskRecord], name: String, samples: Int) throws(MeasuredRunError) {
        guard samples >= 1 else {
            throw MeasuredRunError(.invalidInput, "the inference samples must be 1 or more; got \(samples)")
        }
        let matching = tasks.filter { $0.name == name }
        guard !matching.isEmpty else {
            throw MeasuredRunError.missing(.noInferenceTask, "no task named '\(name)'", in: tasks)
        }
        task = name
        taskCount = matching.count
        self.samples = samples
        energy = matching.reduce(.zero) { $0 + $1.itEnergy }
        seconds = matching.reduce(0) { $0 + max($1.duration, 0) }
        guard energy.joules > 0, energy.joules.isFinite else {
            throw MeasuredRunError(.noEnergy, "the task '\(name)' holds no energy")
        }
    }
}
