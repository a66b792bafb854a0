import FootprintCore
import Foundation

/// Element-wise operators: activations (1 FLOP per element), arithmetic and comparisons of
/// broadcast tensors (1 per output element), softmax (3 per element), and the normalisations.
/// Arithmetic on known small values (shape computations) is carried out, so that the shapes it
/// produces stay known.
enum ONNXElementwiseOperators {
    static let unary: Set<String> = [
        "Relu", "LeakyRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Gelu", "Erf", "Elu", "Selu", "Celu",
        "Softplus", "Softsign", "Mish", "Exp", "Log", "Sqrt", "Reciprocal", "Neg", "Abs", "Sin", "Cos", "Tan", "Floor",
        "Ceil", "Round", "Sign", "Clip", "Not", "IsNaN", "IsInf", "ThresholdedRelu", "Swish", "Shrink", "Asin", "Acos",
        "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh", "BitwiseNot"
    ]
    static let binary: Set<String> = [
        "Add", "Sub", "Mul", "Div", "Pow", "Mod", "Max", "Min", "Mean", "Sum", "Equal", "Less", "LessOrEqual",
        "Greater", "GreaterOrEqual", "And", "Or", "Xor", "PRelu", "Where", "BitShift", "BitwiseAnd", "BitwiseOr",
        "BitwiseXor"
    ]
    static let comparisons: Set<String> = [
        "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "And", "Or", "Xor", "Not"
    ]

    static func figures(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures? {
        let type = op.node.opType
        if unary.contains(type) { return try elementwise(op, inputs: [try op.input(0)], perElement: 1) }
        if binary.contains(type) { return try elementwise(op, inputs: op.inputs.compactMap { $0 }, perElement: 1) }
        switch type {
        case "Softmax", "LogSoftmax":
            let input = try op.input(0)
            return ONNXFigures(
                outputs: [ONNXValue(shape: input.shape, elementType: input.elementType)],
                flops: Double(input.elements) * FLOPConvention.perElementSoftmax)
        case "LayerNormalization", "GroupNormalization", "InstanceNormalization", "BatchNormalization",
            "LpNormalization", "MeanVarianceNormalization", "RMSNormalization", "SimplifiedLayerNormalization":
            return try normalization(op)
        case "LRN":
            let input = try op.input(0)
            let size = op.int("size", default: 1)
            return ONNXFigures(
                outputs: [ONNXValue(shape: input.shape, elementType: input.elementType)],
                flops: Double(input.elements) * (2 * Double(size) + 3), detail: "size \(size)")
        case "CumSum":
            let input = try op.input(0)
            return ONNXFigures(
                outputs: [ONNXValue(shape: input.shape, elementType: input.elementType)], flops: Double(input.elements))
        default:
            return nil
        }
    }

    private static func elementwise(
        _ op: ONNXOperation, inputs: [ONNXValue], perElement: Double
    ) throws(InferenceProblem)
        -> ONNXFigures
    {
        guard let first = inputs.first else { throw InferenceProblem("\(op.node.opType) has no inputs") }
        let type = op.node.opType
        let shape: [Int]
        if type == "Clip" || type == "PRelu" || ["LeakyRelu", "HardSigmoid", "Elu"].contains(type) {
            shape = first.shape
        } else {
            shape = try Broadcast.shape(inputs.map(\.shape))
        }
        let elementType: Int32 =
            comparisons.contains(type)
            ? 9 : (type == "Where" ? (inputs.count > 1 ? inputs[1].elementType : 0) : first.elementType)
        var output = ONNXValue(
            shape: shape, elementType: elementType, isConstant: inputs.allSatisfy(\.isConstant),
            origins: inputs.flatMap(\.origins))
        if let operation = arithmetic(type, integer: first.isInteger, op: op),
            let known = Optional(inputs.compactMap({ input in input.values.map { (input.shape, $0) } })),
            known.count == inputs.count
        {
            output.values = Broadcast.values(known, to: shape, operation)
        }
        return ONNXFigures(outputs: [output], flops: Double(output.elements) * perElement)
    }

    /// The arithmetic of the operators that shape computations use, on known values.
    private static func arithmetic(_ type: String, integer: Bool, op: ONNXOperation) -> (([Double]) -> Double)? {
        let whole: (Double) -> Double = integer ? { $0.rounded(.towardZero) } : { $0 }
        switch type {
        case "Add", "Sum": return { $0.reduce(0, +) }
        case "Sub": return { $0[0] - $0[1] }
        case "Mul": return { $0.reduce(1, *) }
        case "Div": return { $0[1] == 0 ? 0 : whole($0[0] / $0[1]) }
        case "Mod":
            let truncating = op.int("fmod", default: 0) == 1
            return { v in
                guard v[1] != 0 else { return 0 }
                return truncating ? fmod(v[0], v[1]) : v[0] - v[1] * (v[0] / v[1]).rounded(.down)
            }
        case "Max": return { $0.max() ?? 0 }
        case "Min": return { $0.min() ?? 0 }
        case "Equal": return { $0[0] == $0[1] ? 1 : 0 }
        case "Less": return { $0[0] < $0[1] ? 1 : 0 }
        case "Greater": return { $0[0] > $0[1] ? 1 : 0 }
        case "LessOrEqual": return { $0[0] <= $0[1] ? 1 : 0 }
        case "GreaterOrEqual": return { $0[0] >= $0[1] ? 1 : 0 }
        case "Where": return { $0[0] != 0 ? $0[1] : $0[2] }
        case "Neg": return { -$0[0] }
        case "Abs": return { abs($0[0]) }
        case "Not": return { $0[0] == 0 ? 1 : 0 }
        case "Sqrt": return { whole(sqrt($0[0])) }
        case "Floor": return { $0[0].rounded(.down) }
        case "Ceil": return { $0[0].rounded(.up) }
        default: return nil
        }
    }

    /// Normalisations: per element 7 FLOPs (mean, centre, square, sum, divide, scale, shift) for
    /// those that compute their statistics, as ``FLOPConvention/perElementLayerNorm``; batch
    /// normalisation 2 (a scale and a shift: its statistics are the running ones, as the spec's
    /// batchnorm counts it).
    private static func normalization(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let input = try op.input(0)
        var outputs = [ONNXValue(shape: input.shape, elementType: input.elementType)]
        var detail = ""
        if op.node.opType == "LayerNormalization" || op.node.opType == "RMSNormalization"
            || op.node.opType == "SimplifiedLayerNormalization"
        {
            let axis = try op.axis(op.int("axis", default: -1), rank: input.shape.count)
            let statistics = Array(input.shape[..<axis]) + [Int](repeating: 1, count: input.shape.count - axis)
            outputs += [ONNXValue](
                repeating: ONNXValue(shape: statistics, elementType: 1), count: max(op.node.outputs.count - 1, 0))
            detail = "over \(Array(input.shape[axis...]))"
        } else {
            outputs += [ONNXValue](
                repeating: ONNXValue(shape: [input.shape.count > 1 ? input.shape[1] : 1], elementType: 1),
                count: max(op.node.outputs.count - 1, 0))
            if input.shape.count > 1 { detail = "\(input.shape[1]) channels" }
        }
        return ONNXFigures(
            outputs: outputs,
            flops: Double(input.elements)
                * (op.node.opType == "BatchNormalization" ? 2 : FLOPConvention.perElementLayerNorm),
            detail: detail)
    }
}
