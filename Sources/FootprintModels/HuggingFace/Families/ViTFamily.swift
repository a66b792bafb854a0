/// The Vision Transformer (Dosovitskiy et al. 2021) as transformers' `ViTModel` /
/// `ViTForImageClassification` holds it: the image cut into patches by a strided convolution, a
/// class token and learned position embeddings, pre-norm blocks with biases, a final LayerNorm;
/// the base model ends in a pooler (dense + tanh on the class token), the classifier in one dense
/// layer on the class token. Counted per image (unit sample), not per token.
enum ViTFamily {
    static func read(_ config: HFConfig, _ head: HFHead, _ context: Int?) throws(ModelError) -> HFModel {
        guard context == nil else {
            throw ModelError(
                .invalidValue,
                "a ViT config is counted per image of its image_size; a context in tokens does not apply to it")
        }
        let hidden = try config.int("hidden_size", default: 768)
        let layers = try config.int("num_hidden_layers", default: 12, maximum: HFConfig.maximumCount)
        let heads = try config.int("num_attention_heads", default: 12, maximum: HFConfig.maximumCount)
        let inner = try config.int("intermediate_size", default: 3072)
        let imageSize = try config.int("image_size", default: 224, maximum: 1_000_000)
        let patchSize = try config.int("patch_size", default: 16, maximum: imageSize)
        let channels = try config.int("num_channels", default: 3, maximum: HFConfig.maximumCount)
        let qkvBias = try config.bool("qkv_bias", default: true)
        let headDim = try config.headWidth(
            hidden: hidden, heads: heads, keys: ("hidden_size", "num_attention_heads"))
        let math = HFArithmetic(family: config.family)
        let side = imageSize / patchSize
        let patches = try math.product(side, side)
        let positions = try math.sum(patches, 1)
        let blocks = HFBlocks(math: math, positions: positions)
        let fanIn = try math.product(channels, patchSize, patchSize)
        let embeddings = HFPart(
            name: "vit.embeddings", kind: "embedding",
            detail: "patches \(patchSize)×\(patchSize) of \(channels) channels → \(hidden), class token, "
                + "\(positions) positions",
            parameters: try math.sum(
                try math.product(fanIn, hidden), hidden, hidden, try math.product(positions, hidden)),
            flops: Double(patches) * Double(hidden) * (2 * Double(fanIn) + 1) + Double(positions) * Double(hidden),
            activations: try math.product(2, positions, hidden))
        var parts = [
            embeddings,
            try blocks.attention(
                "vit.encoder.layer.*.attention", hidden: hidden, heads: heads, kvHeads: heads,
                headDim: headDim, qkvBias: qkvBias, outBias: true, span: positions, norm: .layer,
                repeats: layers),
            try blocks.feedForward(
                "vit.encoder.layer.*.intermediate+output", hidden: hidden, inner: inner, gated: false, bias: true,
                norm: .layer, repeats: layers),
            try blocks.norm("vit.layernorm", .layer, hidden: hidden)
        ]
        if head == .imageClassification {
            parts.append(
                try blocks.dense(
                    "classifier", kind: "classifier", inputs: hidden, outputs: try config.labels(), bias: true, at: 1))
        } else {
            parts.append(
                try blocks.dense(
                    "vit.pooler", kind: "pooler", inputs: hidden, outputs: hidden, bias: true, activation: "tanh",
                    at: 1))
        }
        let name = config.architecture ?? "ViTModel"
        return HFModel(
            name: name, parts: parts, positions: positions, unit: .sample,
            input: "[\(channels), \(imageSize), \(imageSize)]",
            inputElements: try math.product(channels, imageSize, imageSize), hidden: hidden,
            uncounted: head.uncounted, notes: [HuggingFaceConfig.countedAs(name, head: head)])
    }
}
