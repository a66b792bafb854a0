import FootprintCore

/// LSTM, GRU and RNN: per time step, per sample and direction, the gate matrices times the input and
/// the hidden state, the biases, and the gates' element-wise work.
enum ONNXRecurrentOperators {
    /// Gates and element-wise FLOPs per hidden unit of each kind of cell.
    /// LSTM: 4 gate activations, tanh of the cell, f·c, i·g, their sum, o·tanh(c) = 9.
    /// GRU: 3 gate activations, r·(R·h), 1 − z, (1 − z)·n, z·h, their sum = 8. RNN: the activation, 1.
    static let cells: [String: (gates: Int, elementwise: Int)] = ["LSTM": (4, 9), "GRU": (3, 8), "RNN": (1, 1)]

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
        guard w.shape == [directions, cell.gates * hidden, features] else {
            throw InferenceProblem("\(op.node.opType) weights \(w.shape) for \(features) inputs, hidden size \(hidden)")
        }
        let gates = Double(cell.gates * hidden)
        var perStep = FLOPConvention.matmul(m: 1, k: Double(features + hidden), n: gates)
        let matrixPerStep = perStep
        if op.optionalInput(3) != nil { perStep += 2 * gates }
        perStep += Double(cell.elementwise * hidden)
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
            internalActivations: steps * batch * directions * (cell.gates + 1) * hidden,
            detail: "\(features)→\(hidden), \(steps) steps" + (directions == 2 ? ", bidirectional" : ""))
    }
}
