import Foundation
import Testing

@Suite struct LabCommandTests {
    @Test func trainsAndReports() throws {
        let result = try CLIRunner.run([
            "lab", "train", "--mlp", "1x16", "--data", "synthetic", "--samples", "400",
            "--inputs", "8", "--epochs", "8", "--batch", "16", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        for key in [
            "test_accuracy", "test_loss", "parameters", "nonzero_fraction", "training_seconds", "samples_per_second",
            "achieved_gflops"
        ] {
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
        let result = try CLIRunner.run([
            "lab", "train", "--sparse", "l1-logistic", "--lambda", "0.01", "--data", "synthetic",
            "--samples", "300", "--inputs", "10", "--epochs", "60", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let nonzero = try #require(json["nonzero_fraction"] as? Double)
        #expect(nonzero > 0 && nonzero < 1)
        #expect(json["test_loss"] == nil, "no test loss for a sparse model: the key is left out")
        let lasso = try CLIRunner.run([
            "lab", "train", "--sparse", "lasso", "--data", "synthetic", "--samples", "200", "--inputs", "6"
        ])
        #expect(lasso.status == 0)
        #expect(lasso.stdout.contains("non-zero"))
        #expect(try CLIRunner.run(["lab", "train", "--sparse", "lasso", "--mlp", "1x8"]).status == 2)
    }

    @Test func pruningReportsAccuracyAndBothInferenceSpeeds() throws {
        let result = try CLIRunner.run([
            "lab", "train", "--mlp", "1x32", "--data", "synthetic", "--samples", "300", "--inputs", "8",
            "--epochs", "3", "--prune", "0.7", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(abs((json["nonzero_fraction"] as? Double ?? 0) - 0.3) < 0.01)
        #expect(json["pruned_test_accuracy"] is Double)
        #expect((json["sparse_infer_samples_per_s"] as? Double ?? 0) > 0)
        #expect((json["dense_infer_samples_per_s"] as? Double ?? 0) > 0)
        #expect(try CLIRunner.run(["lab", "train", "--mlp", "1x8", "--prune", "1.5"]).status == 2)
    }

    @Test func benchPrintsOneJSONLinePerConfigurationAndTheConvNet() throws {
        let result = try CLIRunner.run([
            "lab", "bench", "--samples", "64", "--epochs", "1", "--configs", "1x8,2x4",
            "--python", "/bin/false", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(lines.count == 3)
        #expect(lines.compactMap { $0["depth"] as? Int } == [1, 2])
        #expect(lines.last?["model"] as? String == "conv-8x8")
        for line in lines { #expect((line["train_samples_per_s"] as? Double ?? 0) > 0) }
        #expect(try CLIRunner.run(["lab", "bench", "--configs", "ten"]).status == 2)
        let missing = try CLIRunner.run(["lab", "bench", "--reference", "/nonexistent/torch_reference.py"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--reference: no file at /nonexistent/torch_reference.py"), "\(missing.stderr)")
        let folder = FileManager.default.temporaryDirectory.path
        for (arguments, message) in [
            (["--python", ""], "--python needs an interpreter"), (["--python", " "], "--python needs an interpreter"),
            (["--python", folder], "--python \(folder) is a folder"),
            (["--reference", folder], "--reference: no file at \(folder)")
        ] {
            let refused = try CLIRunner.run(["lab", "bench", "--configs", "1x8"] + arguments)
            #expect(refused.status == 2 && refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
            #expect(refused.stdout.isEmpty, "refused before anything is measured")
        }
    }

    /// An interpreter that cannot run is refused before the Swift side's benchmark (exit 2, one
    /// line, nothing printed), instead of after it.
    @Test func benchRefusesAnInterpreterThatCannotRunBeforeAnyWork() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("python")
        try "#!/bin/sh\n".write(to: plain, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: plain.path)
        for (python, message) in [
            (folder.path, "is a folder; give the interpreter inside it"), (folder.path + "/nope", "no file at"),
            (plain.path, "is not executable"), ("python3-no-such-name", "no python3-no-such-name on PATH")
        ] {
            let result = try CLIRunner.run(["lab", "bench", "--python", python, "--json"])
            #expect(result.status == 2, "\(python): \(result.stderr)")
            #expect(
                result.stderr.contains("--python") && result.stderr.contains(message), "\(python): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(result.stdout.isEmpty, "nothing measured first: \(result.stdout)")
        }
    }

    /// The PyTorch side through a stand-in interpreter that "imports torch", checks it was handed
    /// the built-in script (written to a temporary file, so found from any folder) and prints fixed
    /// figures: the ratios are ours over its medians, one line per model.
    @Test func benchComparesWithThePeerInTheSameRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let python = folder.appendingPathComponent("python"), seen = folder.appendingPathComponent("scripts-seen")
        try """
        #!/bin/sh
        [ "$1" = "-c" ] && exit 0
        echo "$1" >> '\(seen.path)'
        grep -q 'torch.nn.Conv2d' "$1" && grep -q 'def throughput' "$1" || exit 3
        case "$*" in *--conv*) ;; *) exit 4 ;; esac
        echo '{"engine": "pytorch-stand-in", "model": "mlp-1x8", "depth": 1, "width": 8, "train_samples_per_s": 100.0, "infer_samples_per_s": 400.0}'
        echo '{"engine": "pytorch-stand-in", "model": "conv-8x8", "train_samples_per_s": 100.0, "infer_samples_per_s": 400.0}'
        """.write(to: python, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python.path)
        // From a folder outside the repository, as a user would run it.
        let result = try CLIRunner.run(
            [
                "lab", "bench", "--samples", "64", "--epochs", "1", "--configs", "1x8", "--repeats", "2",
                "--python", python.path, "--json"
            ], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let ours = Dictionary(
            uniqueKeysWithValues: lines.filter { $0["engine"] as? String != "pytorch-stand-in" && $0["peer"] == nil }
                .compactMap { line in (line["model"] as? String).map { ($0, line) } })
        let ratios = lines.filter { $0["peer"] as? String == "pytorch-stand-in" }
        #expect(ratios.compactMap { $0["model"] as? String } == ["mlp-1x8", "conv-8x8"])
        #expect(
            lines.filter { $0["engine"] as? String == "pytorch-stand-in" }.count == 4,
            "two repeats of the script, as printed")
        for ratio in ratios {
            let model = try #require(ratio["model"] as? String)
            let train = try #require(ours[model]?["train_samples_per_s"] as? Double)
            let expected = (train / 100 * 1000).rounded() / 1000
            #expect(abs((ratio["train_ratio"] as? Double ?? 0) - expected) <= 0.001, "\(model)")
        }
        // The script went to the temporary folder, once per repeat, and is gone afterwards.
        let scripts = try String(contentsOf: seen, encoding: .utf8).split(separator: "\n")
        #expect(scripts.count == 2)
        for script in scripts {
            #expect(
                script.hasSuffix(".py") && script.hasPrefix(FileManager.default.temporaryDirectory.path), "\(script)")
            #expect(!FileManager.default.fileExists(atPath: String(script)), "removed after the run: \(script)")
        }
    }

    @Test func halfPrecisionStorageHalvesTheBytes() throws {
        let result = try CLIRunner.run([
            "lab", "train", "--mlp", "1x16", "--data", "synthetic", "--samples", "200", "--inputs", "8",
            "--epochs", "2", "--fp16", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let parameters = try #require(json["parameters"] as? Int)
        #expect(json["fp16_parameter_bytes"] as? Int == parameters * 2)
        #expect(json["fp32_parameter_bytes"] as? Int == parameters * 4)
        #expect(json["fp16_test_accuracy"] is Double)
    }

    @Test func trainsOnMeanSquaredError() throws {
        let result = try CLIRunner.run([
            "lab", "train", "--mlp", "1x16", "--loss", "mse", "--data", "synthetic", "--samples", "300",
            "--inputs", "8", "--epochs", "4", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["loss"] as? String == "mse")
        #expect(
            (json["test_loss"] as? Double ?? 1) < 0.1,
            "one-hot targets: squared error per element is below 0.1 from the start")
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
        (["lab", "train", "--mlp", "1x8", "--lr", "0"], "--lr must be a number from 1e-08 to 10; got 0"),
        (["lab", "train", "--mlp", "1x8", "--epochs", "0"], "--epochs must be a whole number from 1 to 100,000; got 0"),
        (
            ["lab", "train", "--mlp", "1x8", "--data", "synthetic", "--inputs", "4", "--samples", "1"],
            "--samples must be a whole number from 2 to 10,000,000; got 1"
        )
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

/// Lab options are bounded, models larger than the machine are refused before anything is
/// allocated, and pruning runs conv nets wholly sparse.
@Suite struct LabBoundsTests {
    @Test(arguments: [
        (["lab", "train", "--mlp", "1x8", "--lr", "1e308"], "--lr must be a number from 1e-08 to 10; got 1e+308"),
        (["lab", "train", "--mlp", "1x8", "--lr", "nan"], "--lr must be a number from 1e-08 to 10"),
        (
            ["lab", "train", "--mlp", "1x8", "--epochs", "100000000"],
            "--epochs must be a whole number from 1 to 100,000"
        ),
        (["lab", "train", "--mlp", "1x8", "--batch", "0"], "--batch must be a whole number from 1 to 65,536"),
        (["lab", "train", "--mlp", "1x8", "--batch", "1000000"], "--batch must be a whole number from 1 to 65,536"),
        (["lab", "train", "--mlp", "1001x8"], "--mlp takes DEPTHxWIDTH with a depth from 0 to 1,000"),
        (["lab", "train", "--mlp", "1x0"], "--mlp takes DEPTHxWIDTH with a depth from 0 to 1,000 and a width from 1"),
        (
            ["lab", "train", "--mlp", "1x8", "--data", "synthetic", "--samples", "100000000"],
            "--samples must be a whole number from 2 to 10,000,000"
        ),
        (
            ["lab", "train", "--mlp", "1x8", "--data", "synthetic", "--inputs", "1000000"],
            "--inputs must be a whole number from 1 to 100,000"
        ),
        (["lab", "train", "--mlp", "1x8", "--momentum", "1"], "--momentum must be from 0 up to (not including) 1"),
        (["lab", "train", "--mlp", "1x8", "--test-fraction", "nan"], "--test-fraction must be between 0 and 1"),
        (["lab", "train", "--mlp", "1x8", "--prune", "nan"], "--prune takes a share from 0 to 1"),
        (["lab", "train", "--sparse", "lasso", "--lambda", "1e9"], "--lambda must be a number from 0 to 1,000"),
        (["lab", "train", "--sparse", "lasso", "--epochs", "0"], "--epochs must be a whole number from 1 to 100,000"),
        (["lab", "train", "--mlp", "1x8", "--threads", "1000"], "--threads must be from 1 to 256"),
        (["lab", "bench", "--samples", "100000000"], "--samples must be a whole number from 1 to 10,000,000"),
        (["lab", "bench", "--epochs", "0"], "--epochs must be a whole number from 1 to 100,000"),
        (["lab", "bench", "--batch", "100000"], "--batch must be a whole number from 1 to 65,536"),
        (["lab", "bench", "--inputs", "0"], "--inputs must be a whole number from 1 to 100,000"),
        (["lab", "bench", "--configs", "2000x8"], "--configs takes DEPTHxWIDTH with a depth from 0 to 1,000"),
        (["lab", "bench", "--repeats", "100"], "--repeats must be from 1 to 99"),
        (
            ["lab", "train", "--mlp", "1x40000000", "--prune", "0.5"],
            "--prune: layer 1 (dense 40000000) has more than 2,147,483,647 weights"
        )
    ])
    func outOfRangeOptionsAreRefused(arguments: [String], message: String) throws {
        let result = try CLIRunner.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// 2 × 10¹² weights: more memory than any machine this runs on; refused with the figure,
    /// exit 2, where it used to abort in the allocator (exit 134).
    @Test(arguments: [
        ["lab", "train", "--mlp", "3x1000000"], ["lab", "bench", "--configs", "3x1000000", "--samples", "64"]
    ])
    func modelsLargerThanTheMachineAreRefused(arguments: [String]) throws {
        let result = try CLIRunner.run(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(
            result.stderr.contains("mlp-3x1000000 would need about ") && result.stderr.contains(" TiB to train ("),
            "\(result.stderr)")
        #expect(result.stderr.contains("is available ("), "\(result.stderr)")
        // The lab says how much is needed; the command line says which flag makes it smaller.
        #expect(result.stderr.contains("): choose a smaller model, --batch or data set"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func sparseModelsOnTooMuchDataAreRefused() throws {
        let result = try CLIRunner.run([
            "lab", "train", "--sparse", "lasso", "--data", "synthetic", "--samples", "10000000",
            "--inputs", "100000"
        ])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(
            result.stderr.contains("lasso would need about ") && result.stderr.contains(" TiB to train ("),
            "\(result.stderr)")
        #expect(result.stderr.contains("): choose a smaller model, --batch or data set"), "\(result.stderr)")
    }

    /// The digits CNN with --prune: conv weights pruned too, and the sparse path runs the whole net.
    @Test func pruningAConvNetRunsTheWholeNetworkSparse() throws {
        let spec = CLIRunner.examples.appendingPathComponent("digits-cnn.json").path
        let result = try CLIRunner.run([
            "lab", "train", "--spec", spec, "--data", "synthetic", "--samples", "200", "--epochs", "1",
            "--prune", "0.5", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let nonzero = try #require(json["nonzero_fraction"] as? Double)
        #expect(abs(nonzero - 0.5) < 0.01, "half of the 3,744 dense and conv weights: \(nonzero)")
        #expect(json["pruned_test_accuracy"] is Double)
        #expect((json["sparse_infer_samples_per_s"] as? Double ?? 0) > 0)
    }
}

extension LabBoundsTests {
    /// A learning rate inside the range can still make training diverge: a warning, and null
    /// losses in the JSON, never NaN.
    @Test func divergedTrainingPrintsValidJSON() throws {
        let result = try CLIRunner.run([
            "lab", "train", "--mlp", "3x64", "--data", "synthetic", "--samples", "200", "--inputs", "8",
            "--epochs", "5", "--lr", "10", "--momentum", "0.99", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains("warning: training diverged (the loss is not a finite number): try a smaller --lr"))
        let json = try result.json()
        #expect(json["test_accuracy"] is Double)
        #expect(json["test_loss"] == nil && json["final_train_loss"] == nil)
    }
}
