import FootprintCore

/// A family's blocks turned into a ``ModelCount``: per token for a language model, per sample
/// (one image) for a vision model.
struct HFModel: Sendable {
    /// The model's name: the architecture and family.
    var name: String
    /// The blocks in order, each over one sequence of ``positions`` tokens.
    var parts: [HFPart]
    /// Tokens in the sequence the parts were counted over.
    var positions: Int
    /// Per token (language models) or per sample (ViT: one image).
    var unit: ModelCount.Unit
    /// The input in words.
    var input: String
    /// Values of one input, per unit.
    var inputElements: Int
    /// The output width of a token, for the table's output column.
    var hidden: Int
    /// Heads the config's `architectures` names that the family does not count.
    var uncounted: [ModelCount.Uncounted] = []
    /// Remarks beside the figures, before the training-FLOPs notes.
    var notes: [String] = []

    /// The count, with the notes that label the two training figures.
    func count() -> ModelCount {
        let perToken = unit == .token
        let divisor = perToken ? Double(positions) : 1
        let nodes = parts.map { part in
            ModelCount.Node(
                name: part.name, kind: part.kind, detail: part.detail,
                outputShape: perToken ? [part.output?.last ?? hidden] : part.output ?? [positions, hidden],
                parameters: part.parameters,
                activeParameters: part.activeParameters, forwardFLOPs: part.flops / divisor,
                activationElements: perToken ? (part.activations + positions - 1) / positions : part.activations,
                repeats: part.repeats)
        }
        var count = ModelCount(
            name: name, format: .huggingFace, unit: unit, input: input, inputElements: inputElements, nodes: nodes,
            uncounted: uncounted, notes: notes)
        if let sixN = count.sixNFLOPsPerToken {
            let difference = (count.trainingFLOPs / sixN - 1) * 100
            count.notes.append(
                "training by 6·N·D: \(Format.significant(sixN)) FLOP per token (6 × "
                    + (count.isSparse ? "the active parameters" : "the parameters")
                    + "; Kaplan et al. 2020)")
            count.notes.append(
                "training exactly: \(Format.significant(count.trainingFLOPs)) FLOP per token (3 × forward at "
                    + "context \(positions), attention included), "
                    + "\(Format.significant(abs(difference), digits: 2)) % " + (difference < 0 ? "below" : "above")
                    + " 6·N·D")
        }
        return count
    }
}

extension ModelCount {
    /// Training FLOPs per token by the 6·N·D rule (Kaplan et al. 2020; Hoffmann et al. 2022): six
    /// FLOPs per parameter a token uses (2 forward, 4 backward), attention over the context left
    /// out; nil unless the count is per token.
    public var sixNFLOPsPerToken: Double? {
        unit == .token ? 6 * Double(activeParameters) : nil
    }
}

extension HFModel {
    /// A decoder-only language model (GPT-2, GPT-NeoX, LLaMA, Mistral, Mixtral, Falcon): its
    /// blocks, then the LM head `headName` when the class counted has one, per token.
    static func languageModel(
        _ config: HFConfig, head: HFHead, base: String, blocks: HFBlocks, parts: [HFPart], hidden: Int,
        vocabulary: Int, tied: Bool, headName: String = "lm_head", notes: [String] = []
    ) throws(ModelError) -> HFModel {
        var parts = parts
        if head == .causalLM {
            parts.append(
                try blocks.dense(
                    headName, kind: "lm-head", inputs: hidden, outputs: vocabulary, bias: false, tied: tied))
        }
        let name = config.architecture ?? base
        return HFModel(
            name: name, parts: parts, positions: blocks.positions, unit: .token,
            input: "context \(blocks.positions)", inputElements: 1, hidden: hidden, uncounted: head.uncounted,
            notes: [HuggingFaceConfig.countedAs(name, head: head)] + notes)
    }
}
