import Foundation
import Testing

@testable import FootprintCore

/// The suite's catalog and the JSON the issue's Output section specifies.
@Suite struct ExperimentResultJSONTests {
    @Test func theElevenNamesAreFixedAndEachHasASourcedClaim() {
        #expect(
            ExperimentName.allCases.map(\.rawValue) == [
                "training-set-size", "epochs", "transfer-learning", "training-vs-inference", "model-size",
                "model-shape", "layer-type", "sparse-vs-deep", "precision", "batch-size", "pruning"
            ])
        for name in ExperimentName.allCases {
            let definition = name.definition
            #expect(definition.name == name)
            #expect(definition.claim.count > 40 && definition.claim.hasSuffix("."), "\(name)")
            // Cited by authors and year (or n.d. where the source carries no date), never by file.
            #expect(definition.source.contains(" 20") || definition.source.contains("n.d."), "\(name)")
            #expect(!definition.source.contains(".txt"), "\(name)")
            #expect(!definition.sweep.isEmpty && !definition.rule.text.isEmpty, "\(name)")
        }
        #expect(ExperimentName.trainingSetSize.definition.rule.text.contains("R² ≥ 0.95"))
        #expect(ExperimentName.trainingVsInference.definition.rule.text.contains("80 % ± 10 points"))
        #expect(ExperimentName.sparseVsDeep.definition.rule.text.contains("deep ÷ sparse training energy ≥ 50"))
    }

    static func suite() -> ExperimentSuiteResult {
        let definition = ExperimentName.trainingSetSize.definition
        let configurations = [(1_000, 10.0), (2_000, 20.0), (4_000, 40.0)].map { samples, joules in
            ConfigurationResult(
                label: "D = \(samples)",
                parameters: ConfigurationParameters(
                    trainSamples: samples, epochs: 2, depth: 2, width: 64, batch: 32, model: "mlp", phase: .train),
                energy: Spread(median: joules, minimum: joules - 0.1, maximum: joules + 0.2), durationSeconds: 1.5,
                samplesPerSecond: Double(samples) * 2 / 1.5, accuracy: 0.9, method: .tdpLoad)
        }
        guard case .linearity(let rule) = definition.rule else { preconditionFailure("a linearity rule") }
        let sweep = Sweep(
            name: "2x64",
            points: configurations.map { SweepPoint(x: Double($0.parameters.trainSamples ?? 0), energy: $0.energy) })
        let evaluation = rule.evaluate([sweep], quantity: "training samples", unit: "sample")
        return ExperimentSuiteResult(
            runID: "r-1", engine: .lab, scale: .smoke, machine: "test host, 2 CPUs, energy modeled from load",
            repeats: 3, started: "2026-11-30T10:00:00Z",
            experiments: [
                ExperimentResult(definition: definition, evaluation: evaluation, configurations: configurations)
            ])
    }

    @Test func encodesOneObjectWithTheIssuesKeys() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(Self.suite())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "run_id", "engine", "scale", "machine", "repeats", "status", "started", "device", "experiments"
            ])
        #expect(object["engine"] as? String == "lab" && object["scale"] as? String == "smoke")
        let experiment = try #require((object["experiments"] as? [[String: Any]])?.first)
        #expect(
            Set(experiment.keys) == [
                "name", "claim", "source", "verdict", "finding", "rule", "fit", "configurations"
            ])
        #expect(experiment["name"] as? String == "training-set-size")
        #expect(experiment["verdict"] as? String == "confirmed", "\(experiment["finding"] ?? "")")
        let series = try #require(((experiment["fit"] as? [String: Any])?["series"] as? [[String: Any]])?.first)
        #expect(Set(series.keys) == ["name", "points", "verdict", "slope", "intercept", "r_squared"])
        #expect(abs((series["slope"] as? Double ?? 0) - 0.01) < 1e-12)
        let configuration = try #require((experiment["configurations"] as? [[String: Any]])?.first)
        #expect(
            Set(configuration.keys) == [
                "label", "parameters", "energy_j", "energy_j_min", "energy_j_max", "duration_s", "samples_per_s",
                "accuracy", "method"
            ])
        #expect(configuration["energy_j"] as? Double == 10 && configuration["energy_j_max"] as? Double == 10.2)
        let parameters = try #require(configuration["parameters"] as? [String: Any])
        #expect(Set(parameters.keys) == ["train_samples", "epochs", "depth", "width", "batch", "model", "phase"])
        #expect(parameters["phase"] as? String == "train")
    }

    @Test func decodesWhatItEncodes() throws {
        let suite = Self.suite()
        let decoded = try JSONDecoder().decode(ExperimentSuiteResult.self, from: try JSONEncoder().encode(suite))
        #expect(decoded == suite)
    }
}

@Suite struct ExperimentRuleTextTests {
    @Test func ruleTextsSayWhatTheThresholdsAre() {
        #expect(
            ExperimentName.batchSize.definition.rule.text
                == "batch-1 ÷ largest-batch inference energy per sample ≥ 2 across the repeats' range in every pair "
                + "→ confirmed; wholly below → challenged; a range straddling the threshold → inconclusive")
        #expect(
            ExperimentName.pruning.definition.rule.text.contains(
                "≥ 2, with at most 2 points of accuracy lost across the repeats' range in every pair → confirmed; "
                    + "wholly below, or more accuracy lost → challenged"))
        #expect(ExperimentName.modelSize.definition.rule.text.contains("ρ ≥ 0.8"))
    }
}

@Suite struct ConfigurationMethodTests {
    @Test func aStoredMethodThisVersionDoesNotKnowIsRefused() throws {
        let suite = ExperimentResultJSONTests.suite()
        let text = String(decoding: try JSONEncoder().encode(suite), as: UTF8.self)
        #expect(text.contains("\"method\":\"modeled:tdp-load\""))
        let unknown = text.replacingOccurrences(of: "modeled:tdp-load", with: "measured:divining-rod")
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ExperimentSuiteResult.self, from: Data(unknown.utf8))
        }
    }
}
