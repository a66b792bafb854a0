import FootprintCore

/// `footprint estimate lifecycle --json`: per-stage objects plus totals.
struct LifecycleJSON: Encodable {
    struct Stage: Encodable {
        var energyKWh: Double
        var itEnergyKWh: Double
        var co2eKg: Double
        var share: Double
        var formula: String
        enum CodingKeys: String, CodingKey {
            case share, formula
            case energyKWh = "energy_kwh", itEnergyKWh = "it_energy_kwh", co2eKg = "co2e_kg"
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
        enum CodingKeys: String, CodingKey {
            case basis, model, parameters, flops, hardware
            case energyJ = "energy_j", itEnergyJ = "it_energy_j"
        }
    }

    struct Inputs: Encodable {
        var samples: Double
        var epochs: Double
        var overhead: Double
        var tuningRuns: Int
        var finalInSearch: Bool
        var inferences: Double
        enum CodingKeys: String, CodingKey {
            case samples, epochs, overhead, inferences
            case tuningRuns = "tuning_runs", finalInSearch = "final_in_search"
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

    enum CodingKeys: String, CodingKey {
        case stages, inference, inputs, pue, location, equivalents
        case energyKWh = "energy_kwh", co2eKg = "co2e_kg", dominantStage = "dominant_stage"
        case breakEvenInferences = "break_even_inferences"
    }

    init(
        _ estimate: LifecycleEstimate, model: LifecycleModel, inference: Estimate.Lifecycle.InferenceSource,
        facility: Facility, location: ResolvedLocation
    ) {
        var stages: [String: Stage] = [:]
        for stage in estimate.stages {
            stages[stage.name.rawValue] = Stage(
                energyKWh: stage.facilityEnergy.kilowattHours, itEnergyKWh: stage.itEnergy.kilowattHours,
                co2eKg: stage.emissions.kilograms, share: estimate.share(of: stage), formula: stage.formula)
        }
        self.stages = stages
        energyKWh = estimate.totalEnergy.kilowattHours
        co2eKg = estimate.totalEmissions.kilograms
        dominantStage = estimate.totalEnergy.joules > 0 ? estimate.dominant?.name.rawValue : nil
        breakEvenInferences = estimate.breakEvenInferences
        self.inference = Inference(
            energyJ: estimate.inferenceEnergy.joules, itEnergyJ: model.inference.itEnergy.joules,
            basis: model.inference.basis, model: inference.analysis?.spec.name,
            parameters: inference.analysis?.parameters, flops: inference.analysis?.forwardFLOPs,
            hardware: inference.hardware?.name)
        inputs = Inputs(
            samples: model.training.samples, epochs: model.training.epochs, overhead: model.overhead,
            tuningRuns: model.tuningRuns.count, finalInSearch: model.finalTrainingInSearch,
            inferences: model.inferences)
        pue = EstimateOutput.PUEJSON(facility)
        self.location = location
        equivalents = EstimateOutput.equivalentsJSON(estimate.totalEmissions)
    }
}
