import FootprintCore

/// What the designs share: their data, models and the shape of a training or inference
/// configuration, so that each design file says only what it varies.
enum DesignKit {
    /// Classes of the synthetic task.
    static let classes = 10
    /// Features of the synthetic task.
    static let inputs = 64
    /// Samples every synthetic test set has.
    static func testSamples(_ scale: ExperimentScale) -> Int {
        switch scale {
        case .smoke: 200
        case .standard: 1_000
        case .paper: 10_000
        }
    }

    /// The synthetic task with `samples` training samples (one seed: smaller sets are prefixes of
    /// larger ones).
    static func synthetic(_ samples: Int, scale: ExperimentScale, seed: UInt64 = 11) -> DataRecipe {
        DataRecipe(
            source: .synthetic, trainSamples: samples, testSamples: testSamples(scale), inputs: inputs,
            classes: classes, seed: seed)
    }

    /// The UCI digits (of the classes `labels` keeps, relabelled), at most `samples` of the
    /// training split: the recipe names the counts the split really holds, so that a
    /// configuration reports the samples it trained on.
    static func digits(_ samples: Int, labels: [Int]? = nil) -> DataRecipe {
        var recipe = DataRecipe(source: .digits, trainSamples: samples, testSamples: 1_797, labels: labels)
        if let made = try? recipe.materialize() {
            recipe.trainSamples = made.train.count
            recipe.testSamples = made.test.count
        }
        return recipe
    }

    /// A ReLU MLP of `depth` hidden layers of `width` units on the synthetic task's shape.
    static func mlp(
        depth: Int, width: Int, inputs: Int = DesignKit.inputs, classes: Int = DesignKit.classes
    )
        -> ModelSpec
    {
        ModelSpec.mlp(inputs: inputs, depth: depth, width: width, classes: classes)
    }

    /// The width of a `depth`-layer MLP whose trainable parameters come nearest to `parameters`:
    /// how a shape or layer-type comparison matches a second model to a first on parameter count.
    static func mlpWidth(
        depth: Int, parameters target: Int, inputs: Int = DesignKit.inputs, classes: Int = DesignKit.classes
    ) -> Int {
        func count(_ width: Int) -> Int {
            figures(mlp(depth: depth, width: width, inputs: inputs, classes: classes)).parameters ?? .max
        }
        // Parameters rise with width: the first width at or past the target, or the one before it.
        var low = 1, high = 1
        while count(high) < target && high < 1 << 20 { (low, high) = (high, high * 2) }
        while low < high {
            let middle = (low + high) / 2
            if count(middle) < target { low = middle + 1 } else { high = middle }
        }
        let below = max(low - 1, 1)
        return abs(count(below) - target) < abs(count(low) - target) ? below : low
    }

    /// Trainable parameters and forward FLOPs per sample of a spec (nil where it does not analyse).
    static func figures(_ spec: ModelSpec) -> (parameters: Int?, flops: Double?) {
        guard let analysis = try? spec.analyze() else { return (nil, nil) }
        return (analysis.parameters, analysis.forwardFLOPs)
    }

    /// A parameter count as a group's name gives it, short enough for a chart's axis: "18k",
    /// "5.8k", "950".
    static func approximately(_ count: Int) -> String {
        count < 1_000 ? Format.count(count) : Format.significant(Double(count) / 1_000, digits: 2) + "k"
    }

    /// Configurations set side by side: per `group`, in the order the groups first ran, the one
    /// whose `model` is `first` and the one whose `model` is `second`. A group that lacks either
    /// (an interrupted run) is left out: it is no evidence.
    static func pairs(
        _ results: [ConfigurationResult], _ first: String, _ second: String
    ) -> [(group: String, first: ConfigurationResult, second: ConfigurationResult)] {
        var groups: [String] = []
        for group in results.compactMap(\.parameters.group) where !groups.contains(group) { groups.append(group) }
        return groups.compactMap { group in
            let members = results.filter { $0.parameters.group == group }
            guard let one = members.first(where: { $0.parameters.model == first }),
                let other = members.first(where: { $0.parameters.model == second })
            else { return nil }
            return (group, one, other)
        }
    }

    /// A training configuration: `spec` trained on `data` for `epochs` epochs; with a
    /// `minimumSeconds`, trained again from the start until the runs lasted that long, so that the
    /// meter resolves a short one (its figures are then per run).
    static func training(
        _ label: String, spec: ModelSpec, data: DataRecipe, epochs: Int, batch: Int = 32,
        optimizer: OptimizerSetting = .sgd(learningRate: 0.05, momentum: 0.9), depth: Int? = nil, width: Int? = nil,
        model: String? = nil, group: String? = nil, minimumSeconds: Double = 0
    ) -> PlannedConfiguration {
        let (parameters, flops) = figures(spec)
        return PlannedConfiguration(
            label: label,
            parameters: ConfigurationParameters(
                trainSamples: data.trainSamples, epochs: epochs, depth: depth, width: width, batch: batch,
                model: model ?? spec.name, phase: .train, trainableParameters: parameters, flopsPerSample: flops,
                group: group),
            workload: Workload(
                kind: .train, model: .network(spec), data: data, epochs: epochs, batch: batch, optimizer: optimizer,
                minimumSeconds: minimumSeconds))
    }

    /// An inference configuration: `spec` run forward over `data`'s training samples `epochs`
    /// times (D·E samples, as the life-cycle model's I·D·E counts them), for at least the scale's
    /// minimum seconds.
    static func inference(
        _ label: String, spec: ModelSpec, data: DataRecipe, epochs: Int = 1, batch: Int = 32,
        scale: ExperimentScale, depth: Int? = nil, width: Int? = nil, model: String? = nil, group: String? = nil
    ) -> PlannedConfiguration {
        let (parameters, flops) = figures(spec)
        return PlannedConfiguration(
            label: label,
            parameters: ConfigurationParameters(
                trainSamples: data.trainSamples * epochs, epochs: epochs, depth: depth, width: width, batch: batch,
                model: model ?? spec.name, phase: .inference, trainableParameters: parameters, flopsPerSample: flops,
                group: group),
            workload: Workload(
                kind: .inference, model: .network(spec), data: data, epochs: epochs, batch: batch,
                minimumSeconds: scale.minimumPhaseSeconds))
    }
}
