import Foundation
import Testing

/// `estimate lifecycle --from-run`: I and the per-epoch energy from a run measured here, with epoch
/// and inference tasks written on the task channel by a shell script.
@Suite struct EstimateFromRunCommandTests {
    let folder: URL
    let ledger: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("estimate-from-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledger = folder.appendingPathComponent("ledger.sqlite").path
    }

    /// Measures `script` and returns the run's id.
    func measure(_ script: String) throws -> String {
        let result = try CLIRunner.run(
            ["run", "--json", "--interval", "0.05", "--ledger", ledger, "--", "sh", "-c", script])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try result.json()["run_id"] as? String)
    }

    static let busy = "busy() { i=0; while [ $i -lt $1 ]; do i=$((i+1)); done; }; t=\"$FOOTPRINT_TASKS\"; "

    @Test func theEstimateTakesIAndTheEpochsFromTheRun() throws {
        let id = try measure(
            Self.busy
                + "for e in 1 2 3 4; do echo \"start epoch $e\" > \"$t\"; busy 60000; echo \"stop epoch $e\" > \"$t\"; done; "
                + "echo 'start inference' > \"$t\"; busy 30000; echo 'stop inference' > \"$t\"")
        let result = try CLIRunner.run([
            "estimate", "lifecycle", "--from-run", id, "--ledger", ledger, "--samples", "1000", "--epochs", "10",
            "--inference-samples", "3000", "--pue", "1.2", "--intensity", "300", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let run = try #require(json["run"] as? [String: Any])
        #expect(run["id"] as? String == id)
        let epochs = try #require(run["epochs"] as? [[String: Any]])
        #expect(epochs.compactMap { $0["name"] as? String } == ["epoch 1", "epoch 2", "epoch 3", "epoch 4"])
        let used = epochs.filter { $0["used"] as? Bool == true }.compactMap { $0["it_energy_j"] as? Double }
        let perEpoch = used.reduce(0, +) / Double(used.count)
        #expect(abs(try #require(run["epoch_it_energy_j"] as? Double) - perEpoch) < 1e-9 * perEpoch)
        let taskEnergy = try #require(run["inference_task_it_energy_j"] as? Double)
        let i = taskEnergy / 3_000
        let inference = try #require(json["inference"] as? [String: Any])
        #expect(abs(try #require(inference["it_energy_j"] as? Double) - i) < 1e-9 * i)
        let beta = try #require((json["inputs"] as? [String: Any])?["overhead"] as? Double)
        #expect(abs(beta - perEpoch / (i * 1_000)) < 1e-9 * beta)
        let training = try #require((json["stages"] as? [String: [String: Any]])?["training"])
        let kWh = perEpoch * 10 / 3.6e6
        #expect(abs(try #require(training["it_energy_kwh"] as? Double) - kWh) < 1e-9 * kWh)
        #expect(abs(try #require(training["energy_kwh"] as? Double) - 1.2 * kWh) < 1e-9 * kWh)
        #expect((json["basis"] as? String)?.hasPrefix("measured: run \(id), ") == true)

        let text = try CLIRunner.run([
            "estimate", "lifecycle", "--from-run", id, "--ledger", ledger, "--samples", "1000",
            "--inference-samples", "3000"
        ])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("4 tasks matching 'epoch *'"))
        #expect(text.stdout.contains("= epoch energy ÷ (I · D)"))
    }

    @Test func runsThatCannotGiveTheInputsAreOneLine() throws {
        let id = try measure(
            Self.busy + "echo 'start load' > \"$t\"; busy 50000; echo 'stop load' > \"$t\"; "
                + "echo 'start inference' > \"$t\"; busy 50000; echo 'stop inference' > \"$t\"")
        let base = ["estimate", "lifecycle", "--ledger", ledger, "--samples", "100"]
        let cases: [([String], String)] = [
            (
                ["--from-run", id, "--inference-samples", "10"],
                "no task matches 'epoch *' (its tasks: 'load', 'inference')"
            ),
            (
                ["--from-run", id, "--inference-samples", "10", "--epoch-task", "load", "--inference-task", "predict"],
                "no task named 'predict'"
            ),
            (["--from-run", id], "--from-run needs --inference-samples"),
            // One sample inferred for the whole task against 100 trained: β far below 1.
            (["--from-run", id, "--inference-samples", "1", "--epoch-task", "load"], "outside 1 to 1,000: check that"),
            (["--from-run", "no-such-run", "--inference-samples", "10"], "no run 'no-such-run'"),
            (["--from-run", id, "--inference-samples", "10", "--model", "x.json"], "leave out --model"),
            (["--from-run", id, "--inference-energy", "1", "--inference-samples", "10"], "not both"),
            (["--inference-energy", "1", "--inference-samples", "10"], "--inference-samples goes with --from-run")
        ]
        for (arguments, expected) in cases {
            let result = try CLIRunner.run(base + arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
    }
}
