import FootprintCore

/// `pooler`: BERT's pooler (Devlin et al. 2019): the first position of a [sequence, features]
/// input through a dense layer of `units` (default: the features) and tanh, [units] out.
///
/// Parameters `d·u` (+ `u` bias); FLOPs `2·d·u` (+ `u`) + `u` for tanh; kept `2·u`.
struct PoolerLayer: SpecLayer {
    static let typeNames = ["pooler"]
    static let keys = ["units", "bias"]
    static let inputs = 1...1

    /// Output width; nil for the input's features.
    let units: Int?
    let bias: Bool

    init(type: String, fields: SpecFields) throws(ModelError) {
        units = fields.has("units") ? try fields.int("units") : nil
        bias = try fields.bool("bias", default: true)
    }

    var summary: String { "pooler" + (units.map { " \($0)" } ?? "") + " tanh" + (bias ? "" : " (no bias)") }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let sequence = try SequenceInput(try SequenceInput.single(inputs, type: "pooler"), type: "pooler")
        let (d, u) = (sequence.features, units ?? sequence.features)
        let parameters = try count.plus([try count.times([d, u], "weights"), bias ? u : 0], "parameters")
        let flops =
            FLOPConvention.dense(positions: 1, inputs: Double(d), outputs: Double(u), bias: bias)
            + Double(u) * FLOPConvention.perElementActivation
        return SpecFigures(
            outputShape: [u], parameters: parameters, forwardFLOPs: flops,
            activationElements: try count.times([2, u], "activation values"))
    }
}
