/// BERT (Devlin et al. 2019) and RoBERTa (Liu et al. 2019) as transformers' `BertModel`,
/// `BertForMaskedLM`, `RobertaModel` and `RobertaForMaskedLM` hold them: token, position and
/// token-type embeddings summed and normalised, post-norm blocks (attention, then a GELU MLP, each
/// followed by LayerNorm), biases throughout; the base model ends in a pooler (dense + tanh on the
/// first token), the masked-LM head in a dense + GELU + LayerNorm transform and a decoder tied to
/// the token embedding with a bias of its own.
enum BERTFamily {
    static func read(_ config: HFConfig, _ head: HFHead, _ context: Int?) throws(ModelError) -> HFModel {
        let roberta = config.family == "roberta"
        let hidden = try config.int("hidden_size", default: 768)
        let layers = try config.int("num_hidden_layers", default: 12, maximum: HFConfig.maximumCount)
        let heads = try config.int("num_attention_heads", default: 12, maximum: HFConfig.maximumCount)
        let inner = try config.int("intermediate_size", default: 3072)
        let maxPositions = try config.int("max_position_embeddings", default: 512)
        let typeVocabulary = try config.int("type_vocab_size", default: 2)
        let vocabulary = try config.int("vocab_size", default: roberta ? 50265 : 30522)
        let headDim = try config.headWidth(
            hidden: hidden, heads: heads, keys: ("hidden_size", "num_attention_heads"))
        // RoBERTa numbers positions from pad_token_id + 1, so two of its rows are never a position.
        let offset = roberta ? (try config.int("pad_token_id", default: 1, maximum: maxPositions - 1)) + 1 : 0
        guard maxPositions > offset else {
            throw ModelError(.invalidValue, "max_position_embeddings \(maxPositions) leaves no positions")
        }
        let positions = try HuggingFaceConfig.context(
            context, maximum: maxPositions - offset, learned: true, key: "max_position_embeddings")
        let blocks = HFBlocks(math: HFArithmetic(family: config.family), positions: positions)
        let prefix = roberta ? "roberta" : "bert"
        var parts = [
            try blocks.embeddings(
                "\(prefix).embeddings",
                tables: [("tokens", vocabulary), ("positions", maxPositions), ("types", typeVocabulary)],
                hidden: hidden, norm: .layer),
            try blocks.attention(
                "\(prefix).encoder.layer.*.attention", hidden: hidden, heads: heads, kvHeads: heads,
                headDim: headDim, qkvBias: true, outBias: true, span: positions, norm: .layer,
                repeats: layers),
            try blocks.feedForward(
                "\(prefix).encoder.layer.*.intermediate+output", hidden: hidden, inner: inner, gated: false,
                bias: true, norm: .layer, repeats: layers)
        ]
        switch head {
        case .maskedLM:
            let name = roberta ? "lm_head" : "cls.predictions"
            var transform = try blocks.dense(
                "\(name).transform", kind: "dense", inputs: hidden, outputs: hidden, bias: true, activation: "gelu")
            let norm = try blocks.norm("", .layer, hidden: hidden)
            transform.parameters += norm.parameters
            transform.activeParameters += norm.parameters
            transform.flops += norm.flops
            transform.activations += norm.activations
            transform.detail += ", layernorm"
            parts.append(transform)
            parts.append(
                try blocks.dense(
                    "\(name).decoder", kind: "lm-head", inputs: hidden, outputs: vocabulary, bias: true, tied: true))
        case .base, .other:
            parts.append(
                try blocks.dense(
                    "\(prefix).pooler", kind: "pooler", inputs: hidden, outputs: hidden, bias: true, activation: "tanh",
                    at: 1))
        default: break
        }
        let name = config.architecture ?? (roberta ? "RobertaModel" : "BertModel")
        return HFModel(
            name: name, parts: parts, positions: positions, unit: .token, input: "context \(positions)",
            inputElements: 1, hidden: hidden, uncounted: head.uncounted,
            notes: [HuggingFaceConfig.countedAs(name, head: head)])
    }
}
