import FootprintCore

/// Gitzel et al.'s §4.1: one model trained on training sets of five sizes over a tenfold range;
/// energy against D should be a line. One inference configuration over the middle size's samples
/// gives I and β, and so the life-cycle model's prediction T = β·I·D·E for every size.
struct TrainingSetSizeDesign: ExperimentDesign {
    let name = ExperimentName.trainingSetSize

    struct Plan {
        var depth: Int
        var width: Int
        var epochs: Int
        var sizes: [Int]
    }

    static func plan(_ scale: ExperimentScale) -> Plan {
        switch scale {
        case .smoke: Plan(depth: 2, width: 32, epochs: 2, sizes: [200, 400, 800, 1_200, 2_000])
        case .standard: Plan(depth: 3, width: 64, epochs: 3, sizes: [2_000, 4_000, 8_000, 12_000, 20_000])
        case .paper: Plan(depth: 10, width: 50, epochs: 10, sizes: [10_000, 25_000, 50_000, 75_000, 100_000])
        }
    }

    func configurations(at scale: ExperimentScale) -> [PlannedConfiguration] {
        let plan = Self.plan(scale)
        let spec = DesignKit.mlp(depth: plan.depth, width: plan.width)
        let model = "\(plan.depth)x\(plan.width)"
        var configurations = plan.sizes.map { samples in
            DesignKit.training(
                "D = \(Format.count(samples))", spec: spec, data: DesignKit.synthetic(samples, scale: scale),
                epochs: plan.epochs, depth: plan.depth, width: plan.width, model: model,
                minimumSeconds: scale.minimumPhaseSeconds)
        }
        let middle = plan.sizes[plan.sizes.count / 2]
        configurations.append(
            DesignKit.inference(
                "inference over D = \(Format.count(middle))", spec: spec,
                data: DesignKit.synthetic(middle, scale: scale), epochs: plan.epochs, scale: scale, depth: plan.depth,
                width: plan.width, model: model))
        return configurations
    }

    func evaluate(
        _ measured: [MeasuredConfiguration]
    ) -> (evaluation: Evaluation, configurations: [ConfigurationResult]) {
        var results = measured.map(\.result)
        // β and I from the training configuration whose samples the inference ran over.
        LifecycleCalibration.predict(&results, among: Array(results.indices))
        let trained = results.filter { $0.parameters.phase == .train }
        let sweep = Sweep(name: trained.first?.parameters.model ?? "model", configurations: trained) {
            $0.trainSamples.map(Double.init)
        }
        guard case .linearity(let rule) = definition.rule else { return (Self.misdefined, results) }
        return (rule.evaluate([sweep], quantity: "training samples", unit: "sample"), results)
    }

    /// What a design answers if its definition's rule is not the one it judges by: a defect of the
    /// catalog, reported as inconclusive rather than trapped.
    static let misdefined = Evaluation(
        verdict: .inconclusive, finding: "The experiment's rule does not fit its design.", fit: ExperimentFit())
}
