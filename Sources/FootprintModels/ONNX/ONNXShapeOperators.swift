/// Operators that move or describe data without arithmetic: shapes, reshapes, slicing, gathering,
/// concatenation, padding. They cost no FLOPs; their values are carried along where known, so that
/// the shape computations exporters write (`Shape` → `Gather` → `Concat` → `Reshape`) resolve.
enum ONNXShapeOperators {
    static let int64: Int32 = 7

    static func figures(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures? {
        let node = op.node
        switch node.opType {
        case "Identity", "Dropout":
            var value = try op.input(0)
            value.isConstant = value.isConstant || value.values != nil
            // Dropout's optional mask output has the same shape.
            let outputs = node.outputs.map { _ in value }
            return ONNXFigures(outputs: outputs, keepsOutput: false)
        case "Cast", "CastLike":
            var value = try op.input(0)
            let to = node.opType == "Cast" ? Int32(op.int("to", default: 1)) : (op.optionalInput(1)?.elementType ?? 1)
            if ONNXTensor.integerTypes.contains(to) { value.values = value.values?.map { $0.rounded(.towardZero) } }
            value.elementType = to
            return ONNXFigures(outputs: [value], keepsOutput: false)
        case "Shape":
            let shape = try op.input(0).shape
            let start = try clampedIndex(op.int("start", default: 0), count: shape.count)
            let end = try clampedIndex(op.int("end", default: shape.count), count: shape.count)
            let dims = start < end ? Array(shape[start..<end]) : []
            return ONNXFigures(
                outputs: [.known(dims.map(Double.init), shape: [dims.count], type: int64)], keepsOutput: false)
        case "Size":
            return ONNXFigures(
                outputs: [.known([Double(try op.input(0).elements)], shape: [], type: int64)], keepsOutput: false)
        case "Constant":
            return ONNXFigures(outputs: [try constant(op)], keepsOutput: false)
        case "ConstantOfShape":
            guard let shape = try op.intValues(0), shape.allSatisfy({ $0 >= 0 }) else {
                throw InferenceProblem("ConstantOfShape needs a shape")
            }
            var fill = 0.0
            var type: Int32 = 1
            if case .tensor(let tensor)? = node.attributes["value"] {
                fill = tensor.values?.first ?? 0
                type = tensor.dataType
            }
            guard let count = Shapes.count(shape) else { throw InferenceProblem("ConstantOfShape of \(shape)") }
            let values = count <= ONNXTensor.decodedLimit ? [Double](repeating: fill, count: count) : nil
            return ONNXFigures(
                outputs: [ONNXValue(shape: shape, elementType: type, values: values)], keepsOutput: false)
        case "Range":
            guard let start = try op.input(0).values?.first, let limit = try op.input(1).values?.first,
                let delta = try op.input(2).values?.first, delta != 0
            else { throw InferenceProblem("Range needs its start, limit and step known") }
            let count = try ONNXOperation.int(max(((limit - start) / delta).rounded(.up), 0))
            let values = count <= ONNXTensor.decodedLimit ? (0..<count).map { start + Double($0) * delta } : nil
            return ONNXFigures(
                outputs: [ONNXValue(shape: [count], elementType: try op.input(0).elementType, values: values)],
                keepsOutput: false)
        case "Reshape":
            return try reshape(op)
        case "Flatten":
            let input = try op.input(0)
            // Axis 0 to rank (both ends allowed); a negative one counts from the rank.
            let given = op.int("axis", default: 1)
            let axis = try op.axis(given < 0 ? given + input.shape.count : given, rank: input.shape.count + 1)
            let shape = [input.shape[..<axis].reduce(1, *), input.shape[axis...].reduce(1, *)]
            return ONNXFigures(outputs: [reshaped(input, to: shape)], keepsOutput: false)
        case "Squeeze":
            let input = try op.input(0)
            let axes = try (op.opset >= 13 ? op.intValues(1) : op.ints("axes"))?.map {
                (axis) throws(InferenceProblem) in try op.axis(axis, rank: input.shape.count)
            }
            let shape = input.shape.enumerated().filter { index, dim in
                axes.map { !$0.contains(index) } ?? (dim != 1)
            }.map(\.element)
            return ONNXFigures(outputs: [reshaped(input, to: shape)], keepsOutput: false)
        case "Unsqueeze":
            let input = try op.input(0)
            guard let given = try (op.opset >= 13 ? op.intValues(1) : op.ints("axes")) else {
                throw InferenceProblem("Unsqueeze needs axes")
            }
            let rank = input.shape.count + given.count
            let axes = Set(try given.map { (axis) throws(InferenceProblem) in try op.axis(axis, rank: rank) })
            var dims = input.shape.makeIterator()
            let shape = (0..<rank).map { axes.contains($0) ? 1 : (dims.next() ?? 1) }
            return ONNXFigures(outputs: [reshaped(input, to: shape)], keepsOutput: false)
        case "Transpose":
            let input = try op.input(0)
            let perm = op.ints("perm") ?? Array((0..<input.shape.count).reversed())
            guard perm.sorted() == Array(0..<input.shape.count) else {
                throw InferenceProblem("Transpose perm \(perm) does not fit rank \(input.shape.count)")
            }
            var output = ONNXValue(
                shape: perm.map { input.shape[$0] }, elementType: input.elementType, isConstant: input.isConstant,
                origins: input.origins)
            if input.shape.count <= 1 { output.values = input.values }
            return ONNXFigures(outputs: [output], keepsOutput: false, detail: "perm \(perm)")
        case "Concat":
            return try concat(op)
        case "Split":
            return try split(op)
        case "Slice":
            return try slice(op)
        case "Gather":
            return try gather(op)
        case "GatherElements":
            let indices = try op.input(1)
            return ONNXFigures(outputs: [ONNXValue(shape: indices.shape, elementType: try op.input(0).elementType)])
        case "Expand":
            let input = try op.input(0)
            guard let target = try op.intValues(1) else { throw InferenceProblem("Expand needs a shape") }
            let shape = try Broadcast.shape([input.shape, target])
            let values = input.values.flatMap { Broadcast.values([(input.shape, $0)], to: shape) { $0[0] } }
            return ONNXFigures(outputs: [ONNXValue(shape: shape, elementType: input.elementType, values: values)])
        case "Tile":
            let input = try op.input(0)
            guard let repeats = try op.intValues(1), repeats.count == input.shape.count else {
                throw InferenceProblem("Tile needs one repeat per axis")
            }
            return ONNXFigures(
                outputs: [
                    ONNXValue(
                        shape: try zip(input.shape, repeats).map { (dim, times) throws(InferenceProblem) in
                            try Shapes.multiply(dim, times)
                        }, elementType: input.elementType)
                ])
        case "Pad":
            return try pad(op)
        case "Trilu", "ScatterND", "ScatterElements", "Scatter":
            let input = try op.input(0)
            return ONNXFigures(outputs: [ONNXValue(shape: input.shape, elementType: input.elementType)])
        default:
            return nil
        }
    }

    private static func clampedIndex(_ index: Int, count: Int) throws(InferenceProblem) -> Int {
        min(max(index < 0 ? index + count : index, 0), count)
    }

    /// `input` with a new shape of the same elements; small values stay known.
    static func reshaped(_ input: ONNXValue, to shape: [Int]) -> ONNXValue {
        var output = input
        output.shape = shape
        return output
    }

    private static func constant(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXValue {
        if case .tensor(let tensor)? = op.node.attributes["value"] {
            return ONNXValue(shape: tensor.dims, elementType: tensor.dataType, values: tensor.values, isConstant: true)
        }
        if let value = op.int("value_int") { return .known([Double(value)], shape: [], type: int64) }
        if let values = op.ints("value_ints") {
            return .known(values.map(Double.init), shape: [values.count], type: int64)
        }
        if let value = op.float("value_float") { return .known([value], shape: [], type: 1) }
        if let values = op.floats("value_floats") { return .known(values, shape: [values.count], type: 1) }
        throw InferenceProblem("Constant has no value Footprint reads")
    }

    private static func reshape(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let input = try op.input(0)
        guard let target = try op.opset >= 5 ? op.intValues(1) : op.ints("shape") else {
            throw InferenceProblem("Reshape needs a shape")
        }
        let allowZero = op.int("allowzero", default: 0) == 1
        var shape = try target.enumerated().map { (index, dim) throws(InferenceProblem) -> Int in
            if dim == 0 && !allowZero {
                guard index < input.shape.count else { throw InferenceProblem("Reshape copies axis \(index) it lacks") }
                return input.shape[index]
            }
            return dim
        }
        let unknown = shape.indices.filter { shape[$0] == -1 }
        guard unknown.count <= 1, shape.allSatisfy({ $0 >= -1 }) else {
            throw InferenceProblem("Reshape to \(target) is not a shape")
        }
        guard let known = Shapes.count(shape.filter { $0 != -1 }) else {
            throw InferenceProblem("Reshape to \(target) is too large")
        }
        if let axis = unknown.first {
            guard known > 0, input.elements % known == 0 else {
                throw InferenceProblem("Reshape of \(input.shape) to \(target) does not divide")
            }
            shape[axis] = input.elements / known
        } else if known != input.elements {
            throw InferenceProblem("Reshape of \(input.shape) (\(input.elements) values) to \(shape)")
        }
        return ONNXFigures(outputs: [reshaped(input, to: shape)], keepsOutput: false, detail: "\(shape)")
    }

    private static func concat(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let inputs = op.inputs.compactMap { $0 }
        guard let first = inputs.first else { throw InferenceProblem("Concat has no inputs") }
        let axis = try op.axis(op.int("axis", default: 0), rank: first.shape.count)
        var shape = first.shape
        shape[axis] = 0
        for input in inputs {
            guard input.shape.count == first.shape.count,
                input.shape.indices.allSatisfy({ $0 == axis || input.shape[$0] == first.shape[$0] })
            else { throw InferenceProblem("Concat of \(inputs.map(\.shape)) along axis \(axis)") }
            shape[axis] = try Shapes.sum([shape[axis], input.shape[axis]])
        }
        var output = ONNXValue(
            shape: shape, elementType: first.elementType, isConstant: inputs.allSatisfy(\.isConstant),
            origins: inputs.flatMap(\.origins))
        if shape.count == 1, inputs.allSatisfy({ $0.values != nil }) {
            output.values = inputs.flatMap { $0.values ?? [] }
        }
        return ONNXFigures(outputs: [output], keepsOutput: true, detail: "axis \(axis)")
    }

    private static func split(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let input = try op.input(0)
        let axis = try op.axis(op.int("axis", default: 0), rank: input.shape.count)
        let dim = input.shape[axis]
        let parts: [Int]
        if let given = try (op.opset >= 13 ? op.intValues(1) : op.ints("split")) {
            parts = given
        } else {
            // Equal parts, one per output (opset 18's num_outputs must say the same).
            let count = op.node.outputs.count
            guard count > 0, op.int("num_outputs").map({ $0 == count }) ?? true else {
                throw InferenceProblem("Split into \(op.int("num_outputs") ?? 0) parts for \(count) outputs")
            }
            let size = (dim + count - 1) / count
            parts = (0..<count).map { min(size, max(dim - $0 * size, 0)) }
        }
        guard parts.allSatisfy({ $0 >= 0 }), try Shapes.sum(parts) == dim, parts.count == op.node.outputs.count else {
            throw InferenceProblem("Split of \(dim) into \(parts)")
        }
        let outputs = parts.map { part -> ONNXValue in
            var shape = input.shape
            shape[axis] = part
            return ONNXValue(
                shape: shape, elementType: input.elementType, isConstant: input.isConstant, origins: input.origins)
        }
        return ONNXFigures(outputs: outputs, keepsOutput: false, detail: "axis \(axis) \(parts)")
    }

    private static func slice(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let input = try op.input(0)
        let rank = input.shape.count
        let starts: [Int]
        let ends: [Int]
        let axesGiven: [Int]?
        let steps: [Int]?
        if op.opset >= 10 {
            guard let s = try op.intValues(1), let e = try op.intValues(2) else {
                throw InferenceProblem("Slice needs starts and ends")
            }
            (starts, ends, axesGiven, steps) = (s, e, try op.intValues(3), try op.intValues(4))
        } else {
            guard let s = op.ints("starts"), let e = op.ints("ends") else {
                throw InferenceProblem("Slice needs starts and ends")
            }
            (starts, ends, axesGiven, steps) = (s, e, op.ints("axes"), nil)
        }
        let axes = try (axesGiven ?? Array(0..<starts.count)).map { (axis) throws(InferenceProblem) in
            try op.axis(axis, rank: rank)
        }
        guard ends.count == starts.count, axes.count == starts.count, (steps?.count ?? starts.count) == starts.count
        else {
            throw InferenceProblem("Slice's starts, ends, axes and steps differ in length")
        }
        var shape = input.shape
        var ranges = input.shape.map { (start: 0, step: 1, count: $0) }
        for (index, axis) in axes.enumerated() {
            let dim = input.shape[axis]
            let step = steps?[index] ?? 1
            guard step != 0 else { throw InferenceProblem("Slice step 0") }
            func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int {
                let resolved = value < 0 ? value &+ dim : value
                return min(max(resolved, low), high)
            }
            let start = step > 0 ? clamp(starts[index], 0, dim) : clamp(starts[index], -1, dim - 1)
            let end = step > 0 ? clamp(ends[index], 0, dim) : clamp(ends[index], -1, dim - 1)
            let count = step > 0 ? max(0, (end - start + step - 1) / step) : max(0, (start - end - step - 1) / -step)
            shape[axis] = count
            ranges[axis] = (start, step, count)
        }
        var output = ONNXValue(
            shape: shape, elementType: input.elementType, isConstant: input.isConstant, origins: input.origins)
        if rank == 1, let values = input.values {
            output.values = (0..<ranges[0].count).map { values[ranges[0].start + $0 * ranges[0].step] }
        }
        return ONNXFigures(outputs: [output], keepsOutput: false)
    }

    private static func gather(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let data = try op.input(0)
        let indices = try op.input(1)
        let axis = try op.axis(op.int("axis", default: 0), rank: data.shape.count)
        let shape = Array(data.shape[..<axis]) + indices.shape + Array(data.shape[(axis + 1)...])
        var output = ONNXValue(
            shape: shape, elementType: data.elementType, isConstant: data.isConstant && indices.isConstant)
        output.origins = data.origins + indices.origins
        if data.shape.count == 1, let values = data.values, let picked = indices.values {
            output.values = try picked.map { (index) throws(InferenceProblem) -> Double in
                let position = try ONNXOperation.int(index < 0 ? index + Double(values.count) : index)
                guard values.indices.contains(position) else {
                    throw InferenceProblem("Gather index \(index) out of range")
                }
                return values[position]
            }
        }
        // A lookup in a weight matrix (an embedding) is kept for the backward pass; gathers on shapes are not.
        return ONNXFigures(outputs: [output], keepsOutput: data.isConstant && data.values == nil)
    }

    private static func pad(_ op: ONNXOperation) throws(InferenceProblem) -> ONNXFigures {
        let input = try op.input(0)
        let rank = input.shape.count
        guard let pads = try (op.opset >= 11 ? op.intValues(1) : op.ints("pads")) else {
            throw InferenceProblem("Pad needs pads")
        }
        let axes = try (op.intValues(3) ?? Array(0..<rank)).map { (axis) throws(InferenceProblem) in
            try op.axis(axis, rank: rank)
        }
        guard pads.count == 2 * axes.count else {
            throw InferenceProblem("Pad has \(pads.count) pads for \(axes.count) axes")
        }
        var shape = input.shape
        for (index, axis) in axes.enumerated() { shape[axis] += pads[index] + pads[index + axes.count] }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw InferenceProblem("Pad removes more than the tensor has") }
        return ONNXFigures(outputs: [ONNXValue(shape: shape, elementType: input.elementType)], detail: "pads \(pads)")
    }
}
