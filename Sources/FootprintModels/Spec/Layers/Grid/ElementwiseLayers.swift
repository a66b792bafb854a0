import FootprintCore

/// The element-wise activations: `relu`, `relu6`, `leaky_relu`, `elu`, `tanh`, `sigmoid`,
/// `hardsigmoid`, `gelu`, `silu` (`swish`, the same function), `hardswish`, `mish`. Each costs
/// ``FLOPConvention/perElementActivation`` per value and keeps its output for the backward pass.
struct ActivationLayer: SpecLayer {
    static let typeNames = [
        "relu", "relu6", "leaky_relu", "elu", "tanh", "sigmoid", "hardsigmoid", "gelu", "silu", "swish",
        "hardswish", "mish"
    ]
    static let keys: [String] = []
    static let inputs = 1...1

    let function: String

    init(type: String, fields: SpecFields) throws(ModelError) { function = type }

    var summary: String { function }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let values = try count.times(inputs[0], "input values")
        return SpecFigures(
            outputShape: inputs[0], parameters: 0, forwardFLOPs: FLOPConvention.perElementActivation * Double(values),
            activationElements: values)
    }

    var labLayers: [Layer]? { Layer.Activation(rawValue: function).map { [.activation($0)] } }
}

/// `softmax` over the last dimension: ``FLOPConvention/perElementSoftmax`` per value (exp, sum, divide).
struct SoftmaxLayer: SpecLayer {
    static let typeNames = ["softmax"]
    static let keys: [String] = []
    static let inputs = 1...1

    init(type: String, fields: SpecFields) throws(ModelError) {}

    var summary: String { "softmax" }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let values = try count.times(inputs[0], "input values")
        return SpecFigures(
            outputShape: inputs[0], parameters: 0, forwardFLOPs: FLOPConvention.perElementSoftmax * Double(values),
            activationElements: values)
    }

    var labLayers: [Layer]? { [.softmax] }
}

/// `dropout` with a `rate` from 0 up to 1: no FLOPs at inference, its mask kept at training.
struct DropoutLayer: SpecLayer {
    static let typeNames = ["dropout"]
    static let keys = ["rate"]
    static let inputs = 1...1

    let rate: Double

    init(type: String, fields: SpecFields) throws(ModelError) {
        guard case .number(let rate)? = fields.object["rate"], rate >= 0, rate < 1 else {
            throw ModelError(
                .invalidValue,
                "\(fields.place("rate")) must be a number from 0 up to (not including) 1; got "
                    + (fields.object["rate"]?.quoted ?? "nothing"))
        }
        self.rate = rate
    }

    var summary: String { "dropout \(Format.significant(rate))" }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let values = try count.times(inputs[0], "input values")
        return SpecFigures(outputShape: inputs[0], parameters: 0, forwardFLOPs: 0, activationElements: values)
    }

    var labLayers: [Layer]? { [.dropout(rate: rate)] }
}

/// `identity`: its input unchanged, free (a placeholder a converted graph may keep).
struct IdentityLayer: SpecLayer {
    static let typeNames = ["identity"]
    static let keys: [String] = []
    static let inputs = 1...1

    init(type: String, fields: SpecFields) throws(ModelError) {}

    var summary: String { "identity" }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        SpecFigures(outputShape: inputs[0], parameters: 0, forwardFLOPs: 0, activationElements: 0)
    }
}
