import FootprintCore

/// The position-wise feed-forward network of a transformer block or of one expert: `standard`
/// (d → hidden, activation, hidden → d) or `gated` (Shazeer 2020: an activated gate projection
/// times an up projection, then down; SwiGLU with `silu`), applied to each position alone.
///
/// Parameters: standard `2·d·f` (+ `f + d` biases), gated `3·d·f` (+ `2·f + d`).
/// FLOPs per position: each projection as ``FLOPConvention/dense(positions:inputs:outputs:bias:)``,
/// the activation `f`, and for gated the product `f`.
/// Kept per position: the hidden values before and after the activation, `2·f`; gated `4·f`
/// (gate, activated gate, up projection, product).
struct FeedForward: Sendable, Hashable {
    /// The two forms.
    enum Form: String, Sendable, Hashable, CaseIterable {
        case standard, gated
    }

    /// The activation functions a feed-forward network may apply, each 1 FLOP per element.
    static let activations = ["relu", "gelu", "silu", "swish", "tanh", "sigmoid"]

    /// Hidden width `f`.
    let hidden: Int
    let form: Form
    let activation: String
    let bias: Bool

    /// Reads `feedforward`, `ffn`, `activation` and `bias`.
    init(fields: SpecFields, defaultActivation: String = "gelu") throws(ModelError) {
        hidden = try fields.int("feedforward")
        form =
            Form(rawValue: try fields.string("ffn", oneOf: Form.allCases.map(\.rawValue), default: "standard"))
            ?? .standard
        activation = try fields.string("activation", oneOf: Self.activations, default: defaultActivation)
        bias = try fields.bool("bias", default: true)
    }

    /// The keys it reads.
    static let keys = ["feedforward", "ffn", "activation", "bias"]

    /// "ff 3072 gelu", "gated ff 14336 silu".
    var summary: String { (form == .gated ? "gated " : "") + "ff \(hidden) \(activation)" }

    /// Parameters for model width `d`.
    func parameters(model d: Int, count: Count) throws(ModelError) -> Int {
        let biases = bias ? try count.plus([form == .gated ? 2 * hidden : hidden, d], "biases") : 0
        return try count.plus([try count.times([form == .gated ? 3 : 2, d, hidden], "weights"), biases], "parameters")
    }

    /// Forward FLOPs at one position.
    func flopsPerPosition(model d: Int) -> Double {
        let (d, f) = (Double(d), Double(hidden))
        let up = FLOPConvention.dense(positions: 1, inputs: d, outputs: f, bias: bias)
        let down = FLOPConvention.dense(positions: 1, inputs: f, outputs: d, bias: bias)
        let activated = f * FLOPConvention.perElementActivation
        return switch form {
        case .standard: up + activated + down
        case .gated: 2 * up + activated + f + down
        }
    }

    /// Values kept at one position.
    var keptPerPosition: Int { (form == .gated ? 4 : 2) * hidden }
}
