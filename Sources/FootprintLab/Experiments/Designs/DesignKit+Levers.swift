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
    /// Seconds of the measured work over the repeats; nil when none was measured.
    var secondsSpread: Spread? { Spread(of: repeats.map(\.seconds)) }
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
