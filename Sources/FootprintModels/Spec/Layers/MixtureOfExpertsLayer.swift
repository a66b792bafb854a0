import FootprintCore

/// `moe`: a mixture-of-experts feed-forward layer over [sequence, features], the sequence's shape
/// out. Its parameters are all the experts'; its active parameters and FLOPs are those of the
/// `top_k` experts each token visits.
struct MixtureOfExpertsLayer: SpecLayer {
    static let typeNames = ["moe"]
    static let keys = MixtureOfExperts.keys + FeedForward.keys
    static let inputs = 1...1

    let moe: MixtureOfExperts

    init(type: String, fields: SpecFields) throws(ModelError) {
        moe = try MixtureOfExperts(fields: fields, expert: try FeedForward(fields: fields))
    }

    var summary: String { "moe \(moe.summary), \(moe.expert.summary)" }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let shape = try SequenceInput.single(inputs, type: "moe")
        let sequence = try SequenceInput(shape, type: "moe")
        let figures = try moe.figures(positions: sequence.length, model: sequence.features, count: count)
        return SpecFigures(
            outputShape: shape, parameters: figures.parameters, activeParameters: figures.active,
            forwardFLOPs: figures.flops, activationElements: figures.kept)
    }
}
