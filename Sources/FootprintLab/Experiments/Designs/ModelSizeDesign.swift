import FootprintCore

/// Gitzel et al.'s §4.5.1 (Figs. 10–11): dense networks over a grid of depths and uniform widths,
/// trained alike; energy against trainable parameters, one series per width, should rise, if in
/// jumps. The finding names the largest jump with the depths it lies between.
struct ModelSizeDesign: ExperimentDesign {
    let name = ExperimentName.modelSize

    struct Plan {
        var depths: [Int]
        var widths: [Int]
        var samples: Int
        var epochs: Int
    }

    static func plan(_ scale: ExperimentScale) -> Plan {
        switch scale {
        case .smoke: Plan(depths: [1, 2, 4, 8], widths: [32, 64], samples: 8_000, epochs: 3)
        case .standard: Plan(depths: [2, 4, 8, 16], widths: [32, 64, 128], samples: 8_000, epochs: 3)
        case .paper: Plan(depths: [10, 50, 90, 130, 170], widths: [25, 50, 75, 100], samples: 100_000, epochs: 10)
        }
    }

    static func group(width: Int) -> String { "width \(width)" }

    func configurations(at scale: ExperimentScale) -> [PlannedConfiguration] {
        let plan = Self.plan(scale)
        let data = DesignKit.synthetic(plan.samples, scale: scale)
        return plan.widths.flatMap { width in
            plan.depths.map { depth in
                DesignKit.training(
                    "\(depth)x\(width)", spec: DesignKit.mlp(depth: depth, width: width), data: data,
                    epochs: plan.epochs, depth: depth, width: width, model: "\(depth)x\(width)",
                    group: Self.group(width: width), minimumSeconds: scale.minimumPhaseSeconds)
            }
        }
    }

    func evaluate(
        _ measured: [MeasuredConfiguration]
    ) -> (evaluation: Evaluation, configurations: [ConfigurationResult]) {
        let results = measured.map(\.result)
        var widths: [Int] = []
        for result in results {
            if let width = result.parameters.width, !widths.contains(width) { widths.append(width) }
        }
        let series = widths.map { width in results.filter { $0.parameters.width == width } }
        let sweeps = zip(widths, series).map { width, configurations in
            Sweep(name: Self.group(width: width), configurations: configurations) {
                $0.trainableParameters.map(Double.init)
            }
        }
        guard case .rankCorrelation(let rule) = definition.rule else {
            return (TrainingSetSizeDesign.misdefined, results)
        }
        var evaluation = rule.evaluate(sweeps, quantity: "trainable parameters")
        if let jump = Self.largestJump(series) { evaluation.finding += " " + jump }
        return (evaluation, results)
    }

    /// The largest step in energy between neighbouring depths of one width, over every width,
    /// set beside the growth in parameters it comes with (a jump is energy growing faster than
    /// the parameters); nil when no width has two measured depths.
    static func largestJump(_ series: [[ConfigurationResult]]) -> String? {
        var best: (step: (from: Double, to: Double, ratio: Double), width: [ConfigurationResult])?
        for configurations in series {
            let points = configurations.compactMap { result in
                Self.parameters(result).map { SweepPoint(x: $0, energy: result.energy) }
            }
            if let step = Statistics.largestStep(points), step.ratio > best?.step.ratio ?? -.infinity {
                best = (step, configurations)
            }
        }
        guard let (step, configurations) = best, step.from > 0,
            let from = configurations.first(where: { Self.parameters($0) == step.from }),
            let to = configurations.first(where: { Self.parameters($0) == step.to }),
            let width = from.parameters.width
        else { return nil }
        func model(_ result: ConfigurationResult) -> String {
            "depth \(result.parameters.depth ?? 0) (\(Format.count(result.parameters.trainableParameters ?? 0)) "
                + "parameters)"
        }
        return "Energy jumps most at width \(width), from \(model(from)) to \(model(to)): "
            + "×\(Format.significant(step.ratio)) in energy for ×\(Format.significant(step.to / step.from)) in parameters."
    }

    private static func parameters(_ result: ConfigurationResult) -> Double? {
        result.parameters.trainableParameters.map(Double.init)
    }
}
