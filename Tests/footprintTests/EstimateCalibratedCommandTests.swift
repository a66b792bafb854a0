import FootprintCore
import FootprintLab
import Foundation
import Testing

/// `estimate lifecycle --calibration`: I, β and T from a hand-made calibration, worked out by hand;
/// a calibration from elsewhere, damaged, newer, or without the model's layers; flags that do not go
/// together.
@Suite struct EstimateCalibratedCommandTests {
    let folder: URL
    let spec: String
    /// One dense layer of 100 → 10 without bias: 2,000 forward FLOPs and 1,000 parameters.
    static let flops = 2_000.0
    /// The fixture's I at batch 10 and training energy per sample at batch 50, joules (IT).
    static let i = 1e-9 * flops + 1e-6 / 10
    static let t = 3e-9 * flops + 2e-6 / 50 + 1e-9 * 1_000 / 50

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "estimate-calibrated-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        spec = folder.appendingPathComponent("one-dense.json").path
        try Data(
            #"{"name": "one-dense", "input": [100], "layers": [{"type": "dense", "units": 10, "bias": false}]}"#.utf8
        )
        .write(to: URL(fileURLWithPath: spec))
    }

    /// This machine as `estimate` compares it (the engine's settings are the calibration's own).
    static let here = CalibrationFingerprint.detect(engine: .lab, device: "cpu", blas: "builtin", threads: 1)

    func write(_ calibration: EnergyCalibration, _ name: String = "calibration.json") throws -> String {
        let path = folder.appendingPathComponent(name).path
        try calibration.jsonData().write(to: URL(fileURLWithPath: path))
        return path
    }

    func estimate(_ calibration: String, _ more: [String] = []) throws -> CLIRunner.Result {
        try CLIRunner.run(
            [
                "estimate", "lifecycle", "--calibration", calibration, "--model", spec, "--samples", "1000",
                "--epochs", "3", "--batch", "50", "--inference-batch", "10", "--inferences", "1e6", "--pue", "1.5",
                "--intensity", "100"
            ] + more)
    }

    @Test func iBetaAndTAreTheCalibrationsPredictions() throws {
        let path = try write(CalibrationFixtures.calibration(fingerprint: Self.here))
        let result = try estimate(path, ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let i = Self.i, t = Self.t
        let inference = try #require(json["inference"] as? [String: Any])
        #expect(abs(try #require(inference["it_energy_j"] as? Double) - i) < 1e-12)
        #expect(abs(try #require(inference["energy_j"] as? Double) - 1.5 * i) < 1e-12)
        #expect(abs(try #require(inference["high_energy_j"] as? Double) - 1.5 * i * (1 + 1.96 * 0.05)) < 1e-12)
        #expect(
            inference["basis"] as? String == "calibrated: \(path), 2026-11-30T12:00:00Z (one inference at batch 10)")
        #expect(json["basis"] as? String == "calibrated: \(path), 2026-11-30T12:00:00Z")
        let inputs = try #require(json["inputs"] as? [String: Any])
        let beta = try #require(inputs["overhead"] as? Double)
        #expect(abs(beta - t / i) < 1e-9)
        let half = 1.96 * (2 * 0.05 * 0.05).squareRoot()
        #expect(abs(try #require(inputs["overhead_low"] as? Double) - beta * (1 - half)) < 1e-9)
        #expect(inputs["batch"] as? Int == 50 && inputs["inference_batch"] as? Int == 10)
        let stages = try #require(json["stages"] as? [String: [String: Any]])
        let training = try #require(stages["training"])
        let kWh = t * 1_000 * 3 / 3.6e6
        #expect(abs(try #require(training["it_energy_kwh"] as? Double) - kWh) < 1e-15)
        #expect(abs(try #require(training["energy_kwh"] as? Double) - 1.5 * kWh) < 1e-15)
        #expect(abs(try #require(training["high_energy_kwh"] as? Double) - 1.5 * kWh * (1 + 1.96 * 0.05)) < 1e-15)
        let use = 1.5 * i * 1e6 / 3.6e6
        let low = try #require(json["low_energy_kwh"] as? Double)
        #expect(abs(low - (1.5 * kWh + use) * (1 - 1.96 * 0.05)) < 1e-12)
        #expect(abs(try #require(json["training_duration_s"] as? Double) - t / 10 * 3_000) < 1e-12)
        let calibration = try #require(json["calibration"] as? [String: Any])
        #expect(calibration["file"] as? String == path)
        #expect((calibration["fingerprint"] as? [String: Any])?["engine"] as? String == "lab")
        #expect(json["warning"] == nil)

        let text = try estimate(path)
        #expect(text.status == 0)
        #expect(text.stdout.contains("  basis      calibrated: \(path), 2026-11-30T12:00:00Z"))
        #expect(text.stdout.contains("made on \(Self.here.cpuModel)"))
        #expect(text.stdout.contains("engine lab (cpu, BLAS builtin, 1 thread)"))
        #expect(text.stdout.contains("β          \(Format.significant(t / i)) for this model (95 %:"))
        #expect(text.stdout.contains("95 % interval"))
    }

    @Test func aCalibrationFromAnotherMachineIsRefusedUnlessForced() throws {
        var elsewhere = Self.here
        elsewhere.cpuModel = "Imaginary CPU 9000"
        elsewhere.engine = "pytorch"
        let path = try write(CalibrationFixtures.calibration(fingerprint: elsewhere))
        let refused = try estimate(path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("CPU: calibrated with Imaginary CPU 9000, here \(Self.here.cpuModel)"))
        #expect(refused.stderr.contains("engine pytorch"))
        #expect(refused.stderr.split(separator: "\n").count == 1 && refused.stdout.isEmpty)

        let forced = try estimate(path, ["--force", "--json"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect((try forced.json()["warning"] as? String)?.contains("Imaginary CPU 9000") == true)
        let text = try estimate(path, ["--force"])
        #expect(text.stdout.contains("warning: calibration from another setup used by --force"))
    }

    @Test func badCalibrationsAndFlagsThatDoNotGoTogetherAreOneLine() throws {
        let good = try write(CalibrationFixtures.calibration(fingerprint: Self.here))
        let corrupt = folder.appendingPathComponent("corrupt.json").path
        try Data("{\"format\": \"footprint-calibration\", \"version\": 1, \"created\": 3}".utf8)
            .write(to: URL(fileURLWithPath: corrupt))
        let foreign = folder.appendingPathComponent("foreign.json").path
        try Data("[1, 2, 3]".utf8).write(to: URL(fileURLWithPath: foreign))
        var newer = CalibrationFixtures.calibration(fingerprint: Self.here)
        newer.version = 99
        let newerPath = try write(newer, "newer.json")
        let convOnly = try write(
            CalibrationFixtures.calibration(fingerprint: Self.here, layerKinds: [.conv2d, .loss]), "conv.json")
        let cases: [([String], String)] = [
            (["--calibration", corrupt, "--model", spec], "is a damaged calibration"),
            (["--calibration", folder.appendingPathComponent("none.json").path, "--model", spec], "cannot read"),
            (["--calibration", foreign, "--model", spec], "is not a calibration file"),
            (["--calibration", newerPath, "--model", spec], "version 99"),
            (["--calibration", convOnly, "--model", spec], "did not measure dense"),
            (["--calibration", good], "--calibration needs --model"),
            (["--calibration", good, "--model", spec, "--hardware", "t4"], "leave out --hardware"),
            (["--calibration", good, "--model", spec, "--inference-energy", "1"], "leave out --inference-energy"),
            (["--calibration", good, "--model", spec, "--batch", "0"], "--batch must be a whole number from 1"),
            (["--calibration", good, "--model", spec, "--inference-batch", "1000001"], "--inference-batch must be"),
            (["--calibration", good, "--model", spec, "--from-run", "abc"], "not both"),
            (["--model", spec, "--hardware", "t4", "--force"], "--force goes with --calibration"),
            (["--inference-energy", "1", "--batch", "8"], "--batch goes with --calibration"),
            (["--inference-energy", "1", "--epoch-task", "e*"], "--epoch-task goes with --from-run")
        ]
        for (arguments, expected) in cases {
            let result = try CLIRunner.run(["estimate", "lifecycle", "--samples", "100"] + arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
    }
}
