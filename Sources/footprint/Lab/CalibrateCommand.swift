import ArgumentParser
import FootprintCore
import FootprintLab
import FootprintMeter
import Foundation

extension CalibrationDesign.Scale: ExpressibleByArgument {}

extension LabCommand {
    /// `footprint lab calibrate`: measures micro-benchmarks on this machine and fits the per-layer
    /// energy model that calibrated estimates use; `--validate` measures held-out networks against it.
    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calibrate",
            abstract: "Fit a per-layer energy model to measurements on this machine, or validate one (--validate).",
            discussion: """
                23 small networks (dense, conv2d, pooling, activations and the loss in isolation, and a few whole \
                MLPs and conv nets) are run for inference and for training at one to three batch sizes each (72 \
                measurements), in --repeats rounds: in each, every measurement runs once unmeasured and once \
                measured by Footprint's meter as a task of one run (process scope, project lab unless \
                --project), lasting at least 1 s. A linear model of \
                the energy and the time per sample over per-layer features is fitted to the medians \
                (non-negative coefficients, relative error) and written as a calibration file (see \
                docs/calibration.md), which `footprint estimate lifecycle --calibration` reads. Ctrl-C stops at \
                the next epoch and writes nothing.
                """)

        @Option(help: "lab (Footprint's engine, in process) or pytorch (the shipped PyTorch script, a child process).")
        var engine: ExperimentEngine = .lab
        @Option(help: ArgumentHelp("The Python with torch, for --engine pytorch.", valueName: "python"))
        var python: String?
        @Option(help: "cpu or cuda, for --engine pytorch.") var device = "cpu"
        @Option(help: "Measured repeats of each micro-benchmark, 1 to 100, after one discarded warm-up.")
        var repeats = 3
        @OptionGroup var compute: EngineOptions
        @OptionGroup(title: "Measurement") var meter: LabMeterOptions
        @Option(
            help: ArgumentHelp(
                "Where to write the calibration (default: one file per machine and engine).",
                valueName: "file"))
        var output: String?
        @Flag(help: "Measure held-out networks and compare them with the calibration's predictions.")
        var validate = false
        @Option(help: ArgumentHelp("The calibration --validate checks (default: this machine's).", valueName: "file"))
        var calibration: String?
        @Flag(help: "Use a calibration made on another machine or engine, with a warning.") var force = false
        @Flag(help: "Print the results as one JSON object, the last line of stdout.") var json = false
        /// For tests: `smoke` measures a handful of tiny networks for a few hundredths of a second
        /// each, enough to exercise the command end to end in seconds, its figures rough.
        @Option(help: .hidden) var scale: CalibrationDesign.Scale = .full

        static let repeatsRange = 1...100

        func run() throws {
            if validate {
                try runValidation()
                return
            }
            try checkOptions()
            if let output, let problem = FileProblem.check(output, access: .write) { throw problem }
            let setup = try measuredSetup(runName: "lab calibrate (\(engine.rawValue), \(device))")
            let started = Date()
            let measured = try setup.measureAll(
                CalibrationDesign.workloads(scale, minimumSeconds: minimumSeconds(setup.session)), rounds: repeats,
                unfinished: "nothing was written")
            let fitted: EnergyCalibration
            do {
                let points = try CalibrationRun.points(measured)
                fitted = try EnergyCalibration.fitted(
                    points: points, created: ISO8601DateFormatter().string(from: started),
                    fingerprint: setup.fingerprint, scope: setup.session.scope,
                    layerKinds: CalibrationDesign.layerKinds, meanPowerWatts: CalibrationRun.meanPower(points),
                    seconds: Date().timeIntervalSince(started))
            } catch {
                throw CommandFailure(
                    message: "the calibration could not be fitted: \(error.message); the measurements are in the "
                        + "run \(setup.session.runID)")
            }
            let path =
                output
                ?? EnergyCalibration.defaultPath(
                    for: setup.fingerprint, environment: ProcessInfo.processInfo.environment)
            try Self.write(fitted, to: path)
            if json {
                try JSONOutput.print(CalibrationJSON(calibration: fitted, path: path), oneLine: true)
            } else {
                print(
                    CalibrationText.render(
                        fitted, path: path, runID: meter.noLedger ? nil : setup.session.runID,
                        notes: setup.session.notes))
            }
        }

        /// Everything the user typed, checked before anything runs (the same for `--validate`).
        func checkOptions() throws {
            try LabBounds.check(repeats, Self.repeatsRange, "--repeats")
            try LabBounds.checkEngine(engine, python: python, device: device)
            guard (1...256).contains(compute.threads) else {
                throw InvalidInput("--threads must be from 1 to 256; got \(compute.threads)")
            }
        }

        /// The shortest a measured repeat lasts: what the meter resolves (1 s at the default
        /// sampling interval), or a few hundredths of a second at the smoke scale.
        func minimumSeconds(_ session: MeasuredSession) -> Double {
            switch scale {
            case .full: session.repetition.minimumSeconds
            case .smoke: 0.03
            }
        }

        /// The engine the options name, this machine's fingerprint for it, and the meter's session,
        /// started; Ctrl-C is taken as a stop request from here on. Call ``checkOptions()`` first.
        /// Calibration and validation measure through this.
        func measuredSetup(runName: String) throws -> CalibrationSetup {
            // Before any other thread starts (the meter's, the PyTorch check's), so that every one
            // inherits the blocked signals.
            let stop = StopRequest.install()
            let gemm = try compute.backend()
            let workloads: any WorkloadEngine
            let blas: String
            switch engine {
            case .lab:
                workloads = LabWorkloadEngine(gemm: gemm)
                blas = gemm.name
            case .pytorch:
                let checked = try Experiment.checkedPyTorch(
                    python: python ?? "python3", device: device, threads: compute.threads)
                workloads = checked.engine
                blas = "torch \(checked.version)"
            }
            let fingerprint = CalibrationFingerprint.detect(
                engine: engine, device: device, blas: blas, threads: compute.threads)
            let session: MeasuredSession
            do {
                session = try meter.session(name: runName)
                try Train.start(session)
            } catch {
                workloads.close()
                throw error
            }
            return CalibrationSetup(engine: workloads, fingerprint: fingerprint, session: session, stop: stop)
        }

        /// Writes the file, making its folder.
        static func write(_ calibration: EnergyCalibration, to path: String) throws {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            try FileProblem.writeAtomically(try calibration.jsonData(), to: path)
        }
    }
}

/// The engine, fingerprint and measured session of a calibration or its validation.
struct CalibrationSetup {
    let engine: any WorkloadEngine
    let fingerprint: CalibrationFingerprint
    let session: MeasuredSession
    let stop: StopRequest

    /// Measurements over this set-up, `rounds` repeats of each workload, stopping on Ctrl-C.
    func run(rounds: Int, prefix: String = "calibrate") -> CalibrationRun {
        CalibrationRun(
            engine: engine, session: session, rounds: rounds, prefix: prefix, shouldStop: { [stop] in stop.isRequested }
        )
    }

    /// Measures `workloads` in `rounds` rounds behind a progress line, and closes the run as
    /// finished. On Ctrl-C the run is closed as interrupted, `unfinished` is said ("nothing was
    /// written") with where the measurements so far are, and footprint exits 130; on a failure the
    /// run is closed as interrupted and the error thrown.
    func measureAll(
        _ workloads: [CalibrationWorkload], rounds: Int, prefix: String = "calibrate", unfinished: String
    ) throws -> [MeasuredCost] {
        let progress = ExperimentProgressLine(loggedEvery: 20)
        let measured: [MeasuredCost]
        do {
            measured = try run(rounds: rounds, prefix: prefix).measure(workloads) { progress.show($0) }
        } catch is ExperimentInterrupted {
            progress.clear()
            close(status: .interrupted)
            Terminal.standardError(
                "stopped by \(stop.signalName): \(unfinished); the measurements so far are in the run \(session.runID)")
            throw PassThroughExit(code: 130)
        } catch {
            progress.clear()
            close(status: .interrupted)
            throw CommandFailure.keepingKnown(error)
        }
        progress.clear()
        close(status: .finished)
        return measured
    }

    /// Ends the engine (its child process), then the run.
    func close(status: RunStatus) {
        engine.close()
        session.finishReporting(status: status)
    }
}

/// `--json`: the calibration and where it was written.
struct CalibrationJSON: Encodable {
    var calibration: EnergyCalibration
    var path: String
}
