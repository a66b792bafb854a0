import FootprintCore

/// `attention`: multi-head attention over a sequence, returning the sequence's shape. Self-attention
/// takes one input; with `"cross": true` it takes two, the queries' sequence and the memory (an
/// encoder's output) whose keys and values it attends over. `causal` masks later positions, which
/// changes no count: the scores are computed in full and masked, as common implementations do.
struct AttentionLayer: SpecLayer {
    static let typeNames = ["attention"]
    static let keys = MultiHeadAttention.keys + ["causal", "cross"]
    static let inputs = 1...2

    let attention: MultiHeadAttention
    let causal: Bool
    let cross: Bool

    init(type: String, fields: SpecFields) throws(ModelError) {
        attention = try MultiHeadAttention(fields: fields)
        causal = try fields.bool("causal", default: false)
        cross = try fields.bool("cross", default: false)
    }

    var summary: String {
        (cross ? "cross-attention " : "self-attention ") + attention.summary + (causal ? ", causal" : "")
    }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let (query, memory) = try Self.sequences(inputs, cross: cross, type: "attention")
        let (parameters, flops, kept) = try attention.figures(query: query, memory: memory, count: count)
        return SpecFigures(
            outputShape: inputs[0], parameters: parameters, forwardFLOPs: flops, activationElements: kept)
    }

    var labLayers: [Layer]? { attention.isPlain && !causal && !cross ? [.selfAttention(heads: attention.heads)] : nil }

    /// The queries' sequence and the memory: one input for self-attention, two for cross-attention.
    static func sequences(
        _ inputs: [[Int]], cross: Bool, type: String
    ) throws(ModelError) -> (query: SequenceInput, memory: SequenceInput) {
        if cross {
            try SequenceInput.check(
                inputs, count: 2, type: type,
                takes: "two inputs with \"cross\": the sequence and the memory it attends over (an encoder's output)")
            return (
                try SequenceInput(inputs[0], type: type),
                try SequenceInput(inputs[1], type: type, role: "memory (second input)")
            )
        }
        try SequenceInput.check(
            inputs, count: 1, type: type, takes: "one input; give \"cross\": true to attend over a second")
        let query = try SequenceInput(inputs[0], type: type)
        return (query, query)
    }
}
