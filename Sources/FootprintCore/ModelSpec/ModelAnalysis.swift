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
    public static let trainingFLOPsFactor = 3.0

    /// The analysed spec.
    public let spec: ModelSpec
    /// Figures per layer.
    public let layers: [LayerFigures]

    /// Trainable parameters in all layers.
    public var parameters: Int { layers.reduce(0) { $0 + $1.parameters } }
    /// Forward FLOPs for one sample: the inference cost in FLOPs.
    public var forwardFLOPs: Double { layers.reduce(0) { $0 + $1.forwardFLOPs } }
    /// Training FLOPs for one sample (forward and backward).
    public var trainingFLOPsPerSample: Double { forwardFLOPs * Self.trainingFLOPsFactor }
    /// Activation values per sample, input included.
    public var activationElements: Int { spec.input.reduce(1, *) + layers.reduce(0) { $0 + $1.activationElements } }
    /// The output shape of one sample.
    public var outputShape: [Int] { layers.last?.outputShape ?? spec.input }

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
    /// - Throws: ``ModelSpecError`` naming the first layer whose input shape does not fit.
    public func analyze() throws(ModelSpecError) -> ModelAnalysis {
        var shape = input
        var figures: [ModelAnalysis.LayerFigures] = []
        for (offset, layer) in layers.enumerated() {
            let (output, parameters, flops, kept) = try Self.figures(of: layer, input: shape, number: offset + 1)
            figures.append(.init(index: offset + 1, layer: layer, outputShape: output, parameters: parameters,
                                 forwardFLOPs: flops, activationElements: kept))
            shape = output
        }
        return ModelAnalysis(spec: self, layers: figures)
    }

    private static func figures(of layer: Layer, input shape: [Int], number: Int) throws(ModelSpecError)
        -> (output: [Int], parameters: Int, flops: Double, kept: Int)
    {
        let at = "layer \(number) (\(layer.summary)) gets input \(shapeText(shape))"
        let elements = shape.reduce(1, *)
        switch layer {
        case .dense(let units, let bias):
            guard shape.count <= 2, let features = shape.last else {
                throw ModelSpecError("\(at); dense takes [features] or [sequence, features]: add a flatten layer before it")
            }
            let positions = shape.count == 2 ? shape[0] : 1
            let output = shape.dropLast() + [units]
            let perPosition = 2.0 * Double(features * units) + (bias ? Double(units) : 0)
            return (Array(output), features * units + (bias ? units : 0), Double(positions) * perPosition,
                    positions * units)

        case .conv2d(let filters, let kernel, let stride, let padding, let bias):
            guard shape.count == 3 else { throw ModelSpecError("\(at); conv2d takes [channels, height, width]") }
            let (channels, height, width) = (shape[0], shape[1], shape[2])
            let pad: Int
            switch padding {
            case .valid: pad = 0
            case .same: pad = (kernel - 1) / 2
            case .explicit(let n): pad = n
            }
            let outHeight = (height + 2 * pad - kernel) / stride + 1
            let outWidth = (width + 2 * pad - kernel) / stride + 1
            guard height + 2 * pad >= kernel, width + 2 * pad >= kernel, outHeight > 0, outWidth > 0 else {
                throw ModelSpecError("\(at); a \(kernel)×\(kernel) kernel does not fit: use padding \"same\" or a smaller kernel")
            }
            let outputs = filters * outHeight * outWidth
            let flops = Double(outputs) * (2.0 * Double(kernel * kernel * channels) + (bias ? 1 : 0))
            return ([filters, outHeight, outWidth], kernel * kernel * channels * filters + (bias ? filters : 0), flops, outputs)

        case .maxPool2d(let size, let stride), .avgPool2d(let size, let stride):
            guard shape.count == 3 else { throw ModelSpecError("\(at); pooling takes [channels, height, width]") }
            guard shape[1] >= size, shape[2] >= size else {
                throw ModelSpecError("\(at); the \(size)×\(size) window is larger than the image")
            }
            let output = [shape[0], (shape[1] - size) / stride + 1, (shape[2] - size) / stride + 1]
            let outputs = output.reduce(1, *)
            let perOutput = if case .maxPool2d = layer { size * size - 1 } else { size * size }
            return (output, 0, Double(outputs * perOutput), outputs)

        case .flatten:
            return ([elements], 0, 0, 0)

        case .activation:
            return (shape, 0, Double(elements), elements)

        case .softmax:
            return (shape, 0, 3 * Double(elements), elements)

        case .dropout:
            return (shape, 0, 0, elements)

        case .embedding(let vocabulary, let dimensions):
            guard shape.count == 1 else { throw ModelSpecError("\(at); embedding takes [sequence] of token ids") }
            return ([shape[0], dimensions], vocabulary * dimensions, 0, shape[0] * dimensions)

        case .layerNorm:
            guard let features = shape.last else { throw ModelSpecError("\(at); layernorm needs an input") }
            return (shape, 2 * features, 7 * Double(elements), elements)

        case .selfAttention(let heads):
            let (sequence, model) = try sequenceShape(shape, heads: heads, at: at)
            let (parameters, flops, kept) = attentionFigures(sequence: sequence, model: model, heads: heads)
            return (shape, parameters, flops, kept)

        case .transformerBlock(let heads, let feedForward, _):
            let (s, d) = try sequenceShape(shape, heads: heads, at: at)
            let attention = attentionFigures(sequence: s, model: d, heads: heads)
            let norms = (parameters: 2 * 2 * d, flops: 2 * 7.0 * Double(s * d))
            let ffParameters = d * feedForward + feedForward + feedForward * d + d
            let ffFLOPs = Double(s) * (2.0 * Double(d * feedForward) + Double(feedForward)   // first projection
                + Double(feedForward)                                                       // activation
                + 2.0 * Double(feedForward * d) + Double(d))                                // second projection
            let residuals = 2.0 * Double(s * d)
            let kept = attention.kept + 2 * s * d + 2 * s * feedForward + s * d
            return (shape, attention.parameters + norms.parameters + ffParameters,
                    attention.flops + norms.flops + ffFLOPs + residuals, kept)
        }
    }

    /// Q, K, V and output projections (4 · (2sd² + sd)), scores QKᵀ (2s²d), softmax (3hs²),
    /// weighted values (2s²d).
    private static func attentionFigures(sequence s: Int, model d: Int, heads h: Int)
        -> (parameters: Int, flops: Double, kept: Int)
    {
        let (s, d, h) = (Double(s), Double(d), Double(h))
        let flops = 4 * (2 * s * d * d + s * d) + 2 * s * s * d + 3 * h * s * s + 2 * s * s * d
        let kept = 4 * s * d + h * s * s + s * d
        return (Int(4 * d * d + 4 * d), flops, Int(kept))
    }

    private static func sequenceShape(_ shape: [Int], heads: Int, at: String) throws(ModelSpecError) -> (Int, Int) {
        guard shape.count == 2 else {
            throw ModelSpecError("\(at); attention takes [sequence, features]: put an embedding before it")
        }
        guard shape[1] % heads == 0 else {
            throw ModelSpecError("\(at); \(heads) heads do not divide \(shape[1]) features")
        }
        return (shape[0], shape[1])
    }

    static func shapeText(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}
