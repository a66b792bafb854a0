/// One configuration of an experiment, measured: its energy over the repeats (median, lowest,
/// highest), time, throughput, accuracy where the configuration has one, and how the energy was
/// obtained.
public struct ConfigurationResult: Sendable, Hashable, Codable {
    /// The configuration in a few words ("D = 20,000", "10x100 inference").
    public var label: String
    public var parameters: ConfigurationParameters
    /// Joules over the repeats; the median is the configuration's figure.
    public var energy: Spread
    /// Median seconds over the repeats.
    public var durationSeconds: Double
    /// Samples processed per second (training samples × epochs, or inferences), at the median.
    public var samplesPerSecond: Double
    /// Test accuracy 0 to 1; nil where the configuration has none (pure inference timing).
    public var accuracy: Double?
    /// How the energy was obtained: the method of the component that carries most of it (the
    /// ledger's task records keep every component's method).
    public var method: MeasurementMethod
    /// The life-cycle model's prediction T = β·I·D·E with β and I measured in the experiment,
    /// beside the measurement where it applies.
    public var predictedEnergyJoules: Double?
    /// Weights that are not zero, where the experiment counts them (sparse models, pruning).
    public var nonzeroWeights: Int?
    /// Bytes the weights take as stored (Float32 or Float16, dense or CSR).
    public var parameterBytes: Int?
    /// For a configuration that trains to a target accuracy: whether it got there (false: its
    /// energy is a lower bound of the energy to get there).
    public var reachedTarget: Bool?

    public init(
        label: String, parameters: ConfigurationParameters, energy: Spread, durationSeconds: Double,
        samplesPerSecond: Double, accuracy: Double? = nil, method: MeasurementMethod,
        predictedEnergyJoules: Double? = nil, nonzeroWeights: Int? = nil, parameterBytes: Int? = nil,
        reachedTarget: Bool? = nil
    ) {
        self.label = label
        self.parameters = parameters
        self.energy = energy
        self.durationSeconds = durationSeconds
        self.samplesPerSecond = samplesPerSecond
        self.accuracy = accuracy
        self.method = method
        self.predictedEnergyJoules = predictedEnergyJoules
        self.nonzeroWeights = nonzeroWeights
        self.parameterBytes = parameterBytes
        self.reachedTarget = reachedTarget
    }

    /// Samples the energy covers: training samples × epochs for training, the samples run forward
    /// for inference; nil when the parameters do not say.
    public var samples: Double? {
        guard let trainSamples = parameters.trainSamples else { return nil }
        return Double(trainSamples) * Double(parameters.phase == .inference ? 1 : parameters.epochs ?? 1)
    }

    /// Joules per sample over the repeats; nil when the samples are not known.
    public var energyPerSample: Spread? { samples.flatMap { energy.divided(by: $0) } }

    enum CodingKeys: String, CodingKey {
        case label, parameters, accuracy, method
        case energy = "energy_j"
        case energyMinimum = "energy_j_min"
        case energyMaximum = "energy_j_max"
        case durationSeconds = "duration_s"
        case samplesPerSecond = "samples_per_s"
        case predictedEnergyJoules = "predicted_energy_j"
        case nonzeroWeights = "nonzero_weights"
        case parameterBytes = "parameter_bytes"
        case reachedTarget = "reached_target"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        label = try container.decode(String.self, forKey: .label)
        parameters = try container.decode(ConfigurationParameters.self, forKey: .parameters)
        energy = Spread(
            median: try container.decode(Double.self, forKey: .energy),
            minimum: try container.decode(Double.self, forKey: .energyMinimum),
            maximum: try container.decode(Double.self, forKey: .energyMaximum))
        durationSeconds = try container.decode(Double.self, forKey: .durationSeconds)
        samplesPerSecond = try container.decode(Double.self, forKey: .samplesPerSecond)
        accuracy = try container.decodeIfPresent(Double.self, forKey: .accuracy)
        method = try container.decode(MeasurementMethod.self, forKey: .method)
        predictedEnergyJoules = try container.decodeIfPresent(Double.self, forKey: .predictedEnergyJoules)
        nonzeroWeights = try container.decodeIfPresent(Int.self, forKey: .nonzeroWeights)
        parameterBytes = try container.decodeIfPresent(Int.self, forKey: .parameterBytes)
        reachedTarget = try container.decodeIfPresent(Bool.self, forKey: .reachedTarget)
    }

    /// The energy's median, lowest and highest repeat sit flat beside the label: `energy_j`,
    /// `energy_j_min`, `energy_j_max`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(label, forKey: .label)
        try container.encode(parameters, forKey: .parameters)
        try container.encode(energy.median, forKey: .energy)
        try container.encode(energy.minimum, forKey: .energyMinimum)
        try container.encode(energy.maximum, forKey: .energyMaximum)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(samplesPerSecond, forKey: .samplesPerSecond)
        try container.encodeIfPresent(accuracy, forKey: .accuracy)
        try container.encode(method, forKey: .method)
        try container.encodeIfPresent(predictedEnergyJoules, forKey: .predictedEnergyJoules)
        try container.encodeIfPresent(nonzeroWeights, forKey: .nonzeroWeights)
        try container.encodeIfPresent(parameterBytes, forKey: .parameterBytes)
        try container.encodeIfPresent(reachedTarget, forKey: .reachedTarget)
    }
}
