import FootprintCore

/// `dense`: fully connected, `units` outputs from [features] or from each position of
/// [sequence, features], with a bias unless `"bias": false` (PyTorch's `nn.Linear`).
struct DenseLayer: SpecLayer {
    static let typeNames = ["dense"]
    static let keys = ["units", "bias"]
    static let inputs = 1...1

    let units: Int
    let bias: Bool

    init(type: String, fields: SpecFields) throws(ModelError) {
        units = try fields.int("units")
        bias = try fields.bool("bias", default: true)
    }

    var summary: String { "dense \(units)" + (bias ? "" : " (no bias)") }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let shape = inputs[0]
        guard shape.count <= 2, let features = shape.last else {
            throw ModelError(
                .shapeMismatch, "dense takes [features] or [sequence, features]: add a flatten layer before it")
        }
        let positions = shape.count == 2 ? shape[0] : 1
        let output = Array(shape.dropLast()) + [units]
        let weights = try count.times([features, units], "weights")
        return SpecFigures(
            outputShape: output, parameters: try count.plus([weights, bias ? units : 0], "parameters"),
            forwardFLOPs: FLOPConvention.dense(
                positions: Double(positions), inputs: Double(features), outputs: Double(units), bias: bias),
            activationElements: try count.times(output, "output values"))
    }

    var labLayers: [Layer]? { [.dense(units: units, bias: bias)] }
}
