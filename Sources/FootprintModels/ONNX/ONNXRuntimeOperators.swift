import FootprintCore

/// The fused operators of ONNX Runtime's `com.microsoft` domain that its transformer optimizer
/// writes into a graph: fused products, GELU variants, skip-and-norm, and attention.
enum ONNXRuntimeOperators {
    static let domain = "com.microsoft"

    static func figures(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures? {
        switch op.node.opType {
        case "FusedMatMul":
            // A MatMul with its operands' last two axes optionally swapped first.
            var a = try op.input(0)
            var b = try op.input(1)
            if op.int("transA", default: 0) == 1, a.shape.count >= 2 {
                a.shape.swapAt(a.shape.count - 1, a.shape.count - 2)
            }
            if op.int("transB", default: 0) == 1, b.shape.count >= 2 {
                b.shape.swapAt(b.shape.count - 1, b.shape.count - 2)
            }
            let product = ONNXOperation(
                node: ONNXNode(name: op.node.name, opType: "MatMul", inputs: ["a", "b"], outputs: op.node.outputs),
                inputs: [a, b], opset: op.opset)
            return try ONNXMatrixOperators.figures(product)
        case "Gelu", "FastGelu", "QuickGelu", "BiasGelu", "BiasAdd":
            // The activation, 1 per value, and a bias or residual add, 1 per value each.
            let x = try op.input(0)
            let adds = op.inputs.dropFirst().compactMap { $0 }.count
            let activation = op.node.opType == "BiasAdd" ? 0 : 1
            return ONNXFigures(
                outputs: [ONNXValue(shape: x.shape, elementType: x.elementType)],
                flops: Double(x.elements) * Double(activation + adds))
        case "SkipLayerNormalization", "SkipSimplifiedLayerNormalization":
            // The residual (and an optional bias) added, then the norm: 7 per value, as layer norm.
            let x = try op.input(0)
            let adds = 1 + (op.optionalInput(4) != nil ? 1 : 0)
            var outputs = [ONNXValue(shape: x.shape, elementType: x.elementType)]
            let statistics = Array(x.shape.dropLast()) + [1]
            while outputs.count < op.node.outputs.count {
                outputs.append(
                    outputs.count == 3 ? outputs[0] : ONNXValue(shape: statistics, elementType: 1))
            }
            return ONNXFigures(
                outputs: outputs, flops: Double(x.elements) * (FLOPConvention.perElementLayerNorm + Double(adds)),
                detail: "over [\(x.shape.last ?? 0)]")
        case "Attention": return try attention(op)
        case "MultiHeadAttention": return try multiHeadAttention(op)
        default: return nil
        }
    }

    /// `Attention`: input [B, S, D] times packed Q, K, V weights [D, 3·H] plus bias, then attention
    /// over `num_heads` heads: the projection's 2·B·S·D·3H, then per score 2·(d_qk + d_v), 1 to
    /// scale, 3 for the softmax.
    private static func attention(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let x = try op.input(0)
        let w = try op.input(1)
        guard x.shape.count == 3, w.shape.count == 2, w.shape[0] == x.shape[2], let heads = op.int("num_heads"),
            heads > 0, heads <= 1 << 20
        else { throw InferenceProblem("Attention of \(x.shape) with weights \(w.shape)") }
        let hidden = op.ints("qkv_hidden_sizes") ?? [Int](repeating: w.shape[1] / 3, count: 3)
        guard hidden.count == 3, hidden.allSatisfy({ $0 > 0 && $0 % heads == 0 }), try Shapes.sum(hidden) == w.shape[1]
        else { throw InferenceProblem("Attention hidden sizes \(hidden) for weights \(w.shape)") }
        let (batch, length) = (x.shape[0], x.shape[1])
        let positions = Shapes.product([batch, length])
        let projection = FLOPConvention.dense(
            positions: positions, inputs: Double(x.shape[2]), outputs: Double(w.shape[1]),
            bias: op.optionalInput(2) != nil)
        let scores = Shapes.product([batch, heads, length, length])
        let products = scores * 2 * Double(hidden[0] / heads + hidden[2] / heads)
        return ONNXFigures(
            outputs: [ONNXValue(shape: [batch, length, hidden[2]], elementType: x.elementType)],
            flops: projection + products + scores * (1 + FLOPConvention.perElementSoftmax),
            matrixFLOPs: 2 * positions * Double(x.shape[2]) * Double(w.shape[1]) + products,
            internalActivations: try checkedScores(scores), detail: "\(heads) heads, \(length)×\(length)")
    }

    /// `MultiHeadAttention`: queries, keys and values already projected, [B, S, heads·d].
    private static func multiHeadAttention(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let q = try op.input(0)
        let k = try op.input(1)
        let v = try op.input(2)
        guard q.shape.count == 3, k.shape.count == 3, v.shape.count == 3, let heads = op.int("num_heads"), heads > 0,
            q.shape[2] % heads == 0, v.shape[2] % heads == 0
        else { throw InferenceProblem("MultiHeadAttention of \(q.shape), \(k.shape), \(v.shape) (only 3-D inputs)") }
        let scores = Shapes.product([q.shape[0], heads, q.shape[1], k.shape[1]])
        let products = scores * 2 * Double(q.shape[2] / heads + v.shape[2] / heads)
        return ONNXFigures(
            outputs: [ONNXValue(shape: [q.shape[0], q.shape[1], v.shape[2]], elementType: q.elementType)],
            flops: products + scores * (1 + FLOPConvention.perElementSoftmax), matrixFLOPs: products,
            internalActivations: try checkedScores(scores), detail: "\(heads) heads, \(q.shape[1])×\(k.shape[1])")
    }

    private static func checkedScores(_ scores: Double) throws(InferenceProblem) -> Int {
        guard scores <= Double(ModelAnalysis.countLimit) else {
            throw InferenceProblem("attention of \(scores) scores")
        }
        return Int(scores)
    }
}
