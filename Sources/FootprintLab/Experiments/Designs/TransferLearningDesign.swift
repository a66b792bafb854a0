import FootprintCore

/// Gitzel et al.'s §4.3 (Table 3, after Walsh et al. 2021): the energy to reach a target accuracy
/// on a task (the digits 5–9) three ways: (a) a large network from scratch, (b) the same network
/// pretrained on a related task (the digits 0–4) and fine-tuned with all but its last layers
/// frozen, (c) a small network made for the task. Both tasks have five classes, so that one
/// architecture serves both and the pretrained weights fit whole. Pretraining is a configuration
/// of its own: its energy is reported apart, since it counts only for whoever pretrains.
struct TransferLearningDesign: ExperimentDesign {
    let name = ExperimentName.transferLearning

    struct Plan {
        /// Samples of each task at most (the digits' training split holds about 670 of each half).
        var samples: Int
        /// The large network.
        var depth: Int
        var width: Int
        /// The dedicated network.
        var smallDepth: Int
        var smallWidth: Int
        var pretrainEpochs: Int
        /// The most epochs a configuration trains towards the target.
        var maximumEpochs: Int
        /// Test accuracy on the target task that every configuration trains towards: one the
        /// dedicated network and the fine-tuned one reach too (on this data, 90 % all three do
        /// within the epochs allowed; the chosen accuracy and whether each got there are reported).
        var target: Double

        /// Layers kept frozen when fine-tuning: all but the last hidden layer and the output
        /// layer, which learn the new task on the features the others learnt on the old one.
        var frozen: Int { depth - 1 }
    }

    static func plan(_ scale: ExperimentScale) -> Plan {
        switch scale {
        case .smoke:
            Plan(
                samples: 300, depth: 2, width: 128, smallDepth: 1, smallWidth: 16, pretrainEpochs: 5,
                maximumEpochs: 20, target: 0.85)
        case .standard:
            Plan(
                samples: .max, depth: 3, width: 256, smallDepth: 1, smallWidth: 16, pretrainEpochs: 10,
                maximumEpochs: 50, target: 0.9)
        case .paper:
            Plan(
                samples: .max, depth: 10, width: 100, smallDepth: 1, smallWidth: 16, pretrainEpochs: 20,
                maximumEpochs: 100, target: 0.9)
        }
    }

    static let sourceLabels = [0, 1, 2, 3, 4]
    static let targetLabels = [5, 6, 7, 8, 9]
    static let pretrainedKey = "pretrained on digits 0–4"

    enum Role: String, CaseIterable {
        case pretrain = "pretrain (source)"
        case scratch
        case fineTuned = "fine-tuned"
        case dedicated
    }

    func configurations(at scale: ExperimentScale) -> [PlannedConfiguration] {
        let plan = Self.plan(scale)
        let source = DesignKit.digits(plan.samples, labels: Self.sourceLabels)
        let target = DesignKit.digits(plan.samples, labels: Self.targetLabels)
        let classes = Self.targetLabels.count
        let large = DesignKit.mlp(depth: plan.depth, width: plan.width, classes: classes)
        let small = DesignKit.mlp(depth: plan.smallDepth, width: plan.smallWidth, classes: classes)
        let largeModel = "\(plan.depth)x\(plan.width)"

        var pretrain = DesignKit.training(
            "pretrain \(largeModel) on digits 0–4", spec: large, data: source, epochs: plan.pretrainEpochs,
            depth: plan.depth, width: plan.width, model: Role.pretrain.rawValue)
        pretrain.workload.keepWeights = Self.pretrainedKey

        var scratch = DesignKit.training(
            "\(largeModel) from scratch", spec: large, data: target, epochs: plan.maximumEpochs, depth: plan.depth,
            width: plan.width, model: Role.scratch.rawValue)
        scratch.workload.targetAccuracy = plan.target

        var fineTuned = DesignKit.training(
            "\(largeModel) fine-tuned, \(plan.frozen) frozen", spec: large, data: target,
            epochs: plan.maximumEpochs, depth: plan.depth, width: plan.width, model: Role.fineTuned.rawValue)
        fineTuned.workload.targetAccuracy = plan.target
        fineTuned.workload.initialWeights = Self.pretrainedKey
        fineTuned.workload.freeze = plan.frozen
        fineTuned.parameters.frozenLayers = plan.frozen
        fineTuned.parameters.trainableParameters = Self.trainableParameters(large, frozen: plan.frozen)

        var dedicated = DesignKit.training(
            "\(plan.smallDepth)x\(plan.smallWidth) dedicated", spec: small, data: target,
            epochs: plan.maximumEpochs, depth: plan.smallDepth, width: plan.smallWidth,
            model: Role.dedicated.rawValue)
        dedicated.workload.targetAccuracy = plan.target

        // Pretraining first: fine-tuning starts from the weights it keeps. Each trains again from
        // its start until the meter resolves it: the dedicated network gets there in milliseconds.
        return [pretrain, scratch, fineTuned, dedicated].map { configuration in
            var configuration = configuration
            configuration.workload.minimumSeconds = scale.minimumPhaseSeconds
            return configuration
        }
    }

    /// Parameters of the layers after the first `frozen` layers with parameters.
    static func trainableParameters(_ spec: ModelSpec, frozen: Int) -> Int? {
        guard let analysis = try? spec.analyze() else { return nil }
        return analysis.layers.map(\.parameters).filter { $0 > 0 }.dropFirst(frozen).reduce(0, +)
    }

    func evaluate(
        _ measured: [MeasuredConfiguration]
    ) -> (evaluation: Evaluation, configurations: [ConfigurationResult]) {
        let results = measured.map(\.result)
        guard case .ratios(let rule) = definition.rule else { return (TrainingSetSizeDesign.misdefined, results) }
        func result(_ role: Role) -> ConfigurationResult? { results.first { $0.parameters.model == role.rawValue } }
        let target = measured.first { $0.planned.workload.targetAccuracy != nil }?.planned.workload.targetAccuracy
        let pairLabel = target.map { "to \(Format.percent($0)) on digits 5–9" } ?? ""
        func evidence(_ criterion: String, _ numerator: Role, _ denominator: Role) -> RatioEvidence? {
            guard let top = result(numerator), let bottom = result(denominator) else { return nil }
            return RatioEvidence(
                criterion: criterion, pair: pairLabel, numerator: top.energy, denominator: bottom.energy,
                numeratorReached: top.reachedTarget ?? false, denominatorReached: bottom.reachedTarget ?? false)
        }
        var evaluation = rule.evaluate(
            [
                evidence(ExperimentName.Criterion.scratchOverFineTuned, .scratch, .fineTuned),
                evidence(ExperimentName.Criterion.fineTunedOverDedicated, .fineTuned, .dedicated)
            ].compactMap { $0 })
        // What each reached, and what pretraining cost apart from the ratios.
        let reached = [Role.scratch, .fineTuned, .dedicated].compactMap { role -> String? in
            guard let run = result(role), let accuracy = run.accuracy else { return nil }
            let epochs = run.parameters.epochs.map { " in \($0) epoch\($0 == 1 ? "" : "s")" } ?? ""
            let missed = run.reachedTarget == false ? ", target not reached" : ""
            return "\(role.rawValue) \(Format.percent(accuracy))\(epochs)\(missed)"
        }
        if !reached.isEmpty {
            evaluation.finding += " Accuracy reached: \(reached.joined(separator: ", "))."
        }
        if let pretrain = result(.pretrain) {
            evaluation.finding +=
                " Pretraining on digits 0–4, counted apart: \(Format.significant(pretrain.energy.median)) J"
                + (result(.fineTuned).map {
                    ", ×\(Format.significant(pretrain.energy.median / max($0.energy.median, 1e-12), digits: 2)) "
                        + "the fine-tuning"
                } ?? "") + "."
        }
        return (evaluation, results)
    }
}
