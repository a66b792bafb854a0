import FootprintCore

/// `add` (a residual connection) and `multiply` (a gate, a squeeze-and-excitation scale): two or more
/// inputs combined value by value, broadcast as NumPy and PyTorch do (shapes aligned at the right,
/// a dimension of 1 stretched): one FLOP per output value for each input beyond the first.
struct ElementwiseJoinLayer: SpecLayer {
    static let typeNames = ["add", "multiply"]
    static let keys: [String] = []
    static let inputs = 2...Int.max

    let type: String

    init(type: String, fields: SpecFields) throws(ModelError) { self.type = type }

    var summary: String { type }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        var output = inputs[0]
        for shape in inputs.dropFirst() {
            guard let joined = Self.broadcast(output, shape) else {
                throw ModelError(
                    .shapeMismatch,
                    "\(type) takes inputs of one shape, or shapes that broadcast (a dimension of 1 stretched); got "
                        + inputs.map(SpecText.shape).joined(separator: " and "))
            }
            output = joined
        }
        let values = try count.times(output, "output values")
        return SpecFigures(
            outputShape: output, parameters: 0,
            forwardFLOPs: FLOPConvention.perElementActivation * Double(inputs.count - 1) * Double(values),
            activationElements: values)
    }

    /// The shape two shapes broadcast to, nil when they do not.
    static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        let (a, b) = (Array(repeating: 1, count: rank - a.count) + a, Array(repeating: 1, count: rank - b.count) + b)
        var result: [Int] = []
        for (x, y) in zip(a, b) {
            guard x == y || x == 1 || y == 1 else { return nil }
            result.append(max(x, y))
        }
        return result
    }
}

/// `concat`: two or more inputs joined along `axis` (default 0, the channels of [channels, …];
/// negative counts from the last), every other dimension equal: no FLOPs, the joined copy kept.
struct ConcatLayer: SpecLayer {
    static let typeNames = ["concat"]
    static let keys = ["axis"]
    static let inputs = 2...Int.max

    let axis: Int

    init(type: String, fields: SpecFields) throws(ModelError) {
        axis = try fields.int("axis", default: 0, in: -8...7)
    }

    var summary: String { axis == 0 ? "concat" : "concat axis \(axis)" }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let rank = inputs[0].count
        let axis = self.axis < 0 ? rank + self.axis : self.axis
        let shapes = inputs.map(SpecText.shape).joined(separator: ", ")
        guard (0..<rank).contains(axis) else {
            throw ModelError(.shapeMismatch, "axis \(self.axis) is outside inputs of \(rank) dimensions (\(shapes))")
        }
        let fits = inputs.allSatisfy { shape in
            shape.count == rank && (0..<rank).allSatisfy { $0 == axis || shape[$0] == inputs[0][$0] }
        }
        guard fits else {
            throw ModelError(
                .shapeMismatch, "concat along axis \(self.axis) needs every other dimension equal; got \(shapes)")
        }
        var output = inputs[0]
        output[axis] = try count.plus(inputs.map { $0[axis] }, "output values")
        let values = try count.times(output, "output values")
        return SpecFigures(outputShape: output, parameters: 0, forwardFLOPs: 0, activationElements: values)
    }
}
