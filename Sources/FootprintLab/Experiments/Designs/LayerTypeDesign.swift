import FootprintCore

/// Gitzel et al.'s §4.5.3 (Fig. 14): does a convolutional stack cost more than a dense stack of
/// comparable trainable parameters? Both train on the same 8×8 digit images: the conv stack as
/// images (3×3 convolutions, `width` filters, same padding, then one dense output layer), the
/// dense stack on the same pixels as a row, at the conv stack's depth with its width solved to
/// match the conv stack's parameters. Energy is compared per trainable parameter (the claim) and
/// per forward FLOP (where a conv stack's weights, each used at every pixel, do their work).
struct LayerTypeDesign: ExperimentDesign {
    let name = ExperimentName.layerType

    /// A conv stack of `depth` layers of `filters` filters, and the dense stack matched to it.
    struct Comparison: Sendable {
        var depth: Int
        var filters: Int

        var conv: ModelSpec { LayerTypeDesign.cnn(depth: depth, filters: filters) }
        /// The dense stack's width: its parameters nearest the conv stack's at the same depth.
        var denseWidth: Int {
            DesignKit.mlpWidth(depth: depth, parameters: DesignKit.figures(conv).parameters ?? 0)
        }
    }

    struct Plan {
        var samples: Int
        var epochs: Int
        var comparisons: [Comparison]
    }

    static func plan(_ scale: ExperimentScale) -> Plan {
        switch scale {
        case .smoke:
            Plan(samples: 300, epochs: 1, comparisons: [Comparison(depth: 2, filters: 8)])
        case .standard:
            Plan(
                samples: .max, epochs: 3,
                comparisons: [
                    Comparison(depth: 2, filters: 8), Comparison(depth: 3, filters: 16),
                    Comparison(depth: 2, filters: 32)
                ])
        case .paper:
            Plan(
                samples: .max, epochs: 10,
                comparisons: [
                    Comparison(depth: 2, filters: 25), Comparison(depth: 4, filters: 50),
                    Comparison(depth: 6, filters: 100)
                ])
        }
    }

    /// `depth` 3×3 convolutions of `filters` filters with ReLU over one 8×8 channel, kept 8×8 by
    /// padding, then a dense layer to the ten classes.
    static func cnn(depth: Int, filters: Int) -> ModelSpec {
        var layers: [Layer] = []
        for _ in 0..<depth {
            layers += [
                .conv2d(filters: filters, kernel: 3, stride: 1, padding: .same, bias: true), .activation(.relu)
            ]
        }
        layers += [.flatten, .dense(units: DesignKit.classes, bias: true), .softmax]
        return ModelSpec(name: "cnn-\(depth)x\(filters)", input: [1, 8, 8], layers: layers)
    }

    /// The comparison's name, as `group`: the conv stack's parameters.
    static func group(_ comparison: Comparison) -> String {
        "≈ \(DesignKit.approximately(DesignKit.figures(comparison.conv).parameters ?? 0)) parameters"
    }

    func configurations(at scale: ExperimentScale) -> [PlannedConfiguration] {
        let plan = Self.plan(scale)
        let data = DesignKit.digits(plan.samples)
        return plan.comparisons.flatMap { comparison in
            let group = Self.group(comparison)
            let width = comparison.denseWidth
            return [
                DesignKit.training(
                    "dense \(comparison.depth)x\(width), \(group)",
                    spec: DesignKit.mlp(depth: comparison.depth, width: width), data: data, epochs: plan.epochs,
                    depth: comparison.depth, width: width, model: "dense", group: group,
                    minimumSeconds: scale.minimumPhaseSeconds),
                DesignKit.training(
                    "conv \(comparison.depth)x\(comparison.filters), \(group)", spec: comparison.conv, data: data,
                    epochs: plan.epochs, depth: comparison.depth, width: comparison.filters, model: "conv",
                    group: group, minimumSeconds: scale.minimumPhaseSeconds)
            ]
        }
    }

    func evaluate(
        _ measured: [MeasuredConfiguration]
    ) -> (evaluation: Evaluation, configurations: [ConfigurationResult]) {
        let results = measured.map(\.result)
        guard case .ratios(let rule) = definition.rule else { return (TrainingSetSizeDesign.misdefined, results) }
        var evidence: [RatioEvidence] = []
        var perFLOP: [String] = []
        for (group, dense, conv) in DesignKit.pairs(results, "dense", "conv") {
            // Per parameter: the claim. Per FLOP (over every sample trained): beside it, unjudged.
            if let convPerParameter = Self.energyPerParameter(conv),
                let densePerParameter = Self.energyPerParameter(dense)
            {
                evidence.append(
                    RatioEvidence(
                        criterion: ExperimentName.Criterion.convOverDensePerParameter, pair: group,
                        numerator: convPerParameter, denominator: densePerParameter))
            }
            if let convPerFLOP = Self.energyPerFLOP(conv), let densePerFLOP = Self.energyPerFLOP(dense),
                densePerFLOP > 0
            {
                perFLOP.append("×\(Format.significant(convPerFLOP / densePerFLOP, digits: 2)) (\(group))")
            }
        }
        var evaluation = rule.evaluate(evidence)
        if !perFLOP.isEmpty {
            evaluation.finding += " Per forward FLOP, conv ÷ dense: \(perFLOP.joined(separator: ", "))."
        }
        return (evaluation, results)
    }

    /// The energy spread over the trainable parameters.
    static func energyPerParameter(_ result: ConfigurationResult) -> Spread? {
        result.parameters.trainableParameters.flatMap { result.energy.divided(by: Double($0)) }
    }

    /// Median joules per forward FLOP of every sample trained.
    static func energyPerFLOP(_ result: ConfigurationResult) -> Double? {
        guard let flops = result.parameters.flopsPerSample, let samples = result.samples else { return nil }
        return result.energy.divided(by: flops * samples)?.median
    }
}
