import FootprintCore
import Foundation
import Testing

/// `footprint lab calibrate --validate`, end to end at the tiny size, with calibration files made
/// here from `EnergyCalibration` values.
@Suite struct LabCalibrateValidateTests {
    /// A folder of the test's own: its data folder (where the default calibration is looked for)
    /// and its files.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("validate-\(UUID().uuidString)")

    var environment: [String: String] { ["FOOTPRINT_DATA_DIR": folder.path] }

    func validate(_ arguments: [String]) throws -> CLIRunner.Result {
        try CLIRunner.run(
            ["lab", "calibrate", "--validate", "--scale", "smoke", "--repeats", "1"] + arguments,
            environment: environment)
    }

    func write(_ calibration: EnergyCalibration, _ name: String = "calibration.json") throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try calibration.jsonData().write(to: URL(fileURLWithPath: path))
        return path
    }

    func expectOneLineError(_ result: CLIRunner.Result, _ message: String) {
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.stdout)")
    }

    @Test func withoutACalibrationForThisMachineItSaysToCalibrateFirst() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        expectOneLineError(try validate(["--no-ledger"]), "run `footprint lab calibrate` first")
    }

    @Test func aMissingOrCorruptFileIsOneLine() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        expectOneLineError(
            try validate(["--calibration", folder.appendingPathComponent("none.json").path, "--no-ledger"]),
            "cannot read calibration")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let corrupt = folder.appendingPathComponent("corrupt.json")
        try Data("{\"format\": \"footprint-calibration\", \"version\": 1, \"fingerprint\": 3}".utf8).write(to: corrupt)
        expectOneLineError(try validate(["--calibration", corrupt.path, "--no-ledger"]), "damaged calibration")
        let foreign = folder.appendingPathComponent("foreign.json")
        try Data("not json at all".utf8).write(to: foreign)
        expectOneLineError(try validate(["--calibration", foreign.path, "--no-ledger"]), "is not a calibration file")
    }

    @Test(arguments: [
        (["--output", "x.json"], "--output is where calibrating writes"),
        (["--repeats", "0"], "--repeats must be a whole number from 1 to 100"),
        (["--device", "tpu"], "--device must be cpu or cuda"),
        (["--python", "python3"], "--python is for --engine pytorch")
    ])
    func badOptionsAreRefusedBeforeAnythingRuns(arguments: [String], message: String) throws {
        let result = try CLIRunner.run(
            ["lab", "calibrate", "--validate", "--no-ledger"] + arguments, environment: environment)
        expectOneLineError(result, message)
    }

    @Test func aCalibrationFromAnotherMachineIsRefusedNamingTheDifference() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try write(CalibrationFixtures.calibration())
        let result = try validate(["--calibration", path, "--no-ledger"])
        expectOneLineError(result, "CPU: calibrated with Test CPU @ 2.00GHz")
        #expect(result.stderr.contains("--force"))
    }

    @Test func forcedItMeasuresTheHeldOutSetWithTheWarningInEveryOutput() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let elsewhere = try write(CalibrationFixtures.calibration())
        let ledger = folder.appendingPathComponent("ledger.sqlite").path
        let forced = try validate(["--calibration", elsewhere, "--force", "--json", "--ledger", ledger])
        #expect(forced.status == 0, "\(forced.stderr)")
        let object = try forced.json()
        let warnings = try #require(object["warnings"] as? [String])
        #expect(warnings.count == 1 && warnings[0].contains("--force") && warnings[0].contains("Test CPU @ 2.00GHz"))
        #expect(object["status"] as? String == "finished" && object["size"] as? String == "tiny")
        let configurations = try #require(object["configurations"] as? [[String: Any]])
        #expect(configurations.count == 10)
        for configuration in configurations {
            let training = try #require(configuration["training"] as? [String: Any])
            let predicted = try #require(training["predicted_j"] as? Double)
            #expect(predicted > 0 && (training["low_j"] as? Double ?? .infinity) <= predicted)
            #expect(predicted <= (training["high_j"] as? Double ?? 0))
            #expect(training["measured_j"] as? Double != nil && training["uncalibrated_j"] as? Double != nil)
            #expect(configuration["inference"] as? [String: Any] != nil)
        }
        let summary = try #require((object["training"] as? [String: Any])?["calibrated"] as? [String: Any])
        #expect(summary["count"] as? Int != nil)
        let baseline = try #require(object["uncalibrated"] as? [String: Any])
        #expect((baseline["peak_flops"] as? Double ?? 0) > 0 && baseline["beta"] as? Double == 5)
        #expect((baseline["peak_source"] as? String ?? "").contains("logical CPU"))
        // Every repeat is a task of the run in the ledger: training and inference of each.
        let runID = try #require(object["run_id"] as? String)
        let shown = try CLIRunner.run(["runs", "show", runID, "--json", "--ledger", ledger])
        #expect((try shown.json()["tasks"] as? [[String: Any]])?.count == 20)
        // The text says the same warning.
        let text = try validate(["--calibration", elsewhere, "--force", "--no-ledger"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("warning") && text.stdout.contains("Test CPU @ 2.00GHz"))
        // A calibration with this machine's fingerprint (as the forced run reported it) is used
        // without a warning.
        let machine = try JSONSerialization.data(withJSONObject: try #require(object["machine"]))
        let here = try JSONDecoder().decode(CalibrationFingerprint.self, from: machine)
        let own = try write(CalibrationFixtures.calibration(fingerprint: here), "own.json")
        let plain = try validate(["--calibration", own, "--no-ledger"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!plain.stdout.contains("warning"))
        for heading in ["Training", "Inference", "95 % interval", "uncalibrated", "median", "worst", "GFLOP/s", "TDP"] {
            #expect(plain.stdout.contains(heading), "\(heading)")
        }
    }
}
