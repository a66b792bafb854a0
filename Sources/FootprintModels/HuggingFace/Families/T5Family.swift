/// T5 (Raffel et al. 2020) as transformers' `T5Model`, `T5ForConditionalGeneration` and
/// `T5EncoderModel` hold it: one token embedding shared by encoder and decoder, a learned
/// relative-position bias in the first self-attention of each stack (shared by the layers after
/// it), RMS-style LayerNorm before each block, no biases, a ReLU MLP or a gated-GELU one (T5 v1.1,
/// `feed_forward_proj` "gated-gelu"), a cross-attention in every decoder block; the LM head tied to
/// the embedding unless `tie_word_embeddings` is false (the v1.1 checkpoints hold their own head).
///
/// A "token" here is one input token through the encoder and one target token through the
/// decoder, both sequences of the context's length.
enum T5Family {
    static func read(_ config: HFConfig, _ head: HFHead, _ context: Int?) throws(ModelError) -> HFModel {
        let hidden = try config.int("d_model", "hidden_size", default: 512)
        let keyWidth = try config.int("d_kv", default: 64)
        let inner = try config.int("d_ff", default: 2048)
        let heads = try config.int("num_heads", "num_attention_heads", default: 8, maximum: HFConfig.maximumCount)
        let encoderLayers = try config.int(
            "num_layers", "num_hidden_layers", default: 6, maximum: HFConfig.maximumCount)
        let decoderLayers = try config.int("num_decoder_layers", default: encoderLayers, maximum: HFConfig.maximumCount)
        let vocabulary = try config.int("vocab_size", default: 32128)
        let buckets = try config.int("relative_attention_num_buckets", default: 32)
        let projection = try config.string("feed_forward_proj", default: "relu")
        let tied = try config.bool("tie_word_embeddings", default: true)
        let gated = projection.hasPrefix("gated-")
        // T5 has no position table; the context its checkpoints were trained at is n_positions (512).
        let positions = try HuggingFaceConfig.context(
            context, maximum: try config.int("n_positions", default: 512), learned: false, key: "n_positions")
        let blocks = HFBlocks(math: HFArithmetic(family: config.family), positions: positions)
        let math = HFArithmetic(family: config.family)

        func relativeBias(_ stack: String) throws(ModelError) -> HFPart {
            HFPart(
                name: "\(stack).block.0.layer.0.SelfAttention.relative_attention_bias", kind: "position-bias",
                detail: "relative position bias \(buckets) buckets × \(heads) heads",
                parameters: try math.product(buckets, heads), flops: 0, activations: 0)
        }
        func selfAttention(_ stack: String, layers: Int) throws(ModelError) -> HFPart {
            try blocks.attention(
                "\(stack).block.*.layer.0.SelfAttention", hidden: hidden, heads: heads, kvHeads: heads,
                headDim: keyWidth, qkvBias: false, outBias: false, span: positions, norm: .rms, repeats: layers)
        }
        func feedForward(_ stack: String, index: Int, layers: Int) throws(ModelError) -> HFPart {
            try blocks.feedForward(
                "\(stack).block.*.layer.\(index).DenseReluDense", hidden: hidden, inner: inner, gated: gated,
                bias: false, norm: .rms, repeats: layers)
        }
        var parts = [
            try blocks.embeddings("shared", tables: [("tokens", vocabulary)], hidden: hidden),
            try relativeBias("encoder"), try selfAttention("encoder", layers: encoderLayers),
            try feedForward("encoder", index: 1, layers: encoderLayers),
            try blocks.norm("encoder.final_layer_norm", .rms, hidden: hidden)
        ]
        if head != .encoderOnly {
            parts += [
                try relativeBias("decoder"), try selfAttention("decoder", layers: decoderLayers),
                try blocks.attention(
                    "decoder.block.*.layer.1.EncDecAttention", hidden: hidden, heads: heads, kvHeads: heads,
                    headDim: keyWidth, qkvBias: false, outBias: false, span: positions, norm: .rms,
                    repeats: decoderLayers, kind: "cross-attention"),
                try feedForward("decoder", index: 2, layers: decoderLayers),
                try blocks.norm("decoder.final_layer_norm", .rms, hidden: hidden)
            ]
        }
        if head == .conditionalGeneration {
            parts.append(
                try blocks.dense(
                    "lm_head", kind: "lm-head", inputs: hidden, outputs: vocabulary, bias: false, tied: tied))
        }
        let name = config.architecture ?? "T5Model"
        return HFModel(
            name: name, parts: parts, positions: positions, unit: .token,
            input: head == .encoderOnly
                ? "context \(positions)" : "context \(positions) (encoder) + \(positions) (decoder)",
            inputElements: head == .encoderOnly ? 1 : 2, hidden: hidden, uncounted: head.uncounted,
            notes: [
                HuggingFaceConfig.countedAs(name, head: head),
                head == .encoderOnly
                    ? "per token: one token through the encoder"
                    : "per token: one input token through the encoder and one target token through the decoder"
            ])
    }
}
