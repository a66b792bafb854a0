import FootprintCore

/// The checks and overflow-safe arithmetic every sequence layer shares: its input must be a
/// sequence of vectors, and its counts must stay below ``ModelAnalysis/countLimit``.
struct SequenceInput {
    /// Positions in the sequence.
    let length: Int
    /// Features per position.
    let features: Int

    /// Reads `shape` as `[sequence, features]`, refusing anything else in `type`'s words.
    init(_ shape: [Int], type: String, role: String = "input") throws(ModelError) {
        guard shape.count == 2 else {
            throw ModelError(
                .shapeMismatch,
                "\(type) takes [sequence, features] as its \(role); got \(Self.text(shape)): "
                    + "put an embedding (token ids) or to_sequence (a feature map) before it")
        }
        (length, features) = (shape[0], shape[1])
    }

    /// The shape's numbers in brackets, as messages quote them.
    static func text(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    /// The one input of a layer that takes one.
    static func single(_ inputs: [[Int]], type: String) throws(ModelError) -> [Int] {
        try check(inputs, count: 1, type: type, takes: "one input")
        return inputs[0]
    }

    /// Refuses a number of inputs other than `expected`, saying what each is for.
    static func check(_ inputs: [[Int]], count expected: Int, type: String, takes: String) throws(ModelError) {
        guard inputs.count == expected else {
            throw ModelError(.shapeMismatch, "\(type) takes \(takes); it was given \(inputs.count) inputs")
        }
    }
}
