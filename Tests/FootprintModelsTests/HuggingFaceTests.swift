import FootprintCore
import Foundation
import Testing

@testable import FootprintModels

/// The config fixtures and the parameter counts transformers gives for them
/// (Fixtures/huggingface/make_reference_counts.py writes reference_counts.json).
enum HuggingFaceFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/huggingface")

    struct Reference: Decodable {
        var architecture: String
        var parameters: Int
        var base_model: String
        var base_parameters: Int
        var active_parameters: Int?
    }

    static let references: [String: Reference] = {
        struct File: Decodable { var models: [String: Reference] }
        let data = (try? Data(contentsOf: folder.appendingPathComponent("reference_counts.json"))) ?? Data()
        return (try? JSONDecoder().decode(File.self, from: data).models) ?? [:]
    }()

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name + ".json"))
    }

    /// The fixture with `architectures` replaced.
    static func data(_ name: String, architecture: String) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: data(name)) as? [String: Any])
        object["architectures"] = [architecture]
        return try JSONSerialization.data(withJSONObject: object)
    }

    static func count(_ name: String, context: Int? = nil) throws -> ModelCount {
        try HuggingFaceConfig.count(data(name), context: context)
    }
}

@Suite struct HuggingFaceTests {
    static let names = HuggingFaceFixtures.references.keys.sorted()

    @Test func everyFixtureHasAReference() {
        #expect(Self.names.count >= 20)
    }

    /// Within 0.1 % as the issue asks; every family in fact matches to the parameter.
    @Test(arguments: names)
    func parametersAreTransformers(name: String) throws {
        let reference = try #require(HuggingFaceFixtures.references[name])
        let count = try HuggingFaceFixtures.count(name)
        #expect(count.name == reference.architecture)
        #expect(abs(Double(count.parameters - reference.parameters)) <= 0.001 * Double(reference.parameters))
        #expect(count.parameters == reference.parameters)
        #expect(count.format == .huggingFace && !count.isPartial)
        if let active = reference.active_parameters {
            #expect(count.activeParameters == active)
        } else {
            #expect(count.activeParameters == count.parameters)
        }
    }

    @Test(arguments: names)
    func baseModelParametersAreTransformers(name: String) throws {
        let reference = try #require(HuggingFaceFixtures.references[name])
        let data = try HuggingFaceFixtures.data(name, architecture: reference.base_model)
        let count = try HuggingFaceConfig.count(data)
        #expect(count.parameters == reference.base_parameters)
    }

    @Test func mixtralHoldsEightExpertsAndUsesTwo() throws {
        let count = try HuggingFaceFixtures.count("mixtral-8x7b")
        #expect(count.isSparse)
        #expect(count.nodes.contains { $0.kind == "moe" && $0.repeats == 32 })
        // Jiang et al. 2024: 47B parameters, 13B active per token.
        #expect((46.6e9...46.8e9).contains(Double(count.parameters)))
        #expect((12.8e9...13.0e9).contains(Double(count.activeParameters)))
        #expect(count.sixNFLOPsPerToken == 6 * Double(count.activeParameters))
    }

    /// Forward FLOPs per token by hand, after Hoffmann et al. 2022, appendix F: 2 per weight of
    /// every matrix, 2·context·width for the scores and as much again for the weighted values,
    /// plus the small element-wise terms (norms, activations, softmax, residual adds), which stay
    /// under 2 %.
    @Test func llamaForwardFLOPsAreTwicePerWeightPlusAttention() throws {
        let count = try HuggingFaceFixtures.count("llama-2-7b")
        let (layers, width, context, vocabulary) = (32.0, 4096.0, 4096.0, 32000.0)
        let matrices = Double(count.parameters) - 2 * vocabulary * width - (2 * layers + 1) * width
        let expected = 2 * matrices + 2 * width * vocabulary + layers * 4 * context * width
        #expect(count.forwardFLOPs >= expected)
        #expect(count.forwardFLOPs <= expected * 1.02)
        #expect(count.unit == .token && count.input == "context 4096")
    }

    @Test func theContextChangesOnlyTheAttentionFLOPs() throws {
        let short = try HuggingFaceFixtures.count("llama-2-7b", context: 1)
        let long = try HuggingFaceFixtures.count("llama-2-7b", context: 4097)
        #expect(short.parameters == long.parameters)
        let attention = try #require(long.nodes.first { $0.kind == "attention" })
        let attentionShort = try #require(short.nodes.first { $0.kind == "attention" })
        // 4 multiply-add FLOPs and 4 element-wise per score for each of 32 heads × 128, per extra position.
        let perPosition = 32 * (4 * 128.0 + 4)
        #expect(abs(attention.forwardFLOPs - attentionShort.forwardFLOPs - 4096 * perPosition) < 1)
    }

    @Test func mistralAttendsOverItsSlidingWindow() throws {
        let count = try HuggingFaceFixtures.count("mistral-7b")
        #expect(count.input == "context 32768")
        #expect(count.nodes.contains { $0.detail.contains("over 4096 positions") })
        #expect(count.notes.contains { $0.hasPrefix("sliding window") })
    }

    @Test func bothTrainingFiguresAreLabelled() throws {
        let count = try HuggingFaceFixtures.count("gpt2")
        let sixN = try #require(count.sixNFLOPsPerToken)
        #expect(sixN == 6 * 124_439_808)
        #expect(count.notes.contains { $0.hasPrefix("training by 6·N·D") })
        #expect(count.notes.contains { $0.hasPrefix("training exactly") && $0.contains("context 1024") })
        #expect(count.trainingFLOPs == 3 * count.forwardFLOPs)
    }

    @Test func vitIsCountedPerImage() throws {
        let count = try HuggingFaceFixtures.count("vit-base-patch16-224")
        #expect(count.unit == .sample && count.input == "[3, 224, 224]")
        #expect(count.sixNFLOPsPerToken == nil)
        // About 17.6 GFLOPs per 224² image (Dosovitskiy et al. 2021 give 17.6 G multiply-adds ×2 ≈ 35 G).
        #expect((33e9...37e9).contains(count.forwardFLOPs))
        #expect(throws: ModelError.self) { try HuggingFaceFixtures.count("vit-base-patch16-224", context: 10) }
    }

    @Test func t5CountsBothStacksPerToken() throws {
        let count = try HuggingFaceFixtures.count("t5-small")
        #expect(count.nodes.filter { $0.kind == "cross-attention" }.map(\.repeats) == [6])
        #expect(count.nodes.filter { $0.kind == "position-bias" }.count == 2)
        let encoderOnly = try HuggingFaceConfig.count(
            HuggingFaceFixtures.data("t5-small", architecture: "T5EncoderModel"))
        #expect(encoderOnly.parameters == 35_330_816)
    }

    /// google/t5-v1_1-base's config: gated-GELU MLP and a head of its own. transformers 5 ties
    /// T5's head whatever the config says, so the reference is the checkpoint's size as
    /// transformers 4 counted it, 247,577,856 (t5-base's 222,903,552 plus a 32128 × 768 head).
    @Test func t5V11HoldsItsOwnHead() throws {
        let text = #"""
            {"architectures": ["T5ForConditionalGeneration"], "d_ff": 2048, "d_kv": 64, "d_model": 768,
             "feed_forward_proj": "gated-gelu", "model_type": "t5", "num_decoder_layers": 12, "num_heads": 12,
             "num_layers": 12, "relative_attention_num_buckets": 32, "tie_word_embeddings": false,
             "vocab_size": 32128}
            """#
        let count = try HuggingFaceConfig.count(Data(text.utf8))
        #expect(count.parameters == 247_577_856)
        #expect(count.parameters == 222_903_552 + 32128 * 768)
    }

    @Test func anUnknownFamilyListsTheKnownOnes() {
        #expect {
            try HuggingFaceConfig.count(Data(#"{"model_type": "qwen2", "hidden_size": 896}"#.utf8))
        } throws: { error in
            guard let error = error as? ModelError else { return false }
            return error.reason == .unsupportedFamily && error.message.contains("'qwen2'")
                && error.message.contains("gpt2, gpt_neox, llama, mistral, mixtral, bert, roberta, t5, vit, falcon")
                && !error.message.contains("\n")
        }
    }

    @Test func aHugeModelTypeIsNotRepeatedWhole() {
        let text = #"{"model_type": ""# + String(repeating: "x", count: 100_000) + #""}"#
        #expect {
            try HuggingFaceConfig.count(Data(text.utf8))
        } throws: { error in
            guard let error = error as? ModelError else { return false }
            return error.reason == .unsupportedFamily && error.message.count < 300
        }
    }

    @Test func anUncountedHeadMakesTheCountPartial() throws {
        let count = try HuggingFaceConfig.count(
            HuggingFaceFixtures.data("llama-2-7b", architecture: "LlamaForSequenceClassification"))
        #expect(count.isPartial)
        #expect(count.uncounted.map(\.name) == ["LlamaForSequenceClassification head"])
    }

    @Test(arguments: [
        (#"{"model_type": "llama", "hidden_size": 0}"#, "\"hidden_size\" must be a whole number"),
        (#"{"model_type": "llama", "hidden_size": 4096.5}"#, "\"hidden_size\""),
        (#"{"model_type": "llama", "num_key_value_heads": 5}"#, "not a multiple of num_key_value_heads"),
        (#"{"model_type": "gpt2", "n_embd": 100, "n_head": 12}"#, "not a multiple of n_head"),
        (#"{"model_type": "mixtral", "num_experts_per_tok": 9}"#, "\"num_experts_per_tok\""),
        (#"{"model_type": "llama", "tie_word_embeddings": "no"}"#, "true or false"),
        ("[1]", "JSON object")
    ])
    func badValuesAreNamed(text: String, fragment: String) {
        #expect {
            try HuggingFaceConfig.count(Data(text.utf8))
        } throws: { error in
            (error as? ModelError)?.message.contains(fragment) == true
        }
    }

    @Test func hugeConfigsAreRefusedNotOverflowed() {
        let text = #"{"model_type": "mixtral", "hidden_size": 100000000, "intermediate_size": 100000000}"#
        #expect {
            try HuggingFaceConfig.count(Data(text.utf8))
        } throws: { error in
            (error as? ModelError)?.reason == .tooLarge
        }
    }

    @Test func aContextPastLearnedPositionsIsRefused() {
        #expect {
            try HuggingFaceFixtures.count("gpt2", context: 2048)
        } throws: { error in
            (error as? ModelError)?.message.contains("from 1 to 1024") == true
        }
        #expect(throws: ModelError.self) { try HuggingFaceFixtures.count("llama-2-7b", context: 0) }
        #expect(throws: Never.self) { try HuggingFaceFixtures.count("llama-2-7b", context: 100_000) }
    }

    @Test func theFileReaderTakesConfigs() throws {
        let path = HuggingFaceFixtures.folder.appendingPathComponent("bert-base-uncased.json").path
        let loaded = try ModelFile.load(path: path, options: ModelReadOptions(context: 128))
        #expect(loaded.count.parameters == 109_514_298 && loaded.count.input == "context 128")
        #expect(loaded.labNetwork == nil)
    }
}
