import FootprintCore

/// Normalisation over the last dimension, as the norm layers and the transformer blocks apply it:
/// layer normalisation (Ba et al. 2016), with a scale and (with `bias`) a shift per feature, or
/// RMS normalisation (Zhang and Sennrich 2019), a scale only.
struct Normalization: Sendable, Hashable {
    /// Which normalisation.
    enum Kind: String, Sendable, Hashable, CaseIterable {
        case layernorm, rmsnorm
    }

    let kind: Kind
    /// Whether layer normalisation has its shift; RMS normalisation never has one.
    let bias: Bool

    /// Parameters over `features`: a scale per feature, and a shift with `bias`.
    func parameters(features: Int, count: Count) throws(ModelError) -> Int {
        try count.times([hasShift ? 2 : 1, features], "parameters")
    }

    /// FLOPs per normalised value: layer norm 7 (6 without its shift), RMS norm 4.
    var flopsPerElement: Double {
        switch kind {
        case .layernorm: FLOPConvention.perElementLayerNorm - (bias ? 0 : 1)
        case .rmsnorm: FLOPConvention.perElementRMSNorm
        }
    }

    private var hasShift: Bool { kind == .layernorm && bias }
}
