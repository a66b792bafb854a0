import Foundation
import Testing

/// `model show` and `estimate compute --model` on Hugging Face configs, end to end.
@Suite struct HuggingFaceCommandTests {
    static func config(_ name: String) -> String {
        PublishedTrainingRunsTests.fixtures.appendingPathComponent(name + ".json").path
    }

    @Test func modelShowCountsAConfig() throws {
        let result = try CLIRunner.run(["model", "show", Self.config("mixtral-8x7b"), "--context", "4096"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("MixtralForCausalLM"))
        #expect(result.stdout.contains("parameters  46,702,792,704"))
        #expect(result.stdout.contains("active      12,879,925,248 parameters per token"))
        #expect(result.stdout.contains("training by 6·N·D"))
        #expect(result.stdout.contains("training exactly") && result.stdout.contains("context 4096"))
    }

    @Test func modelShowJSONStatesTheUnitAndFormat() throws {
        let result = try CLIRunner.run(["model", "show", Self.config("bert-base-uncased"), "--json"])
        let json = try result.json()
        #expect(json["format"] as? String == "hugging-face")
        #expect(json["unit"] as? String == "token")
        #expect(json["parameters"] as? Int == 109_514_298)
        #expect(json["input"] as? String == "context 512")
    }

    @Test func estimateComputeFromAConfig() throws {
        let result = try CLIRunner.run([
            "estimate", "compute", "--model", Self.config("llama-2-7b"), "--tokens", "2e12", "--hardware", "h100-sxm",
            "--count", "1024", "--utilization", "0.4", "--pue", "1.2", "--intensity", "400"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        for label in ["FLOPs", "other count", "device-hours", "wall-clock", "energy", "CO2e"] {
            #expect(result.stdout.contains("  \(label)"))
        }
        #expect(result.stdout.contains("on 1,024 devices"))
    }

    @Test func estimateComputeJSONHasBothCountsAndTheChain() throws {
        let result = try CLIRunner.run([
            "estimate", "compute", "--model", Self.config("gpt2"), "--tokens", "1e9", "--flops-per-second", "1e14",
            "--count", "4", "--utilization", "0.5", "--flop-count", "6nd", "--power", "300", "--pue", "1",
            "--intensity", "100", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let flops = try #require(json["flops"] as? Double)
        #expect(flops == 1e9 * 6 * 124_439_808)
        #expect(json["flop_count"] as? String == "6nd")
        #expect(try #require(json["flops_exact"] as? Double) > flops)
        let hours = try #require(json["device_hours"] as? Double)
        #expect(abs(hours - flops / 5e13 / 3600) < 1e-6)
        #expect(abs(try #require(json["wall_clock_hours"] as? Double) - hours / 4) < 1e-9)
        #expect(abs(try #require(json["energy_kwh"] as? Double) - hours * 0.3) < 1e-9)
        #expect(abs(try #require(json["co2e_kg"] as? Double) - hours * 0.3 * 0.1) < 1e-9)
    }

    @Test func theContextSetsTheAttentionCost() throws {
        func flops(_ extra: [String]) throws -> Double {
            let result = try CLIRunner.run(
                [
                    "estimate", "compute", "--model", Self.config("llama-2-7b"), "--tokens", "1e9", "--hardware",
                    "h100-sxm", "--count", "8", "--json"
                ] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            return try #require(try result.json()["flops_per_token"] as? Double)
        }
        let atMaximum = try flops([])
        let short = try flops(["--context", "1024"])
        // 3 × 32 layers × 32 heads × (4 × 128 + 4) FLOPs per extra position, 3,072 positions fewer.
        #expect(abs(atMaximum - short - 3 * 32 * 32 * 516 * 3072) < 1)
    }

    @Test(arguments: [
        (["--tokens", "1e9"], "--tokens needs --model"),
        (["--flop-count", "exact"], "--flop-count needs --model")
    ])
    func modelFlagsNeedAModel(extra: [String], message: String) throws {
        let result = try CLIRunner.run(
            ["estimate", "compute", "--processors", "1", "--flops-per-second", "1e12", "--hours", "1"] + extra)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message))
    }

    @Test(arguments: [
        (["--tokens", "1e9", "--hours", "3"], "--hours does not go with --model"),
        ([], "is a language model counted per token: give --tokens"),
        (["--samples", "1e6"], "counted per token: give --tokens, the tokens to train on, not --samples"),
        (["--tokens", "1e16"], "--tokens must be"),
        (["--tokens", "1e9", "--utilization", "0"], "utilization"),
        (["--tokens", "1e9", "--power", "1e6"], "--power must be")
    ])
    func badModelRunsAreRefused(extra: [String], message: String) throws {
        let result = try CLIRunner.run(
            ["estimate", "compute", "--model", Self.config("gpt2"), "--hardware", "h100-sxm", "--count", "8"] + extra)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    /// A model counted per sample (a spec, an ONNX file) trains on --samples: samples × epochs ×
    /// its training FLOPs per sample, with no 6·N·D beside it.
    @Test func aSpecTrainsOnSamples() throws {
        let spec = CLIRunner.examples.appendingPathComponent("resnet50.json").path
        let result = try CLIRunner.run([
            "estimate", "compute", "--model", spec, "--samples", "1.2e8", "--hardware", "a100-sxm4-40gb", "--count",
            "8", "--utilization", "0.4", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let perSample = try #require(json["flops_per_sample"] as? Double)
        #expect(abs(perSample - 3 * 8_217_431_528) <= 1)
        #expect(abs((json["flops"] as? Double ?? 0) - 1.2e8 * perSample) <= 1e-9 * 1.2e8 * perSample)
        #expect(json["samples"] as? Double == 1.2e8)
        #expect(json["tokens"] == nil && json["flops_6nd"] == nil)
        let text = try CLIRunner.run([
            "estimate", "compute", "--model", spec, "--samples", "1.2e8", "--hardware", "a100-sxm4-40gb", "--count", "8"
        ])
        #expect(text.stdout.contains("on 120,000,000 samples") && !text.stdout.contains("6·N·D"), "\(text.stdout)")
        for (extra, message) in [
            (
                ["--tokens", "1e9"],
                "resnet50 is counted per sample: give --samples, the samples to train on × epochs, not --tokens"
            ),
            (["--samples", "1e9", "--flop-count", "6nd"], "--flop-count 6nd is for language models counted per token"),
            (["--samples", "1e16"], "--samples must be")
        ] {
            let refused = try CLIRunner.run(
                ["estimate", "compute", "--model", spec, "--hardware", "a100-sxm4-40gb", "--count", "8"] + extra)
            #expect(refused.status == 2)
            #expect(refused.stderr.contains(message), "\(refused.stderr)")
        }
    }

    @Test func anUnknownFamilyIsOneLineListingTheKnownOnes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("config.json")
        try Data(#"{"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2"}"#.utf8).write(to: path)
        for arguments in [
            ["model", "show", path.path],
            ["estimate", "compute", "--model", path.path, "--tokens", "1e9", "--hardware", "h100-sxm", "--count", "8"]
        ] {
            let result = try CLIRunner.run(arguments)
            #expect(result.status == 2)
            #expect(result.stderr.contains("model_type 'qwen2' is not a family Footprint counts"))
            #expect(result.stderr.contains("gpt2, gpt_neox, llama, mistral, mixtral, bert, roberta, t5, vit, falcon"))
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }
}
