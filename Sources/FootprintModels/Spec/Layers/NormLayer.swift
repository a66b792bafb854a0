import FootprintCore

/// `layernorm` and `rmsnorm`: normalisation over the last dimension of any input (a sequence's
/// features, a vector); `"bias": false` drops layer normalisation's shift.
struct NormLayer: SpecLayer {
    static let typeNames = Normalization.Kind.allCases.map(\.rawValue)
    static let keys = ["bias"]
    static let inputs = 1...1

    let norm: Normalization

    init(type: String, fields: SpecFields) throws(ModelError) {
        let kind = Normalization.Kind(rawValue: type.lowercased()) ?? .layernorm
        let bias = try fields.bool("bias", default: kind == .layernorm)
        if kind == .rmsnorm && bias {
            throw ModelError(.invalidValue, "\(fields.place("bias")) cannot be true: RMS normalisation has no shift")
        }
        norm = Normalization(kind: kind, bias: bias)
    }

    var summary: String { norm.kind.rawValue + (norm.kind == .layernorm && !norm.bias ? " (no bias)" : "") }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let shape = try SequenceInput.single(inputs, type: norm.kind.rawValue)
        guard let features = shape.last else {
            throw ModelError(.shapeMismatch, "\(norm.kind.rawValue) needs an input with at least one dimension")
        }
        let elements = try count.times(shape, "input values")
        return SpecFigures(
            outputShape: shape, parameters: try norm.parameters(features: features, count: count),
            forwardFLOPs: norm.flopsPerElement * Double(elements), activationElements: elements)
    }

    var labLayers: [Layer]? { norm == Normalization(kind: .layernorm, bias: true) ? [.layerNorm] : nil }
}
