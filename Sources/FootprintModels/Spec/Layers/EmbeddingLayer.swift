import FootprintCore

/// `embedding`: token ids [sequence] to vectors [sequence, dimensions] by a table of `vocabulary`
/// rows. `positions` adds a learned position table of that many rows (the longest sequence it
/// takes; BERT, GPT-2) and `segments` a token-type table (BERT's sentence A/B), each summed into
/// the output. `"tied": true` marks a token table that is another layer's (an encoder–decoder's
/// shared vocabulary): it is used, not counted again.
///
/// Parameters: `V·d` (none when tied) + `P·d` + `T·d`. FLOPs: the lookups none, each added table
/// `s·d`. Kept: the output `s·d`.
struct EmbeddingLayer: SpecLayer {
    static let typeNames = ["embedding"]
    static let keys = ["vocabulary", "dimensions", "positions", "segments", "tied"]
    static let inputs = 1...1

    let vocabulary: Int
    let dimensions: Int
    /// Rows of the learned position table; 0 for none.
    let positions: Int
    /// Rows of the token-type table; 0 for none.
    let segments: Int
    let tied: Bool

    init(type: String, fields: SpecFields) throws(ModelError) {
        vocabulary = try fields.int("vocabulary")
        dimensions = try fields.int("dimensions")
        positions = try fields.int("positions", default: 0, in: 0...SpecFields.maximumDimension)
        segments = try fields.int("segments", default: 0, in: 0...SpecFields.maximumDimension)
        tied = try fields.bool("tied", default: false)
    }

    var summary: String {
        "embedding \(vocabulary)→\(dimensions)" + (positions > 0 ? ", \(positions) positions" : "")
            + (segments > 0 ? ", \(segments) segments" : "") + (tied ? " (tied)" : "")
    }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let shape = try SequenceInput.single(inputs, type: "embedding")
        guard shape.count == 1 else {
            throw ModelError(
                .shapeMismatch, "embedding takes [sequence] of token ids; got \(SequenceInput.text(shape))")
        }
        let length = shape[0]
        if positions > 0 && length > positions {
            throw ModelError(
                .shapeMismatch,
                "embedding has \(positions) positions but the sequence is \(length) long: give \"positions\" "
                    + "of at least \(length) or a shorter input")
        }
        let rows = try count.plus([tied ? 0 : vocabulary, positions, segments], "table rows")
        let output = [length, dimensions]
        let added = (positions > 0 ? 1 : 0) + (segments > 0 ? 1 : 0)
        let values = try count.times(output, "output values")
        return SpecFigures(
            outputShape: output, parameters: try count.times([rows, dimensions], "parameters"),
            forwardFLOPs: Double(added) * Double(values) * FLOPConvention.perElementActivation,
            activationElements: values)
    }

    var labLayers: [Layer]? {
        positions == 0 && segments == 0 && !tied ? [.embedding(vocabulary: vocabulary, dimensions: dimensions)] : nil
    }
}
