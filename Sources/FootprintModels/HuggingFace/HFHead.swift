/// Which model class of a family a config is counted as: the first of its `architectures`, read
/// by the part after the family's prefix (`LlamaForCausalLM` is a causal language model).
enum HFHead: Sendable, Equatable {
    /// The base model (`LlamaModel`, `BertModel`): no head; BERT's and ViT's carry their pooler.
    case base
    /// A language-model head over every position (`…ForCausalLM`, `GPT2LMHeadModel`).
    case causalLM
    /// BERT's masked-language-model head (`…ForMaskedLM`).
    case maskedLM
    /// T5's encoder–decoder with its language-model head (`T5ForConditionalGeneration`).
    case conditionalGeneration
    /// T5's encoder alone (`T5EncoderModel`).
    case encoderOnly
    /// ViT's classifier on the class token (`ViTForImageClassification`).
    case imageClassification
    /// A class the family's reader does not count: the base model is counted and the head listed
    /// as not counted.
    case other(String)

    /// The head `architecture` names for a family whose classes start with one of `prefixes`;
    /// `fallback` when the config names no architecture.
    static func of(_ architecture: String?, prefixes: [String], fallback: HFHead) -> HFHead {
        guard let architecture else { return fallback }
        let suffix =
            prefixes.first { architecture.hasPrefix($0) }.map { String(architecture.dropFirst($0.count)) }
            ?? architecture
        switch suffix {
        case "Model": return .base
        case "ForCausalLM", "LMHeadModel": return .causalLM
        case "ForMaskedLM": return .maskedLM
        case "ForConditionalGeneration": return .conditionalGeneration
        case "EncoderModel": return .encoderOnly
        case "ForImageClassification": return .imageClassification
        default: return .other(architecture)
        }
    }
}

extension HFHead {
    /// The head as a not-counted entry when the family does not count it, so that the totals are partial.
    var uncounted: [ModelCount.Uncounted] {
        if case .other(let name) = self { return [ModelCount.Uncounted(name: "\(name) head", occurrences: 1)] }
        return []
    }
}
