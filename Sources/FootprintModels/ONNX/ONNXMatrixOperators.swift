import FootprintCore
import Foundation

/// Matrix products, convolutions, pooling, reductions and resizing: the operators whose cost
/// depends on more than their output size.
enum ONNXMatrixOperators {
    static func figures(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures? {
        switch op.node.opType {
        case "MatMul": return try matmul(op)
        case "Gemm": return try gemm(op)
        case "Conv": return try convolution(op)
        case "ConvTranspose": return try convolutionTranspose(op)
        case "MaxPool", "AveragePool", "LpPool": return try pool(op)
        case "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool":
            let input = try op.input(0)
            guard input.shape.count >= 3 else { throw InferenceProblem("\(op.node.opType) needs [N, C, spatial…]") }
            let shape = Array(input.shape[..<2]) + [Int](repeating: 1, count: input.shape.count - 2)
            return ONNXFigures(
                outputs: [ONNXValue(shape: shape, elementType: input.elementType)],
                // Averaging adds every value and divides once per channel; a maximum takes K − 1 comparisons.
                flops: Double(input.elements) - (op.node.opType == "GlobalMaxPool" ? Shapes.product(shape) : 0))
        case "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
            "ReduceSumSquare", "ReduceLogSum", "ReduceLogSumExp", "ArgMax", "ArgMin":
            return try reduction(op)
        case "Resize", "Upsample": return try resize(op)
        default: return nil
        }
    }

    private static func matmul(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let a = try op.input(0)
        let b = try op.input(1)
        guard !a.shape.isEmpty, !b.shape.isEmpty else { throw InferenceProblem("MatMul of a scalar") }
        let left = a.shape.count == 1 ? [1] + a.shape : a.shape
        let right = b.shape.count == 1 ? b.shape + [1] : b.shape
        let (m, k) = (left[left.count - 2], left[left.count - 1])
        let (k2, n) = (right[right.count - 2], right[right.count - 1])
        guard k == k2 else { throw InferenceProblem("MatMul of \(a.shape) by \(b.shape)") }
        let batch = try Broadcast.shape([Array(left.dropLast(2)), Array(right.dropLast(2))])
        var shape = batch
        if a.shape.count > 1 { shape.append(m) }
        if b.shape.count > 1 { shape.append(n) }
        let flops = Shapes.product(batch) * FLOPConvention.matmul(m: Double(m), k: Double(k), n: Double(n))
        return ONNXFigures(
            outputs: [ONNXValue(shape: shape, elementType: a.elementType)], flops: flops, matrixFLOPs: flops,
            detail: "\(a.shape)·\(b.shape)")
    }

    private static func gemm(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let a = try op.input(0)
        let b = try op.input(1)
        guard a.shape.count == 2, b.shape.count == 2 else {
            throw InferenceProblem("Gemm takes matrices, not \(a.shape), \(b.shape)")
        }
        let (m, k) = op.int("transA", default: 0) == 1 ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (k2, n) = op.int("transB", default: 0) == 1 ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        guard k == k2 else { throw InferenceProblem("Gemm of [\(m), \(k)] by [\(k2), \(n)]") }
        let bias = op.optionalInput(2) != nil
        let matrix = FLOPConvention.matmul(m: Double(m), k: Double(k), n: Double(n))
        return ONNXFigures(
            outputs: [ONNXValue(shape: [m, n], elementType: a.elementType)],
            flops: FLOPConvention.dense(positions: Double(m), inputs: Double(k), outputs: Double(n), bias: bias),
            matrixFLOPs: matrix, detail: "\(k)→\(n)" + (bias ? "" : " no bias"))
    }

    /// Kernel, strides, dilations and the padding of each spatial axis, from the attributes.
    private struct Window {
        var kernel: [Int]
        var strides: [Int]
        var dilations: [Int]
        var padsBegin: [Int]
        var padsEnd: [Int]
        var autoPad: String

        init(_ op: ONNXOperation, kernel: [Int]) throws(InferenceProblem) {
            let axes = kernel.count
            self.kernel = kernel
            strides = op.ints("strides") ?? [Int](repeating: 1, count: axes)
            dilations = op.ints("dilations") ?? [Int](repeating: 1, count: axes)
            let pads = op.ints("pads") ?? [Int](repeating: 0, count: 2 * axes)
            autoPad = op.string("auto_pad") ?? "NOTSET"
            // Settings past 2^31 are no model's; bounding them keeps the arithmetic below in range.
            let bound = 1 << 31
            guard strides.count == axes, dilations.count == axes, pads.count == 2 * axes,
                (strides + dilations + kernel).allSatisfy({ $0 > 0 && $0 <= bound }),
                pads.allSatisfy({ $0 >= 0 && $0 <= bound })
            else {
                throw InferenceProblem(
                    "\(op.node.opType) has kernel \(kernel), strides \(strides), pads \(pads) that do not fit")
            }
            padsBegin = Array(pads[..<axes])
            padsEnd = Array(pads[axes...])
        }

        /// Output size along `axis` for an input of `size`.
        func output(_ size: Int, axis: Int, ceil: Bool = false) throws(InferenceProblem) -> Int {
            let span = dilations[axis] * (kernel[axis] - 1) + 1
            switch autoPad {
            case "SAME_UPPER", "SAME_LOWER": return (size + strides[axis] - 1) / strides[axis]
            case "VALID": return size >= span ? (size - span) / strides[axis] + 1 : 0
            default:
                let padded = size + padsBegin[axis] + padsEnd[axis] - span
                guard padded >= 0 else { throw InferenceProblem("a window of \(span) over \(size) values") }
                var count = (ceil ? (padded + strides[axis] - 1) : padded) / strides[axis] + 1
                // With ceil_mode, the last window must start inside the input or its left padding.
                if ceil, (count - 1) * strides[axis] >= size + padsBegin[axis] { count -= 1 }
                return count
            }
        }

        var summary: String {
            var text = kernel.map(String.init).joined(separator: "×")
            if strides.contains(where: { $0 != 1 }) { text += " s" + strides.map(String.init).joined(separator: ",") }
            if autoPad == "NOTSET", (padsBegin + padsEnd).contains(where: { $0 != 0 }) {
                text += " p" + (padsBegin + padsEnd).map(String.init).joined(separator: ",")
            } else if autoPad != "NOTSET" {
                text += " " + autoPad.lowercased()
            }
            if dilations.contains(where: { $0 != 1 }) {
                text += " d" + dilations.map(String.init).joined(separator: ",")
            }
            return text
        }
    }

    private static func convolution(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let x = try op.input(0)
        let w = try op.input(1)
        let groups = op.int("group", default: 1)
        guard x.shape.count >= 3, w.shape.count == x.shape.count, groups > 0, x.shape[1] % groups == 0,
            x.shape[1] / groups == w.shape[1], w.shape[0] % groups == 0
        else { throw InferenceProblem("Conv of \(x.shape) with weights \(w.shape) in \(groups) groups") }
        let window = try Window(op, kernel: op.ints("kernel_shape") ?? Array(w.shape[2...]))
        guard window.kernel.count == x.shape.count - 2 else {
            throw InferenceProblem("Conv kernel \(window.kernel) for input \(x.shape)")
        }
        var shape = [x.shape[0], w.shape[0]]
        for axis in window.kernel.indices { shape.append(try window.output(x.shape[axis + 2], axis: axis)) }
        let outputs = Shapes.product(shape)
        let fanIn = Shapes.product(w.shape[1...])
        let bias = op.optionalInput(2) != nil
        var detail = "\(w.shape[0])×\(window.summary)"
        if groups > 1 { detail += " groups \(groups)" }
        if !bias { detail += " no bias" }
        return ONNXFigures(
            outputs: [ONNXValue(shape: shape, elementType: x.elementType)],
            flops: FLOPConvention.convolution(outputs: outputs, fanIn: fanIn, bias: bias),
            matrixFLOPs: FLOPConvention.convolution(outputs: outputs, fanIn: fanIn, bias: false), detail: detail)
    }

    /// A transposed convolution: each input value is spread over a kernel's window of every output
    /// channel of its group, 2·(input values)·(output channels per group)·(kernel volume) FLOPs, plus a
    /// bias add per output.
    private static func convolutionTranspose(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let x = try op.input(0)
        let w = try op.input(1)
        let groups = op.int("group", default: 1)
        guard x.shape.count >= 3, w.shape.count == x.shape.count, groups > 0, groups <= 1 << 31,
            x.shape[1] == w.shape[0]
        else {
            throw InferenceProblem("ConvTranspose of \(x.shape) with weights \(w.shape)")
        }
        let window = try Window(op, kernel: op.ints("kernel_shape") ?? Array(w.shape[2...]))
        let axes = x.shape.count - 2
        let outputPadding = op.ints("output_padding") ?? [Int](repeating: 0, count: axes)
        var shape = [x.shape[0], try Shapes.multiply(w.shape[1], groups)]
        if let given = op.ints("output_shape"), given.count == axes {
            shape += given
        } else {
            guard window.kernel.count == axes, outputPadding.count == axes else {
                throw InferenceProblem("ConvTranspose kernel \(window.kernel) for input \(x.shape)")
            }
            for axis in 0..<axes {
                let size = x.shape[axis + 2]
                let stride = Double(window.strides[axis])
                let input = Double(size)
                let length =
                    window.autoPad.hasPrefix("SAME")
                    ? input * stride
                    : stride * (input - 1) + Double(outputPadding[axis]) + Double(window.dilations[axis])
                        * Double(window.kernel[axis] - 1) + 1 - Double(window.padsBegin[axis] + window.padsEnd[axis])
                guard length <= Double(ModelAnalysis.countLimit) else {
                    throw InferenceProblem("ConvTranspose output of \(length) values along an axis")
                }
                shape.append(Int(length))
            }
        }
        guard shape.allSatisfy({ $0 > 0 }) else { throw InferenceProblem("ConvTranspose output \(shape)") }
        let matrix = 2 * Double(x.elements) * Shapes.product(w.shape[1...])
        let bias = op.optionalInput(2) != nil ? Shapes.product(shape) : 0
        return ONNXFigures(
            outputs: [ONNXValue(shape: shape, elementType: x.elementType)], flops: matrix + bias, matrixFLOPs: matrix,
            detail: "\(shape[1])×\(window.summary)" + (groups > 1 ? " groups \(groups)" : ""))
    }

    /// Pooling, per output value: K − 1 comparisons for a maximum over a window of K values, K adds
    /// and a divide (K) for an average.
    private static func pool(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let x = try op.input(0)
        guard let kernel = op.ints("kernel_shape"), x.shape.count == kernel.count + 2 else {
            throw InferenceProblem("\(op.node.opType) needs kernel_shape for input \(x.shape)")
        }
        let window = try Window(op, kernel: kernel)
        let ceil = op.int("ceil_mode", default: 0) == 1
        var shape = Array(x.shape[..<2])
        for axis in kernel.indices { shape.append(try window.output(x.shape[axis + 2], axis: axis, ceil: ceil)) }
        let output = ONNXValue(shape: shape, elementType: x.elementType)
        var outputs = [output]
        if op.node.outputs.count > 1 { outputs.append(ONNXValue(shape: shape, elementType: 7)) }
        return ONNXFigures(
            outputs: outputs,
            flops: Double(output.elements) * (Shapes.product(kernel) - (op.node.opType == "MaxPool" ? 1 : 0)),
            detail: window.summary)
    }

    /// Reductions: one FLOP per input value.
    private static func reduction(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let x = try op.input(0)
        let rank = x.shape.count
        let keep = op.int("keepdims", default: 1) == 1
        let given: [Int]?
        if op.node.opType.hasPrefix("Arg") {
            given = [op.int("axis", default: 0)]
        } else if op.opset >= 18 || (op.node.opType == "ReduceSum" && op.opset >= 13) {
            given = try op.intValues(1)
        } else {
            given = op.ints("axes")
        }
        let axes: Set<Int>
        if let given, !given.isEmpty {
            axes = Set(try given.map { (axis) throws(InferenceProblem) in try op.axis(axis, rank: rank) })
        } else {
            axes = op.int("noop_with_empty_axes", default: 0) == 1 ? [] : Set(0..<rank)
        }
        let shape = x.shape.enumerated().compactMap { index, dim -> Int? in
            axes.contains(index) ? (keep ? 1 : nil) : dim
        }
        let type: Int32 = op.node.opType.hasPrefix("Arg") ? 7 : x.elementType
        return ONNXFigures(
            outputs: [ONNXValue(shape: shape, elementType: type)], flops: Double(x.elements),
            detail: "axes \(axes.sorted())")
    }

    /// Resizing: nearest neighbour copies (0 FLOPs); interpolation over n resized axes blends P
    /// values per output (linear 2ⁿ, cubic 4ⁿ): P products and P − 1 adds (bilinear 7).
    private static func resize(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let x = try op.input(0)
        let shape: [Int]
        // Upsample and opset 10's Resize take (X, scales); Resize from opset 11 (X, roi, scales, sizes).
        let scalesIndex = op.node.opType == "Upsample" || op.opset < 11 ? 1 : 2
        if op.node.opType == "Resize", op.opset >= 11, let sizes = try op.intValues(3), !sizes.isEmpty {
            guard sizes.count == x.shape.count else { throw InferenceProblem("Resize sizes \(sizes) for \(x.shape)") }
            shape = sizes
        } else {
            let scales: [Double]
            if op.node.opType == "Upsample", op.opset < 9, let given = op.floats("scales") {
                scales = given
            } else if let given = op.optionalInput(scalesIndex)?.values, !given.isEmpty {
                scales = given
            } else {
                throw InferenceProblem("\(op.node.opType) needs its scales or sizes known")
            }
            guard scales.count == x.shape.count, scales.allSatisfy({ $0 > 0 && $0 < 1e7 }) else {
                throw InferenceProblem("\(op.node.opType) scales \(scales) for \(x.shape)")
            }
            shape = try zip(x.shape, scales).map { (dim, scale) throws(InferenceProblem) -> Int in
                let size = (Double(dim) * scale).rounded(.down)
                guard size <= Double(ModelAnalysis.countLimit) else {
                    throw InferenceProblem("Resize to \(size) values")
                }
                return Int(size)
            }
        }
        let mode = op.string("mode") ?? "nearest"
        let resized = zip(x.shape, shape).filter { $0 != $1 }.count
        let points = mode == "nearest" ? 0 : pow(mode == "cubic" ? 4 : 2, Double(resized))
        let perOutput = points == 0 ? 0 : 2 * points - 1
        let output = ONNXValue(shape: shape, elementType: x.elementType)
        return ONNXFigures(outputs: [output], flops: Double(output.elements) * perOutput, detail: mode)
    }
}
