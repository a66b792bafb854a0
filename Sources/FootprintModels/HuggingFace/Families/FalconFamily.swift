/// Falcon (Almazrouei et al. 2023) as transformers' `FalconModel` / `FalconForCausalLM` holds it:
/// fused query-key-value attention with one shared key and value head (`multi_query`, Falcon-7B) or
/// `num_kv_heads` of them (`new_decoder_architecture`, Falcon-40B/180B), attention and MLP side by
/// side (`parallel_attn`) after one shared LayerNorm (or one each in the new architecture), biases
/// only when `bias`, the output embedding tied to the input one.
enum FalconFamily {
    static func read(_ config: HFConfig, _ head: HFHead, _ context: Int?) throws(ModelError) -> HFModel {
        let hidden = try config.int("hidden_size", "n_embed", default: 4544)
        let layers = try config.int("num_hidden_layers", "n_layer", default: 32, maximum: HFConfig.maximumCount)
        let heads = try config.int("num_attention_heads", "n_head", default: 71, maximum: HFConfig.maximumCount)
        let vocabulary = try config.int("vocab_size", default: 65024)
        let maxPositions = try config.int("max_position_embeddings", default: 2048)
        let newArchitecture = try config.bool("new_decoder_architecture", default: false)
        let multiQuery = try config.bool("multi_query", default: true)
        let parallel = try config.bool("parallel_attn", default: true)
        let bias = try config.bool("bias", default: false)
        let tied = try config.bool("tie_word_embeddings", default: true)
        let inner = try config.int("ffn_hidden_size", default: 4 * hidden)
        let headDim = try config.headWidth(
            hidden: hidden, heads: heads, keys: ("hidden_size", "num_attention_heads"))
        let kvHeads =
            newArchitecture
            ? try config.int("num_kv_heads", "n_head_kv", default: heads, maximum: heads)
            : multiQuery ? 1 : heads
        // Norms: the new architecture has one before attention and one before the MLP (unless
        // num_ln_in_parallel_attn is 1); the old one shares its input norm between the two
        // parallel branches, or, in sequence, adds one after attention.
        let twoNorms =
            newArchitecture ? try config.int("num_ln_in_parallel_attn", default: 2, maximum: 2) == 2 : !parallel
        let positions = try HuggingFaceConfig.context(
            context, maximum: maxPositions, learned: false, key: "max_position_embeddings")
        let blocks = HFBlocks(math: HFArithmetic(family: config.family), positions: positions)
        let parts = [
            try blocks.embeddings("transformer.word_embeddings", tables: [("tokens", vocabulary)], hidden: hidden),
            try blocks.attention(
                "transformer.h.*.self_attention", hidden: hidden, heads: heads, kvHeads: kvHeads,
                headDim: headDim, qkvBias: bias, outBias: bias, span: positions, norm: .layer,
                repeats: layers),
            try blocks.feedForward(
                "transformer.h.*.mlp", hidden: hidden, inner: inner, gated: false, bias: bias,
                norm: twoNorms ? .layer : .none, repeats: layers),
            try blocks.norm("transformer.ln_f", .layer, hidden: hidden)
        ]
        return try HFModel.languageModel(
            config, head: head, base: "FalconModel", blocks: blocks, parts: parts, hidden: hidden,
            vocabulary: vocabulary, tied: tied)
    }
}
