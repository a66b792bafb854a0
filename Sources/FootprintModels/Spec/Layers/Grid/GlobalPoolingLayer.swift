import FootprintCore

/// `globalavgpool` and `globalmaxpool`: one value per channel over the whole map, [channels, …] to
/// [channels] (PyTorch's `AdaptiveAvgPool2d(1)` followed by a flatten, ONNX's `GlobalAveragePool`);
/// `"keepdims": true` keeps the spatial dimensions at 1. An average costs one add per input value
/// (the divide per channel is left out), a maximum one comparison per input value beyond the first.
struct GlobalPoolingLayer: SpecLayer {
    static let typeNames = ["globalavgpool", "globalmaxpool"]
    static let keys = ["keepdims"]
    static let inputs = 1...1

    let type: String
    let keepDimensions: Bool

    init(type: String, fields: SpecFields) throws(ModelError) {
        self.type = type
        keepDimensions = try fields.bool("keepdims", default: false)
    }

    var summary: String { type + (keepDimensions ? " keepdims" : "") }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let shape = inputs[0]
        guard shape.count >= 2 else {
            throw ModelError(.shapeMismatch, "\(type) takes [channels, …] with at least one dimension to pool")
        }
        let values = try count.times(shape, "input values")
        let output = keepDimensions ? [shape[0]] + Array(repeating: 1, count: shape.count - 1) : [shape[0]]
        let flops = type == "globalmaxpool" ? Double(values - shape[0]) : Double(values)
        return SpecFigures(outputShape: output, parameters: 0, forwardFLOPs: flops, activationElements: shape[0])
    }
}
