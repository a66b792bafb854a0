/// One node with what is known of its inputs, and helpers to read its attributes and the small
/// constant inputs (shapes, axes, pads) that decide its output shapes.
struct ONNXOperation {
    let node: ONNXNode
    /// The inputs in order; nil for an optional input left empty.
    let inputs: [ONNXValue?]
    /// The opset version of the default domain, which decides where some operators take their
    /// settings from (attributes before, inputs after).
    let opset: Int64

    /// Input `index`, which must be present.
    func input(_ index: Int) throws(InferenceProblem) -> ONNXValue {
        guard index < inputs.count, let value = inputs[index] else {
            throw InferenceProblem("\(node.opType) needs input \(index + 1)")
        }
        return value
    }

    /// Input `index` if given.
    func optionalInput(_ index: Int) -> ONNXValue? { index < inputs.count ? inputs[index] : nil }

    /// The known integer values of input `index` (a shape, axes, pads), or nil if it is absent.
    func intValues(_ index: Int) throws(InferenceProblem) -> [Int]? {
        guard let value = optionalInput(index) else { return nil }
        guard let values = value.values else {
            throw InferenceProblem(
                "\(node.opType) input \(index + 1) is computed at run time, so its output shape is not known")
        }
        return try values.map { (value) throws(InferenceProblem) in try ONNXOperation.int(value) }
    }

    /// A known value as an integer; the "to the end" markers exporters write (±2^63 − 1) are clamped
    /// to ±2^53, which every shape computation treats alike.
    static func int(_ value: Double) throws(InferenceProblem) -> Int {
        guard !value.isNaN else { throw InferenceProblem("a value that is not a number") }
        return Int(min(max(value, -9.0e15), 9.0e15))
    }

    func int(_ name: String) -> Int? {
        if case .int(let value)? = node.attributes[name] { return Int(clamping: value) }
        return nil
    }

    func int(_ name: String, default fallback: Int) -> Int { int(name) ?? fallback }

    func ints(_ name: String) -> [Int]? {
        if case .ints(let values)? = node.attributes[name] { return values.map { Int(clamping: $0) } }
        return nil
    }

    func float(_ name: String) -> Double? {
        if case .float(let value)? = node.attributes[name] { return value }
        return nil
    }

    func floats(_ name: String) -> [Double]? {
        if case .floats(let values)? = node.attributes[name] { return values }
        return nil
    }

    func string(_ name: String) -> String? {
        if case .string(let value)? = node.attributes[name] { return value }
        return nil
    }

    /// An axis counted from the end when negative, checked against `rank`.
    func axis(_ axis: Int, rank: Int) throws(InferenceProblem) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0, resolved < max(rank, 1) else {
            throw InferenceProblem("axis \(axis) is outside a tensor of rank \(rank)")
        }
        return resolved
    }
}

/// What a node does: its outputs, and what it costs per run of the graph.
struct ONNXFigures {
    var outputs: [ONNXValue]
    /// All forward FLOPs (``FLOPConvention``).
    var flops: Double = 0
    /// The part of ``flops`` that is matrix products and convolutions, multiply-adds only (no bias):
    /// what PyTorch's FlopCounterMode counts, to compare like with like.
    var matrixFLOPs: Double = 0
    /// Whether the output is a new tensor kept for the backward pass (false for views: reshapes,
    /// transposes, identities).
    var keepsOutput = true
    /// Values kept besides the output (a recurrent cell's gates at every step).
    var internalActivations = 0
    /// Settings in words, for the node's detail.
    var detail = ""
}
