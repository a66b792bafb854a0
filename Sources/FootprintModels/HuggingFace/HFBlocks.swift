import FootprintCore

/// The normalisation a block applies to its input or output.
enum HFNorm: Sendable {
    /// LayerNorm: a weight and a bias per feature.
    case layer
    /// RMSNorm (LLaMA, Mistral, T5's LayerNorm): a weight per feature, no centring, no bias.
    case rms
    /// None inside this block (its input was normalised elsewhere, as in Falcon-7B's shared norm).
    case none

    /// Parameters over `width` features.
    func parameters(width: Int) -> Int {
        switch self {
        case .layer: 2 * width
        case .rms: width
        case .none: 0
        }
    }

    /// FLOPs per normalised value, as the spec's norms count them (``FLOPConvention``).
    var perElement: Double {
        switch self {
        case .layer: FLOPConvention.perElementLayerNorm
        case .rms: FLOPConvention.perElementRMSNorm
        case .none: 0
        }
    }

    /// Its name in a block's summary.
    var label: String {
        switch self {
        case .layer: "layernorm"
        case .rms: "rmsnorm"
        case .none: ""
        }
    }
}

/// The blocks every family is made of, counted over one sequence of `positions` tokens: the
/// formulas of docs/huggingface.md.
struct HFBlocks: Sendable {
    /// Checked arithmetic, naming the family.
    let math: HFArithmetic
    /// Tokens in the sequence (the context).
    let positions: Int

    /// An attention block: query, key, value and output projections, the scores over `span`
    /// keys for every query, softmax, and the norm and residual add around it.
    ///
    /// `kvHeads` below `heads` is grouped-query attention (1 is multi-query); the keys and values
    /// of a cross-attention block come from the encoder's memory, of the same length here.
    func attention(
        _ name: String, hidden: Int, heads: Int, kvHeads: Int, headDim: Int, qkvBias: Bool, outBias: Bool,
        span: Int, norm: HFNorm, repeats: Int, kind: String = "attention"
    ) throws(ModelError) -> HFPart {
        let queryWidth = try math.product(heads, headDim)
        let keyValueWidth = try math.product(2, kvHeads, headDim)
        let parameters = try math.sum(
            try math.product(hidden, queryWidth), qkvBias ? queryWidth : 0,
            try math.product(hidden, keyValueWidth), qkvBias ? keyValueWidth : 0,
            try math.product(queryWidth, hidden), outBias ? hidden : 0, norm.parameters(width: hidden))
        let n = Double(positions)
        let scores = n * Double(heads) * Double(span)
        let flops =
            FLOPConvention.dense(positions: n, inputs: Double(hidden), outputs: Double(queryWidth), bias: qkvBias)
            + FLOPConvention.dense(positions: n, inputs: Double(hidden), outputs: Double(keyValueWidth), bias: qkvBias)
            // QKᵀ and the weighted sum of values: 2·head_dim each per score; a scale and a softmax per score.
            + scores * (4 * Double(headDim) + 1 + FLOPConvention.perElementSoftmax)
            + FLOPConvention.dense(positions: n, inputs: Double(queryWidth), outputs: Double(hidden), bias: outBias)
            + n * Double(hidden) * (norm.perElement + FLOPConvention.perElementActivation)
        let activations = try math.sum(
            norm == .none ? 0 : try math.product(positions, hidden),
            try math.product(positions, queryWidth + keyValueWidth),
            try math.product(2, positions, heads, span), try math.product(positions, queryWidth),
            try math.product(positions, hidden))
        let grouping =
            kvHeads == heads ? "" : kvHeads == 1 ? ", multi-query" : ", \(kvHeads) kv heads"
        return HFPart(
            name: name, kind: kind,
            detail: "\(kind) \(heads)×\(headDim)\(grouping), over \(span) positions"
                + (norm == .none ? "" : ", " + norm.label),
            parameters: parameters, flops: flops, activations: activations, repeats: repeats)
    }

    /// A feed-forward block: up (and, gated, a gate of the same size), the activation, down, and
    /// the norm and residual add around it.
    func feedForward(
        _ name: String, hidden: Int, inner: Int, gated: Bool, bias: Bool, norm: HFNorm, repeats: Int
    ) throws(ModelError) -> HFPart {
        let expert = try expertFigures(hidden: hidden, inner: inner, gated: gated, bias: bias)
        let n = Double(positions)
        return HFPart(
            name: name, kind: "mlp",
            detail: "mlp \(hidden)→\(inner)→\(hidden)" + (gated ? " gated" : "")
                + (norm == .none ? "" : ", " + norm.label),
            parameters: try math.sum(expert.parameters, norm.parameters(width: hidden)),
            flops: expert.flops + n * Double(hidden) * (norm.perElement + FLOPConvention.perElementActivation),
            activations: try math.sum(expert.activations, norm == .none ? 0 : try math.product(positions, hidden)),
            repeats: repeats)
    }

    /// A mixture-of-experts block (Mixtral): a router scores every expert for each token, the
    /// token goes through its `topK` experts, and their outputs are summed with the router's weights.
    func mixtureOfExperts(
        _ name: String, hidden: Int, inner: Int, experts: Int, topK: Int, norm: HFNorm, repeats: Int
    ) throws(ModelError) -> HFPart {
        let expert = try expertFigures(hidden: hidden, inner: inner, gated: true, bias: false)
        let router = try math.product(hidden, experts)
        let normParameters = norm.parameters(width: hidden)
        let n = Double(positions)
        let flops =
            FLOPConvention.dense(positions: n, inputs: Double(hidden), outputs: Double(experts), bias: false)
            + n * Double(experts) * FLOPConvention.perElementSoftmax
            + Double(topK) * expert.flops
            // Each expert's output scaled by its weight and summed: a multiply-add per value.
            + 2 * n * Double(topK) * Double(hidden)
            + n * Double(hidden) * (norm.perElement + FLOPConvention.perElementActivation)
        return HFPart(
            name: name, kind: "moe",
            detail: "moe \(experts) experts, top \(topK), \(hidden)→\(inner)→\(hidden) gated"
                + (norm == .none ? "" : ", " + norm.label),
            parameters: try math.sum(try math.product(experts, expert.parameters), router, normParameters),
            activeParameters: try math.sum(try math.product(topK, expert.parameters), router, normParameters),
            flops: flops,
            activations: try math.sum(
                try math.product(topK, expert.activations), try math.product(positions, experts),
                norm == .none ? 0 : try math.product(positions, hidden)),
            repeats: repeats)
    }

    /// One feed-forward network without norm or residual: the figures a block of it is built from.
    private func expertFigures(
        hidden: Int, inner: Int, gated: Bool, bias: Bool
    ) throws(ModelError) -> (parameters: Int, flops: Double, activations: Int) {
        let up = try math.sum(try math.product(hidden, inner), bias ? inner : 0)
        let down = try math.sum(try math.product(inner, hidden), bias ? hidden : 0)
        let n = Double(positions)
        let matrices = gated ? 2.0 : 1.0
        let flops =
            matrices * FLOPConvention.dense(positions: n, inputs: Double(hidden), outputs: Double(inner), bias: bias)
            + n * Double(inner) * FLOPConvention.perElementActivation * matrices  // activation; gated: × gate
            + FLOPConvention.dense(positions: n, inputs: Double(inner), outputs: Double(hidden), bias: bias)
        let values = try math.product(positions, inner)
        return (
            try math.sum(try math.product(gated ? 2 : 1, up), down), flops,
            try math.sum(try math.product(gated ? 4 : 2, values), try math.product(positions, hidden))
        )
    }

    /// Embedding tables looked up (no FLOPs) and summed (one add per value for each table past
    /// the first), with an optional norm after them (BERT).
    func embeddings(
        _ name: String, tables: [(label: String, rows: Int)], hidden: Int, norm: HFNorm = .none
    ) throws(ModelError) -> HFPart {
        var parameters = norm.parameters(width: hidden)
        for table in tables { parameters = try math.sum(parameters, try math.product(table.rows, hidden)) }
        let n = Double(positions)
        return HFPart(
            name: name, kind: "embedding",
            detail: "embedding " + tables.map { "\($0.label) \($0.rows)" }.joined(separator: " + ") + " × \(hidden)"
                + (norm == .none ? "" : ", " + norm.label),
            parameters: parameters,
            flops: n * Double(hidden) * (Double(tables.count - 1) + norm.perElement),
            activations: try math.product(norm == .none ? 1 : 2, positions, hidden))
    }

    /// A norm on its own (the final norm of a stack).
    func norm(_ name: String, _ norm: HFNorm, hidden: Int) throws(ModelError) -> HFPart {
        HFPart(
            name: name, kind: "norm", detail: "\(norm.label) \(hidden)", parameters: norm.parameters(width: hidden),
            flops: Double(positions) * Double(hidden) * norm.perElement,
            activations: try math.product(positions, hidden))
    }

    /// A dense layer applied at `at` positions of the sequence (all of them, or only the first
    /// for a pooler or a classifier on the class token), with an activation after it if named.
    /// `tied` weights belong to the input embedding and are not counted again (a bias still is).
    func dense(
        _ name: String, kind: String, inputs: Int, outputs: Int, bias: Bool, tied: Bool = false,
        activation: String? = nil, at: Int? = nil
    ) throws(ModelError) -> HFPart {
        let applied = at ?? positions
        let parameters = try math.sum(tied ? 0 : try math.product(inputs, outputs), bias ? outputs : 0)
        let flops =
            FLOPConvention.dense(
                positions: Double(applied), inputs: Double(inputs), outputs: Double(outputs), bias: bias)
            + (activation == nil ? 0 : Double(applied) * Double(outputs) * FLOPConvention.perElementActivation)
        var part = HFPart(
            name: name, kind: kind,
            detail: "\(kind) \(inputs)→\(outputs)" + (activation.map { " " + $0 } ?? "")
                + (tied ? ", tied to the input embedding" : "") + (at == 1 ? ", first token" : ""),
            parameters: parameters, flops: flops,
            activations: try math.product(activation == nil ? 1 : 2, applied, outputs))
        part.output = [applied, outputs]
        return part
    }
}
