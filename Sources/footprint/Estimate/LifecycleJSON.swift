import FootprintCore

/// `footprint estimate lifecycle --json`: per-stage objects plus totals.
struct LifecycleJSON: Encodable {
    struct Stage: Encodable {
        var energyKWh: Double
        var itEnergyKWh: Double
        var co2eKg: Double
        var share: Double
        var formula: String
        /// The 95 % interval of the facility energy, where the inputs give one.
        var lowEnergyKWh: Double?
        var highEnergyKWh: Double?
        enum CodingKeys: String, CodingKey {
            case share, formula
            case energyKWh = "energy_kwh", itEnergyKWh = "it_energy_kwh", co2eKg = "co2e_kg"
            case lowEnergyKWh = "low_energy_kwh", highEnergyKWh = "high_energy_kwh"
        }
    }

    struct Inference: Encodable {
        var energyJ: Double
        var itEnergyJ: Double
        var basis: String
        var model: String?
        var parameters: Int?
        var flops: Double?
        var hardware: String?
        /// The 95 % interval of I at the facility, from a calibration.
        var lowEnergyJ: Double?
        var highEnergyJ: Double?
        /// Seconds of one inference, where known.
        var durationS: Double?
        enum CodingKeys: String, CodingKey {
            case basis, model, parameters, flops, hardware
            case energyJ = "energy_j", itEnergyJ = "it_energy_j", lowEnergyJ = "low_energy_j"
            case highEnergyJ = "high_energy_j", durationS = "duration_s"
        }
    }

    struct Inputs: Encodable {
        var samples: Double
        var epochs: Double
        var overhead: Double
        var tuningRuns: Int
        var finalInSearch: Bool
        var inferences: Double
        /// β's 95 % interval, from a calibration.
        var overheadLow: Double?
        var overheadHigh: Double?
        /// The calibration's batch sizes.
        var batch: Int?
        var inferenceBatch: Int?
        enum CodingKeys: String, CodingKey {
            case samples, epochs, overhead, inferences, batch
            case tuningRuns = "tuning_runs", finalInSearch = "final_in_search"
            case overheadLow = "overhead_low", overheadHigh = "overhead_high", inferenceBatch = "inference_batch"
        }
    }

    /// The calibration an estimate used.
    struct Calibration: Encodable {
        var file: String
        var created: String
        var fingerprint: CalibrationFingerprint
        /// One training sample's IT energy at the batch, its 95 % interval, and its seconds.
        var trainingEnergyJ: Double
        var trainingLowEnergyJ: Double
        var trainingHighEnergyJ: Double
        var trainingSecondsPerSample: Double
        enum CodingKeys: String, CodingKey {
            case file, created, fingerprint
            case trainingEnergyJ = "training_energy_per_sample_j", trainingLowEnergyJ =
                "training_low_energy_per_sample_j"
            case trainingHighEnergyJ = "training_high_energy_per_sample_j"
            case trainingSecondsPerSample = "training_seconds_per_sample"
        }
    }

    /// The measured run an estimate used.
    struct MeasuredRun: Encodable {
        struct Epoch: Encodable {
            var name: String
            var itEnergyJ: Double
            var durationS: Double
            var used: Bool
            enum CodingKeys: String, CodingKey {
                case name, used
                case itEnergyJ = "it_energy_j", durationS = "duration_s"
            }
        }
        var id: String
        var name: String
        var scope: String
        var epochTask: String
        var epochs: [Epoch]
        var excludedWarmUp: Bool
        /// The used epochs' mean IT energy and seconds.
        var epochEnergyJ: Double
        var epochDurationS: Double
        var inferenceTask: String?
        var inferenceSamples: Int?
        var inferenceITEnergyJ: Double?
        enum CodingKeys: String, CodingKey {
            case id, name, scope, epochs
            case epochTask = "epoch_task", excludedWarmUp = "excluded_warm_up", epochEnergyJ = "epoch_it_energy_j"
            case epochDurationS = "epoch_duration_s", inferenceTask = "inference_task"
            case inferenceSamples = "inference_samples", inferenceITEnergyJ = "inference_task_it_energy_j"
        }
    }

    var stages: [String: Stage]
    var energyKWh: Double
    var co2eKg: Double
    var dominantStage: String?
    var breakEvenInferences: Double
    var inference: Inference
    var inputs: Inputs
    var pue: EstimateOutput.PUEJSON
    var location: ResolvedLocation
    var equivalents: [EstimateOutput.EquivalentJSON]
    /// What the estimate rests on: "calibrated: FILE, DATE", "measured: run ID, DATE", or "uncalibrated: …".
    var basis: String
    /// The life cycle's 95 % interval, where every stage with energy has one.
    var lowEnergyKWh: Double?
    var highEnergyKWh: Double?
    /// Wall time of the final training, where it can be said.
    var trainingDurationS: Double?
    var calibration: Calibration?
    var run: MeasuredRun?
    /// A calibration from another machine used by --force.
    var warning: String?
    /// The hardware's embodied CO2e with `--embodied`: beside `co2e_kg`, not in it.
    var embodied: LifecycleEmbodiedJSON?
    /// The site's water with `--wue`.
    var water: WaterUse?

    enum CodingKeys: String, CodingKey {
        case stages, inference, inputs, pue, location, equivalents, basis, calibration, run, warning, embodied, water
        case energyKWh = "energy_kwh", co2eKg = "co2e_kg", dominantStage = "dominant_stage"
        case breakEvenInferences = "break_even_inferences", lowEnergyKWh = "low_energy_kwh"
        case highEnergyKWh = "high_energy_kwh", trainingDurationS = "training_duration_s"
    }

    init(
        _ estimate: LifecycleEstimate, model: LifecycleModel, inference: Estimate.Lifecycle.InferenceSource,
        interval: LifecycleInterval?, trainingDuration: FootprintCore.Duration?, facility: Facility,
        location: ResolvedLocation
    ) {
        var stages: [String: Stage] = [:]
        for stage in estimate.stages {
            let bounds = interval?.stages[stage.name]
            stages[stage.name.rawValue] = Stage(
                energyKWh: stage.facilityEnergy.kilowattHours, itEnergyKWh: stage.itEnergy.kilowattHours,
                co2eKg: stage.emissions.kilograms, share: estimate.share(of: stage), formula: stage.formula,
                lowEnergyKWh: bounds?.low.kilowattHours, highEnergyKWh: bounds?.high.kilowattHours)
        }
        self.stages = stages
        basis = inference.basis(model: model)
        lowEnergyKWh = interval?.total?.low.kilowattHours
        highEnergyKWh = interval?.total?.high.kilowattHours
        trainingDurationS = trainingDuration?.seconds
        warning = inference.calibrated?.warning
        energyKWh = estimate.totalEnergy.kilowattHours
        co2eKg = estimate.totalEmissions.kilograms
        dominantStage = estimate.totalEnergy.joules > 0 ? estimate.dominant?.name.rawValue : nil
        breakEvenInferences = estimate.breakEvenInferences
        self.inference = Inference(
            energyJ: estimate.inferenceEnergy.joules, itEnergyJ: model.inference.itEnergy.joules,
            basis: model.inference.basis, model: inference.modelCount?.name,
            parameters: inference.modelCount?.parameters, flops: inference.modelCount?.forwardFLOPs,
            hardware: inference.hardware?.name,
            lowEnergyJ: inference.calibrated.map { model.pue.facilityEnergy($0.inputs.inference.lowEnergy).joules },
            highEnergyJ: inference.calibrated.map { model.pue.facilityEnergy($0.inputs.inference.highEnergy).joules },
            durationS: model.inference.duration?.seconds)
        let overheadInterval = inference.calibrated?.inputs.overheadInterval
        inputs = Inputs(
            samples: model.training.samples, epochs: model.training.epochs, overhead: model.overhead,
            tuningRuns: model.tuningRuns.count, finalInSearch: model.finalTrainingInSearch,
            inferences: model.inferences, overheadLow: overheadInterval.map { model.overhead * $0.low },
            overheadHigh: overheadInterval.map { model.overhead * $0.high }, batch: inference.calibrated?.inputs.batch,
            inferenceBatch: inference.calibrated?.inputs.inferenceBatch)
        calibration = inference.calibrated.map {
            Calibration(
                file: $0.path, created: $0.calibration.created, fingerprint: $0.calibration.fingerprint,
                trainingEnergyJ: $0.inputs.training.energy.joules,
                trainingLowEnergyJ: $0.inputs.training.lowEnergy.joules,
                trainingHighEnergyJ: $0.inputs.training.highEnergy.joules,
                trainingSecondsPerSample: $0.inputs.training.seconds)
        }
        run = inference.measured.map { measured in
            let used = Set(measured.epochs.kept.indices)
            return MeasuredRun(
                id: measured.run.id, name: measured.run.name, scope: measured.run.scope.rawValue,
                epochTask: measured.pattern.text,
                epochs: measured.epochs.all.enumerated().map {
                    MeasuredRun.Epoch(
                        name: $1.name, itEnergyJ: $1.energy.joules, durationS: $1.seconds, used: used.contains($0))
                },
                excludedWarmUp: measured.epochs.excludedWarmUp, epochEnergyJ: measured.epochs.meanEnergy.joules,
                epochDurationS: measured.epochs.meanSeconds, inferenceTask: measured.inference?.task,
                inferenceSamples: measured.inference?.samples, inferenceITEnergyJ: measured.inference?.energy.joules)
        }
        pue = EstimateOutput.PUEJSON(facility)
        self.location = location
        equivalents = EstimateOutput.equivalentsJSON(estimate.totalEmissions)
    }
}
