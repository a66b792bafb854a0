import FootprintCore

/// Operators that contract tensors in one node: `Einsum` and ONNX's `Attention` (opset 23).
enum ONNXContractionOperators {
    static func figures(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures? {
        switch op.node.opType {
        case "Einsum": return try einsum(op)
        case "Attention": return try attention(op)
        default: return nil
        }
    }

    /// `Einsum`: the output's labels in the order the equation gives (or, without `->`, the labels
    /// that occur once, sorted). With two or more operands every combination of label values takes
    /// a multiply-add per further operand: 2·(operands − 1)·Π(label sizes) FLOPs; with one operand
    /// (a sum or a transpose) 1 per input value.
    private static func einsum(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        guard let equation = op.string("equation")?.filter({ !$0.isWhitespace }) else {
            throw InferenceProblem("Einsum needs an equation")
        }
        let operands = op.inputs.compactMap { $0 }
        let sides = equation.components(separatedBy: "->")
        let terms = sides[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard terms.count == operands.count, sides.count <= 2 else {
            throw InferenceProblem("Einsum \(equation) for \(operands.count) operands")
        }
        var sizes: [Character: Int] = [:]
        var occurrences: [Character: Int] = [:]
        var ellipsis: [Int] = []
        for (term, operand) in zip(terms, operands) {
            let labels = try expand(term, rank: operand.shape.count)
            guard labels.count == operand.shape.count else {
                throw InferenceProblem("Einsum term \(term) for shape \(operand.shape)")
            }
            var broadcast: [Int] = []
            for (label, size) in zip(labels, operand.shape) {
                if label.isNumber {
                    broadcast.append(size)
                    continue
                }
                occurrences[label, default: 0] += 1
                if let known = sizes[label], known != size, known != 1, size != 1 {
                    throw InferenceProblem("Einsum label \(label) is \(known) and \(size)")
                }
                sizes[label] = max(sizes[label] ?? size, size)
            }
            ellipsis = try Broadcast.shape([ellipsis, broadcast])
        }
        let outputLabels: [Character]
        if sides.count == 2 {
            outputLabels = Array(sides[1].replacingOccurrences(of: "...", with: ""))
        } else {
            outputLabels = occurrences.filter { $0.value == 1 }.keys.sorted()
        }
        var shape = ellipsis
        for label in outputLabels {
            guard let size = sizes[label] else { throw InferenceProblem("Einsum output label \(label) is in no input") }
            shape.append(size)
        }
        let all = Shapes.product(ellipsis) * sizes.values.reduce(1.0) { $0 * Double($1) }
        let flops = operands.count > 1 ? 2 * Double(operands.count - 1) * all : Double(operands[0].elements)
        return ONNXFigures(
            outputs: [ONNXValue(shape: shape, elementType: operands[0].elementType)], flops: flops,
            matrixFLOPs: operands.count > 1 ? flops : 0, detail: equation)
    }

    /// A term's labels, an ellipsis standing for the digits 0… of the dimensions it covers.
    private static func expand(_ term: String, rank: Int) throws(InferenceProblem) -> [Character] {
        guard term.contains("...") else { return Array(term) }
        let parts = term.components(separatedBy: "...")
        let named = parts.joined().count
        guard parts.count == 2, rank >= named else { throw InferenceProblem("Einsum term \(term)") }
        let covered = (0..<(rank - named)).map { Character(String($0 % 10)) }
        return Array(parts[0]) + covered + Array(parts[1])
    }

    /// `Attention` (ONNX opset 23): queries, keys and values as [B, S, heads·d] (with `q_num_heads`
    /// and `kv_num_heads`) or [B, heads, S, d]; past keys and values lengthen the keys. Per score:
    /// 2·d_qk for the query-key product, 1 to scale, 3 for the softmax, and 2·d_v for the product with
    /// the values.
    private static func attention(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let q = try op.input(0)
        let k = try op.input(1)
        let v = try op.input(2)
        let rank = q.shape.count
        guard rank == 3 || rank == 4, k.shape.count == rank, v.shape.count == rank else {
            throw InferenceProblem("Attention takes 3-D or 4-D queries, keys and values, got \(q.shape)")
        }
        let batch = q.shape[0]
        let heads: Int
        let (queries, keys): (Int, Int)
        let (dqk, dv): (Int, Int)
        if rank == 3 {
            guard let qHeads = op.int("q_num_heads"), let kvHeads = op.int("kv_num_heads"), qHeads > 0, kvHeads > 0,
                q.shape[2] % qHeads == 0, v.shape[2] % kvHeads == 0
            else { throw InferenceProblem("Attention on 3-D inputs needs q_num_heads and kv_num_heads") }
            (heads, queries, keys) = (qHeads, q.shape[1], k.shape[1])
            (dqk, dv) = (q.shape[2] / qHeads, v.shape[2] / kvHeads)
        } else {
            (heads, queries, keys) = (q.shape[1], q.shape[2], k.shape[2])
            (dqk, dv) = (q.shape[3], v.shape[3])
        }
        let total = keys + (op.optionalInput(4).map { $0.shape.count == 4 ? $0.shape[2] : 0 } ?? 0)
        let scores = Shapes.product([batch, heads, queries, total])
        let matrix = scores * 2 * Double(dqk + dv)
        let shape = rank == 3 ? [batch, queries, try Shapes.multiply(heads, dv)] : [batch, heads, queries, dv]
        guard scores <= Double(ModelAnalysis.countLimit) else {
            throw InferenceProblem("Attention of \(scores) scores")
        }
        var outputs = [ONNXValue(shape: shape, elementType: q.elementType)]
        if op.node.outputs.count > 1 {
            let kvHeads = rank == 3 ? op.int("kv_num_heads", default: heads) : k.shape[1]
            outputs.append(ONNXValue(shape: [batch, kvHeads, total, dqk], elementType: q.elementType))
            outputs.append(ONNXValue(shape: [batch, kvHeads, total, dv], elementType: q.elementType))
            outputs.append(ONNXValue(shape: [batch, heads, queries, total], elementType: q.elementType))
        }
        return ONNXFigures(
            outputs: outputs, flops: matrix + scores * (1 + FLOPConvention.perElementSoftmax), matrixFLOPs: matrix,
            internalActivations: Int(scores), detail: "\(heads) heads, \(queries)×\(total)")
    }
}
