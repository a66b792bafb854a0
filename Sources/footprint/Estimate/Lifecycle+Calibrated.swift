import ArgumentParser
import FootprintCore
import FootprintLab
import FootprintModels

/// `estimate lifecycle --calibration FILE`: I, β and the training time from a calibration.
struct CalibratedOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A calibration of this machine (`footprint lab calibrate`): I, β and the training time of --model from it.",
            valueName: "file"))
    var calibration: String?
    @Flag(help: "Use a calibration made on another machine (every output then says so).") var force = false
    @Option(help: "Training batch size for --calibration, 1 to 1,000,000 (default: 32).") var batch: Int?
    @Option(help: "Inference batch size for --calibration, 1 to 1,000,000 (default: --batch).") var inferenceBatch: Int?

    static let defaultBatch = 32
    static let batchRange = 1...1_000_000

    /// The flags of this group given on the command line, for a refusal that names them.
    var given: [String] {
        [
            calibration != nil ? "--calibration" : nil, force ? "--force" : nil, batch != nil ? "--batch" : nil,
            inferenceBatch != nil ? "--inference-batch" : nil
        ].compactMap { $0 }
    }
}

/// What a calibration gave an estimate, and how to show it.
struct CalibratedInputs {
    var path: String
    var calibration: EnergyCalibration
    var inputs: CalibratedLifecycleInputs
    /// Set when --force let a calibration from another machine through.
    var warning: String?

    /// "calibrated: FILE, DATE".
    var basis: String { "calibrated: \(path), \(calibration.created)" }

    /// The machine and engine the calibration was made with, in words.
    var madeWith: String {
        let print = calibration.fingerprint
        let gpus = print.gpus.isEmpty ? "no GPU" : print.gpus.joined(separator: ", ")
        return "\(print.cpuModel) (\(print.logicalCPUs) logical CPUs, \(gpus)); engine \(Self.engine(of: print))"
    }

    /// "lab (cpu, BLAS openblas, 4 threads)".
    static func engine(of print: CalibrationFingerprint) -> String {
        "\(print.engine) (\(print.device), BLAS \(print.blas ?? "unknown"), \(print.threads) "
            + "thread\(print.threads == 1 ? "" : "s"))"
    }

    func inferenceRange(pue: PUE) -> String {
        "\(pue.facilityEnergy(inputs.inference.lowEnergy)) – \(pue.facilityEnergy(inputs.inference.highEnergy))"
    }

    var sourceLines: [String] {
        ["  basis      \(basis)", "             made on \(madeWith)"]
    }

    /// Under I, what the figure is (the file is on the basis line above).
    var inferenceNote: String {
        "one inference at batch \(inputs.inferenceBatch), from the calibration's inference model"
    }

    var overheadLines: [String] {
        let interval = inputs.overheadInterval
        let beta = inputs.overhead
        return [
            "  β          \(Format.significant(beta)) for this model (95 %: \(Format.significant(beta * interval.low)) – "
                + "\(Format.significant(beta * interval.high))): a training sample at batch \(inputs.batch) costs "
                + "\(Format.significant(beta)) inferences at batch \(inputs.inferenceBatch)"
        ]
    }
}

extension Estimate.Lifecycle {
    /// I and β for --model from --calibration, after the calibration is checked against this machine.
    func calibratedCost() throws -> InferenceSource {
        guard let path = calibrated.calibration, let model else {
            throw InvalidInput("--calibration needs --model SPEC: the calibration predicts a network from its layers")
        }
        let batch = calibrated.batch ?? CalibratedOptions.defaultBatch
        let inferenceBatch = calibrated.inferenceBatch ?? batch
        for (flag, value) in [("--batch", batch), ("--inference-batch", inferenceBatch)]
        where !CalibratedOptions.batchRange.contains(value) {
            throw InvalidInput("\(flag) must be a whole number from 1 to 1,000,000; got \(value)")
        }
        let loaded = try modelOptions.load(model)
        guard let network = loaded.labNetwork else {
            throw InvalidInput(
                "--calibration predicts networks of the lab's layers from a model spec; \(model) is "
                    + "\(loaded.count.format == .spec ? "a spec with layers the lab does not have" : "not a spec"): "
                    + "drop --calibration to estimate it from FLOPs")
        }
        let analysis = try network.analyze()
        let calibration = try EnergyCalibration.load(path: path)
        let print = calibration.fingerprint
        let here = CalibrationFingerprint.detect(
            engine: ExperimentEngine(rawValue: print.engine) ?? .lab, device: print.device, blas: print.blas,
            threads: print.threads)
        let warning: String?
        do throws(CalibrationError) {
            // Which engine the user will train with is not known here: the machine is what must match.
            warning = try calibration.check(against: here, comparing: .machine, force: calibrated.force)
        } catch {
            throw CalibrationError(
                error.reason, error.message + " (it was made with engine \(CalibratedInputs.engine(of: print)))")
        }
        let inputs = try CalibratedLifecycleInputs(
            calibration, analysis: analysis, batch: batch, inferenceBatch: inferenceBatch)
        let source = CalibratedInputs(path: path, calibration: calibration, inputs: inputs, warning: warning)
        let cost = try InferenceCost.derived(
            inputs.inference.energy, duration: .seconds(inputs.inference.seconds),
            basis: source.basis + " (one inference at batch \(inferenceBatch))")
        return InferenceSource(cost: cost, modelCount: loaded.count, calibrated: source)
    }
}
