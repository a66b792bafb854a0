import FootprintCore

/// Samples (rows of features) with class labels.
public struct Dataset: Sendable {
    public var features: Matrix
    public var labels: [Int32]
    public var classes: Int
    /// Where the data comes from, for the output.
    public var source: String

    public var count: Int { labels.count }
    public var inputs: Int { features.columns }

    /// The UCI handwritten digits as scikit-learn ships them: 1,797 images of 8×8 pixels, scaled
    /// from 0…16 to 0…1.
    public static func digits() throws(DatasetError) -> Dataset {
        guard let text = EmbeddedResources.tables["digits"] else {
            throw DatasetError(.notBundled, dataset: "digits")
        }
        var values: [Float] = []
        var labels: [Int32] = []
        values.reserveCapacity(1_797 * 64)
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("p0") {
            let cells = line.split(separator: "\t")
            guard cells.count == 65, let label = Int32(cells[64]) else {
                throw DatasetError(.malformedRow, dataset: "digits", row: String(line.prefix(40)))
            }
            for cell in cells.prefix(64) { values.append((Float(cell) ?? 0) / 16) }
            labels.append(label)
        }
        return Dataset(
            features: Matrix(rows: labels.count, columns: 64, values: values), labels: labels, classes: 10,
            source: "UCI Optical Recognition of Handwritten Digits (scikit-learn load_digits), CC BY 4.0")
    }

    /// Features ~ N(0, 1); each label is the arg-max of the features times a fixed random
    /// "teacher" matrix — the synthetic task of the PyTorch reference trainer.
    public static func synthetic(samples: Int, inputs: Int, classes: Int = 10, seed: UInt64) -> Dataset {
        var random = SeededRandom(seed: seed)
        let x = (0..<samples * inputs).map { _ in random.normal() }
        let teacher = (0..<inputs * classes).map { _ in random.normal() }
        return labelled(
            x, samples: samples, inputs: inputs, classes: classes, teacher: teacher,
            source: "synthetic: Gaussian features, labels from a random linear teacher (seed \(seed))")
    }

    /// The same task with the teacher drawn first, from a stream of its own, and the samples after
    /// it: sets of one seed then share their teacher and their first samples whatever their size,
    /// so that a sweep over the number of samples changes only how many there are (the experiments'
    /// data). ``synthetic(samples:inputs:classes:seed:)`` draws the teacher after the samples, so
    /// its labels differ with the size; it stays as it is for the figures made with it.
    public static func syntheticSharingTeacher(samples: Int, inputs: Int, classes: Int, seed: UInt64) -> Dataset {
        var teacherRandom = SeededRandom(seed: seed ^ 0x7EAC_4E25)
        let teacher = (0..<inputs * classes).map { _ in teacherRandom.normal() }
        var random = SeededRandom(seed: seed)
        let x = (0..<samples * inputs).map { _ in random.normal() }
        return labelled(
            x, samples: samples, inputs: inputs, classes: classes, teacher: teacher,
            source: "synthetic: Gaussian features, labels from a random linear teacher (seed \(seed))")
    }

    /// Each sample labelled by the arg-max of its features times the teacher.
    private static func labelled(
        _ x: [Float], samples: Int, inputs: Int, classes: Int, teacher: [Float], source: String
    ) -> Dataset {
        var labels: [Int32] = []
        labels.reserveCapacity(samples)
        for row in 0..<samples {
            var best = 0, bestScore = -Float.infinity
            for c in 0..<classes {
                var score: Float = 0
                for j in 0..<inputs { score += x[row * inputs + j] * teacher[j * classes + c] }
                if score > bestScore { (best, bestScore) = (c, score) }
            }
            labels.append(Int32(best))
        }
        return Dataset(
            features: Matrix(rows: samples, columns: inputs, values: x), labels: labels, classes: classes,
            source: source)
    }

    /// A seeded shuffle split into training and test sets.
    public func split(testFraction: Double, seed: UInt64) -> (train: Dataset, test: Dataset) {
        var random = SeededRandom(seed: seed)
        var order = Array(0..<count)
        order.shuffle(using: &random)
        let testCount = max(1, min(count - 1, Int((Double(count) * testFraction).rounded())))
        return (subset(Array(order[testCount...])), subset(Array(order[..<testCount])))
    }

    /// The samples at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        var values = [Float](repeating: 0, count: indices.count * inputs)
        let width = inputs
        features.storage.withUnsafeBufferPointer { src in
            values.withUnsafeMutableBufferPointer { dst in
                for (row, index) in indices.enumerated() {
                    for j in 0..<width { dst[row * width + j] = src[index * width + j] }
                }
            }
        }
        return Dataset(
            features: Matrix(rows: indices.count, columns: inputs, values: values),
            labels: indices.map { labels[$0] }, classes: classes, source: source)
    }
}
