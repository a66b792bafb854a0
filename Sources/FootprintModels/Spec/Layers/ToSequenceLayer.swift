import FootprintCore

/// `to_sequence`: a feature map [channels, positions…] ([C, L], [C, H, W] or [C, D, H, W]) read as
/// a sequence [positions, channels], one position per pixel, as ViT reads its patch embeddings
/// (a reshape and a transpose: no parameters, no FLOPs, nothing kept beyond its input).
struct ToSequenceLayer: SpecLayer {
    static let typeNames = ["to_sequence"]
    static let keys: [String] = []
    static let inputs = 1...1

    init(type: String, fields: SpecFields) throws(ModelError) {}

    var summary: String { "to sequence" }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let shape = try SequenceInput.single(inputs, type: "to_sequence")
        guard (2...4).contains(shape.count) else {
            throw ModelError(
                .shapeMismatch,
                "to_sequence takes a feature map [channels, height, width] (or [C, L], [C, D, H, W]); got "
                    + SequenceInput.text(shape))
        }
        let positions = try count.times(Array(shape.dropFirst()), "positions")
        return SpecFigures(outputShape: [positions, shape[0]], parameters: 0, forwardFLOPs: 0, activationElements: 0)
    }
}
