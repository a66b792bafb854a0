/// GPT-NeoX and Pythia (Black et al. 2022; Biderman et al. 2023) as transformers' `GPTNeoXModel` /
/// `GPTNeoXForCausalLM` holds them: rotary positions (no position table), attention and MLP side by
/// side on the same input (parallel residual), biases throughout, an untied output embedding.
enum GPTNeoXFamily {
    static func read(_ config: HFConfig, _ head: HFHead, _ context: Int?) throws(ModelError) -> HFModel {
        let hidden = try config.int("hidden_size", default: 6144)
        let layers = try config.int("num_hidden_layers", default: 44, maximum: HFConfig.maximumCount)
        let heads = try config.int("num_attention_heads", default: 64, maximum: HFConfig.maximumCount)
        let inner = try config.int("intermediate_size", default: 24576)
        let maxPositions = try config.int("max_position_embeddings", default: 2048)
        let vocabulary = try config.int("vocab_size", default: 50432)
        let bias = try config.bool("attention_bias", default: true)
        let tied = try config.bool("tie_word_embeddings", default: false)
        let headDim = try config.headWidth(
            hidden: hidden, heads: heads, keys: ("hidden_size", "num_attention_heads"))
        let positions = try HuggingFaceConfig.context(
            context, maximum: maxPositions, learned: false, key: "max_position_embeddings")
        let blocks = HFBlocks(math: HFArithmetic(family: config.family), positions: positions)
        let parts = [
            try blocks.embeddings("gpt_neox.embed_in", tables: [("tokens", vocabulary)], hidden: hidden),
            try blocks.attention(
                "gpt_neox.layers.*.attention", hidden: hidden, heads: heads, kvHeads: heads,
                headDim: headDim, qkvBias: bias, outBias: bias, span: positions, norm: .layer,
                repeats: layers),
            try blocks.feedForward(
                "gpt_neox.layers.*.mlp", hidden: hidden, inner: inner, gated: false, bias: true, norm: .layer,
                repeats: layers),
            try blocks.norm("gpt_neox.final_layer_norm", .layer, hidden: hidden)
        ]
        return try HFModel.languageModel(
            config, head: head, base: "GPTNeoXModel", blocks: blocks, parts: parts, hidden: hidden,
            vocabulary: vocabulary, tied: tied, headName: "embed_out")
    }
}
