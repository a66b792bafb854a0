import FootprintCore
import Foundation
import Testing

@testable import FootprintModels

/// Whole published models built from sequence layers, their parameters against the counts their
/// reference implementations give, and their FLOPs against PyTorch's FlopCounterMode on those
/// implementations (references.json; matrix products only, so ours is at most 1 % above).
@Suite struct SequenceModelTests {
    let torch: TorchReferences

    init() throws { torch = try TorchReferences.load() }

    /// Ours includes bias adds, softmax, norms and activations, which FlopCounterMode leaves out.
    private func expectMatrixProducts(_ ours: Double, near reference: Double?) {
        guard let reference else {
            Issue.record("no FLOP reference")
            return
        }
        #expect(ours >= reference && ours <= reference * 1.01, "ours \(ours), PyTorch \(reference)")
    }

    /// BERT-base (Devlin et al. 2019) as Hugging Face's `BertModel` counts it, pooler included:
    /// 109,482,240 parameters.
    @Test func bertBase() throws {
        var bert = LayerChain(input: [128])
        try bert.apply(
            #"{"type": "embedding", "vocabulary": 30522, "dimensions": 768, "positions": 512, "segments": 2}"#)
        try bert.apply(#"{"type": "layernorm"}"#)
        try bert.apply(#"{"type": "transformer", "heads": 12, "feedforward": 3072, "activation": "gelu"}"#, repeats: 12)
        try bert.apply(#"{"type": "pooler"}"#)
        #expect(bert.parameters == 109_482_240)
        #expect(bert.parameters == (try torch["bert_base_128"]).parameters)
        expectMatrixProducts(bert.forwardFLOPs, near: try torch["bert_base_128"].flops)
    }

    /// GPT-2 small (Radford et al. 2019), Hugging Face's `GPT2Model`: 124,439,808 parameters; the
    /// language-model head is tied to the token embedding, so it adds FLOPs but no parameters.
    @Test func gpt2Small() throws {
        var gpt2 = LayerChain(input: [1024])
        try gpt2.apply(#"{"type": "embedding", "vocabulary": 50257, "dimensions": 768, "positions": 1024}"#)
        try gpt2.apply(
            #"""
            {"type": "transformer", "heads": 12, "feedforward": 3072, "activation": "gelu",
             "norm_position": "pre", "causal": true}
            """#, repeats: 12)
        try gpt2.apply(#"{"type": "layernorm"}"#)
        #expect(gpt2.parameters == 124_439_808)
        expectMatrixProducts(gpt2.forwardFLOPs, near: try torch["gpt2_small_1024"].flops)
        let body = gpt2.forwardFLOPs
        try gpt2.apply(#"{"type": "lm_head", "vocabulary": 50257, "tied": true}"#)
        #expect(gpt2.parameters == 124_439_808)
        #expect(gpt2.forwardFLOPs - body == 2 * 1024 * 768 * 50257)
    }

    /// ViT-B/16 (Dosovitskiy et al. 2021) as torchvision's `vit_b_16` counts it: 86,567,656
    /// parameters (Hugging Face's `ViTForImageClassification` has the same). The patch
    /// convolution and the classifier are grid layers, added here by their formulas.
    @Test func vitB16() throws {
        var vit = LayerChain(input: [3, 224, 224])
        vit.add(
            parameters: 768 * 3 * 16 * 16 + 768,
            flops: FLOPConvention.convolution(outputs: 768 * 14 * 14, fanIn: 3 * 16 * 16, bias: true),
            output: [768, 14, 14])
        try vit.apply(#"{"type": "to_sequence"}"#)
        try vit.apply(#"{"type": "class_token"}"#)
        try vit.apply(#"{"type": "position_embedding"}"#)
        try vit.apply(
            #"{"type": "transformer", "heads": 12, "feedforward": 3072, "activation": "gelu", "norm_position": "pre"}"#,
            repeats: 12)
        try vit.apply(#"{"type": "layernorm"}"#)
        try vit.apply(#"{"type": "first_token"}"#)
        vit.add(
            parameters: 768 * 1000 + 1000,
            flops: FLOPConvention.dense(positions: 1, inputs: 768, outputs: 1000, bias: true), output: [1000])
        #expect(vit.parameters == 86_567_656)
        #expect(vit.parameters == (try torch["vit_b16_224"]).parameters)
        expectMatrixProducts(vit.forwardFLOPs, near: try torch["vit_b16_224"].flops)
    }

    /// T5-small (Raffel et al. 2020), Hugging Face's `T5Model`: 60,506,624 parameters. One shared
    /// vocabulary (the decoder's embedding tied), pre-RMSNorm blocks without biases, a relative
    /// position bias in the first block of each stack, cross-attention in the decoder.
    @Test func t5Small() throws {
        let block =
            #""type": "transformer", "heads": 8, "feedforward": 2048, "activation": "relu", "norm": "rmsnorm", "norm_position": "pre", "bias": false"#
        var encoder = LayerChain(input: [64])
        try encoder.apply(#"{"type": "embedding", "vocabulary": 32128, "dimensions": 512}"#)
        try encoder.apply("{\(block), \"relative_buckets\": 32}")
        try encoder.apply("{\(block)}", repeats: 5)
        try encoder.apply(#"{"type": "rmsnorm"}"#)
        var decoder = LayerChain(input: [32])
        try decoder.apply(#"{"type": "embedding", "vocabulary": 32128, "dimensions": 512, "tied": true}"#)
        try decoder.apply(
            "{\(block), \"relative_buckets\": 32, \"cross\": true, \"causal\": true}", memory: encoder.shape)
        try decoder.apply("{\(block), \"cross\": true, \"causal\": true}", repeats: 5, memory: encoder.shape)
        try decoder.apply(#"{"type": "rmsnorm"}"#)
        #expect(encoder.parameters + decoder.parameters == 60_506_624)
        #expect(encoder.parameters + decoder.parameters == (try torch["t5_small_64_32"]).parameters)
        expectMatrixProducts(encoder.forwardFLOPs + decoder.forwardFLOPs, near: try torch["t5_small_64_32"].flops)
    }

    /// Mistral 7B and Mixtral 8x7B (Jiang et al. 2023, 2024): the same 32 blocks of grouped-query
    /// attention and SwiGLU, the latter with 8 experts of which each token visits 2. Mixtral holds
    /// 46,702,792,704 parameters (Hugging Face's `MixtralModel` 46,571,720,704 without the head);
    /// per token 12,879,925,248 are active: per block attention 41,943,040, router 32,768, two
    /// experts 352,321,536, norms 8,192; ×32, plus both vocabulary tables and the final norm.
    @Test func mistralAndMixtral() throws {
        let attention =
            #""type": "transformer", "heads": 32, "kv_heads": 8, "feedforward": 14336, "ffn": "gated", "activation": "silu", "norm": "rmsnorm", "norm_position": "pre", "bias": false, "causal": true"#
        func model(experts: String) throws -> (LayerChain, body: Int) {
            var chain = LayerChain(input: [16])
            try chain.apply(#"{"type": "embedding", "vocabulary": 32000, "dimensions": 4096}"#)
            try chain.apply("{\(attention)\(experts)}", repeats: 32)
            try chain.apply(#"{"type": "rmsnorm"}"#)
            let body = chain.parameters
            try chain.apply(#"{"type": "lm_head", "vocabulary": 32000}"#)
            return (chain, body)
        }
        let (mistral, _) = try model(experts: "")
        #expect(mistral.parameters == 7_241_732_096)
        let (mixtral, body) = try model(experts: #", "experts": 8, "top_k": 2"#)
        #expect(mixtral.parameters == 46_702_792_704)
        #expect(body == (try torch["mixtral_8x7b_model"]).parameters)
        #expect(mixtral.activeParameters == 12_879_925_248)
    }

    /// A text classifier: embedding, a two-layer bidirectional LSTM whose final states feed a dense
    /// layer (the PyTorch module in the reference script). The matrix products match exactly.
    @Test func lstmClassifier() throws {
        var model = LayerChain(input: [50])
        try model.apply(#"{"type": "embedding", "vocabulary": 20000, "dimensions": 128}"#)
        try model.apply(#"{"type": "lstm", "hidden": 256, "layers": 2, "bidirectional": true, "output": "last"}"#)
        #expect(model.shape == [512])
        model.add(
            parameters: 512 * 2 + 2, flops: FLOPConvention.dense(positions: 1, inputs: 512, outputs: 2, bias: true),
            output: [2])
        let h = 256.0
        let rest = 50 * 2 * 2 * (2 * 4 * h + 4 * h + 9 * h) + 2  // LSTM biases, sums, gates; the dense bias
        #expect(model.parameters == (try torch["lstm_classifier_50"]).parameters)
        #expect(model.forwardFLOPs - rest == (try torch["lstm_classifier_50"]).flops)
    }
}
