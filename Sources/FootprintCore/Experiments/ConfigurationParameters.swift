/// Whether a configuration trained a model or only ran it forward.
public enum ExperimentPhase: String, Sendable, Hashable, Codable, CaseIterable {
    case train, inference
}

/// What one configuration ran with; only the parameters its experiment sets are present (nil
/// parameters are left out of the JSON).
public struct ConfigurationParameters: Sendable, Hashable, Codable {
    /// Training samples D (or, for inference, the samples run forward).
    public var trainSamples: Int?
    public var epochs: Int?
    /// Hidden layers (dense) or conv layers.
    public var depth: Int?
    /// Units per hidden layer, or filters per conv layer.
    public var width: Int?
    public var batch: Int?
    /// Share of weights pruned to zero, 0 to 1.
    public var sparsity: Double?
    /// The model in a word or spec ("mlp", "cnn", "l1-logistic", "dedicated", "10x100").
    public var model: String?
    public var phase: ExperimentPhase?
    /// How the weights are stored: "float32" or "float16".
    public var precision: String?
    public var trainableParameters: Int?
    /// Floating-point operations of one forward pass of one sample.
    public var flopsPerSample: Double?
    /// The comparison a configuration belongs to, where an experiment sets configurations side by
    /// side ("equal parameters ≈ 40k", "MLP"); charts and ratios pair by it.
    public var group: String?
    /// Layers kept fixed while training (transfer learning's frozen base).
    public var frozenLayers: Int?

    public init(
        trainSamples: Int? = nil, epochs: Int? = nil, depth: Int? = nil, width: Int? = nil, batch: Int? = nil,
        sparsity: Double? = nil, model: String? = nil, phase: ExperimentPhase? = nil, precision: String? = nil,
        trainableParameters: Int? = nil, flopsPerSample: Double? = nil, group: String? = nil,
        frozenLayers: Int? = nil
    ) {
        self.trainSamples = trainSamples
        self.epochs = epochs
        self.depth = depth
        self.width = width
        self.batch = batch
        self.sparsity = sparsity
        self.model = model
        self.phase = phase
        self.precision = precision
        self.trainableParameters = trainableParameters
        self.flopsPerSample = flopsPerSample
        self.group = group
        self.frozenLayers = frozenLayers
    }

    enum CodingKeys: String, CodingKey {
        case trainSamples = "train_samples"
        case epochs, depth, width, batch, sparsity, model, phase, precision, group
        case frozenLayers = "frozen_layers"
        case trainableParameters = "trainable_parameters"
        case flopsPerSample = "flops_per_sample"
    }
}
