import FootprintCore
import Foundation
import Testing

@testable import FootprintModels

/// Our counts of small layers against PyTorch's own (Fixtures/sequence/make_sequence_references.py,
/// committed as references.json): parameters exactly; FLOPs like with like, since
/// FlopCounterMode counts matrix products only, so each test takes away from our forward FLOPs
/// the rest of our count (bias adds, softmax, norms, activations, residual adds), written out.
@Suite struct SequenceReferenceTests {
    let torch: TorchReferences

    init() throws { torch = try TorchReferences.load() }

    @Test func groupedQueryAttention() throws {
        let figures = try specFigures(
            #"{"type": "attention", "heads": 8, "kv_heads": 2, "bias": false, "causal": true}"#, [16, 64])
        let softmax = 3.0 * 8 * 16 * 16
        #expect(figures.parameters == (try torch["gqa_attention"]).parameters)
        #expect(figures.forwardFLOPs - softmax == (try torch["gqa_attention"]).flops)
    }

    @Test func crossAttentionWithAnotherMemoryWidth() throws {
        let figures = try specFigures(#"{"type": "attention", "heads": 4, "cross": true}"#, [10, 64], [20, 32])
        let biases = 10.0 * 64 + 2 * 20 * 64 + 10 * 64
        let softmax = 3.0 * 4 * 10 * 20
        #expect(figures.parameters == (try torch["cross_attention"]).parameters)
        #expect(figures.forwardFLOPs - biases - softmax == (try torch["cross_attention"]).flops)
    }

    /// `nn.TransformerEncoderLayer(64, 4, 256, activation="gelu")`: post-norm, layer norm, biases.
    @Test func postNormEncoderBlock() throws {
        let figures = try specFigures(
            #"{"type": "transformer", "heads": 4, "feedforward": 256, "activation": "gelu"}"#, [16, 64])
        let (s, d, ff) = (16.0, 64.0, 256.0)
        let rest =
            4 * s * d + 3 * 4 * s * s  // attention biases, softmax
            + s * (ff + d) + s * ff  // feed-forward biases, GELU
            + 2 * 7 * s * d + 2 * s * d  // two layer norms, two residual adds
        #expect(figures.parameters == (try torch["encoder_post_norm"]).parameters)
        #expect(figures.forwardFLOPs - rest == (try torch["encoder_post_norm"]).flops)
    }

    /// `nn.TransformerDecoderLayer(64, 4, 256, norm_first=True)`: self-attention, cross-attention
    /// over a 20-position memory, a ReLU feed-forward network, three norms.
    @Test func preNormDecoderBlockWithCrossAttention() throws {
        let figures = try specFigures(
            #"""
            {"type": "transformer", "heads": 4, "feedforward": 256, "activation": "relu", "cross": true,
             "causal": true, "norm_position": "pre"}
            """#, [12, 64], [20, 64])
        let (s, m, d, ff) = (12.0, 20.0, 64.0, 256.0)
        let rest =
            4 * s * d + 3 * 4 * s * s  // self-attention biases, softmax
            + (2 * s * d + 2 * m * d) + 3 * 4 * s * m  // cross-attention biases, softmax
            + s * (ff + d) + s * ff  // feed-forward biases, ReLU
            + 3 * 7 * s * d + 3 * s * d  // three layer norms, three residual adds
        #expect(figures.outputShape == [12, 64])
        #expect(figures.parameters == (try torch["decoder_pre_norm"]).parameters)
        #expect(figures.forwardFLOPs - rest == (try torch["decoder_pre_norm"]).flops)
    }

    /// A LLaMA-style block: pre-RMSNorm, grouped-query attention, SwiGLU, no biases.
    @Test func gatedRMSNormBlock() throws {
        let figures = try specFigures(
            #"""
            {"type": "transformer", "heads": 8, "kv_heads": 2, "feedforward": 172, "ffn": "gated",
             "activation": "silu", "norm": "rmsnorm", "norm_position": "pre", "bias": false, "causal": true}
            """#, [16, 64])
        let (s, d, ff) = (16.0, 64.0, 172.0)
        let rest = 3 * 8 * s * s + 2 * s * ff + 2 * 4 * s * d + 2 * s * d  // softmax; SiLU, product; norms; adds
        #expect(figures.parameters == (try torch["gated_rmsnorm_block"]).parameters)
        #expect(figures.forwardFLOPs - rest == (try torch["gated_rmsnorm_block"]).flops)
    }

    /// Mixtral's sparse block in small: 8 SwiGLU experts, 2 per token, a router without bias. Active
    /// parameters are the router and two experts; FLOPs those of the two experts each token visits.
    @Test func mixtureOfExpertsCountsActiveExperts() throws {
        let figures = try specFigures(
            #"""
            {"type": "moe", "experts": 8, "top_k": 2, "feedforward": 128, "ffn": "gated", "activation": "silu",
             "bias": false}
            """#, [16, 64])
        let (s, d, ff) = (16.0, 64.0, 128.0)
        let rest = s * (3 * 8 + 2 * (2 * ff) + 3 * d)  // router softmax; SiLU and product per expert; weighted sum
        #expect(figures.parameters == (try torch["moe_top2_of_8"]).parameters)
        #expect(figures.activeParameters == 64 * 8 + 2 * 3 * 64 * 128)
        #expect(figures.forwardFLOPs - rest == (try torch["moe_top2_of_8"]).flops)
    }

    /// `nn.LSTM(32, 48, num_layers=2, bidirectional=True)` over 10 steps: PyTorch's two bias vectors.
    @Test func bidirectionalTwoLayerLSTM() throws {
        let figures = try specFigures(
            #"{"type": "lstm", "hidden": 48, "layers": 2, "bidirectional": true}"#, [10, 32])
        let h = 48.0
        let rest = 10 * 2 * 2 * (2 * 4 * h + 4 * h + 9 * h)  // steps × layers × directions × (biases, sums, gates)
        #expect(figures.outputShape == [10, 96])
        #expect(figures.parameters == (try torch["lstm_2_layers_bidirectional"]).parameters)
        #expect(figures.forwardFLOPs - rest == (try torch["lstm_2_layers_bidirectional"]).flops)
    }

    @Test func gru() throws {
        let figures = try specFigures(#"{"type": "gru", "hidden": 48, "output": "last"}"#, [10, 32])
        let h = 48.0
        let rest = 10 * (2 * 3 * h + 3 * h + 8 * h)
        #expect(figures.outputShape == [48])
        #expect(figures.parameters == (try torch["gru"]).parameters)
        #expect(figures.forwardFLOPs - rest == (try torch["gru"]).flops)
    }
}
