/// Parameters, FLOPs and activation memory of a model spec, layer by layer.
///
/// Conventions (documented so that hand counts can be checked against them):
/// - one multiply-add is 2 FLOPs; a bias add is 1 FLOP per output;
/// - ReLU, tanh, sigmoid and GELU count 1 FLOP per element, softmax 3 (exp, sum, divide),
///   layer norm 7 (mean, centre, square, sum, divide, scale, shift);
/// - max pooling counts size² − 1 comparisons per output, average pooling size² (adds and a divide);
/// - embeddings, flatten and dropout cost no FLOPs at inference;
/// - training FLOPs per sample are 3 × forward: the backward pass computes gradients for both the
///   inputs and the weights, each about as costly as the forward pass.
///
/// Counts of values (shapes, parameters, activations) are exact whole numbers up to
/// ``countLimit``; a spec whose counts go past it is refused, naming the layer, rather than
/// rounded: the lab allocates from these counts, and no machine holds 2⁵³ values. FLOPs are
/// Doubles, finite for any spec that passes.
public struct ModelAnalysis: Sendable, Hashable {
    /// One layer's figures.
    public struct LayerFigures: Sendable, Hashable {
        /// 1-based position in the expanded layer list.
        public let index: Int
        /// The layer.
        public let layer: Layer
        /// Shape of one sample's output.
        public let outputShape: [Int]
        /// Trainable parameters.
        public let parameters: Int
        /// Forward FLOPs for one sample.
        public let forwardFLOPs: Double
        /// Values kept for the backward pass, per sample: the output plus any internal tensors
        /// (attention scores, the feed-forward hidden layer).
        public let activationElements: Int
    }

    /// Ratio of training to forward FLOPs per sample.
    public static let trainingFLOPsFactor = FLOPConvention.trainingFactor

    /// The largest count of values (in a shape, a layer's parameters, the totals) that an analysis
    /// accepts: 2⁵³, the last whole number a Double holds exactly, so every count also converts to
    /// the FLOP and byte figures without rounding or overflow (8 bytes × 2⁵³ < Int.max).
    public static let countLimit = 1 << 53

    /// The analysed spec.
    public let spec: ModelSpec
    /// Figures per layer.
    public let layers: [LayerFigures]

    /// Trainable parameters in all layers, at most ``countLimit``.
    public let parameters: Int
    /// Forward FLOPs for one sample: the inference cost in FLOPs.
    public var forwardFLOPs: Double { layers.reduce(0) { $0 + $1.forwardFLOPs } }
    /// Training FLOPs for one sample (forward and backward).
    public var trainingFLOPsPerSample: Double { forwardFLOPs * Self.trainingFLOPsFactor }
    /// Activation values per sample, input included, at most ``countLimit``.
    public let activationElements: Int
    /// The output shape of one sample.
    public var outputShape: [Int] { layers.last?.outputShape ?? spec.input }

    /// Training FLOPs per sample when the spec's layers before `firstTrainable` (0-based) are
    /// frozen: those run forward only (no weight or input gradient), the rest count
    /// ``trainingFLOPsFactor`` times their forward FLOPs. Equal to ``trainingFLOPsPerSample`` at 0.
    public func trainingFLOPsPerSample(firstTrainable: Int) -> Double {
        layers.enumerated().reduce(0) {
            $0 + $1.element.forwardFLOPs * ($1.offset >= firstTrainable ? Self.trainingFLOPsFactor : 1)
        }
    }

    /// Training FLOPs for `samples` samples over `epochs` epochs.
    public func trainingFLOPs(samples: Double, epochs: Double) -> Double {
        trainingFLOPsPerSample * samples * epochs
    }

    /// Bytes of the parameters at a precision.
    public func parameterBytes(_ precision: Precision = .fp32) -> Int { parameters * precision.bytes }
    /// Bytes of activations for one sample at a precision.
    public func activationBytes(_ precision: Precision = .fp32) -> Int { activationElements * precision.bytes }
}

extension ModelSpec {
    /// Works out every layer's shape, parameters and FLOPs.
    /// - Throws: ``ModelSpecError`` naming the first layer whose input shape does not fit
    ///   (``ModelSpecError/Reason/shapeMismatch``) or whose counts pass ``ModelAnalysis/countLimit``
    ///   (``ModelSpecError/Reason/tooLarge``).
    public func analyze() throws(ModelSpecError) -> ModelAnalysis {
        let inputCount = try Count(at: "the input \(Self.shapeText(input))").product(input, "values")
        var shape = input
        var figures: [ModelAnalysis.LayerFigures] = []
        var parameters = 0, kept = inputCount
        for (offset, layer) in layers.enumerated() {
            let (output, layerParameters, flops, layerKept) = try Self.figures(
                of: layer, input: shape, number: offset + 1)
            figures.append(
                .init(
                    index: offset + 1, layer: layer, outputShape: output, parameters: layerParameters,
                    forwardFLOPs: flops, activationElements: layerKept))
            let total = Count(at: "the model up to layer \(offset + 1) (\(layer.summary))")
            parameters = try total.sum([parameters, layerParameters], "parameters")
            kept = try total.sum([kept, layerKept], "activation values per sample")
            shape = output
        }
        return ModelAnalysis(spec: self, layers: figures, parameters: parameters, activationElements: kept)
    }

    private static func figures(
        of layer: Layer, input shape: [Int], number: Int
    ) throws(ModelSpecError)
        -> (output: [Int], parameters: Int, flops: Double, kept: Int)
    {
        let at = "layer \(number) (\(layer.summary)) gets input \(shapeText(shape))"
        let count = Count(at: "layer \(number) (\(layer.summary))")
        let elements = try count.product(shape, "input values")
        switch layer {
        case .dense(let units, let bias):
            guard shape.count <= 2, let features = shape.last else {
                throw ModelSpecError(
                    "\(at); dense takes [features] or [sequence, features]: add a flatten layer before it",
                    reason: .shapeMismatch)
            }
            let positions = shape.count == 2 ? shape[0] : 1
            let output = Array(shape.dropLast() + [units])
            let weights = try count.product([features, units], "weights")
            let parameters = try count.sum([weights, bias ? units : 0], "parameters")
            let perPosition = 2.0 * Double(weights) + (bias ? Double(units) : 0)
            return (output, parameters, Double(positions) * perPosition, try count.product(output, "output values"))

        case .conv2d(let filters, let kernel, _, _, let bias):
            guard shape.count == 3 else {
                throw ModelSpecError("\(at); conv2d takes [channels, height, width]", reason: .shapeMismatch)
            }
            let channels = shape[0]
            guard let geometry = try window(layer, shape: shape, count: count) else {
                throw ModelSpecError(
                    "\(at); a \(kernel)×\(kernel) kernel does not fit: use padding \"same\" or a smaller kernel",
                    reason: .shapeMismatch)
            }
            let (outHeight, outWidth) = (geometry.outputHeight, geometry.outputWidth)
            let outputs = try count.product([filters, outHeight, outWidth], "output values")
            let fanIn = try count.product([kernel, kernel, channels], "weights per filter")
            let weights = try count.product([fanIn, filters], "weights")
            let flops = Double(outputs) * (2.0 * Double(fanIn) + (bias ? 1 : 0))
            return (
                [filters, outHeight, outWidth], try count.sum([weights, bias ? filters : 0], "parameters"), flops,
                outputs
            )

        case .maxPool2d(let size, _), .avgPool2d(let size, _):
            guard shape.count == 3 else {
                throw ModelSpecError("\(at); pooling takes [channels, height, width]", reason: .shapeMismatch)
            }
            guard let geometry = try window(layer, shape: shape, count: count) else {
                throw ModelSpecError(
                    "\(at); the \(size)×\(size) window is larger than the image", reason: .shapeMismatch)
            }
            let output = [shape[0], geometry.outputHeight, geometry.outputWidth]
            let outputs = try count.product(output, "output values")
            let window = Double(size) * Double(size)
            let perOutput = if case .maxPool2d = layer { window - 1 } else { window }
            return (output, 0, Double(outputs) * perOutput, outputs)

        case .flatten:
            return ([elements], 0, 0, 0)

        case .activation:
            return (shape, 0, Double(elements), elements)

        case .softmax:
            return (shape, 0, 3 * Double(elements), elements)

        case .dropout:
            return (shape, 0, 0, elements)

        case .embedding(let vocabulary, let dimensions):
            guard shape.count == 1 else {
                throw ModelSpecError("\(at); embedding takes [sequence] of token ids", reason: .shapeMismatch)
            }
            let output = [shape[0], dimensions]
            return (
                output, try count.product([vocabulary, dimensions], "parameters"), 0,
                try count.product(output, "output values")
            )

        case .layerNorm:
            guard let features = shape.last else {
                throw ModelSpecError("\(at); layernorm needs an input", reason: .shapeMismatch)
            }
            return (shape, try count.product([2, features], "parameters"), 7 * Double(elements), elements)

        case .selfAttention(let heads):
            let (sequence, model) = try sequenceShape(shape, heads: heads, at: at)
            let (parameters, flops, kept) = try attentionFigures(
                sequence: sequence, model: model, heads: heads, count: count)
            return (shape, parameters, flops, kept)

        case .transformerBlock(let heads, let feedForward, _):
            let (s, d) = try sequenceShape(shape, heads: heads, at: at)
            let attention = try attentionFigures(sequence: s, model: d, heads: heads, count: count)
            let norms = (parameters: try count.product([4, d], "parameters"), flops: 2 * 7.0 * Double(s) * Double(d))
            let projection = try count.product([d, feedForward], "parameters")
            let ffParameters = try count.sum([projection, feedForward, projection, d], "parameters")
            let (sd, ff) = (Double(s) * Double(d), Double(feedForward))
            let ffFLOPs =
                Double(s)
                * (2.0 * Double(projection) + ff  // first projection
                    + ff  // activation
                    + 2.0 * Double(projection) + Double(d))  // second projection
            let residuals = 2.0 * sd
            let kept = try count.sum(
                [
                    attention.kept, try count.product([3, s, d], "activation values"),
                    try count.product([2, s, feedForward], "activation values")
                ], "activation values")
            return (
                shape, try count.sum([attention.parameters, norms.parameters, ffParameters], "parameters"),
                attention.flops + norms.flops + ffFLOPs + residuals, kept
            )
        }
    }

    /// The window geometry of a conv2d or pooling layer over a [channels, height, width] input, nil
    /// when the window does not fit (the caller says why, in the layer's words).
    private static func window(_ layer: Layer, shape: [Int], count: Count) throws(ModelSpecError) -> WindowGeometry? {
        do {
            return try WindowGeometry(layer, height: shape[1], width: shape[2])
        } catch {
            switch error {
            case .windowLargerThanInput: return nil
            case .tooLarge: throw count.tooLarge("padded input values")
            }
        }
    }

    /// Q, K, V and output projections (4 · (2sd² + sd)), scores QKᵀ (2s²d), softmax (3hs²),
    /// weighted values (2s²d).
    private static func attentionFigures(
        sequence s: Int, model d: Int, heads h: Int, count: Count
    ) throws(ModelSpecError)
        -> (parameters: Int, flops: Double, kept: Int)
    {
        let parameters = try count.sum(
            [try count.product([4, d, d], "parameters"), try count.product([4, d], "parameters")],
            "parameters")
        let kept = try count.sum(
            [
                try count.product([5, s, d], "activation values"),
                try count.product([h, s, s], "attention scores")
            ], "activation values")
        let (s, d, h) = (Double(s), Double(d), Double(h))
        let flops = 4 * (2 * s * d * d + s * d) + 2 * s * s * d + 3 * h * s * s + 2 * s * s * d
        return (parameters, flops, kept)
    }

    private static func sequenceShape(_ shape: [Int], heads: Int, at: String) throws(ModelSpecError) -> (Int, Int) {
        guard shape.count == 2 else {
            throw ModelSpecError(
                "\(at); attention takes [sequence, features]: put an embedding before it", reason: .shapeMismatch)
        }
        guard shape[1] % heads == 0 else {
            throw ModelSpecError("\(at); \(heads) heads do not divide \(shape[1]) features", reason: .shapeMismatch)
        }
        return (shape[0], shape[1])
    }

    static func shapeText(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}
