import FootprintCore

/// `batchnorm` (Ioffe and Szegedy 2015): normalisation per channel, the first dimension of a sample
/// ([channels, …] or [features]), with a scale and a shift per channel unless `"affine": false`.
/// Its running mean and variance are buffers, not parameters (PyTorch does not count them either);
/// at inference they make it a scale and a shift per element (``FLOPConvention/perElementBatchNorm``).
struct BatchNormLayer: SpecLayer {
    static let typeNames = ["batchnorm"]
    static let keys = ["affine"]
    static let inputs = 1...1

    let affine: Bool

    init(type: String, fields: SpecFields) throws(ModelError) {
        affine = try fields.bool("affine", default: true)
    }

    var summary: String { "batchnorm" + (affine ? "" : " (no affine)") }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        try ChannelNormalization.figures(
            inputs[0], affine: affine, perElement: FLOPConvention.perElementBatchNorm, count: count)
    }
}

/// `groupnorm` (Wu and He 2018): normalisation over groups of channels, `groups` dividing the
/// channels, with a scale and a shift per channel unless `"affine": false`. It computes its
/// statistics at inference too, as layer normalisation does (``FLOPConvention/perElementLayerNorm``).
struct GroupNormLayer: SpecLayer {
    static let typeNames = ["groupnorm"]
    static let keys = ["groups", "affine"]
    static let inputs = 1...1

    let groups: Int
    let affine: Bool

    init(type: String, fields: SpecFields) throws(ModelError) {
        groups = try fields.int("groups")
        affine = try fields.bool("affine", default: true)
    }

    var summary: String { "groupnorm \(groups) groups" + (affine ? "" : " (no affine)") }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        guard let channels = inputs[0].first, channels % groups == 0 else {
            throw ModelError(
                .shapeMismatch, "\(groups) groups must divide the channels, the first dimension of the input")
        }
        return try ChannelNormalization.figures(
            inputs[0], affine: affine, perElement: FLOPConvention.perElementLayerNorm, count: count)
    }
}

/// What a normalisation per channel costs.
enum ChannelNormalization {
    /// A scale and a shift per channel (with `affine`), `perElement` FLOPs per value, the output kept.
    static func figures(
        _ shape: [Int], affine: Bool, perElement: Double, count: Count
    ) throws(ModelError) -> SpecFigures {
        guard let channels = shape.first else { throw ModelError(.shapeMismatch, "it needs an input") }
        let values = try count.times(shape, "input values")
        return SpecFigures(
            outputShape: shape, parameters: affine ? try count.times([2, channels], "parameters") : 0,
            forwardFLOPs: perElement * Double(values), activationElements: values)
    }
}
