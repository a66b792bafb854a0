import FootprintCore

/// `lm_head`: the projection of [sequence, features] onto a vocabulary's logits [sequence,
/// vocabulary]. `"tied": true` (GPT-2, T5, BERT's masked-LM decoder) uses the token embedding's
/// table, counted there, so only a `bias` adds parameters; FLOPs are the same either way.
///
/// Parameters `d·V` (none when tied) + `V` with bias; FLOPs `2·s·d·V` (+ `s·V`); kept `s·V`.
struct LanguageModelHeadLayer: SpecLayer {
    static let typeNames = ["lm_head"]
    static let keys = ["vocabulary", "tied", "bias"]
    static let inputs = 1...1

    let vocabulary: Int
    let tied: Bool
    let bias: Bool

    init(type: String, fields: SpecFields) throws(ModelError) {
        vocabulary = try fields.int("vocabulary")
        tied = try fields.bool("tied", default: false)
        bias = try fields.bool("bias", default: false)
    }

    var summary: String { "lm head \(vocabulary)" + (tied ? " (tied)" : "") + (bias ? " + bias" : "") }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let sequence = try SequenceInput(try SequenceInput.single(inputs, type: "lm_head"), type: "lm_head")
        let weights = tied ? 0 : try count.times([sequence.features, vocabulary], "weights")
        let output = [sequence.length, vocabulary]
        return SpecFigures(
            outputShape: output, parameters: try count.plus([weights, bias ? vocabulary : 0], "parameters"),
            forwardFLOPs: FLOPConvention.dense(
                positions: Double(sequence.length), inputs: Double(sequence.features), outputs: Double(vocabulary),
                bias: bias),
            activationElements: try count.times(output, "output values"))
    }
}
