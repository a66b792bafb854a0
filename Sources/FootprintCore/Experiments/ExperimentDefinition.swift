/// What an experiment tests and how it judges: the claim in our words with its source, what is
/// swept, and the rule that turns the measurements into a verdict.
public struct ExperimentDefinition: Sendable, Hashable {
    public var name: ExperimentName
    /// The claim, restated in our words (never quoted), with the figures the source gives.
    public var claim: String
    /// Who makes the claim, by authors and year, with the section or figure where it helps.
    public var source: String
    /// The configurations the experiment runs, in a reader's words.
    public var sweep: String
    public var rule: VerdictRule

    public init(name: ExperimentName, claim: String, source: String, sweep: String, rule: VerdictRule) {
        self.name = name
        self.claim = claim
        self.source = source
        self.sweep = sweep
        self.rule = rule
    }
}

extension ExperimentName {
    /// This experiment's claim, source, sweep and rule.
    public var definition: ExperimentDefinition {
        switch self {
        case .trainingSetSize: Self.trainingSetSizeDefinition
        case .epochs: Self.epochsDefinition
        case .transferLearning: Self.transferLearningDefinition
        case .trainingVsInference: Self.trainingVsInferenceDefinition
        case .modelSize: Self.modelSizeDefinition
        case .modelShape: Self.modelShapeDefinition
        case .layerType: Self.layerTypeDefinition
        case .sparseVsDeep: Self.sparseVsDeepDefinition
        case .precision: Self.precisionDefinition
        case .batchSize: Self.batchSizeDefinition
        case .pruning: Self.pruningDefinition
        }
    }
}
