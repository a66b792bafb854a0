import FootprintCore

/// Gitzel et al.'s §4.5.2 (Table 6, Figs. 12–13): does the shape of a network set its energy
/// beyond its parameter count? Deep, narrow networks against shallow, wide ones, in pairs
/// matched on trainable parameters (the wide one's width solved to within a few per cent) and in
/// pairs matched on node count (hidden units in all), where the deep one holds fewer parameters.
/// Every network trains on the same synthetic data for the same epochs.
struct ModelShapeDesign: ExperimentDesign {
    let name = ExperimentName.modelShape

    /// What a pair holds equal.
    enum Match: Sendable {
        case parameters, nodes

        var criterion: String {
            switch self {
            case .parameters: ExperimentName.Criterion.deepOverWideAtParameters
            case .nodes: ExperimentName.Criterion.deepOverWideAtNodes
            }
        }
    }

    /// A deep, narrow network and the depth of the shallow, wide one it is compared with.
    struct Pair: Sendable {
        var match: Match
        var depth: Int
        var width: Int
        var wideDepth: Int

        /// Hidden units of the deep network, which the wide one shares when matched on nodes.
        var nodes: Int { depth * width }

        /// The wide network's width: solved for equal parameters, or the deep one's nodes spread
        /// over the wide one's layers.
        var wideWidth: Int {
            switch match {
            case .parameters:
                DesignKit.mlpWidth(
                    depth: wideDepth,
                    parameters: DesignKit.figures(DesignKit.mlp(depth: depth, width: width)).parameters ?? 0)
            case .nodes: max(nodes / wideDepth, 1)
            }
        }
    }

    struct Plan {
        var samples: Int
        var epochs: Int
        var pairs: [Pair]
    }

    static func plan(_ scale: ExperimentScale) -> Plan {
        switch scale {
        case .smoke:
            Plan(
                samples: 400, epochs: 2,
                pairs: [
                    Pair(match: .parameters, depth: 8, width: 24, wideDepth: 2),
                    Pair(match: .nodes, depth: 6, width: 32, wideDepth: 2)
                ])
        case .standard:
            Plan(
                samples: 6_000, epochs: 2,
                pairs: [
                    Pair(match: .parameters, depth: 16, width: 32, wideDepth: 2),
                    Pair(match: .parameters, depth: 32, width: 32, wideDepth: 2),
                    Pair(match: .nodes, depth: 16, width: 24, wideDepth: 2),
                    Pair(match: .nodes, depth: 32, width: 16, wideDepth: 2)
                ])
        case .paper:
            // The paper's depths and widths at their extremes: 170 layers of 25, 100 of 50.
            Plan(
                samples: 100_000, epochs: 10,
                pairs: [
                    Pair(match: .parameters, depth: 170, width: 25, wideDepth: 2),
                    Pair(match: .parameters, depth: 100, width: 50, wideDepth: 2),
                    Pair(match: .nodes, depth: 170, width: 25, wideDepth: 2),
                    Pair(match: .nodes, depth: 100, width: 50, wideDepth: 2)
                ])
        }
    }

    /// The pair's name, as `group`: what it holds equal, and how much of it.
    static func group(_ pair: Pair) -> String {
        switch pair.match {
        case .parameters:
            let parameters = DesignKit.figures(DesignKit.mlp(depth: pair.depth, width: pair.width)).parameters ?? 0
            return "\(parametersPrefix) ≈ \(DesignKit.approximately(parameters))"
        case .nodes: return "\(nodesPrefix) \(Format.count(pair.nodes))"
        }
    }

    static let parametersPrefix = "equal parameters"
    static let nodesPrefix = "equal nodes"

    func configurations(at scale: ExperimentScale) -> [PlannedConfiguration] {
        let plan = Self.plan(scale)
        let data = DesignKit.synthetic(plan.samples, scale: scale)
        return plan.pairs.flatMap { pair in
            let group = Self.group(pair)
            let shapes: [(model: String, depth: Int, width: Int)] = [
                ("deep", pair.depth, pair.width), ("wide", pair.wideDepth, pair.wideWidth)
            ]
            return shapes.map { shape in
                DesignKit.training(
                    "\(shape.depth)x\(shape.width) \(shape.model), \(group)",
                    spec: DesignKit.mlp(depth: shape.depth, width: shape.width), data: data, epochs: plan.epochs,
                    depth: shape.depth, width: shape.width, model: shape.model, group: group,
                    minimumSeconds: scale.minimumPhaseSeconds)
            }
        }
    }

    func evaluate(
        _ measured: [MeasuredConfiguration]
    ) -> (evaluation: Evaluation, configurations: [ConfigurationResult]) {
        let results = measured.map(\.result)
        guard case .ratios(let rule) = definition.rule else { return (TrainingSetSizeDesign.misdefined, results) }
        let pairs = DesignKit.pairs(results, "deep", "wide").map { (group: $0.group, deep: $0.first, wide: $0.second) }
        let evidence = pairs.map { pair in
            RatioEvidence(
                criterion: pair.group.hasPrefix(Self.parametersPrefix)
                    ? Match.parameters.criterion : Match.nodes.criterion,
                pair: pair.group, numerator: pair.deep.energy, denominator: pair.wide.energy)
        }
        var evaluation = rule.evaluate(evidence)
        // How equal the parameters are, and how many fewer the deep network holds at equal nodes.
        let shares = pairs.compactMap { pair -> String? in
            guard let deep = pair.deep.parameters.trainableParameters,
                let wide = pair.wide.parameters.trainableParameters, wide > 0
            else { return nil }
            return "×\(Format.significant(Double(deep) / Double(wide), digits: 2)) (\(pair.group))"
        }
        if !shares.isEmpty {
            evaluation.finding += " Trainable parameters, deep ÷ wide: \(shares.joined(separator: ", "))."
        }
        return (evaluation, results)
    }
}
