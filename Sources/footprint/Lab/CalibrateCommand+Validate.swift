import FootprintCore
import FootprintLab
import FootprintMeter
import Foundation

extension LabCommand.Calibrate {
    /// The environment variable that shrinks the held-out set to seconds, for tests: `tiny`.
    static let validationSizeVariable = "FOOTPRINT_VALIDATION_SIZE"

    /// `--validate`: held-out networks measured and compared with the calibration's predictions,
    /// and with the uncalibrated estimate (FLOPs × TDP at a fixed utilisation, β = 5).
    func runValidation() throws {
        let environment = ProcessInfo.processInfo.environment
        try LabBounds.check(repeats, 1...100, "--repeats")
        try checkEngineChoice()
        guard output == nil else {
            throw InvalidInput("--output is where calibrating writes; --validate reads the calibration (--calibration)")
        }
        let size = try Self.validationSize(environment)
        // The file is read before the engine starts, so that a missing or damaged one is said at once.
        let path = calibration ?? EnergyCalibration.defaultPath(for: placeholderFingerprint(), environment: environment)
        let file = try Self.loadCalibration(path, isDefault: calibration == nil)
        let configurations = ValidationSet.configurations(size)
        let machine = MachineDescription.detect(tdpOverride: meter.cpuTdp, tdpOrigin: "--cpu-tdp")
        let validator = CalibrationValidator(
            calibration: file, uncalibrated: UncalibratedEstimate.detect(machine: machine))
        for configuration in configurations { _ = try validator.predictions(configuration) }
        // Before any other thread starts (the meter's, the PyTorch check's), so that every one
        // inherits the blocked signals.
        let stop = StopRequest.install()
        let (workloads, here) = try engineSetUp()
        let warning: String?
        do {
            warning = try file.check(against: here, force: force)
        } catch {
            workloads.close()
            throw error
        }
        let session: MeasuredSession
        do {
            session = try meter.recordedSession(name: "lab calibrate --validate (\(engine.rawValue))").session
            try LabCommand.Train.start(session)
        } catch {
            workloads.close()
            throw error
        }
        let bench = CalibrationBench(
            engine: workloads, session: session, repeats: repeats, shouldStop: { stop.isRequested })
        let progress = ValidationProgress(count: configurations.count)
        var validated: [ValidatedConfiguration] = []
        var interrupted = false
        for (index, configuration) in configurations.enumerated() {
            progress.show(configuration.name, index: index)
            do {
                validated.append(try validator.measure(configuration, on: bench))
            } catch is ExperimentInterrupted {
                interrupted = true
                break
            } catch {
                progress.clear()
                workloads.close()
                session.finish(status: .interrupted)
                throw CommandFailure.keepingKnown(error)
            }
        }
        progress.clear()
        workloads.close()
        let summary = session.finish(status: interrupted ? .interrupted : .finished)
        let result = ValidationResult(
            calibrationPath: path, calibration: file, here: here, size: size, repeats: repeats, warning: warning,
            notHeldOut: ValidationSet.overlaps(configurations, with: file), uncalibrated: validator.uncalibrated,
            configurations: validated, status: interrupted ? "interrupted" : "finished",
            runID: meter.noLedger ? nil : session.runID, seconds: summary.duration, notes: session.notes)
        if json {
            try JSONOutput.print(result, oneLine: true)
        } else {
            print(result.text)
        }
        if interrupted {
            Terminal.standardError(
                "stopped by \(stop.signalName): the configurations measured before it are compared above")
            throw PassThroughExit(code: 130)
        }
    }

    /// The engine --engine names and this machine's fingerprint with it (the CPU, the engine's
    /// device, BLAS or PyTorch version, and threads): what a calibration is made with and checked
    /// against.
    func engineSetUp() throws -> (engine: any WorkloadEngine, fingerprint: CalibrationFingerprint) {
        switch engine {
        case .lab:
            let gemm = try compute.backend()
            return (
                LabWorkloadEngine(gemm: gemm),
                CalibrationFingerprint.detect(engine: .lab, device: "cpu", blas: gemm.name, threads: compute.threads)
            )
        case .pytorch:
            // The version spelled as `lab calibrate` writes it, so that its file matches.
            let (engine, version) = try LabCommand.Experiment.checkedPyTorch(
                python: python ?? "python3", device: device, threads: compute.threads)
            return (
                engine,
                CalibrationFingerprint.detect(
                    engine: .pytorch, device: device, blas: "torch \(version)", threads: compute.threads)
            )
        }
    }

    /// --engine, --device and --python together, as `lab experiment` takes them.
    func checkEngineChoice() throws {
        guard ["cpu", "cuda"].contains(device) else {
            throw InvalidInput("--device must be cpu or cuda; got '\(Format.clipped(device, to: 20))'")
        }
        guard engine == .lab else { return }
        guard python == nil else { throw InvalidInput("--python is for --engine pytorch") }
        guard device == "cpu" else {
            throw InvalidInput("--device cuda is for --engine pytorch: the lab engine runs on the CPU")
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

    static func validationSize(_ environment: [String: String]) throws -> ValidationSize {
        guard let text = environment[validationSizeVariable], !text.isEmpty else { return .standard }
        guard let size = ValidationSize(rawValue: text) else {
            throw InvalidInput(
                "\(validationSizeVariable) must be standard or tiny; got '\(Format.clipped(text, to: 20))'")
        }
        return size
    }
}

/// Which held-out configuration is being measured, on stderr: one line redrawn on a terminal,
/// one line per configuration elsewhere.
final class ValidationProgress {
    private let terminal = isatty(STDERR_FILENO) == 1
    private let count: Int
    private let start = Date()
    private var drawn = false

    init(count: Int) { self.count = count }

    func show(_ name: String, index: Int) {
        let elapsed = index == 0 ? "" : " (\(FootprintCore.Duration.seconds(Date().timeIntervalSince(start))) so far)"
        let text = "… \(index + 1)/\(count): \(Terminal.sanitized(name))\(elapsed)"
        if terminal {
            StandardStreams.writeStandardError("\r\u{1B}[2K" + text)
            drawn = true
        } else {
            Terminal.standardError(text)
        }
    }

    func clear() {
        guard terminal, drawn else { return }
        StandardStreams.writeStandardError("\r\u{1B}[2K")
        drawn = false
    }
}
