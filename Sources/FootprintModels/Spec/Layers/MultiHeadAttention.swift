import FootprintCore

/// Multi-head attention (Vaswani et al. 2017) with grouped-query attention (Ainslie et al. 2023):
/// `heads` query heads share `kvHeads` key/value heads, each `headSize` wide. The queries come from
/// a sequence of `s` positions and `d` features; keys and values from a memory of `m` positions and
/// `dm` features (the same sequence in self-attention, an encoder's output in cross-attention).
///
/// Parameters: Q `d·h·hs`, K and V `2·dm·g·hs`, output `h·hs·d`, biases `h·hs + 2·g·hs + d`, and a
/// learned relative position bias (Raffel et al. 2020) of `buckets·h`; rotary position embeddings
/// (Su et al. 2021) hold none.
/// FLOPs: the four projections (``FLOPConvention/dense(positions:inputs:outputs:bias:)``), scores
/// QKᵀ `2·s·m·h·hs`, the position bias `h·s·m`, rotary embeddings `3·(s·h·hs + m·g·hs)` (two
/// multiplies and an add per rotated value of Q and K), softmax `3·h·s·m`, weighted values `2·s·m·h·hs`.
/// Kept: Q and the weighted values `2·s·h·hs`, K and V `2·m·g·hs`, the output `s·d`, scores `h·s·m`.
struct MultiHeadAttention: Sendable, Hashable {
    let heads: Int
    let kvHeads: Int
    /// Width of one head; nil for `d / heads`.
    let headSize: Int?
    let bias: Bool
    /// Buckets of a learned relative position bias (T5's); 0 for none.
    var relativeBuckets: Int
    /// Whether Q and K are rotated by their positions (LLaMA, Mistral, GPT-NeoX).
    var rotary: Bool

    /// Reads the attention keys a layer shares with the transformer blocks.
    init(fields: SpecFields) throws(ModelError) {
        heads = try fields.int("heads")
        kvHeads = try fields.int("kv_heads", default: heads)
        headSize = fields.has("head_size") ? try fields.int("head_size") : nil
        bias = try fields.bool("bias", default: true)
        relativeBuckets = try fields.int("relative_buckets", default: 0, in: 0...SpecFields.maximumDimension)
        rotary = try fields.bool("rotary", default: false)
        guard heads % kvHeads == 0 else {
            throw ModelError(
                .invalidValue,
                "\(fields.place("kv_heads")) must divide \"heads\" (\(heads)): each key/value head serves a "
                    + "whole group of query heads; got \(kvHeads)")
        }
    }

    /// The keys it reads.
    static let keys = ["heads", "kv_heads", "head_size", "bias", "relative_buckets", "rotary"]

    /// Whether this is the plain multi-head attention the lab's `Layer.selfAttention` counts.
    var isPlain: Bool { kvHeads == heads && headSize == nil && bias && relativeBuckets == 0 && !rotary }

    /// "12 heads", "32 heads, 8 kv heads".
    var summary: String {
        "\(heads) heads" + (kvHeads == heads ? "" : ", \(kvHeads) kv heads")
            + (headSize.map { ", head size \($0)" } ?? "") + (bias ? "" : " (no bias)")
            + (relativeBuckets > 0 ? ", \(relativeBuckets) position buckets" : "") + (rotary ? ", rotary" : "")
    }

    /// Figures for queries `query` attending over `memory` (the same in self-attention).
    func figures(
        query: SequenceInput, memory: SequenceInput, count: Count
    ) throws(ModelError)
        -> (parameters: Int, flops: Double, kept: Int)
    {
        let d = query.features
        let size: Int
        if let headSize {
            size = headSize
        } else {
            guard d % heads == 0 else {
                throw ModelError(
                    .shapeMismatch,
                    "\(heads) heads do not divide \(d) features: give \"head_size\" or a number of heads that does")
            }
            size = d / heads
        }
        let inner = try count.times([heads, size], "query width")
        let kvInner = try count.times([kvHeads, size], "key/value width")
        let (s, m, dm) = (query.length, memory.length, memory.features)
        let parameters = try count.plus(
            [
                try count.times([2, d, inner], "weights"), try count.times([2, dm, kvInner], "weights"),
                bias ? try count.plus([inner, kvInner, kvInner, d], "biases") : 0,
                try count.times([relativeBuckets, heads], "position biases")
            ], "parameters")
        let scores = try count.times([heads, s, m], "attention scores")
        let kept = try count.plus(
            [
                try count.times([2, s, inner], "activation values"),
                try count.times([2, m, kvInner], "activation values"), try count.times([s, d], "activation values"),
                scores
            ], "activation values")
        let projections =
            FLOPConvention.dense(positions: Double(s), inputs: Double(d), outputs: Double(inner), bias: bias)
            + 2 * FLOPConvention.dense(positions: Double(m), inputs: Double(dm), outputs: Double(kvInner), bias: bias)
            + FLOPConvention.dense(positions: Double(s), inputs: Double(inner), outputs: Double(d), bias: bias)
        let perScore = FLOPConvention.perElementSoftmax + (relativeBuckets > 0 ? 1 : 0)
        let rotated = rotary ? 3 * (Double(s) * Double(inner) + Double(m) * Double(kvInner)) : 0
        let flops =
            projections + rotated + 2 * FLOPConvention.matmul(m: Double(s), k: Double(size), n: Double(m))
            * Double(heads)
            + perScore * Double(scores)
        return (parameters, flops, kept)
    }
}
