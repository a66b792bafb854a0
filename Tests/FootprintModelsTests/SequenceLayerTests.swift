import FootprintCore
import Foundation
import Testing

@testable import FootprintModels

@Suite struct SequenceLayerTests {
    /// The lab's own embedding, attention, transformer and layer norm keep their exact counts and
    /// their lab form when a spec gives only the keys the lab knows.
    @Test func theLabsSequenceLayersKeepTheirCountsAndLabForm() throws {
        let lab = ModelSpec(
            name: "tiny", input: [16],
            layers: [
                .embedding(vocabulary: 1000, dimensions: 64), .selfAttention(heads: 4),
                .transformerBlock(heads: 4, feedForward: 256, activation: .relu), .layerNorm
            ])
        let analysis = try lab.analyze()
        let objects = [
            #"{"type": "embedding", "vocabulary": 1000, "dimensions": 64}"#, #"{"type": "attention", "heads": 4}"#,
            #"{"type": "transformer", "heads": 4, "feedforward": 256, "activation": "relu"}"#,
            #"{"type": "layernorm"}"#
        ]
        var shape = lab.input
        for (object, expected) in zip(objects, analysis.layers) {
            let layer = try specLayer(object)
            let figures = try layer.figures(inputs: [shape], count: Count(at: "test"))
            #expect(figures.outputShape == expected.outputShape)
            #expect(figures.parameters == expected.parameters)
            #expect(figures.forwardFLOPs == expected.forwardFLOPs)
            #expect(figures.activationElements == expected.activationElements)
            #expect(layer.labLayers == [expected.layer])
            #expect(layer.summary == expected.layer.summary)
            shape = figures.outputShape
        }
    }

    /// Anything the lab's layers do not have makes the layer one the lab cannot train.
    @Test(arguments: [
        #"{"type": "embedding", "vocabulary": 100, "dimensions": 8, "positions": 16}"#,
        #"{"type": "attention", "heads": 4, "kv_heads": 2}"#, #"{"type": "attention", "heads": 4, "causal": true}"#,
        #"{"type": "transformer", "heads": 4, "feedforward": 32, "norm": "rmsnorm"}"#,
        #"{"type": "transformer", "heads": 4, "feedforward": 32, "norm_position": "pre"}"#,
        #"{"type": "transformer", "heads": 4, "feedforward": 32, "activation": "silu"}"#,
        #"{"type": "layernorm", "bias": false}"#, #"{"type": "rmsnorm"}"#
    ])
    func anythingBeyondTheLabsLayersIsNotTrainable(object: String) throws {
        #expect(try specLayer(object).labLayers == nil)
    }

    /// Grouped-query attention as Mistral 7B has it (d 4096, 32 query heads, 8 key/value heads, no
    /// bias): Q and O 4096², K and V 4096·1024 each (Jiang et al. 2023).
    @Test func groupedQueryAttentionSharesKeyValueHeads() throws {
        let figures = try specFigures(
            #"{"type": "attention", "heads": 32, "kv_heads": 8, "bias": false, "causal": true}"#, [8, 4096])
        #expect(figures.parameters == 2 * 4096 * 4096 + 2 * 4096 * 1024)
        let (s, d) = (8.0, 4096.0)
        let projections = 2 * s * d * d * 2 + 2 * s * d * 1024 * 2
        #expect(figures.forwardFLOPs == projections + 4 * s * s * d + 3 * 32 * s * s)
        #expect(figures.activationElements == 2 * 8 * 4096 + 2 * 8 * 1024 + 8 * 4096 + 32 * 8 * 8)
        let rotary = try specFigures(
            #"{"type": "attention", "heads": 32, "kv_heads": 8, "bias": false, "rotary": true}"#, [8, 4096])
        #expect(rotary.parameters == figures.parameters)
        #expect(rotary.forwardFLOPs - figures.forwardFLOPs == 3 * (s * 4096 + s * 1024))
    }

    /// Cross-attention takes the queries' sequence and a memory of another length and width; its
    /// output has the queries' shape.
    @Test func crossAttentionAttendsOverTheMemory() throws {
        let figures = try specFigures(#"{"type": "attention", "heads": 4, "cross": true}"#, [10, 64], [20, 32])
        #expect(figures.outputShape == [10, 64])
        #expect(figures.parameters == 2 * 64 * 64 + 2 * 32 * 64 + (64 + 2 * 64 + 64))
        #expect(figures.activationElements == 2 * 10 * 64 + 2 * 20 * 64 + 10 * 64 + 4 * 10 * 20)
    }

    @Test(arguments: [
        (#"{"type": "attention", "heads": 4, "cross": true}"#, [[10, 64]], "two inputs"),
        (#"{"type": "attention", "heads": 4}"#, [[10, 64], [20, 64]], "give \"cross\": true"),
        (#"{"type": "attention", "heads": 5}"#, [[10, 64]], "5 heads do not divide 64"),
        (#"{"type": "transformer", "heads": 4, "feedforward": 8}"#, [[64]], "put an embedding"),
        (#"{"type": "embedding", "vocabulary": 10, "dimensions": 4, "positions": 8}"#, [[9]], "8 positions"),
        (#"{"type": "position_embedding", "positions": 8}"#, [[9, 4]], "8 positions"),
        (#"{"type": "to_sequence"}"#, [[64]], "feature map"),
        (#"{"type": "lstm", "hidden": 4}"#, [[3, 4, 5]], "[sequence")
    ])
    func inputsThatDoNotFitAreRefusedSayingWhatFits(object: String, inputs: [[Int]], message: String) throws {
        let layer = try specLayer(object)
        #expect {
            try layer.figures(inputs: inputs, count: Count(at: "test"))
        } throws: { error in
            (error as? ModelError)?.reason == .shapeMismatch && "\(error)".contains(message)
        }
    }

    @Test(arguments: [
        (#"{"type": "attention", "heads": 8, "kv_heads": 3}"#, ModelError.Reason.invalidValue, "must divide"),
        (#"{"type": "attention", "heads": 8, "kv": 2}"#, .unknownKey, "\"kv_heads\""),
        (#"{"type": "rmsnorm", "bias": true}"#, .invalidValue, "no shift"),
        (#"{"type": "moe", "experts": 8, "top_k": 9, "feedforward": 64}"#, .invalidValue, "top_k"),
        (#"{"type": "transformer", "heads": 2, "feedforward": 8, "top_k": 2}"#, .invalidValue, "needs \"experts\""),
        (#"{"type": "transformer", "heads": 2, "feedforward": 8, "ffn": "glu"}"#, .invalidValue, "standard, gated"),
        (#"{"type": "transformer", "heads": 2, "feedforward": 8, "norm": "batchnorm"}"#, .invalidValue, "rmsnorm"),
        (#"{"type": "gru", "hidden": 8, "output": "all"}"#, .invalidValue, "sequence, last")
    ])
    func badKeysAndValuesAreRefusedNamingThem(object: String, reason: ModelError.Reason, message: String) {
        #expect {
            try specLayer(object)
        } throws: { error in
            (error as? ModelError)?.reason == reason && "\(error)".contains(message)
        }
    }

    /// BERT's embeddings: token, position and token-type tables summed (Devlin et al. 2019).
    @Test func embeddingsAddPositionAndSegmentTables() throws {
        let figures = try specFigures(
            #"{"type": "embedding", "vocabulary": 30522, "dimensions": 768, "positions": 512, "segments": 2}"#, [128])
        #expect(figures.outputShape == [128, 768])
        #expect(figures.parameters == (30522 + 512 + 2) * 768)
        #expect(figures.forwardFLOPs == 2 * 128 * 768)
        let tied = try specFigures(#"{"type": "embedding", "vocabulary": 32128, "dimensions": 512, "tied": true}"#, [4])
        #expect(tied.parameters == 0 && tied.outputShape == [4, 512])
    }

    @Test func normsCountTheirScaleAndShift() throws {
        #expect(try specFigures(#"{"type": "layernorm"}"#, [4, 8]).parameters == 16)
        #expect(try specFigures(#"{"type": "layernorm", "bias": false}"#, [4, 8]).parameters == 8)
        let rms = try specFigures(#"{"type": "rmsnorm"}"#, [4, 8])
        #expect(rms.parameters == 8 && rms.forwardFLOPs == 4 * 32)
    }

    /// ViT's front: a [768, 14, 14] patch map read as 196 tokens, a class token in front, learned
    /// positions added (Dosovitskiy et al. 2021); the class token out again after the encoder.
    @Test func aFeatureMapBecomesASequenceWithAClassToken() throws {
        var chain = LayerChain(input: [768, 14, 14])
        try chain.apply(#"{"type": "to_sequence"}"#)
        #expect(chain.shape == [196, 768])
        try chain.apply(#"{"type": "class_token"}"#)
        try chain.apply(#"{"type": "position_embedding"}"#)
        #expect(chain.shape == [197, 768] && chain.parameters == 768 + 197 * 768)
        try chain.apply(#"{"type": "first_token"}"#)
        #expect(chain.shape == [768])
    }

    /// BERT's pooler: dense d → d and tanh on the first token.
    @Test func thePoolerTakesTheFirstToken() throws {
        let figures = try specFigures(#"{"type": "pooler"}"#, [128, 768])
        #expect(figures.outputShape == [768])
        #expect(figures.parameters == 768 * 768 + 768)
        #expect(figures.forwardFLOPs == 2 * 768 * 768 + 768 + 768)
    }

    /// A language-model head tied to the embedding holds no weights of its own, but costs the same.
    @Test func aTiedHeadCostsFLOPsButNoParameters() throws {
        let tied = try specFigures(#"{"type": "lm_head", "vocabulary": 50257, "tied": true}"#, [4, 768])
        let own = try specFigures(#"{"type": "lm_head", "vocabulary": 50257}"#, [4, 768])
        #expect(tied.parameters == 0 && own.parameters == 768 * 50257)
        #expect(tied.forwardFLOPs == own.forwardFLOPs && tied.outputShape == [4, 50257])
    }

    /// Every sequence type is registered under its names, none clashing with another's.
    @Test func everySequenceTypeIsRegistered() {
        let names = SpecLayers.sequence.flatMap { $0.typeNames }
        #expect(Set(names).count == names.count)
        for name in ["embedding", "attention", "transformer", "moe", "lstm", "gru", "rmsnorm", "pooler"] {
            #expect(SpecLayers.type(named: name) != nil, "\(name)")
        }
    }
}
