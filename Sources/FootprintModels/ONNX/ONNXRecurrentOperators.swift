import FootprintCore

/// LSTM, GRU and RNN: per time step, per sample and direction, the gate matrices times the input and
/// the hidden state, the biases, and the gates' element-wise work.
enum ONNXRecurrentOperators {
    /// Per hidden unit of each kind of cell: gates; element-wise FLOPs; values kept besides the output.
    /// LSTM: 4 gate activations, f·c + i·g (3), tanh(c), o·tanh(c) = 9; keeps 4 gates and the cell.
    /// GRU: 3 gate activations, r·(R·h + b), (1 − z)·n + z·h (4) = 8; keeps 3 gates. RNN: the activation.
    static let cells: [String: (gates: Int, elementwise: Int, kept: Int)] = [
        "LSTM": (4, 9, 5), "GRU": (3, 8, 3), "RNN": (1, 1, 0)
    ]

    static func figures(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures? {
        guard let cell = cells[op.node.opType] else { return nil }
        let x = try op.input(0)
        let w = try op.input(1)
        guard x.shape.count == 3, w.shape.count == 3 else {
            throw InferenceProblem("\(op.node.opType) takes input [sequence, batch, features], got \(x.shape)")
        }
        let batchFirst = op.int("layout", default: 0) == 1
        let (steps, batch, features) =
            batchFirst ? (x.shape[1], x.shape[0], x.shape[2]) : (x.shape[0], x.shape[1], x.shape[2])
        let directions = (op.string("direction") ?? "forward") == "bidirectional" ? 2 : 1
        let hidden = op.int("hidden_size") ?? w.shape[1] / cell.gates
        guard hidden > 0, hidden <= 1 << 31, w.shape == [directions, cell.gates * hidden, features] else {
            throw InferenceProblem("\(op.node.opType) weights \(w.shape) for \(features) inputs, hidden size \(hidden)")
        }
        let gates = Double(cell.gates * hidden)
        var perStep = FLOPConvention.matmul(m: 1, k: Double(features + hidden), n: gates)
        let matrixPerStep = perStep
        // The two biases (PyTorch's convention: input and recurrent), adding the input's and the
        // recurrent part, then the gates' element-wise work.
        if op.optionalInput(3) != nil { perStep += 2 * gates }
        perStep += gates + Double(cell.elementwise * hidden)
        if op.node.opType == "LSTM", op.optionalInput(7) != nil { perStep += Double(6 * hidden) }
        let runs = Double(steps * batch * directions)
        let y = batchFirst ? [batch, steps, directions, hidden] : [steps, directions, batch, hidden]
        let state = batchFirst ? [batch, directions, hidden] : [directions, batch, hidden]
        var outputs = [
            ONNXValue(shape: y, elementType: x.elementType), ONNXValue(shape: state, elementType: x.elementType)
        ]
        if op.node.opType == "LSTM" { outputs.append(ONNXValue(shape: state, elementType: x.elementType)) }
        return ONNXFigures(
            outputs: outputs, flops: runs * perStep, matrixFLOPs: runs * matrixPerStep,
            internalActivations: try Shapes.multiply(Shapes.multiply(steps * batch, directions * cell.kept), hidden),
            detail: "\(features)→\(hidden), \(steps) steps" + (directions == 2 ? ", bidirectional" : ""))
    }
}
