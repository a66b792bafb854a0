import FootprintCore

/// The life-cycle model's training term T = β·I·D·E (Gitzel et al. 2023) with its two unknowns
/// measured: I, the inference energy of one sample, and β, training over inference energy on the
/// same samples, both from one training configuration and the inference over its samples.
public struct LifecycleCalibration: Sendable, Hashable {
    /// Joules of one sample's inference.
    public var inferencePerSample: Double
    public var beta: Double

    /// From a training configuration and an inference configuration over the same D·E samples;
    /// nil when either has no positive energy or no sample count.
    public init?(training: ConfigurationResult, inference: ConfigurationResult) {
        guard let samples = inference.samples, samples > 0, inference.energy.median > 0,
            training.energy.median > 0, let trained = training.samples, trained > 0
        else { return nil }
        inferencePerSample = inference.energy.median / samples
        beta = training.energy.median / (inferencePerSample * trained)
    }

    /// T = β·I·D·E.
    public func trainingEnergy(samples: Int, epochs: Int) -> Double {
        beta * inferencePerSample * Double(samples) * Double(epochs)
    }
}

extension LifecycleCalibration {
    /// Fills in the life-cycle model's prediction for the training configurations of one model
    /// among `results` (those at `indices`), calibrated on that model's inference configuration
    /// and the training configuration over the same D·E samples. Leaves everything as it was when
    /// that pair was not measured (an interrupted run), and answers the calibration it used.
    @discardableResult
    static func predict(_ results: inout [ConfigurationResult], among indices: [Int]) -> LifecycleCalibration? {
        let training = indices.filter { results[$0].parameters.phase == .train }
        guard let inference = indices.first(where: { results[$0].parameters.phase == .inference }),
            let pair = training.first(where: { results[$0].samples == results[inference].samples }),
            let calibration = LifecycleCalibration(training: results[pair], inference: results[inference])
        else { return nil }
        for index in training {
            let parameters = results[index].parameters
            results[index].predictedEnergyJoules = calibration.trainingEnergy(
                samples: parameters.trainSamples ?? 0, epochs: parameters.epochs ?? 1)
        }
        return calibration
    }
}
