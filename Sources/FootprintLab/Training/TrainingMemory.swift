import FootprintCore

/// The memory that training a model spec in the lab takes, worked out from the spec before
/// anything is allocated, so that a model larger than the machine is refused with a figure
/// instead of aborting in the allocator.
///
/// Float32 throughout. The parts, as the engine holds them:
/// - weights and their gradients, one value each per parameter, plus a copy of the weights that
///   the trainer takes at the end to count the non-zeros, and any further copies asked for
///   (pruning sorts a copy of the magnitudes, half precision keeps the weights aside);
/// - optimizer state: SGD with momentum one value per parameter, Adam two, plain SGD none;
/// - for one batch, every layer's output and input gradient; a conv layer also keeps its patch
///   matrix (channels × kernel² values per output position), the patches' gradient and the
///   product before it is laid out by sample, and a patch map the size of one sample's patches;
/// - the data set, and the training and test sets split from it.
///
/// The figures are an estimate: Swift arrays and the allocator add a little, small buffers are
/// left out.
public struct TrainingMemory: Sendable, Hashable {
    /// Weights, gradients and the end-of-training copy, bytes.
    public var parameterBytes: Double
    /// Optimizer state, bytes.
    public var optimizerBytes: Double
    /// Layer outputs, gradients and conv scratch for one batch, bytes.
    public var activationBytes: Double
    /// The data set and its split, bytes.
    public var dataBytes: Double

    /// Everything, bytes.
    public var totalBytes: Double { parameterBytes + optimizerBytes + activationBytes + dataBytes }

    /// The memory to train `analysis`'s model on batches of `batch` with an optimizer that keeps
    /// `optimizerMoments` values per parameter, on a data set of `samples` × `inputs` values, with
    /// `extraCopies` more copies of the weights after training.
    public init(
        _ analysis: ModelAnalysis, batch: Int, optimizerMoments: Int, samples: Int, inputs: Int, extraCopies: Int = 0
    ) {
        let bytes = 4.0
        let parameters = Double(analysis.parameters)
        parameterBytes = Double(3 + extraCopies) * parameters * bytes
        optimizerBytes = Double(optimizerMoments) * parameters * bytes
        var perSample = 0.0, shared = 0.0
        var shape = analysis.spec.input
        for figures in analysis.layers {
            let input = shape.reduce(1.0) { $0 * Double($1) }
            let output = figures.outputShape.reduce(1.0) { $0 * Double($1) }
            perSample += input + output
            if case .conv2d(let filters, let kernel, _, _, _) = figures.layer, shape.count == 3,
                figures.outputShape.count == 3
            {
                let positions = Double(figures.outputShape[1]) * Double(figures.outputShape[2])
                let patch = Double(shape[0]) * Double(kernel) * Double(kernel)
                perSample += 2 * patch * positions + Double(filters) * positions
                shared += patch * positions
            }
            shape = figures.outputShape
        }
        activationBytes = (perSample * Double(batch) + shared) * bytes
        dataBytes = 2 * Double(samples) * (Double(inputs) * bytes + 4)
    }

    /// The memory to fit a sparse linear model (Lasso, L1 logistic regression) on `samples` ×
    /// `inputs` values: the data set and its split, plus one more copy of the training data (the
    /// Lasso's centred columns, or the logistic model's class probabilities at most that large).
    public init(linearModelOn samples: Int, inputs: Int, classes: Int) {
        let bytes = 4.0
        let weights = Double(inputs + 1) * Double(classes)
        parameterBytes = 4 * weights * bytes
        optimizerBytes = 0
        activationBytes = Double(samples) * Double(max(inputs, classes)) * bytes
        dataBytes = 2 * Double(samples) * (Double(inputs) * bytes + 4)
    }

    /// Throws ``InvalidInput`` (``InvalidInput/Reason/tooLarge``) when the estimate exceeds
    /// `available`, saying how much the model would need; a smaller model, batch or data set fits.
    public func check(model name: String, batch: Int, against available: AvailableMemory) throws(InvalidInput) {
        guard totalBytes > Double(available.bytes) else { return }
        throw InvalidInput(
            .tooLarge,
            """
            \(name) would need about \(Self.text(totalBytes)) to train (\(Self.text(parameterBytes)) weights and gradients, \
            \(Self.text(optimizerBytes)) optimizer state, \(Self.text(activationBytes)) activations for a batch of \(batch), \
            \(Self.text(dataBytes)) data), but \(Self.text(Double(available.bytes))) is available (\(available.source))
            """)
    }

    /// Bytes in binary units, three significant figures: "74.5 GiB".
    public static func text(_ bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes, unit = 0
        while value >= 1_024, unit < units.count - 1 {
            value /= 1_024
            unit += 1
        }
        return Format.significant(value) + " " + units[unit]
    }
}
