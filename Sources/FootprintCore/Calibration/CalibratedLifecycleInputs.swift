/// What a calibration says for the life-cycle model of one network: I (one inference), the
/// training energy of one sample, and their ratio β, each with its 95 % prediction interval.
///
/// T = β · I · D · E is then the training pass's prediction times D · E, so β is the network's
/// own, not the paper's constant.
public struct CalibratedLifecycleInputs: Sendable, Hashable {
    /// One sample of inference at ``inferenceBatch``.
    public let inference: CalibratedCost
    /// One sample of training at ``batch``.
    public let training: CalibratedCost
    public let batch: Int
    public let inferenceBatch: Int

    /// Predicts both passes of `analysis`.
    /// - Throws: ``CalibrationError/Reason/uncoveredLayer`` naming a layer the calibration lacks,
    ///   ``CalibrationError/Reason/invalidInput`` for a batch below 1 or a prediction of no energy.
    public init(
        _ calibration: EnergyCalibration, analysis: ModelAnalysis, batch: Int, inferenceBatch: Int
    ) throws(CalibrationError) {
        inference = try calibration.predict(analysis, pass: .inference, batch: inferenceBatch)
        training = try calibration.predict(analysis, pass: .training, batch: batch)
        guard inference.energy.joules > 0, training.energy.joules > 0 else {
            throw CalibrationError(
                .invalidInput,
                "the calibration predicts no energy for \(analysis.spec.name) (every coefficient it uses is 0)")
        }
        self.batch = batch
        self.inferenceBatch = inferenceBatch
    }

    /// β: the training energy of one sample over that of one inference.
    public var overhead: Double { training.energy / inference.energy }

    /// I's interval as factors of I.
    public var inferenceInterval: RelativeInterval {
        RelativeInterval(
            value: inference.energy.joules, low: inference.lowEnergy.joules, high: inference.highEnergy.joules)
            ?? RelativeInterval(low: 1, high: 1)
    }

    /// The training energy's interval as factors of it (and of T, which is D · E of it).
    public var trainingInterval: RelativeInterval {
        RelativeInterval(
            value: training.energy.joules, low: training.lowEnergy.joules, high: training.highEnergy.joules)
            ?? RelativeInterval(low: 1, high: 1)
    }

    /// β's interval: the two passes are fitted apart, so their errors are taken as independent.
    public var overheadInterval: RelativeInterval { trainingInterval.ratio(over: inferenceInterval) }

    /// Wall time of training on `samples` a epoch for `epochs`, from the time model.
    public func trainingDuration(samples: Double, epochs: Double) -> Duration {
        .seconds(training.seconds * samples * epochs)
    }
}
