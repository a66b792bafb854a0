import FootprintCore

/// One pass of a held-out configuration: what the calibration predicts (with its 95 % interval),
/// what was measured, and the uncalibrated estimate, all in IT joules (before PUE).
public struct ValidatedPass: Sendable, Hashable, Codable {
    public var predictedJoules: Double
    public var lowJoules: Double
    public var highJoules: Double
    public var measuredJoules: Double
    public var uncalibratedJoules: Double

    public init(
        predictedJoules: Double, lowJoules: Double, highJoules: Double, measuredJoules: Double,
        uncalibratedJoules: Double
    ) {
        self.predictedJoules = predictedJoules
        self.lowJoules = lowJoules
        self.highJoules = highJoules
        self.measuredJoules = measuredJoules
        self.uncalibratedJoules = uncalibratedJoules
    }

    /// The calibration's relative error, predicted ÷ measured − 1; nil without a measured energy.
    public var error: Double? { Self.relativeError(predictedJoules, measuredJoules) }
    /// The uncalibrated estimate's relative error.
    public var uncalibratedError: Double? { Self.relativeError(uncalibratedJoules, measuredJoules) }
    /// Whether the measurement lies in the calibration's 95 % prediction interval.
    public var withinInterval: Bool { (lowJoules...highJoules).contains(measuredJoules) }

    static func relativeError(_ estimate: Double, _ measured: Double) -> Double? {
        measured > 0 && estimate.isFinite ? estimate / measured - 1 : nil
    }

    enum CodingKeys: String, CodingKey {
        case predictedJoules = "predicted_j", lowJoules = "low_j", highJoules = "high_j"
        case measuredJoules = "measured_j", uncalibratedJoules = "uncalibrated_j", error
        case uncalibratedError = "uncalibrated_error", withinInterval = "within_interval"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(predictedJoules, forKey: .predictedJoules)
        try c.encode(lowJoules, forKey: .lowJoules)
        try c.encode(highJoules, forKey: .highJoules)
        try c.encode(measuredJoules, forKey: .measuredJoules)
        try c.encode(uncalibratedJoules, forKey: .uncalibratedJoules)
        try c.encode(error, forKey: .error)
        try c.encode(uncalibratedError, forKey: .uncalibratedError)
        try c.encode(withinInterval, forKey: .withinInterval)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        predictedJoules = try c.decode(Double.self, forKey: .predictedJoules)
        lowJoules = try c.decode(Double.self, forKey: .lowJoules)
        highJoules = try c.decode(Double.self, forKey: .highJoules)
        measuredJoules = try c.decode(Double.self, forKey: .measuredJoules)
        uncalibratedJoules = try c.decode(Double.self, forKey: .uncalibratedJoules)
    }
}

/// A held-out configuration measured and compared: the whole training run's energy (D × E
/// sample-epochs) and one sample's inference.
public struct ValidatedConfiguration: Sendable, Hashable, Codable {
    public var name: String
    /// The spec's name ("mlp-4x192-tanh").
    public var model: String
    public var batch: Int
    public var samples: Int
    public var epochs: Int
    public var forwardFLOPs: Double
    public var parameters: Int
    /// The training run of samples × epochs.
    public var training: ValidatedPass
    /// One sample's inference.
    public var inference: ValidatedPass
    /// Seconds of one measured training run: predicted and measured.
    public var predictedTrainingSeconds: Double
    public var measuredTrainingSeconds: Double

    enum CodingKeys: String, CodingKey {
        case name, model, batch, samples, epochs, parameters, training, inference
        case forwardFLOPs = "forward_flops", predictedTrainingSeconds = "predicted_training_s"
        case measuredTrainingSeconds = "measured_training_s"
    }
}

/// The median and worst absolute relative error over the configurations.
public struct ErrorSummary: Sendable, Hashable, Codable {
    public var medianAbsoluteError: Double?
    public var worstAbsoluteError: Double?
    /// Configurations whose errors these are (those with a measured energy).
    public var count: Int

    public init(_ errors: [Double?]) {
        let absolute = errors.compactMap { $0.map(abs) }
        medianAbsoluteError = Statistics.median(absolute)
        worstAbsoluteError = absolute.max()
        count = absolute.count
    }

    enum CodingKeys: String, CodingKey {
        case count
        case medianAbsoluteError = "median_abs_error", worstAbsoluteError = "worst_abs_error"
    }
}

/// Both methods' errors over one pass.
public struct PassErrors: Sendable, Hashable, Codable {
    public var calibrated: ErrorSummary
    public var uncalibrated: ErrorSummary
    /// How many measurements fell inside the calibration's 95 % interval.
    public var withinInterval: Int

    public init(_ passes: [ValidatedPass]) {
        calibrated = ErrorSummary(passes.map(\.error))
        uncalibrated = ErrorSummary(passes.map(\.uncalibratedError))
        withinInterval = passes.filter(\.withinInterval).count
    }

    enum CodingKeys: String, CodingKey {
        case calibrated, uncalibrated
        case withinInterval = "within_interval"
    }
}

/// Compares a calibration with measurements of held-out configurations.
public struct CalibrationValidator: Sendable {
    public let calibration: EnergyCalibration
    public let uncalibrated: UncalibratedEstimate

    public init(calibration: EnergyCalibration, uncalibrated: UncalibratedEstimate) {
        self.calibration = calibration
        self.uncalibrated = uncalibrated
    }

    /// What the calibration predicts for a configuration's training (one sample-epoch) and
    /// inference (one sample).
    /// - Throws: ``CalibrationError/Reason/uncoveredLayer`` for a layer kind it did not measure.
    public func predictions(
        _ configuration: ValidationConfiguration
    ) throws(CalibrationError) -> (training: CalibratedCost, inference: CalibratedCost) {
        let analysis: ModelAnalysis
        do {
            analysis = try configuration.spec.analyze()
        } catch {
            throw CalibrationError(.invalidInput, "\(configuration.name): \(error.message)")
        }
        return (
            try calibration.predict(analysis, pass: .training, batch: configuration.training.batch),
            try calibration.predict(analysis, pass: .inference, batch: configuration.inference.batch)
        )
    }

    /// The configuration's comparison from its measured training (per sample-epoch) and
    /// inference (per sample).
    public func compare(
        _ configuration: ValidationConfiguration, training: MeasuredCost, inference: MeasuredCost
    ) throws(CalibrationError) -> ValidatedConfiguration {
        let predicted = try predictions(configuration)
        let analysis = try? configuration.spec.analyze()
        let flops = analysis?.forwardFLOPs ?? 0
        let runs = Double(configuration.sampleEpochs)
        let trainingPass = ValidatedPass(
            predictedJoules: predicted.training.energy.joules * runs,
            lowJoules: predicted.training.lowEnergy.joules * runs,
            highJoules: predicted.training.highEnergy.joules * runs,
            measuredJoules: training.joulesPerSample * runs,
            uncalibratedJoules: uncalibrated.trainingJoules(
                forwardFLOPs: flops, samples: configuration.samples, epochs: configuration.epochs))
        let inferencePass = ValidatedPass(
            predictedJoules: predicted.inference.energy.joules, lowJoules: predicted.inference.lowEnergy.joules,
            highJoules: predicted.inference.highEnergy.joules, measuredJoules: inference.joulesPerSample,
            uncalibratedJoules: uncalibrated.inferenceJoules(forwardFLOPs: flops))
        return ValidatedConfiguration(
            name: configuration.name, model: configuration.spec.name, batch: configuration.batch,
            samples: configuration.samples, epochs: configuration.epochs, forwardFLOPs: flops,
            parameters: analysis?.parameters ?? 0, training: trainingPass, inference: inferencePass,
            predictedTrainingSeconds: predicted.training.seconds * runs,
            measuredTrainingSeconds: training.secondsPerSample * runs)
    }
}
