/// LLaMA (Touvron et al. 2023), Mistral (Jiang et al. 2023) and Mixtral (Jiang et al. 2024) as
/// transformers' `LlamaForCausalLM`, `MistralForCausalLM` and `MixtralForCausalLM` hold them:
/// RMSNorm before each block, rotary positions, grouped-query attention (`num_key_value_heads`),
/// a gated SiLU MLP (gate, up, down) or, in Mixtral, a router over `num_local_experts` such MLPs of
/// which each token visits `num_experts_per_tok`; no biases unless the config asks; the output
/// embedding tied to the input one only where `tie_word_embeddings` says so.
enum LlamaFamily {
    static func read(_ config: HFConfig, _ head: HFHead, _ context: Int?) throws(ModelError) -> HFModel {
        let hidden = try config.int("hidden_size", default: 4096)
        let layers = try config.int("num_hidden_layers", default: 32, maximum: HFConfig.maximumCount)
        let heads = try config.int("num_attention_heads", default: 32, maximum: HFConfig.maximumCount)
        let kvHeads = try config.int("num_key_value_heads", default: heads, maximum: HFConfig.maximumCount)
        let inner = try config.int("intermediate_size", default: config.family == "llama" ? 11008 : 14336)
        let maxPositions = try config.int(
            "max_position_embeddings", default: config.family == "llama" ? 2048 : 4096 * 32)
        let vocabulary = try config.int("vocab_size", default: 32000)
        let tied = try config.bool("tie_word_embeddings", default: false)
        let attentionBias = try config.bool("attention_bias", default: false)
        let mlpBias = try config.bool("mlp_bias", default: false)
        let headDim =
            config.value(["head_dim"]) != nil
            ? try config.int("head_dim")
            : try config.headWidth(hidden: hidden, heads: heads, keys: ("hidden_size", "num_attention_heads"))
        guard heads % kvHeads == 0 else {
            throw ModelError(
                .invalidValue, "num_attention_heads \(heads) is not a multiple of num_key_value_heads \(kvHeads)")
        }
        let positions = try HuggingFaceConfig.context(
            context, maximum: maxPositions, learned: false, key: "max_position_embeddings")
        // Mistral's sliding window: each token attends to at most this many positions.
        var window: Int?
        if config.family != "llama", config.value(["sliding_window"]) != nil {
            window = try config.int("sliding_window")
        }
        let span = min(positions, window ?? positions)
        let blocks = HFBlocks(math: HFArithmetic(family: config.family), positions: positions)
        let feedForward: HFPart
        if config.family == "mixtral" {
            let experts = try config.int("num_local_experts", default: 8, maximum: HFConfig.maximumCount)
            let topK = try config.int("num_experts_per_tok", default: 2, maximum: experts)
            feedForward = try blocks.mixtureOfExperts(
                "model.layers.*.block_sparse_moe", hidden: hidden, inner: inner, experts: experts, topK: topK,
                norm: .rms, repeats: layers)
        } else {
            feedForward = try blocks.feedForward(
                "model.layers.*.mlp", hidden: hidden, inner: inner, gated: true, bias: mlpBias, norm: .rms,
                repeats: layers)
        }
        let parts = [
            try blocks.embeddings("model.embed_tokens", tables: [("tokens", vocabulary)], hidden: hidden),
            try blocks.attention(
                "model.layers.*.self_attn", hidden: hidden, heads: heads, kvHeads: kvHeads, headDim: headDim,
                qkvBias: attentionBias, outBias: attentionBias, span: span, norm: .rms, repeats: layers),
            feedForward,
            try blocks.norm("model.norm", .rms, hidden: hidden)
        ]
        return try HFModel.languageModel(
            config, head: head, base: "\(config.family.capitalized)Model", blocks: blocks, parts: parts,
            hidden: hidden, vocabulary: vocabulary, tied: tied,
            notes: span < positions
                ? ["sliding window: each token attends to the \(span) positions before it (sliding_window)"] : [])
    }
}
