import FootprintCore

/// `position_embedding`: a learned table of `positions` rows (default: the sequence's length)
/// added to a [sequence, features] input, as ViT adds its positions after the class token.
///
/// Parameters `P·d`; FLOPs `s·d` (the add); kept `s·d`.
struct PositionEmbeddingLayer: SpecLayer {
    static let typeNames = ["position_embedding"]
    static let keys = ["positions"]
    static let inputs = 1...1

    /// Rows of the table; nil for as many as the sequence has positions.
    let positions: Int?

    init(type: String, fields: SpecFields) throws(ModelError) {
        positions = fields.has("positions") ? try fields.int("positions") : nil
    }

    var summary: String { "position embedding" + (positions.map { " \($0)" } ?? "") }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let shape = try SequenceInput.single(inputs, type: "position_embedding")
        let sequence = try SequenceInput(shape, type: "position_embedding")
        let rows = positions ?? sequence.length
        guard sequence.length <= rows else {
            throw ModelError(
                .shapeMismatch,
                "position_embedding has \(rows) positions but the sequence is \(sequence.length) long: give "
                    + "\"positions\" of at least \(sequence.length)")
        }
        let values = try count.times(shape, "values")
        return SpecFigures(
            outputShape: shape, parameters: try count.times([rows, sequence.features], "parameters"),
            forwardFLOPs: Double(values) * FLOPConvention.perElementActivation, activationElements: values)
    }
}
