import FootprintCore
import FootprintModels
import Foundation
import Testing

extension CLIRunner.Result {
    /// Exit 2 with one line on stderr that contains `message`, and nothing on stdout.
    func isOneLineUsageError(containing message: String) -> Bool {
        status == 2 && stderr.contains(message) && stderr.split(separator: "\n").count == 1 && stdout.isEmpty
    }
}

@Suite struct LabCalibrateCommandTests {
    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("calibrate-\(UUID().uuidString)-\(name)")
    }

    @Test(arguments: [
        (["--repeats", "0"], "--repeats must be a whole number from 1 to 100"),
        (["--repeats", "101"], "--repeats must be a whole number from 1 to 100"),
        (["--device", "cuda"], "--device cuda is for --engine pytorch"),
        (["--device", "tpu"], "--device must be cpu or cuda"),
        (["--python", "python3"], "--python is for --engine pytorch"),
        (["--threads", "0"], "--threads must be from 1 to 256"),
        (["--engine", "jax"], "--engine"),
        (["--scale", "huge"], "--scale"),
        (["--output", "/proc/footprint-no-such-folder/calibration.json"], "calibration.json"),
        (["--engine", "pytorch", "--python", "/no/such/python"], "/no/such/python")
    ])
    func badInputIsOneLineAndExitTwoBeforeAnythingRuns(arguments: [String], message: String) throws {
        let result = try CLIRunner.run(["lab", "calibrate"] + arguments + ["--no-ledger"])
        #expect(result.isOneLineUsageError(containing: message), "\(result.status) \(result.stdout)\(result.stderr)")
    }

    @Test func aSmokeCalibrationWritesAFileThatLoadsAndPredicts() throws {
        let output = Self.temporary("calibration.json")
        let ledger = Self.temporary("ledger.sqlite")
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: ledger)
        }
        let result = try CLIRunner.run([
            "lab", "calibrate", "--scale", "smoke", "--repeats", "1", "--json", "--output", output.path, "--ledger",
            ledger.path
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["path"] as? String == output.path)
        let object = try #require(json["calibration"] as? [String: Any])
        #expect(object["format"] as? String == "footprint-calibration")
        let calibration = try EnergyCalibration.load(path: output.path)
        #expect(calibration.fingerprint.engine == "lab" && calibration.fingerprint.device == "cpu")
        #expect(calibration.points.count == 42)
        #expect(calibration.points.allSatisfy { $0.joules > 0 && $0.predictedJoules > 0 })
        #expect(Set(calibration.layerKinds) == Set(CalibrationLayerKind.allCases))
        let spec = try #require(
            try ModelFile.load(path: CLIRunner.examples.appendingPathComponent("digits-cnn.json").path).labNetwork)
        let training = try calibration.predict(try spec.analyze(), pass: .training, batch: 32)
        let inference = try calibration.predict(try spec.analyze(), pass: .inference, batch: 32)
        #expect(training.energy.joules > 0 && inference.energy.joules > 0)
        #expect(training.lowEnergy <= training.energy && training.energy <= training.highEnergy)
        // Every repeat is a task of the run in the ledger.
        let runs = try CLIRunner.run(["runs", "--json", "--ledger", ledger.path])
        #expect(runs.status == 0 && runs.stdout.contains("lab calibrate"), "\(runs.stdout)\(runs.stderr)")
    }

    @Test func theTextNamesEveryCoefficientTheFitAndTheDefaultFile() throws {
        let data = Self.temporary("data")
        defer { try? FileManager.default.removeItem(at: data) }
        let result = try CLIRunner.run(
            ["lab", "calibrate", "--scale", "smoke", "--repeats", "1", "--no-ledger"],
            environment: ["FOOTPRINT_DATA_DIR": data.path])
        #expect(result.status == 0, "\(result.stderr)")
        for feature in CalibrationFeature.allCases { #expect(result.stdout.contains(feature.rawValue)) }
        #expect(result.stdout.contains("median error") && result.stdout.contains("mean power"))
        let written = try #require(
            result.stdout.split(separator: "\n").first { $0.hasPrefix("written") }.map {
                $0.dropFirst("written".count).trimmingCharacters(in: .whitespaces)
            })
        #expect(written.hasPrefix(data.path + "/calibrations/") && written.hasSuffix("-lab-cpu-1t.json"))
        #expect(try EnergyCalibration.load(path: written).fingerprint.engine == "lab")
    }

    @Test func ctrlCStopsWritingNothing() throws {
        let output = Self.temporary("calibration.json")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = try CLIRunner.start(["lab", "calibrate", "--output", output.path, "--no-ledger"])
        Thread.sleep(forTimeInterval: 1.5)
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
