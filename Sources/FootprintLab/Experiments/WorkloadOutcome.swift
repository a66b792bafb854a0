/// What an engine reports of one workload: the measured phase and what the work achieved.
public struct WorkloadOutcome: Sendable {
    /// The phase as the meter measured it; nil for an unmeasured warm-up.
    public var energy: PhaseEnergy?
    /// Seconds of the measured work (the training loop, or every inference pass).
    public var seconds: Double
    /// Samples processed in that time: training samples × epochs run (× runs), or samples × passes.
    public var samplesProcessed: Int
    /// Epochs trained in one run (fewer than asked when the target accuracy came first), or passes run.
    public var epochsRun: Int
    /// Times training ran from its start within the measurement, to last the workload's minimum
    /// seconds; the energy and seconds cover them all. 1 for inference, whose passes say it.
    public var runs: Int
    /// Test accuracy after the work, 0 to 1.
    public var accuracy: Double?
    /// For training to a target: whether the target was reached.
    public var reachedTarget: Bool?
    /// Weights that are not zero, after training or pruning.
    public var nonzeroWeights: Int?
    /// Bytes the weights take as stored for the work.
    public var parameterBytes: Int?
    /// Parameters the work updated (training) or used (inference).
    public var trainableParameters: Int?

    public init(
        energy: PhaseEnergy?, seconds: Double, samplesProcessed: Int, epochsRun: Int, accuracy: Double? = nil,
        reachedTarget: Bool? = nil, nonzeroWeights: Int? = nil, parameterBytes: Int? = nil,
        trainableParameters: Int? = nil, runs: Int = 1
    ) {
        self.energy = energy
        self.seconds = seconds
        self.samplesProcessed = samplesProcessed
        self.epochsRun = epochsRun
        self.accuracy = accuracy
        self.reachedTarget = reachedTarget
        self.nonzeroWeights = nonzeroWeights
        self.parameterBytes = parameterBytes
        self.trainableParameters = trainableParameters
        self.runs = runs
    }
}
