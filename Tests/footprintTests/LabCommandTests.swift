import Foundation
import Testing

@Suite struct LabCommandTests {
    @Test func trainsAndReports() throws {
        let result = try CLIRunner.run(["lab", "train", "--mlp", "1x16", "--data", "synthetic", "--samples", "400",
                                        "--inputs", "8", "--epochs", "8", "--batch", "16", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        for key in ["test_accuracy", "test_loss", "parameters", "nonzero_fraction", "training_seconds", "samples_per_second",
                    "achieved_gflops"] {
            #expect(json[key] != nil, "\(key)")
        }
        #expect(json["parameters"] as? Int == 8 * 16 + 16 + 16 * 10 + 10)
        #expect((json["test_accuracy"] as? Double ?? 0) > 0.3, "chance is 0.1")
        #expect(json["train_samples"] as? Int == 320)
        // Model FLOPs at the measured rate, 3 × forward per sample, counted as `model show` counts:
        // 2 per multiply-add, 1 per bias and ReLU output, 3 per softmax output.
        let multiplyAdds: Double = 8 * 16 + 16 * 10
        let forward: Double = 2 * multiplyAdds + (16 + 10) + 16 + 3 * 10
        let rate = try #require(json["samples_per_second"] as? Double)
        let achieved = try #require(json["achieved_gflops"] as? Double)
        #expect(abs(achieved - 3 * forward * rate / 1e9) <= 1e-9 * achieved)
    }

    @Test func sparseModelsReportTheirNonzeroWeights() throws {
        let result = try CLIRunner.run(["lab", "train", "--sparse", "l1-logistic", "--lambda", "0.01", "--data", "synthetic",
                                        "--samples", "300", "--inputs", "10", "--epochs", "60", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let nonzero = try #require(json["nonzero_fraction"] as? Double)
        #expect(nonzero > 0 && nonzero < 1)
        #expect(json["test_loss"] == nil, "no test loss for a sparse model: the key is left out")
        let lasso = try CLIRunner.run(["lab", "train", "--sparse", "lasso", "--data", "synthetic", "--samples", "200", "--inputs", "6"])
        #expect(lasso.status == 0)
        #expect(lasso.stdout.contains("non-zero"))
        #expect(try CLIRunner.run(["lab", "train", "--sparse", "lasso", "--mlp", "1x8"]).status == 2)
    }

    @Test func pruningReportsAccuracyAndBothInferenceSpeeds() throws {
        let result = try CLIRunner.run(["lab", "train", "--mlp", "1x32", "--data", "synthetic", "--samples", "300", "--inputs", "8",
                                        "--epochs", "3", "--prune", "0.7", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(abs((json["nonzero_fraction"] as? Double ?? 0) - 0.3) < 0.01)
        #expect(json["pruned_test_accuracy"] is Double)
        #expect((json["sparse_infer_samples_per_s"] as? Double ?? 0) > 0)
        #expect((json["dense_infer_samples_per_s"] as? Double ?? 0) > 0)
        #expect(try CLIRunner.run(["lab", "train", "--mlp", "1x8", "--prune", "1.5"]).status == 2)
    }

    @Test func benchPrintsOneJSONLinePerConfigurationAndTheConvNet() throws {
        let result = try CLIRunner.run(["lab", "bench", "--samples", "64", "--epochs", "1", "--configs", "1x8,2x4",
                                        "--reference", "/nonexistent/torch_reference.py", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(lines.count == 3)
        #expect(lines.compactMap { $0["depth"] as? Int } == [1, 2])
        #expect(lines.last?["model"] as? String == "conv-8x8")
        for line in lines { #expect((line["train_samples_per_s"] as? Double ?? 0) > 0) }
        #expect(try CLIRunner.run(["lab", "bench", "--configs", "ten"]).status == 2)
    }

    /// The PyTorch side through a stand-in interpreter that "imports torch" and prints fixed
    /// figures: the ratios are ours over its medians, one line per model.
    @Test func benchComparesWithThePeerInTheSameRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let python = folder.appendingPathComponent("python")
        try """
            #!/bin/sh
            [ "$1" = "-c" ] && exit 0
            case "$1" in
              *conv*) echo '{"engine": "pytorch-stand-in", "model": "conv-8x8", "train_samples_per_s": 100.0, "infer_samples_per_s": 400.0}' ;;
              *) echo '{"engine": "pytorch-stand-in", "depth": 1, "width": 8, "train_samples_per_s": 100.0, "infer_samples_per_s": 400.0}' ;;
            esac
            """.write(to: python, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python.path)
        for script in ["mlp.py", "conv.py"] {
            #expect(FileManager.default.createFile(atPath: folder.appendingPathComponent(script).path, contents: Data()))
        }
        let result = try CLIRunner.run(["lab", "bench", "--samples", "64", "--epochs", "1", "--configs", "1x8", "--repeats", "2",
                                        "--reference", folder.appendingPathComponent("mlp.py").path,
                                        "--conv-reference", folder.appendingPathComponent("conv.py").path,
                                        "--python", python.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let ours = Dictionary(uniqueKeysWithValues: lines.filter { $0["engine"] as? String != "pytorch-stand-in" && $0["peer"] == nil }
            .compactMap { line in (line["model"] as? String).map { ($0, line) } })
        let ratios = lines.filter { $0["peer"] as? String == "pytorch-stand-in" }
        #expect(ratios.compactMap { $0["model"] as? String } == ["mlp-1x8", "conv-8x8"])
        #expect(lines.filter { $0["engine"] as? String == "pytorch-stand-in" }.count == 4, "two repeats of each script, as printed")
        for ratio in ratios {
            let model = try #require(ratio["model"] as? String)
            let train = try #require(ours[model]?["train_samples_per_s"] as? Double)
            let expected = (train / 100 * 1000).rounded() / 1000
            #expect(abs((ratio["train_ratio"] as? Double ?? 0) - expected) <= 0.001, "\(model)")
        }
    }

    @Test func halfPrecisionStorageHalvesTheBytes() throws {
        let result = try CLIRunner.run(["lab", "train", "--mlp", "1x16", "--data", "synthetic", "--samples", "200", "--inputs", "8",
                                        "--epochs", "2", "--fp16", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let parameters = try #require(json["parameters"] as? Int)
        #expect(json["fp16_parameter_bytes"] as? Int == parameters * 2)
        #expect(json["fp32_parameter_bytes"] as? Int == parameters * 4)
        #expect(json["fp16_test_accuracy"] is Double)
    }

    @Test func trainsOnMeanSquaredError() throws {
        let result = try CLIRunner.run(["lab", "train", "--mlp", "1x16", "--loss", "mse", "--data", "synthetic", "--samples", "300",
                                        "--inputs", "8", "--epochs", "4", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["loss"] as? String == "mse")
        #expect((json["test_loss"] as? Double ?? 1) < 0.1, "one-hot targets: squared error per element is below 0.1 from the start")
        let spec = CLIRunner.examples.appendingPathComponent("digits-mlp.json").path
        let refused = try CLIRunner.run(["lab", "train", "--spec", spec, "--loss", "mse"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("drop the softmax layer"), "\(refused.stderr)")
    }

    @Test func trainsASpecFile() throws {
        let spec = CLIRunner.examples.appendingPathComponent("digits-mlp.json").path
        let result = try CLIRunner.run(["lab", "train", "--spec", spec, "--epochs", "2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try result.json()["model"] as? String == "digits-mlp-2x128")
    }

    @Test(arguments: [
        (["lab", "train", "--mlp", "2by128"], "--mlp takes DEPTHxWIDTH"),
        (["lab", "train"], "give --mlp DEPTHxWIDTH, --spec FILE or --sparse lasso|l1-logistic"),
        (["lab", "train", "--mlp", "1x8", "--lr", "0"], "--lr must be a number greater than 0"),
        (["lab", "train", "--mlp", "1x8", "--epochs", "0"], "--epochs must be 1 or more"),
        (["lab", "train", "--mlp", "1x8", "--data", "synthetic", "--inputs", "4", "--samples", "1"], "--samples must be 2 or more"),
    ])
    func badArguments(arguments: [String], message: String) throws {
        let result = try CLIRunner.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func trainsTheDigitsCNN() throws {
        let spec = CLIRunner.examples.appendingPathComponent("digits-cnn.json").path
        let result = try CLIRunner.run(["lab", "train", "--spec", spec, "--epochs", "1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try result.json()["parameters"] as? Int == 3_818)
        let transformer = CLIRunner.examples.appendingPathComponent("tiny-transformer.json").path
        let refused = try CLIRunner.run(["lab", "train", "--spec", transformer])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("is not in the lab yet"), "\(refused.stderr)")
    }
}
