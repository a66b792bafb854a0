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
        case .sparseVsDeep: SparseVsDeepDesign()
        case .precision: PrecisionDesign()
        case .batchSize: BatchSizeDesign()
        case .pruning: PruningDesign()
        }
    }
}
