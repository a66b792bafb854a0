import FootprintCore

// What the reduction-lever designs (sparse-vs-deep, precision, batch-size, pruning) share: the
// digits as data, weights kept by one configuration for the next, and reading results back by
// their parameters.

extension DesignKit {
    /// Training samples the digits' fixed split leaves (1,797 images, a quarter held out).
    static let digitsTrainSamples = 1_348
    /// Test samples of that split.
    static let digitsTestSamples = 449

    /// The UCI digits: the first `samples` training samples of the fixed split (at most
    /// ``digitsTrainSamples``) and its whole test set, so that every configuration of an
    /// experiment is judged on the same test samples.
    static func digits(_ samples: Int) -> DataRecipe {
        DataRecipe(
            source: .digits, trainSamples: min(samples, digitsTrainSamples), testSamples: digitsTestSamples,
            inputs: 64, classes: 10)
    }

    /// A small convolutional network for 8×8 images: two 3×3 conv layers (the first followed by
    /// 2×2 max pooling) and a dense classifier.
    static func cnn(filters: Int) -> ModelSpec {
        ModelSpec(
            name: "cnn-\(filters)-\(2 * filters)", input: [1, 8, 8],
            layers: [
                .conv2d(filters: filters, kernel: 3, stride: 1, padding: .same, bias: true), .activation(.relu),
                .maxPool2d(size: 2, stride: 2),
                .conv2d(filters: 2 * filters, kernel: 3, stride: 1, padding: .same, bias: true), .activation(.relu),
                .flatten, .dense(units: 10, bias: true), .softmax
            ])
    }
}

/// What a design judged by ratios found in its measurements: the pairs and accuracies its rule
/// judges, and what the finding adds that the rule does not judge.
struct RatioEvidenceSet {
    var pairs: [RatioEvidence] = []
    var accuracy: [AccuracyEvidence] = []
    /// A sentence or more appended to the rule's finding; nil adds nothing.
    var context: String?
}

/// A design whose definition's rule is a ``RatioRule``: it gathers the evidence, the rule judges.
protocol RatioDesign: ExperimentDesign {
    /// The evidence in `measured`, which may be any prefix of the plan: a pair whose two sides were
    /// not both measured is left out (its criterion then stays inconclusive).
    func evidence(_ measured: [MeasuredConfiguration]) -> RatioEvidenceSet
}

extension RatioDesign {
    func evaluate(
        _ measured: [MeasuredConfiguration]
    ) -> (evaluation: Evaluation, configurations: [ConfigurationResult]) {
        let results = measured.map(\.result)
        guard case .ratios(let rule) = definition.rule else { return (TrainingSetSizeDesign.misdefined, results) }
        let evidence = evidence(measured)
        var evaluation = rule.evaluate(evidence.pairs, accuracy: evidence.accuracy)
        if let context = evidence.context { evaluation.finding += " " + context }
        return (evaluation, results)
    }
}

extension PlannedConfiguration {
    /// The configuration, keeping the weights it ends with under `key` for later configurations.
    func keeping(_ key: String) -> PlannedConfiguration {
        var configuration = self
        configuration.workload.keepWeights = key
        return configuration
    }

    /// The configuration, starting from the weights an earlier one kept under `key`.
    func startingFrom(_ key: String) -> PlannedConfiguration {
        var configuration = self
        configuration.workload.initialWeights = key
        return configuration
    }
}

extension Array where Element == MeasuredConfiguration {
    /// The first measured configuration whose parameters match; nil when it was not measured (a
    /// run stopped before it).
    func first(
        phase: ExperimentPhase, model: String? = nil, group: String? = nil,
        where matches: (ConfigurationParameters) -> Bool = { _ in true }
    ) -> MeasuredConfiguration? {
        first { configuration in
            let parameters = configuration.result.parameters
            return parameters.phase == phase && (model == nil || parameters.model == model)
                && (group == nil || parameters.group == group) && matches(parameters)
        }
    }
}

extension MeasuredConfiguration {
    /// Seconds of one run of the measured work over the repeats (a short training is run again
    /// until the meter resolves it); nil when none was measured.
    var secondsSpread: Spread? { Spread(of: repeats.map { $0.seconds / Double(max($0.runs, 1)) }) }
}

extension Workload.Storage {
    /// The storage as a reader names it.
    var shown: String {
        switch self {
        case .float32: "Float32"
        case .float16: "Float16"
        case .csr: "CSR"
        }
    }
}
