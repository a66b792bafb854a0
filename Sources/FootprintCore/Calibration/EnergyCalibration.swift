import Foundation

/// A per-layer energy model fitted to measurements on one machine with one engine: the file
/// `footprint lab calibrate` writes and `estimate lifecycle --calibration` reads (documented in
/// docs/calibration.md).
///
/// The model, for each pass (inference, training) separately: the IT energy of one sample is
/// linear in ``CalibrationFeature``s, E = Σ_f c_f · x_f, with non-negative coefficients fitted to
/// relative error, and so is its time. Static power has no term of its own: it is paid over time,
/// and time is itself linear in the same features, so it is absorbed into the coefficients (a
/// separate term would be collinear with them); ``meanPowerWatts`` reports it.
public struct EnergyCalibration: Sendable, Hashable, Codable {
    /// The `format` every calibration file carries.
    public static let formatName = "footprint-calibration"
    /// The newest `version` this build reads and the one it writes.
    public static let currentVersion = 1

    public var format: String = Self.formatName
    public var version: Int = Self.currentVersion
    /// When the measurements were made, ISO 8601 in UTC ("2026-11-30T13:05:00Z").
    public var created: String
    public var fingerprint: CalibrationFingerprint
    /// The model in one paragraph, for the reader of the file.
    public var form: String
    /// The scope the energy was measured in: "process" (the engine's own share) or "machine".
    public var scope: Scope
    /// The layer kinds the measurements covered; a model with another kind is refused.
    public var layerKinds: [CalibrationLayerKind]
    /// The features, in the order of every coefficient vector and covariance matrix.
    public var features: [CalibrationFeature]
    /// The fitted models of inference and training.
    public var inference: PassModel
    public var training: PassModel
    /// Every measurement the fit used, with what the fit predicts for it.
    public var points: [CalibrationPoint]
    /// Mean IT power over all measurements, watts.
    public var meanPowerWatts: Double
    /// Wall time the calibration took, seconds.
    public var seconds: Double

    public init(
        created: String, fingerprint: CalibrationFingerprint, form: String, scope: Scope,
        layerKinds: [CalibrationLayerKind], features: [CalibrationFeature], inference: PassModel,
        training: PassModel, points: [CalibrationPoint], meanPowerWatts: Double, seconds: Double
    ) {
        self.created = created
        self.fingerprint = fingerprint
        self.form = form
        self.scope = scope
        self.layerKinds = layerKinds
        self.features = features
        self.inference = inference
        self.training = training
        self.points = points
        self.meanPowerWatts = meanPowerWatts
        self.seconds = seconds
    }

    /// The model of one pass.
    public func model(_ pass: CalibratedPass) -> PassModel {
        switch pass {
        case .inference: inference
        case .training: training
        }
    }

    /// Energy and time of one sample of `pass` for a model at `batch` samples a batch.
    /// - Throws: ``CalibrationError/Reason/uncoveredLayer`` for a layer (or a layer kind) the
    ///   calibration did not measure.
    public func predict(
        _ analysis: ModelAnalysis, pass: CalibratedPass, batch: Int
    ) throws(CalibrationError) -> CalibratedCost {
        let features = try CalibrationFeatures.of(analysis, batch: batch)
        let missing = features.layerKinds.subtracting(layerKinds).map(\.rawValue).sorted()
        guard missing.isEmpty else {
            throw CalibrationError(
                .uncoveredLayer,
                "the calibration did not measure \(missing.joined(separator: ", ")) layers, which "
                    + "\(analysis.spec.name) has; calibrate again with an engine that has them")
        }
        return predict(features, pass: pass)
    }

    /// Energy and time of one sample of `pass` with these features.
    public func predict(_ features: CalibrationFeatures, pass: CalibratedPass) -> CalibratedCost {
        let x = features.vector(self.features, for: pass)
        let model = model(pass)
        let energy = model.energy.predict(x)
        let time = model.time.predict(x)
        return CalibratedCost(
            energy: .joules(energy.value), seconds: time.value, lowEnergy: .joules(energy.low),
            highEnergy: .joules(energy.high))
    }

    enum CodingKeys: String, CodingKey {
        case format, version, created, fingerprint, form, scope, features, inference, training, points, seconds
        case layerKinds = "layer_kinds", meanPowerWatts = "mean_power_w"
    }
}

/// The two passes a calibration models.
public enum CalibratedPass: String, Sendable, Hashable, Codable, CaseIterable {
    /// A forward pass, per sample.
    case inference
    /// A training step (forward, backward and the optimiser's update), per sample.
    case training
}

/// One pass's fitted energy and time.
public struct PassModel: Sendable, Hashable, Codable {
    /// Joules of IT energy per sample.
    public var energy: FittedModel
    /// Seconds per sample.
    public var time: FittedModel

    public init(energy: FittedModel, time: FittedModel) {
        self.energy = energy
        self.time = time
    }
}

/// A linear model y = Σ c_f · x_f with its uncertainty, fitted to minimise relative error.
public struct FittedModel: Sendable, Hashable, Codable {
    /// One coefficient per feature, in the calibration's feature order.
    public var coefficients: [Coefficient]
    /// Covariance of the coefficients (feature order), from the fit's relative residuals:
    /// σ² (X̃ᵀX̃)⁻¹ over the coefficients the fit kept, zero rows and columns for those it held at 0.
    public var covariance: [[Double]]
    /// The standard deviation of the relative residuals (measured ÷ predicted − 1), σ above.
    public var relativeResidualSD: Double
    /// The residuals' median and largest absolute value, as a share of the measured value.
    public var medianAbsoluteError: Double
    public var worstAbsoluteError: Double
    /// Measurements minus coefficients kept.
    public var degreesOfFreedom: Int

    public init(
        coefficients: [Coefficient], covariance: [[Double]], relativeResidualSD: Double,
        medianAbsoluteError: Double, worstAbsoluteError: Double, degreesOfFreedom: Int
    ) {
        self.coefficients = coefficients
        self.covariance = covariance
        self.relativeResidualSD = relativeResidualSD
        self.medianAbsoluteError = medianAbsoluteError
        self.worstAbsoluteError = worstAbsoluteError
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// The prediction for `x` and its 95 % prediction interval: the coefficients' uncertainty
    /// (xᵀΣx) and a new measurement's own scatter (σ · ŷ)², added in quadrature; the low end is
    /// never below zero.
    public func predict(_ x: [Double]) -> (value: Double, low: Double, high: Double) {
        var value = 0.0
        for (c, v) in zip(coefficients, x) { value += c.value * v }
        var variance = 0.0
        for i in x.indices where i < covariance.count {
            for j in x.indices where j < covariance[i].count { variance += x[i] * covariance[i][j] * x[j] }
        }
        variance += (relativeResidualSD * value) * (relativeResidualSD * value)
        let half = 1.96 * max(variance, 0).squareRoot()
        return (value, max(value - half, 0), value + half)
    }

    enum CodingKeys: String, CodingKey {
        case coefficients, covariance
        case relativeResidualSD = "relative_residual_sd", medianAbsoluteError = "median_abs_error"
        case worstAbsoluteError = "worst_abs_error", degreesOfFreedom = "degrees_of_freedom"
    }
}

/// One fitted coefficient.
public struct Coefficient: Sendable, Hashable, Codable {
    public var feature: CalibrationFeature
    /// Joules (or seconds) per unit of the feature.
    public var value: Double
    /// Its standard error; nil where the fit held it at zero (a bound, not an estimate).
    public var standardError: Double?
    /// "J/FLOP", "s/value", …
    public var unit: String

    public init(feature: CalibrationFeature, value: Double, standardError: Double?, unit: String) {
        self.feature = feature
        self.value = value
        self.standardError = standardError
        self.unit = unit
    }

    enum CodingKeys: String, CodingKey {
        case feature, value, unit
        case standardError = "standard_error"
    }
}

/// One measurement of a calibration: a small network run for one pass.
public struct CalibrationPoint: Sendable, Hashable, Codable {
    /// What was measured, e.g. "dense 256×256, batch 32".
    public var name: String
    public var pass: CalibratedPass
    public var batch: Int
    /// Samples the measurement covered (samples × epochs or passes, × runs).
    public var samples: Int
    /// The features per sample, in the calibration's feature order.
    public var features: [Double]
    /// Measured IT joules and seconds per sample (the median of the repeats).
    public var joules: Double
    public var seconds: Double
    /// What the fitted model gives for the same features.
    public var predictedJoules: Double
    public var predictedSeconds: Double

    public init(
        name: String, pass: CalibratedPass, batch: Int, samples: Int, features: [Double], joules: Double,
        seconds: Double, predictedJoules: Double, predictedSeconds: Double
    ) {
        self.name = name
        self.pass = pass
        self.batch = batch
        self.samples = samples
        self.features = features
        self.joules = joules
        self.seconds = seconds
        self.predictedJoules = predictedJoules
        self.predictedSeconds = predictedSeconds
    }

    enum CodingKeys: String, CodingKey {
        case name, pass, batch, samples, features, joules, seconds
        case predictedJoules = "predicted_joules", predictedSeconds = "predicted_seconds"
    }
}

/// What a calibration predicts for one sample of a pass.
public struct CalibratedCost: Sendable, Hashable {
    /// IT energy, before PUE.
    public var energy: Energy
    public var seconds: Double
    /// The 95 % prediction interval of the energy.
    public var lowEnergy: Energy
    public var highEnergy: Energy

    public init(energy: Energy, seconds: Double, lowEnergy: Energy, highEnergy: Energy) {
        self.energy = energy
        self.seconds = seconds
        self.lowEnergy = lowEnergy
        self.highEnergy = highEnergy
    }
}
