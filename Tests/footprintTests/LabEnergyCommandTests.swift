import Foundation
import Testing

/// `lab train` measured by the meter: training and inference as two tasks of one ledger run.
@Suite struct LabEnergyCommandTests {
    let ledger = FileManager.default.temporaryDirectory.appendingPathComponent("lab-energy-\(UUID().uuidString).sqlite")
        .path

    static let train = [
        "lab", "train", "--mlp", "1x16", "--data", "synthetic", "--samples", "300", "--inputs", "8", "--epochs", "2",
        "--batch", "16", "--interval", "0.05"
    ]

    @Test func trainingAndInferenceAreTasksOfOneLedgerRun() throws {
        let result = try CLIRunner.run(Self.train + ["--json", "--ledger", ledger])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let runID = try #require(json["run_id"] as? String)
        let training = try #require(json["training_energy_j"] as? Double)
        let perSample = try #require(json["inference_energy_j_per_sample"] as? Double)
        #expect(training.isFinite && training > 0)
        #expect(perSample.isFinite && perSample > 0)
        #expect(json["energy_scope"] as? String == "process")
        let methods = try #require(json["energy_methods"] as? [String: String])
        #expect(methods["cpu"]?.contains(":") == true, "\(methods)")
        #expect(methods["ram"]?.contains(":") == true, "\(methods)")
        if methods["cpu"] == "modeled:tdp-load" {
            #expect((json["energy_notes"] as? [String])?.contains { $0.hasPrefix("CPU power modeled") } == true)
        }
        let trainingIT = try #require(json["training_it_energy_j"] as? [String: Double])
        let pue = try #require(json["pue"] as? Double)
        #expect(abs(trainingIT.values.reduce(0, +) * pue - training) <= 1e-9 * training)
        // The protocol: whole passes over the 60 test samples, lasting at least the minimum.
        let passes = try #require(json["inference_passes"] as? Int)
        #expect(passes >= 1)
        #expect(json["inference_samples_per_pass"] as? Int == 60)
        let minimum = try #require(json["measurement_minimum_seconds"] as? Double)
        #expect(minimum == 1, "max(1 s, 10 × 0.05 s)")
        #expect((json["inference_measured_seconds"] as? Double ?? 0) >= minimum)

        // The ledger holds one run of project lab with the two tasks, at the JSON's energies.
        let shown = try CLIRunner.run(["runs", "show", runID, "--json", "--ledger", ledger])
        #expect(shown.status == 0, "\(shown.stderr)")
        let run = try shown.json()
        #expect(run["project"] as? String == "lab")
        #expect(run["status"] as? String == "finished")
        let tasks = try #require(run["tasks"] as? [[String: String]])
        #expect(tasks.map { $0["name"] } == ["training", "inference"])
        func joules(_ task: [String: String]) throws -> Double {
            try #require(Double(task["energy_kwh"] ?? "")) * 3_600_000
        }
        #expect(abs(try joules(tasks[0]) - training) <= 1e-9 * training)
        let inference = try joules(tasks[1]) / Double(passes * 60)
        #expect(abs(inference - perSample) <= 1e-9 * perSample)
        let listed = try CLIRunner.run(["runs", "--json", "--ledger", ledger]).stdout
        #expect(listed.components(separatedBy: "\"id\"").count == 2, "one run: \(listed)")
        #expect(try CLIRunner.run(["report", runID, "--ledger", ledger]).status == 0)
    }

    @Test func textNamesTheRunAndHowItsEnergyWasObtained() throws {
        let result = try CLIRunner.run(Self.train + ["--ledger", ledger, "--project", "thesis"])
        #expect(result.status == 0, "\(result.stderr)")
        let energy = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("  energy ") })
        #expect(energy.contains("training ") && energy.contains(" per sample; process scope"), "\(energy)")
        #expect(result.stdout.contains("  measured    training once ("))
        #expect(result.stdout.contains("; inference repeated "))
        #expect(result.stdout.contains("  method      CPU "))
        let run = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("  run ") })
        let id = try #require(run.split(separator: " ").dropFirst().first)
        let shown = try CLIRunner.run(["runs", "show", String(id), "--json", "--ledger", ledger])
        #expect(try shown.json()["project"] as? String == "thesis")
    }

    @Test func noLedgerMeasuresButRecordsNothing() throws {
        let result = try CLIRunner.run(Self.train + ["--json", "--no-ledger", "--ledger", ledger])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["run_id"] == nil, "no run to name")
        #expect((json["training_energy_j"] as? Double ?? 0) > 0)
        #expect(!FileManager.default.fileExists(atPath: ledger), "the ledger is not even created")
        let text = try CLIRunner.run(Self.train + ["--no-ledger", "--ledger", ledger])
        #expect(!text.stdout.contains("  run "), "\(text.stdout)")
    }

    @Test func aLedgerThatCannotBeWrittenIsRefusedBeforeTraining() throws {
        let result = try CLIRunner.run(Self.train + ["--ledger", "/sys/no-such-folder/ledger.sqlite"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("/sys/no-such-folder: permission denied"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!result.stdout.contains("test accuracy"), "no training before the refusal")
    }
}
