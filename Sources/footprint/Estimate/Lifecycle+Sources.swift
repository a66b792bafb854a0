import FootprintCore

extension Estimate.Lifecycle.InferenceSource {
    /// β where the source gives it (a calibration, a run); nil: --overhead or the paper's.
    var overhead: Double? { calibrated?.inputs.overhead ?? measured?.overhead }

    /// What the whole estimate rests on: "calibrated: FILE, DATE", "measured: run ID, DATE", or
    /// the way I was obtained and β's origin.
    func basis(model: LifecycleModel) -> String {
        calibrated?.basis ?? measured?.basis
            ?? "uncalibrated (β = \(Format.significant(model.overhead))): \(cost.basis)"
    }

    /// The 95 % intervals the source gives: the calibration's predictions, or the run's
    /// epoch-to-epoch spread (I from one task has none).
    func interval(_ estimate: LifecycleEstimate, model: LifecycleModel) -> LifecycleInterval? {
        if let calibrated {
            return LifecycleInterval(
                estimate, inference: calibrated.inputs.inferenceInterval, training: calibrated.inputs.trainingInterval)
        }
        if let measured {
            let searchEpochs = model.tuningRuns.reduce(0) { $0 + $1.epochs }
            return LifecycleInterval(
                estimate, inference: nil, training: measured.epochs.interval(epochs: model.training.epochs),
                search: measured.epochs.interval(epochs: searchEpochs))
        }
        return nil
    }

    /// The refusal of a β the source gave outside what the model takes, saying where it came from.
    func overheadAdvice(_ error: InvalidInput) -> String {
        let beta = Format.significant(overhead ?? 0)
        let range = "outside 1 to \(Format.count(Int(EstimateBounds.overhead)))"
        if measured != nil {
            return "the run gives β = \(beta) (its epoch energy ÷ (I · D)), \(range): "
                + "check that --samples is the samples of one epoch and --inference-samples those of the "
                + "inference task"
        }
        return "the calibration gives β = \(beta) for this model, \(range); calibrate again"
    }
}

extension Estimate.Lifecycle {
    /// Refuses flags that do not go together, before anything is read.
    func checkCombinations() throws {
        let ways = [
            inferenceEnergy != nil ? "--inference-energy" : nil, inferenceFlops != nil ? "--inference-flops" : nil,
            hardware != nil ? "--hardware" : nil, precision != nil ? "--precision" : nil,
            overhead != nil ? "--overhead" : nil
        ].compactMap { $0 }
        if calibrated.calibration != nil {
            if measured.fromRun != nil {
                throw InvalidInput(
                    "give --calibration or --from-run, not both: I and β come from a calibration or from a measured run"
                )
            }
            guard model != nil else {
                throw InvalidInput(
                    "--calibration needs --model SPEC: the calibration predicts I and β from the network's layers")
            }
            if let flag = ways.first {
                throw InvalidInput(
                    "--calibration gives I and β for --model; leave out \(flag) (--inference-energy, "
                        + "--inference-flops, --hardware, --precision and --overhead go without a calibration)")
            }
        } else if let flag = calibrated.given.first {
            throw InvalidInput("\(flag) goes with --calibration FILE")
        }
        if measured.fromRun != nil {
            if let flag = model != nil ? "--model" : ways.first(where: { $0 != "--inference-energy" }) {
                throw InvalidInput(
                    "--from-run takes I and β from the run's tasks; leave out \(flag) (only --inference-energy "
                        + "may stand in for its inference task)")
            }
            if inferenceEnergy != nil, measured.inferenceTask != nil || measured.inferenceSamples != nil {
                throw InvalidInput(
                    "give --inference-energy or --inference-task/--inference-samples, not both: "
                        + "I comes from one or the other")
            }
            if inferenceEnergy == nil, measured.inferenceSamples == nil {
                throw InvalidInput(
                    "--from-run needs --inference-samples N, the samples the run's "
                        + "'\(measured.inferenceTask ?? MeasuredRunOptions.defaultInferenceTask)' task inferred "
                        + "(or give I with --inference-energy JOULES)")
            }
            if let samples = measured.inferenceSamples, !(1...1_000_000_000_000).contains(samples) {
                throw InvalidInput("--inference-samples must be a whole number from 1 to 1e12; got \(samples)")
            }
        } else if let flag = measured.given.first {
            throw InvalidInput("\(flag) goes with --from-run RUN")
        }
    }
}
