import FootprintCore

/// `class_token`: a learned vector put in front of a [sequence, features] input (ViT, after
/// Devlin et al.'s [CLS]), giving [sequence + 1, features].
///
/// Parameters `d`; FLOPs none (a copy); kept the output `(s + 1)·d`.
struct ClassTokenLayer: SpecLayer {
    static let typeNames = ["class_token"]
    static let keys: [String] = []
    static let inputs = 1...1

    init(type: String, fields: SpecFields) throws(ModelError) {}

    var summary: String { "class token" }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let sequence = try SequenceInput(try SequenceInput.single(inputs, type: "class_token"), type: "class_token")
        let output = [try count.plus([sequence.length, 1], "positions"), sequence.features]
        return SpecFigures(
            outputShape: output, parameters: sequence.features, forwardFLOPs: 0,
            activationElements: try count.times(output, "output values"))
    }
}
