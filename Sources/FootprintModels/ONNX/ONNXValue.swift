import FootprintCore

/// What shape inference knows of one tensor of the graph: its shape (batch included), element type,
/// its values where they are few and known (shapes, axes, sizes computed from `Shape`), and whether it
/// comes from weights and constants alone.
struct ONNXValue {
    var shape: [Int]
    /// ONNX element type (1 float, 7 int64, …); 0 where unknown.
    var elementType: Int32
    /// The values, row-major, where known and at most ``ONNXTensor/decodedLimit``.
    var values: [Double]?
    /// Whether it is computed from initializers and constants only (a weight, or a shape).
    var isConstant: Bool
    /// The initializers it was computed from, to give their parameters to the node that uses it.
    var origins: [String]

    init(shape: [Int], elementType: Int32, values: [Double]? = nil, isConstant: Bool = false, origins: [String] = []) {
        self.shape = shape
        self.elementType = elementType
        self.values = values
        self.isConstant = isConstant
        self.origins = origins
    }

    /// Elements in the tensor (shapes in the graph are checked by ``Shapes/count(_:)`` before they
    /// are kept, so this does not overflow).
    var elements: Int { Shapes.count(shape) ?? 0 }

    /// Whether the element type holds integers, for integer division and truncation.
    var isInteger: Bool { ONNXTensor.integerTypes.contains(elementType) }

    /// A value of `shape` whose values are known.
    static func known(_ values: [Double], shape: [Int], type: Int32) -> ONNXValue {
        ONNXValue(shape: shape, elementType: type, values: values, isConstant: true)
    }
}

/// Shape arithmetic that never traps: sizes read from a file may be anything.
enum Shapes {
    /// The number of values of `shape`, or nil where a dimension is negative or the product of its
    /// non-zero dimensions passes ``ModelAnalysis/countLimit`` (so that any part of a valid shape
    /// multiplies out without overflow).
    static func count(_ shape: [Int]) -> Int? {
        var product = 1
        var empty = false
        for dim in shape {
            guard dim >= 0 else { return nil }
            if dim == 0 {
                empty = true
                continue
            }
            let (next, overflow) = product.multipliedReportingOverflow(by: dim)
            guard !overflow, next <= ModelAnalysis.countLimit else { return nil }
            product = next
        }
        return empty ? 0 : product
    }

    /// The product of `dims` as a floating-point number, for FLOPs.
    static func product(_ dims: some Sequence<Int>) -> Double { dims.reduce(1.0) { $0 * Double($1) } }

    /// `a` × `b` for sizes, or a problem past the count limit.
    static func multiply(_ a: Int, _ b: Int) throws(InferenceProblem) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow, product.magnitude <= UInt(ModelAnalysis.countLimit) else {
            throw InferenceProblem("a size of \(a) × \(b) is too large")
        }
        return product
    }

    /// The sum of sizes, or a problem past the count limit.
    static func sum(_ terms: [Int]) throws(InferenceProblem) -> Int {
        var total = 0
        for term in terms {
            let (next, overflow) = total.addingReportingOverflow(term)
            guard !overflow, next.magnitude <= UInt(ModelAnalysis.countLimit) else {
                throw InferenceProblem("a size of \(terms) is too large")
            }
            total = next
        }
        return total
    }
}

/// Why a node's output shapes could not be worked out.
struct InferenceProblem: Error {
    var problem: String
    init(_ problem: String) { self.problem = problem }
}

/// NumPy-style broadcasting, which ONNX's element-wise operators follow.
enum Broadcast {
    /// The shape `shapes` broadcast to.
    static func shape(_ shapes: [[Int]]) throws(InferenceProblem) -> [Int] {
        let rank = shapes.map(\.count).max() ?? 0
        var result = [Int](repeating: 1, count: rank)
        for shape in shapes {
            let offset = rank - shape.count
            for (index, dim) in shape.enumerated() {
                let current = result[offset + index]
                if dim == current || dim == 1 { continue }
                guard current == 1 else {
                    throw InferenceProblem(
                        "shapes \(shapes.map { "\($0)" }.joined(separator: " and ")) do not broadcast")
                }
                result[offset + index] = dim
            }
        }
        return result
    }

    /// Applies `operation` element-wise over known values, broadcast to `shape`.
    static func values(
        _ inputs: [(shape: [Int], values: [Double])], to shape: [Int], _ operation: ([Double]) -> Double
    ) -> [Double]? {
        guard let count = Shapes.count(shape), count <= ONNXTensor.decodedLimit else { return nil }
        let rank = shape.count
        var result: [Double] = []
        result.reserveCapacity(count)
        var index = [Int](repeating: 0, count: rank)
        for _ in 0..<count {
            var operands: [Double] = []
            for input in inputs {
                let offset = rank - input.shape.count
                var flat = 0
                for (axis, dim) in input.shape.enumerated() {
                    flat = flat * dim + (dim == 1 ? 0 : index[offset + axis])
                }
                guard flat < input.values.count else { return nil }
                operands.append(input.values[flat])
            }
            result.append(operation(operands))
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }
}
