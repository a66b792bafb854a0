import FootprintCore

/// One block of a Hugging Face model as Footprint counts it: its parameters and the FLOPs and
/// activation values of one forward pass over a whole sequence of the context's length.
///
/// The figures are per sequence so that a block applied once per sequence (BERT's pooler, a
/// classifier on the class token) and one applied at every position add up exactly; ``HFModel``
/// turns them into per-token figures.
struct HFPart: Sendable {
    /// Where it is in the transformers module tree, e.g. `model.layers.*.self_attn`.
    var name: String
    /// What it is: `embedding`, `attention`, `mlp`, `moe`, `norm`, `lm-head`, …
    var kind: String
    /// Its settings in a few words.
    var detail: String
    /// Parameters of one copy.
    var parameters: Int
    /// Parameters one token uses (fewer than ``parameters`` only in a mixture of experts).
    var activeParameters: Int
    /// Forward FLOPs of one copy over one sequence.
    var flops: Double
    /// Values one copy keeps for the backward pass over one sequence.
    var activations: Int
    /// Copies in the model (the layer count for a layer's blocks).
    var repeats: Int = 1
    /// The shape of its output over the sequence, [positions, features], where it is not the
    /// model's width at every position (a head).
    var output: [Int]?

    init(
        name: String, kind: String, detail: String, parameters: Int, activeParameters: Int? = nil, flops: Double,
        activations: Int, repeats: Int = 1
    ) {
        self.name = name
        self.kind = kind
        self.detail = detail
        self.parameters = parameters
        self.activeParameters = activeParameters ?? parameters
        self.flops = flops
        self.activations = activations
        self.repeats = repeats
    }
}

/// Overflow-checked whole-number arithmetic for parameter and activation counts, every total at
/// most ``ModelAnalysis/countLimit``; a config whose counts go past it is refused.
struct HFArithmetic: Sendable {
    /// The family, named in the error.
    let family: String

    /// The product of `factors`.
    func product(_ factors: Int...) throws(ModelError) -> Int {
        do {
            return try Count(at: "model_type \"\(family)\"").product(factors, "a count")
        } catch {
            throw ModelError(error)
        }
    }

    /// The sum of `terms`.
    func sum(_ terms: Int...) throws(ModelError) -> Int {
        do {
            return try Count(at: "model_type \"\(family)\"").sum(terms, "a count")
        } catch {
            throw ModelError(error)
        }
    }
}
