import FootprintCore

/// How an experiment's data set is made: the same recipe gives the same samples in every engine
/// (the lab makes them; the PyTorch engine reads the lab's, written to a file), so that the
/// engines differ in how they compute, never in what they compute on.
public struct DataRecipe: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Hashable, Codable {
        /// Gaussian features labelled by a fixed random linear teacher (``Dataset/syntheticSharingTeacher(samples:inputs:classes:seed:)``).
        case synthetic
        /// The UCI handwritten digits (1,797 images of 8×8), split once with a fixed seed.
        case digits
    }

    public var source: Source
    /// Training samples D. For the digits, at most what the split leaves for training; a recipe
    /// asking for more is cut to that (``materialize()`` reports the count it made).
    public var trainSamples: Int
    /// Test samples, drawn apart from the training samples.
    public var testSamples: Int
    /// Features per sample (synthetic only; the digits have 64).
    public var inputs: Int
    public var classes: Int
    /// Keep only these classes, relabelled 0, 1, … in this order (digits 0–4 as one task, 5–9 as
    /// another); nil keeps every class.
    public var labels: [Int]?
    public var seed: UInt64

    public init(
        source: Source, trainSamples: Int, testSamples: Int, inputs: Int = 64, classes: Int = 10,
        labels: [Int]? = nil, seed: UInt64 = 1
    ) {
        self.source = source
        self.trainSamples = trainSamples
        self.testSamples = testSamples
        self.inputs = inputs
        self.classes = classes
        self.labels = labels
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey {
        case source, inputs, classes, labels, seed
        case trainSamples = "train_samples"
        case testSamples = "test_samples"
    }

    /// Classes the made data set has.
    public var effectiveClasses: Int { labels?.count ?? (source == .digits ? 10 : classes) }

    /// The training and test sets. Synthetic training sets of one seed are prefixes of each other
    /// (D = 2,000 is the first 2,000 of D = 20,000) and share one test set, so that a sweep over D
    /// changes only how much data there is.
    /// - Throws: ``DatasetError`` when the digits are not bundled or a filter leaves no sample.
    public func materialize() throws(DatasetError) -> (train: Dataset, test: Dataset) {
        switch source {
        case .synthetic:
            // The test samples first, then the training samples, from one stream with one teacher.
            let all = Dataset.syntheticSharingTeacher(
                samples: trainSamples + testSamples, inputs: inputs, classes: classes, seed: seed)
            let test = all.subset(Array(0..<testSamples))
            let train = all.subset(Array(testSamples..<(testSamples + trainSamples)))
            return try (filtered(train), filtered(test))
        case .digits:
            let (train, test) = try Dataset.digits().split(testFraction: 0.25, seed: seed)
            let kept = try (filtered(train), filtered(test))
            return (
                kept.0.subset(Array(0..<min(trainSamples, kept.0.count))),
                kept.1.subset(Array(0..<min(testSamples, kept.1.count)))
            )
        }
    }

    /// The samples of the kept classes, relabelled.
    private func filtered(_ data: Dataset) throws(DatasetError) -> Dataset {
        guard let labels else { return data }
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { (Int32($0.element), Int32($0.offset)) })
        let kept = data.labels.indices.filter { index[data.labels[$0]] != nil }
        guard !kept.isEmpty else { throw DatasetError(.noSamples, dataset: data.source) }
        var subset = data.subset(kept)
        subset.labels = subset.labels.map { index[$0] ?? 0 }
        subset.classes = labels.count
        return subset
    }
}
