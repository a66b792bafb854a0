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
        let headDim = try config.headWidth(hidden: hidden, heads: heads, keys: ("n_embd", "n_head"))
        let positions = try HuggingFaceConfig.context(
            context, maximum: maxPositions, learned: true, key: "n_positions")
        let blocks = HFBlocks(math: HFArithmetic(family: config.family), positions: positions)
        let parts = [
            try blocks.embeddings(
                "transformer.wte+wpe", tables: [("tokens", vocabulary), ("positions", maxPositions)], hidden: hidden),
            try blocks.attention(
                "transformer.h.*.attn", hidden: hidden, heads: heads, kvHeads: heads, headDim: headDim,
                qkvBias: true, outBias: true, span: positions, norm: .layer, repeats: layers),
            try blocks.feedForward(
                "transformer.h.*.mlp", hidden: hidden, inner: inner, gated: false, bias: true, norm: .layer,
                repeats: layers),
            try blocks.norm("transformer.ln_f", .layer, hidden: hidden)
        ]
        return try HFModel.languageModel(
            config, head: head, base: "GPT2Model", blocks: blocks, parts: parts, hidden: hidden,
            vocabulary: vocabulary, tied: tied)
    }
}
