import FootprintCore
import FootprintLab
import FootprintMeter
import Foundation

extension LabCommand.Calibrate {
    /// `--validate`: held-out networks measured and compared with the calibration's predictions,
    /// and with the uncalibrated estimate (FLOPs × TDP at a fixed utilisation, β = 5).
    func runValidation() throws {
        let environment = ProcessInfo.processInfo.environment
        try checkOptions()
        guard output == nil else {
            throw InvalidInput("--output is where calibrating writes; --validate reads the calibration (--calibration)")
        }
        // The hidden --scale smoke of tests measures the same networks on a few samples.
        let size: ValidationSize = scale == .smoke ? .tiny : .standard
        // The file is read and compared with this machine before anything starts, so that a missing,
        // damaged or foreign one is said at once; the BLAS (PyTorch's version) is compared once the
        // engine has said it.
        // Detected once: it reads /proc/cpuinfo and asks NVML for the GPUs.
        var known = placeholderFingerprint()
        let path = calibration ?? EnergyCalibration.defaultPath(for: known, environment: environment)
        let file = try Self.loadCalibration(path, isDefault: calibration == nil)
        known.blas = file.fingerprint.blas
        _ = try file.check(against: known, force: force)
        let configurations = ValidationSet.configurations(size)
        let machine = MachineDescription.detect(tdpOverride: meter.cpuTdp, tdpOrigin: "--cpu-tdp")
        let validator = CalibrationValidator(
            calibration: file, uncalibrated: UncalibratedEstimate.detect(machine: machine))
        for configuration in configurations { _ = try validator.predictions(configuration) }
        let setup = try measuredSetup(runName: "lab calibrate --validate (\(engine.rawValue), \(device))")
        let warning: String?
        do {
            warning = try file.check(against: setup.fingerprint, force: force)
        } catch {
            setup.close(status: .interrupted)
            throw error
        }
        let started = Date()
        let measured = try setup.measureAll(
            configurations.flatMap { [$0.training, $0.inference] }, rounds: repeats, prefix: "validate",
            unfinished: "nothing was compared")
        var validated: [ValidatedConfiguration] = []
        for (index, configuration) in configurations.enumerated() {
            validated.append(
                try validator.compare(
                    configuration, training: measured[2 * index], inference: measured[2 * index + 1]))
        }
        let result = ValidationResult(
            calibrationPath: path, calibration: file, here: setup.fingerprint, size: size, repeats: repeats,
            warning: warning, notHeldOut: ValidationSet.overlaps(configurations, with: file),
            uncalibrated: validator.uncalibrated, configurations: validated, status: "finished",
            runID: meter.noLedger ? nil : setup.session.runID, seconds: Date().timeIntervalSince(started),
            notes: setup.session.notes)
        if json {
            try JSONOutput.print(result, oneLine: true)
        } else {
            print(result.text)
        }
    }

    /// This machine's fingerprint before the engine is started: enough for the default file's
    /// name, which does not depend on the BLAS or PyTorch version.
    func placeholderFingerprint() -> CalibrationFingerprint {
        CalibrationFingerprint.detect(
            engine: engine, device: engine == .lab ? "cpu" : device, blas: nil, threads: compute.threads)
    }

    /// The calibration at `path`; the default one missing says how to make it.
    static func loadCalibration(_ path: String, isDefault: Bool) throws -> EnergyCalibration {
        do throws(CalibrationError) {
            return try EnergyCalibration.load(path: path)
        } catch  where isDefault && error.reason == .unreadable && !FileManager.default.fileExists(atPath: path) {
            throw InvalidInput(
                "no calibration for this machine and engine yet (\(path)): run `footprint lab calibrate` "
                    + "first, or give --calibration FILE")
        } catch {
            throw error
        }
    }
}
