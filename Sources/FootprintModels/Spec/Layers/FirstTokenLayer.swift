import FootprintCore

/// `first_token`: the first position of a [sequence, features] input, [features] (the class token
/// a ViT or BERT classifies from): a view, no parameters, no FLOPs, nothing kept.
struct FirstTokenLayer: SpecLayer {
    static let typeNames = ["first_token"]
    static let keys: [String] = []
    static let inputs = 1...1

    init(type: String, fields: SpecFields) throws(ModelError) {}

    var summary: String { "first token" }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let sequence = try SequenceInput(try SequenceInput.single(inputs, type: "first_token"), type: "first_token")
        return SpecFigures(outputShape: [sequence.features], parameters: 0, forwardFLOPs: 0, activationElements: 0)
    }
}
