import FootprintCore

/// `flatten`: any shape to one dimension; a view, free and keeping nothing.
struct FlattenLayer: SpecLayer {
    static let typeNames = ["flatten"]
    static let keys: [String] = []
    static let inputs = 1...1

    init(type: String, fields: SpecFields) throws(ModelError) {}

    var summary: String { "flatten" }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        SpecFigures(
            outputShape: [try count.times(inputs[0], "input values")], parameters: 0, forwardFLOPs: 0,
            activationElements: 0)
    }

    var labLayers: [Layer]? { [.flatten] }
}

/// `reshape` to `shape` (one dimension may be -1: whatever the values leave), the number of values
/// unchanged; a view, free and keeping nothing.
struct ReshapeLayer: SpecLayer {
    static let typeNames = ["reshape"]
    static let keys = ["shape"]
    static let inputs = 1...1

    let shape: [Int]

    init(type: String, fields: SpecFields) throws(ModelError) {
        guard case .array(let items)? = fields.object["shape"], (1...8).contains(items.count) else {
            throw ModelError(
                .invalidValue,
                "\(fields.place("shape")) must be 1 to 8 dimensions, e.g. [196, 768] or [-1, 768]; got "
                    + (fields.object["shape"]?.quoted ?? "nothing"))
        }
        var shape: [Int] = []
        for (index, item) in items.enumerated() {
            guard case .number(let value) = item, value == value.rounded(),
                value == -1 || (1...Double(SpecFields.maximumDimension)).contains(value)
            else {
                throw ModelError(
                    .invalidValue,
                    "\(fields.place("shape"))[\(index)] must be -1 or a whole number from 1 to 1,000,000,000; "
                        + "got \(item.quoted)")
            }
            shape.append(Int(value))
        }
        guard shape.filter({ $0 == -1 }).count <= 1 else {
            throw ModelError(.invalidValue, "\(fields.place("shape")) may have one -1, not more")
        }
        self.shape = shape
    }

    var summary: String { "reshape " + SpecText.shape(shape) }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let values = try count.times(inputs[0], "input values")
        let known = try count.times(shape.filter { $0 != -1 }, "output values")
        var output = shape
        if let free = shape.firstIndex(of: -1), known > 0, values % known == 0 {
            output[free] = values / known
        }
        guard !output.contains(-1), try count.times(output, "output values") == values else {
            throw ModelError(
                .shapeMismatch,
                "\(values) values do not reshape to \(SpecText.shape(shape)) (\(SpecText.shape(inputs[0])) in)")
        }
        return SpecFigures(outputShape: output, parameters: 0, forwardFLOPs: 0, activationElements: 0)
    }
}

/// `permute` the dimensions to `order` (a permutation of 0 … rank − 1: [1, 2, 0] makes
/// [channels, height, width] [height, width, channels]); a view, free and keeping nothing.
struct PermuteLayer: SpecLayer {
    static let typeNames = ["permute"]
    static let keys = ["order"]
    static let inputs = 1...1

    let order: [Int]

    init(type: String, fields: SpecFields) throws(ModelError) {
        guard case .array(let items)? = fields.object["order"], (1...8).contains(items.count) else {
            throw ModelError(
                .invalidValue,
                "\(fields.place("order")) must be a permutation of the dimensions, e.g. [1, 2, 0]; got "
                    + (fields.object["order"]?.quoted ?? "nothing"))
        }
        order = try fields.ints("order", count: items.count, in: 0...7)
        guard order.sorted() == Array(0..<order.count) else {
            throw ModelError(
                .invalidValue,
                "\(fields.place("order")) must name each dimension from 0 to \(order.count - 1) once; got "
                    + SpecText.shape(order))
        }
    }

    var summary: String { "permute " + SpecText.shape(order) }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        guard inputs[0].count == order.count else {
            throw ModelError(.shapeMismatch, "the order \(SpecText.shape(order)) needs \(order.count) dimensions")
        }
        return SpecFigures(
            outputShape: order.map { inputs[0][$0] }, parameters: 0, forwardFLOPs: 0, activationElements: 0)
    }
}
