/// The experiments of the suite, by their fixed command-line names: the seven of Gitzel et al.
/// 2023, §4, and four that test the reduction levers of the other sources.
public enum ExperimentName: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case trainingSetSize = "training-set-size"
    case epochs
    case transferLearning = "transfer-learning"
    case trainingVsInference = "training-vs-inference"
    case modelSize = "model-size"
    case modelShape = "model-shape"
    case layerType = "layer-type"
    case sparseVsDeep = "sparse-vs-deep"
    case precision
    case batchSize = "batch-size"
    case pruning

    public var description: String { rawValue }

    /// Every valid name, in suite order, for an error that lists them.
    public static var namesList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
