import FootprintCore

/// A configuration an experiment plans to measure: what the reader sees of it (label and
/// parameters) and the work the engine does for it.
public struct PlannedConfiguration: Sendable {
    /// A few words, unique within the experiment ("D = 20,000", "10x50 inference").
    public var label: String
    /// What the results show of it. For inference, `trainSamples` is the samples the reported
    /// energy covers: the engine may repeat passes to last long enough to measure, and the
    /// runner scales the measured energy to these samples.
    public var parameters: ConfigurationParameters
    public var workload: Workload

    public init(label: String, parameters: ConfigurationParameters, workload: Workload) {
        self.label = label
        self.parameters = parameters
        self.workload = workload
    }
}

/// A configuration measured: its plan, each repeat's outcome, and the result the runner made of
/// them (energy spread, duration, throughput, accuracy, method).
public struct MeasuredConfiguration: Sendable {
    public var planned: PlannedConfiguration
    /// The measured repeats, the warm-up left out.
    public var repeats: [WorkloadOutcome]
    public var result: ConfigurationResult

    public init(planned: PlannedConfiguration, repeats: [WorkloadOutcome], result: ConfigurationResult) {
        self.planned = planned
        self.repeats = repeats
        self.result = result
    }
}

/// How one experiment is run and judged: the configurations it plans at each scale, and how its
/// measurements become evidence for its definition's rule.
public protocol ExperimentDesign: Sendable {
    var name: ExperimentName { get }

    /// The configurations, in the order they run (a configuration that keeps weights runs before
    /// those that start from them).
    func configurations(at scale: ExperimentScale) -> [PlannedConfiguration]

    /// The rule's evaluation of the measured configurations, and the configurations as the
    /// results show them (with the life-cycle model's prediction filled in where it applies).
    /// Called with every configuration measured, or, after an interruption, with those measured
    /// before it: a design must judge whatever subset it is given (inconclusive where evidence
    /// is missing), never assume the whole plan.
    func evaluate(
        _ measured: [MeasuredConfiguration]
    ) -> (evaluation: Evaluation, configurations: [ConfigurationResult])
}

extension ExperimentDesign {
    /// The definition (claim, source, rule) this design runs.
    public var definition: ExperimentDefinition { name.definition }
}
