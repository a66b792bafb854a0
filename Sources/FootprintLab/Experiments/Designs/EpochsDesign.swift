import FootprintCore

/// Gitzel et al.'s §4.2: two models, a small and a larger one, each trained on one training set
/// for an increasing number of epochs; energy against E should be a line for each. One inference
/// configuration per model, over its training set as many times as the middle epoch count, gives
/// that model's I and β, and so T = β·I·D·E for each of its epoch counts.
struct EpochsDesign: ExperimentDesign {
    let name = ExperimentName.epochs

    struct Model {
        var depth: Int
        var width: Int
        var label: String { "\(depth)x\(width)" }
    }

    struct Plan {
        var models: [Model]
        var samples: Int
        var epochs: [Int]
    }

    static func plan(_ scale: ExperimentScale) -> Plan {
        switch scale {
        case .smoke:
            Plan(
                models: [Model(depth: 2, width: 32), Model(depth: 2, width: 64)], samples: 8_000,
                epochs: [1, 2, 3, 4, 5])
        case .standard:
            Plan(
                models: [Model(depth: 2, width: 64), Model(depth: 4, width: 128)], samples: 12_000,
                epochs: [1, 2, 4, 6, 8])
        case .paper:
            Plan(
                models: [Model(depth: 10, width: 25), Model(depth: 50, width: 100)], samples: 100_000,
                epochs: [2, 4, 6, 8, 10])
        }
    }

    func configurations(at scale: ExperimentScale) -> [PlannedConfiguration] {
        let plan = Self.plan(scale)
        let data = DesignKit.synthetic(plan.samples, scale: scale)
        let middle = plan.epochs[plan.epochs.count / 2]
        return plan.models.flatMap { model in
            let spec = DesignKit.mlp(depth: model.depth, width: model.width)
            var configurations = plan.epochs.map { epochs in
                DesignKit.training(
                    "\(model.label), E = \(epochs)", spec: spec, data: data, epochs: epochs, depth: model.depth,
                    width: model.width, model: model.label, group: model.label,
                    minimumSeconds: scale.minimumPhaseSeconds)
            }
            configurations.append(
                DesignKit.inference(
                    "\(model.label) inference, \(middle) passes", spec: spec, data: data, epochs: middle,
                    scale: scale, depth: model.depth, width: model.width, model: model.label, group: model.label))
            return configurations
        }
    }

    func evaluate(
        _ measured: [MeasuredConfiguration]
    ) -> (evaluation: Evaluation, configurations: [ConfigurationResult]) {
        var results = measured.map(\.result)
        var models: [String] = []
        for result in results where !models.contains(result.parameters.group ?? "") {
            models.append(result.parameters.group ?? "")
        }
        var sweeps: [Sweep] = []
        var predictions: [String] = []
        for model in models {
            let indices = results.indices.filter { results[$0].parameters.group == model }
            // β and I per model: its inference and its training over the same D·E samples.
            let calibration = LifecycleCalibration.predict(&results, among: indices)
            let trained = indices.map { results[$0] }.filter { $0.parameters.phase == .train }
            sweeps.append(Sweep(name: model, configurations: trained) { $0.epochs.map(Double.init) })
            if let calibration { predictions.append(Self.prediction(model, calibration, trained)) }
        }
        guard case .linearity(let rule) = definition.rule else { return (TrainingSetSizeDesign.misdefined, results) }
        var evaluation = rule.evaluate(sweeps, quantity: "epochs", unit: "epoch")
        if sweeps.count < 2 {
            // The claim is about two models; one alone (a run cut short) cannot settle it.
            evaluation = evaluation.inconclusive(because: "Only one model was measured, two are needed")
        }
        if !predictions.isEmpty {
            evaluation.finding += " Life-cycle model T = β·I·D·E: " + predictions.joined(separator: "; ") + "."
        }
        return (evaluation, results)
    }

    /// β of one model and how far its prediction lies from the measured energies at worst.
    static func prediction(
        _ model: String, _ calibration: LifecycleCalibration, _ trained: [ConfigurationResult]
    ) -> String {
        let deviations = trained.compactMap { result -> Double? in
            guard let predicted = result.predictedEnergyJoules, result.energy.median > 0 else { return nil }
            return abs(predicted - result.energy.median) / result.energy.median
        }
        return "\(model) β \(Format.significant(calibration.beta))"
            + (deviations.max().map { ", within \(Format.percent($0)) of the measured energies" } ?? "")
    }
}
