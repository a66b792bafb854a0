/// One layer of a sequential network in a model spec.
///
/// The same description serves estimation (parameters, FLOPs, memory) and, later, training in
/// the lab, so every case carries exactly what an implementation needs.
public enum Layer: Sendable, Hashable {
    /// Fully connected: `units` outputs; on a sequence it applies to each position.
    case dense(units: Int, bias: Bool)
    /// 2-D convolution over [channels, height, width].
    case conv2d(filters: Int, kernel: Int, stride: Int, padding: Padding, bias: Bool)
    /// Max pooling over [channels, height, width].
    case maxPool2d(size: Int, stride: Int)
    /// Average pooling over [channels, height, width].
    case avgPool2d(size: Int, stride: Int)
    /// Reshapes to one dimension.
    case flatten
    /// An element-wise activation.
    case activation(Activation)
    /// Softmax over the last dimension.
    case softmax
    /// Token ids [sequence] to vectors [sequence, dimensions].
    case embedding(vocabulary: Int, dimensions: Int)
    /// Layer normalisation over the last dimension, with scale and shift.
    case layerNorm
    /// Multi-head self-attention over [sequence, model dimensions], with Q, K, V and output projections.
    case selfAttention(heads: Int)
    /// A transformer encoder block: self-attention and a feed-forward network, each with a
    /// residual connection and layer normalisation.
    case transformerBlock(heads: Int, feedForward: Int, activation: Activation)
    /// Dropout: no cost at inference, a mask at training.
    case dropout(rate: Double)

    /// Convolution padding.
    public enum Padding: Sendable, Hashable {
        /// No padding: the output shrinks by kernel − 1.
        case valid
        /// Padding that keeps the size at stride 1.
        case same
        /// An explicit number of zeros on each side.
        case explicit(Int)
    }

    /// Element-wise activation functions.
    public enum Activation: String, Sendable, Hashable, CaseIterable {
        case relu, tanh, sigmoid, gelu
    }

    /// A short description for tables, e.g. "conv2d 16×3×3 s1 same".
    public var summary: String {
        switch self {
        case .dense(let units, let bias): "dense \(units)" + (bias ? "" : " (no bias)")
        case .conv2d(let f, let k, let s, let p, let bias):
            "conv2d \(f)×\(k)×\(k) s\(s) \(p.label)" + (bias ? "" : " (no bias)")
        case .maxPool2d(let size, let stride): "maxpool \(size)×\(size) s\(stride)"
        case .avgPool2d(let size, let stride): "avgpool \(size)×\(size) s\(stride)"
        case .flatten: "flatten"
        case .activation(let a): a.rawValue
        case .softmax: "softmax"
        case .embedding(let v, let d): "embedding \(v)→\(d)"
        case .layerNorm: "layernorm"
        case .selfAttention(let h): "self-attention \(h) heads"
        case .transformerBlock(let h, let ff, let a): "transformer \(h) heads, ff \(ff) \(a.rawValue)"
        case .dropout(let rate): "dropout \(Format.significant(rate))"
        }
    }
}

extension Layer.Padding {
    var label: String {
        switch self {
        case .valid: "valid"
        case .same: "same"
        case .explicit(let n): "pad \(n)"
        }
    }
}

extension Layer {
    /// The name a spec gives this layer in `"type"`.
    public var typeName: String {
        switch self {
        case .dense: "dense"
        case .conv2d: "conv2d"
        case .maxPool2d: "maxpool2d"
        case .avgPool2d: "avgpool2d"
        case .flatten: "flatten"
        case .activation(let function): function.rawValue
        case .softmax: "softmax"
        case .embedding: "embedding"
        case .layerNorm: "layernorm"
        case .selfAttention: "attention"
        case .transformerBlock: "transformer"
        case .dropout: "dropout"
        }
    }
}
