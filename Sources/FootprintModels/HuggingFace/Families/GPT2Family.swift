/// GPT-2 (Radford et al. 2019) as transformers' `GPT2Model` / `GPT2LMHeadModel` holds it: learned
/// token and position embeddings, pre-norm blocks of fused-QKV attention and a GELU MLP, all with
/// biases; the head is tied to the token embedding.
enum GPT2Family {
    static func read(_ config: HFConfig, _ head: HFHead, _ context: Int?) throws(ModelError) -> HFModel {
        let hidden = try config.int("n_embd", "hidden_size", default: 768)
        let layers = try config.int("n_layer", "num_hidden_layers", default: 12, maximum: HFConfig.maximumCount)
        let heads = try config.int("n_head", "num_attention_heads", default: 12, maximum: HFConfig.maximumCount)
        let maxPositions = try config.int("n_positions", "max_position_embeddings", default: 1024)
        let vocabulary = try config.int("vocab_size", default: 50257)
        let inner = try config.int("n_inner", default: 4 * hidden)
        let tied = try config.bool("tie_word_embeddings", default: true)
        guard hidden % heads == 0 else {
            throw ModelError(.invalidValue, "n_embd \(hidden) is not a multiple of n_head \(heads)")
        }
        let positions = try HuggingFaceConfig.context(
            context, maximum: maxPositions, learned: true, key: "n_positions")
        let blocks = HFBlocks(math: HFArithmetic(family: config.family), positions: positions)
        var parts = [
            try blocks.embeddings(
                "transformer.wte+wpe", tables: [("tokens", vocabulary), ("positions", maxPositions)], hidden: hidden),
            try blocks.attention(
                "transformer.h.*.attn", hidden: hidden, heads: heads, kvHeads: heads, headDim: hidden / heads,
                qkvBias: true, outBias: true, span: positions, norm: .layer, repeats: layers),
            try blocks.feedForward(
                "transformer.h.*.mlp", hidden: hidden, inner: inner, gated: false, bias: true, norm: .layer,
                repeats: layers),
            try blocks.norm("transformer.ln_f", .layer, hidden: hidden)
        ]
        if head == .causalLM {
            parts.append(
                try blocks.dense(
                    "lm_head", kind: "lm-head", inputs: hidden, outputs: vocabulary, bias: false, tied: tied))
        }
        return HFModel(
            name: config.architecture ?? "GPT2Model", parts: parts, positions: positions, unit: .token,
            input: "context \(positions)", inputElements: 1, hidden: hidden, uncounted: head.uncounted,
            notes: [HuggingFaceConfig.countedAs(config.architecture ?? "GPT2Model", head: head)])
    }
}
