import FootprintCore

/// `lstm` (Hochreiter and Schmidhuber 1997) and `gru` (Cho et al. 2014) over [sequence, features],
/// counted as PyTorch's `nn.LSTM` and `nn.GRU` hold them: per layer and direction an input matrix
/// `G·h × in`, a recurrent matrix `G·h × h` and two bias vectors `G·h` each (G = 4 gates for LSTM,
/// 3 for GRU); layers after the first take `directions·h` inputs. `output` `sequence` gives every
/// step's hidden state [sequence, directions·h], `last` the final one of each direction [directions·h].
///
/// FLOPs per step, layer and direction: `2·G·h·(in + h)` for the two matrices, `2·G·h` for the
/// biases, `G·h` to add the input and recurrent parts, and the gates' element-wise work: LSTM `9·h`
/// (4 gate activations, the cell update f·c + i·g, tanh of the cell, the output product), GRU `8·h`
/// (3 gate activations, r times the recurrent candidate, (1 − z)·n + z·h).
/// Kept per step, layer and direction: LSTM `6·h` (4 gates, cell, hidden), GRU `4·h` (3 gates, hidden).
struct RecurrentLayer: SpecLayer {
    static let typeNames = ["lstm", "gru"]
    static let keys = ["hidden", "layers", "bidirectional", "bias", "output"]
    static let inputs = 1...1

    let type: String
    let hidden: Int
    let layers: Int
    let bidirectional: Bool
    let bias: Bool
    let lastOnly: Bool

    init(type: String, fields: SpecFields) throws(ModelError) {
        self.type = type.lowercased()
        hidden = try fields.int("hidden")
        layers = try fields.int("layers", default: 1, in: 1...1000)
        bidirectional = try fields.bool("bidirectional", default: false)
        bias = try fields.bool("bias", default: true)
        lastOnly = try fields.string("output", oneOf: ["sequence", "last"], default: "sequence") == "last"
    }

    var summary: String {
        "\(type) \(hidden)" + (layers > 1 ? " × \(layers) layers" : "") + (bidirectional ? ", bidirectional" : "")
            + (bias ? "" : " (no bias)") + (lastOnly ? ", last state" : "")
    }

    private var gates: Int { type == "lstm" ? 4 : 3 }
    private var elementWisePerHidden: Double { type == "lstm" ? 9 : 8 }
    private var keptPerHidden: Int { type == "lstm" ? 6 : 4 }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let sequence = try SequenceInput(try SequenceInput.single(inputs, type: type), type: type)
        let directions = bidirectional ? 2 : 1
        let width = try count.times([directions, hidden], "output width")
        let rows = try count.times([gates, hidden], "gate rows")
        var parameters = 0
        var flopsPerStep = 0.0
        for layer in 0..<layers {
            let fanIn = try count.plus([layer == 0 ? sequence.features : width, hidden], "weights per gate row")
            let one = try count.plus([try count.times([rows, fanIn], "weights"), bias ? 2 * rows : 0], "parameters")
            parameters = try count.plus([parameters, try count.times([directions, one], "parameters")], "parameters")
            let (g, h) = (Double(rows), Double(hidden))
            flopsPerStep +=
                Double(directions)
                * (FLOPConvention.matmul(m: 1, k: Double(fanIn), n: g) + (bias ? 2 * g : 0) + g
                    + elementWisePerHidden * h)
        }
        let kept = try count.times(
            [sequence.length, layers, directions, keptPerHidden, hidden], "activation values")
        return SpecFigures(
            outputShape: lastOnly ? [width] : [sequence.length, width], parameters: parameters,
            forwardFLOPs: Double(sequence.length) * flopsPerStep, activationElements: kept)
    }
}
