import FootprintCore

extension ExperimentName {
    /// How this experiment is run and judged.
    public var design: any ExperimentDesign {
        switch self {
        case .trainingSetSize: TrainingSetSizeDesign()
        case .epochs: EpochsDesign()
        case .trainingVsInference: TrainingVsInferenceDesign()
        case .modelSize: ModelSizeDesign()
        case .modelShape: ModelShapeDesign()
        case .layerType: LayerTypeDesign()
        case .transferLearning: TransferLearningDesign()
        default: NotYetDesigned(name: self)
        }
    }
}

/// Placeholder while the suite's designs land one by one; removed when all eleven are in.
struct NotYetDesigned: ExperimentDesign {
    let name: ExperimentName
    func configurations(at scale: ExperimentScale) -> [PlannedConfiguration] { [] }
    func evaluate(
        _ measured: [MeasuredConfiguration]
    ) -> (evaluation: Evaluation, configurations: [ConfigurationResult]) {
        (Evaluation(verdict: .inconclusive, finding: "Not designed yet.", fit: ExperimentFit()), [])
    }
}
