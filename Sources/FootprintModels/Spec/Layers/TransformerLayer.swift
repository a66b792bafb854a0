import FootprintCore

/// `transformer`: one transformer block over [sequence, features], the sequence's shape out.
///
/// An encoder block (Vaswani et al. 2017) has self-attention and a feed-forward network, each
/// with a normalisation and a residual add; with `"cross": true` it is a decoder block that takes
/// two inputs (the sequence and the encoder's output) and adds cross-attention between the two.
/// `norm_position` `post` (the original, BERT) normalises after each residual add, `pre` (GPT-2,
/// LLaMA, T5) before each sublayer: the counts are the same, the final norm of a pre-norm stack
/// is its own layer. `norm` is `layernorm` or `rmsnorm`; `ffn` is `standard` or `gated`; with
/// `experts` and `top_k` the feed-forward network is a mixture of experts.
///
/// Figures: the attention sublayers' (``MultiHeadAttention``; cross-attention has no position
/// bias and no rotation), the feed-forward network's (``FeedForward`` or ``MixtureOfExperts``), one norm per
/// sublayer, and one residual add per sublayer (`s·d` each). Kept: the sublayers' values plus
/// `(2·n − 1)·s·d` for the `n` norm outputs and the residual sums inside the block.
struct TransformerLayer: SpecLayer {
    static let typeNames = ["transformer"]
    static let keys =
        MultiHeadAttention.keys + FeedForward.keys + MixtureOfExperts.keys + [
            "causal", "cross", "norm", "norm_position"
        ]
    static let inputs = 1...2

    let attention: MultiHeadAttention
    let feedForward: FeedForward
    let experts: MixtureOfExperts?
    let norm: Normalization
    let preNorm: Bool
    let causal: Bool
    let cross: Bool

    init(type: String, fields: SpecFields) throws(ModelError) {
        attention = try MultiHeadAttention(fields: fields)
        feedForward = try FeedForward(fields: fields)
        if fields.has("experts") || fields.has("top_k") {
            experts = try MixtureOfExperts(fields: fields, expert: feedForward)
        } else {
            experts = nil
        }
        let kind = try fields.string("norm", oneOf: Normalization.Kind.allCases.map(\.rawValue), default: "layernorm")
        norm = Normalization(kind: Normalization.Kind(rawValue: kind) ?? .layernorm, bias: feedForward.bias)
        preNorm = try fields.string("norm_position", oneOf: ["pre", "post"], default: "post") == "pre"
        causal = try fields.bool("causal", default: false)
        cross = try fields.bool("cross", default: false)
    }

    /// "transformer 12 heads, ff 3072 gelu" (the lab's words for the lab's block), then what differs
    /// from it: "transformer decoder 8 heads (no bias), ff 2048 relu, pre-rmsnorm, causal".
    var summary: String {
        let norms = preNorm || norm.kind != .layernorm ? ", " + (preNorm ? "pre-" : "post-") + norm.kind.rawValue : ""
        return "transformer " + (cross ? "decoder " : "") + attention.summary + ", " + feedForward.summary
            + (experts.map { ", \($0.summary)" } ?? "") + norms + (causal ? ", causal" : "")
    }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let (query, memory) = try AttentionLayer.sequences(inputs, cross: cross, type: "transformer")
        let (s, d) = (query.length, query.features)
        var sublayers = [try attention.figures(query: query, memory: query, count: count)]
        if cross {
            var crossAttention = attention
            crossAttention.relativeBuckets = 0
            crossAttention.rotary = false
            sublayers.append(try crossAttention.figures(query: query, memory: memory, count: count))
        }
        let positions = try count.times([s, d], "activation values")
        let ffn: (parameters: Int, active: Int, flops: Double, kept: Int)
        if let experts {
            ffn = try experts.figures(positions: s, model: d, count: count)
        } else {
            let parameters = try feedForward.parameters(model: d, count: count)
            ffn = (
                parameters, parameters, Double(s) * feedForward.flopsPerPosition(model: d),
                try count.times([s, feedForward.keptPerPosition], "activation values")
            )
        }
        let n = sublayers.count + 1
        let norms = try count.times([n, try norm.parameters(features: d, count: count)], "parameters")
        let parameters = try count.plus(sublayers.map(\.parameters) + [ffn.parameters, norms], "parameters")
        let flops =
            sublayers.reduce(0) { $0 + $1.flops } + ffn.flops
            + Double(n) * Double(positions) * (norm.flopsPerElement + FLOPConvention.perElementActivation)
        let kept = try count.plus(
            sublayers.map(\.kept) + [ffn.kept, try count.times([2 * n - 1, positions], "activation values")],
            "activation values")
        return SpecFigures(
            outputShape: inputs[0], parameters: parameters, activeParameters: parameters - ffn.parameters + ffn.active,
            forwardFLOPs: flops, activationElements: kept)
    }

    var labLayers: [Layer]? {
        guard attention.isPlain, feedForward.bias, feedForward.form == .standard, experts == nil, !preNorm, !causal,
            !cross, norm.kind == .layernorm, let activation = Layer.Activation(rawValue: feedForward.activation)
        else { return nil }
        return [.transformerBlock(heads: attention.heads, feedForward: feedForward.hidden, activation: activation)]
    }
}
