import Foundation
import Testing

/// `estimate compute --model` against the pre-training cost that published LLM reports state,
/// end to end from the models' Hugging Face configs. Every input is on the command line below,
/// with where it comes from; the ones a paper does not state are said so, with how they were chosen.
@Suite struct PublishedTrainingRunsTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FootprintModelsTests/Fixtures/huggingface")

    struct Run: Sendable, CustomStringConvertible {
        var config: String
        var tokens: String
        var watts: Int
        var gpuHours: Double
        var tonnesCO2e: Double
        var description: String { config }
    }

    /// Runs `estimate compute --json` for `run` at `utilization` on A100 SXM4 80GB in bf16 (312
    /// TFLOP/s dense), at the run's power, with the PUE and grid intensity Touvron et al. use.
    static func estimate(_ run: Run, utilization: Double) throws -> (gpuHours: Double, tonnes: Double) {
        let result = try CLIRunner.run([
            "estimate", "compute", "--model", fixtures.appendingPathComponent(run.config + ".json").path,
            "--tokens", run.tokens, "--hardware", "a100-sxm4-80gb", "--precision", "bf16", "--count", "2048",
            "--utilization", "\(utilization)", "--power", "\(run.watts)", "--pue", "1.1", "--intensity", "385",
            "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        return (
            try #require(json["device_hours"] as? Double), try #require(json["co2e_kg"] as? Double) / 1000
        )
    }

    // Llama 2 (Touvron et al. 2023, "Llama 2: Open Foundation and Fine-Tuned Chat Models"), table 2
    // "CO2 emissions during pretraining": GPU-hours, power per GPU and tCO2eq per size; table 1:
    // 2.0T tokens, context 4k, for every size. GPUs: A100-80GB (section 2.2.1). The carbon method
    // is LLaMA's (Touvron et al. 2023a, section 6): GPU-hours × power × PUE 1.1 × 0.385 kg CO2e/kWh
    // (the US national average); both papers use it, Llama 2 without restating the two numbers,
    // and its table reproduces from them to 0.1 %.
    //
    // Model configs: the published Llama-2-7b/13b/70b-hf configs; the 34B was never released, so its
    // config is CodeLlama-34b's (Rozière et al. 2023: "initialised from Llama 2 34B") at 4k positions.
    //
    // Utilisation (model FLOPs utilisation) is NOT stated in the paper. Section 2.2.1 says the
    // runs used two clusters: Meta's Research Super Cluster (InfiniBand, GPUs capped at 400 W) and
    // production clusters (RoCE, capped at 350 W); table 2's 400 W and 350 W tell which run used
    // which. We take one utilisation, 0.44, for the three 400 W runs: the value that keeps the
    // largest of their three errors smallest (their exact-count utilisations are 0.446, 0.422 and
    // 0.460), so the check is that ONE utilisation and the exact FLOP count explain all three
    // within 5 %. (By 6·N·D they would need 0.391, 0.377 and 0.428: no single value fits.) For
    // the 350 W run we assume throughput scales with the power cap, 0.44 × 350/400 = 0.385: an
    // assumption, not something the paper says, and the only run it could be checked on.
    static let llama2 = [
        Run(config: "llama-2-7b", tokens: "2e12", watts: 400, gpuHours: 184_320, tonnesCO2e: 31.22),
        Run(config: "llama-2-13b", tokens: "2e12", watts: 400, gpuHours: 368_640, tonnesCO2e: 62.44),
        Run(config: "llama-2-34b", tokens: "2e12", watts: 350, gpuHours: 1_038_336, tonnesCO2e: 153.90),
        Run(config: "llama-2-70b", tokens: "2e12", watts: 400, gpuHours: 1_720_320, tonnesCO2e: 291.42)
    ]

    @Test(arguments: llama2)
    func llama2PretrainingWithinFivePercent(run: Run) throws {
        let utilization = 0.44 * Double(run.watts) / 400
        let (hours, tonnes) = try Self.estimate(run, utilization: utilization)
        #expect(abs(hours / run.gpuHours - 1) < 0.05, "GPU-hours \(hours) vs \(run.gpuHours)")
        #expect(abs(tonnes / run.tonnesCO2e - 1) < 0.05, "tCO2e \(tonnes) vs \(run.tonnesCO2e)")
    }

    // LLaMA (Touvron et al. 2023a, "LLaMA: Open and Efficient Foundation Language Models"), table 15:
    // 65B 1,022,362 GPU-hours, 173 tCO2eq; 33B 530,432 GPU-hours, 90 tCO2eq; 400 W; both trained on
    // 1.4T tokens at context 2048 (section 2), PUE 1.1 and 0.385 kg CO2e/kWh (section 6).
    //
    // Here the utilisation is not chosen but follows from the paper: section 2.4 states that the
    // 65B "processes around 380 tokens/sec/GPU" on 2048 A100 80GB GPUs. Utilisation = 380 ×
    // training FLOPs per token ÷ 312 TFLOP/s, with our exact count of the 65B (0.495). For the 65B
    // itself that makes the check one of arithmetic (GPU-hours = tokens ÷ throughput); the 33B at
    // the same utilisation checks the ratio of the two models' FLOP counts. (The 7B and 13B, on
    // 1.0T tokens, come out 6 % under and 9 % over at this utilisation: the paper's 13B ran faster
    // per FLOP than its 7B; they are not reproduced.)
    static let llama1 = [
        Run(config: "llama-65b", tokens: "1.4e12", watts: 400, gpuHours: 1_022_362, tonnesCO2e: 173),
        Run(config: "llama-33b", tokens: "1.4e12", watts: 400, gpuHours: 530_432, tonnesCO2e: 90)
    ]

    @Test(arguments: llama1)
    func llamaPretrainingFromItsStatedThroughputWithinFivePercent(run: Run) throws {
        let show = try CLIRunner.run([
            "model", "show", Self.fixtures.appendingPathComponent("llama-65b.json").path, "--json"
        ])
        let flopsPerToken = try #require(try show.json()["training_flops"] as? Double)
        let utilization = 380 * flopsPerToken / 312e12
        #expect(abs(utilization - 0.495) < 0.001)
        let (hours, tonnes) = try Self.estimate(run, utilization: utilization)
        #expect(abs(hours / run.gpuHours - 1) < 0.05, "GPU-hours \(hours) vs \(run.gpuHours)")
        #expect(abs(tonnes / run.tonnesCO2e - 1) < 0.05, "tCO2e \(tonnes) vs \(run.tonnesCO2e)")
    }
}
