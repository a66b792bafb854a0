import ArgumentParser
import FootprintCore
import FootprintModels

extension Estimate {
    /// The life-cycle model of Gitzel et al. 2023: L = CT + T + e · I.
    struct Lifecycle: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lifecycle",
            abstract: "Life-cycle model (Gitzel et al. 2023): search CT = Σ T_h, training T = β·I·D·E, use e·I.",
            discussion: """
                I, the energy of one inference, comes from a measurement (--inference-energy, best), or from \
                FLOPs (--inference-flops, or --model SPEC) on --hardware at --utilization of its datasheet peak \
                and its TDP. β defaults to 5, the paper's measured training/inference energy ratio (FLOP \
                counting gives 3).

                Calibrated (--calibration FILE --model SPEC): I, β and the training time for this network from \
                a calibration of this machine (`footprint lab calibrate`), with 95 % prediction intervals. \
                Measured (--from-run RUN): I from the run's inference task over --inference-samples, T from its \
                epoch tasks (the per-epoch energy × E, the first epoch set aside when it was a warm-up).
                """)

        @Option(
            help: ArgumentHelp(
                "A model (spec JSON, ONNX file or Hugging Face config): its forward FLOPs give I.", valueName: "file"))
        var model: String?
        @OptionGroup var modelOptions: ModelOptions
        @Option(
            help: ArgumentHelp(
                "Measured energy of one inference, joules (at the machines, before PUE), up to 1e7.",
                valueName: "joules"))
        var inferenceEnergy: Double?
        @Option(help: ArgumentHelp("FLOPs of one inference, up to 1e18.", valueName: "flops"))
        var inferenceFlops: Double?
        @Option(help: "Processor for FLOP-based I (see `footprint hardware list`).") var hardware: String?
        @Option(help: "Number of processors, 1 to 10,000,000.") var count: Int = 1
        @Option(help: "Average share of peak FLOP/s achieved, 0.0001 to 1.") var utilization: Double = 0.33
        @Option(
            help:
                "Precision of the peak: fp32, tf32, fp16 (bf16), fp8. Default: fp32, or fp16 where fp32 is unpublished."
        )
        var precision: String?
        @Option(help: "D, training samples per epoch, up to 1e15.") var samples: Double
        @Option(help: "E, epochs of the final training, up to 1,000,000.") var epochs: Double = 1
        @Option(help: "β, training energy per sample-epoch over inference energy, 1 to 1,000 (default: 5).")
        var overhead: Double?
        @Option(help: "H, tuning runs in architecture search, 0 to 1,000,000.") var tuningRuns: Int = 0
        @Option(help: "Samples per tuning run (default: D), up to 1e15.") var tuningSamples: Double?
        @Option(help: "Epochs per tuning run (default: E), up to 1,000,000.") var tuningEpochs: Double?
        @Flag(help: "The final training is one of the tuning runs: do not count it twice.") var finalInSearch = false
        @Option(help: "e, inferences expected over the model's life, 0 to 1e18.") var inferences: Double = 0
        @OptionGroup var carbon: CarbonOptions
        @OptionGroup var calibrated: CalibratedOptions
        @OptionGroup var measured: MeasuredRunOptions
        @OptionGroup var extras: EmbodiedEstimateOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try checkCombinations()
            let inference =
                try calibrated.calibration != nil
                ? calibratedCost() : measured.fromRun != nil ? runCost() : inferenceCost()
            let training = try LifecycleModel.TrainingRun(samples: samples, epochs: epochs)
            guard (0...EstimateBounds.tuningRuns).contains(tuningRuns) else {
                throw InvalidInput("--tuning-runs must be a whole number from 0 to 1,000,000; got \(tuningRuns)")
            }
            let tuning = try LifecycleModel.TrainingRun(
                samples: tuningSamples ?? samples, epochs: tuningEpochs ?? epochs)
            if finalInSearch, tuningRuns == 0 {
                throw InvalidInput("--final-in-search needs --tuning-runs of 1 or more")
            }
            let facility = try carbon.facility(fallback: .dataCentreAverage)
            let location = try carbon.location(fallback: .worldAverage)
            let model: LifecycleModel
            do {
                model = try LifecycleModel(
                    inference: inference.cost,
                    overhead: inference.overhead ?? overhead ?? LifecycleModel.measuredOverhead,
                    training: training, tuningRuns: Array(repeating: tuning, count: tuningRuns),
                    finalTrainingInSearch: finalInSearch, inferences: inferences, pue: facility.pue,
                    intensity: location.intensity)
            } catch {
                // β came from the calibration or the run, not from a flag: say where.
                guard error.subject == LifecycleModel.Subject.overhead, inference.overhead != nil else { throw error }
                throw InvalidInput(.outOfBounds, inference.overheadAdvice(error))
            }
            let estimate = try model.estimate().checkedFinite()
            let interval = inference.interval(estimate, model: model)
            let embodied = try embodiedFigures(estimate, inference: inference)
            let itEnergy = estimate.stages.reduce(Energy.zero) { $0 + $1.itEnergy }
            let water = try extras.water.water(itEnergy: itEnergy)
            if json {
                var output = LifecycleJSON(
                    estimate, model: model, inference: inference, interval: interval,
                    trainingDuration: trainingDuration(model: model, inference: inference),
                    facility: facility, location: location)
                output.embodied = embodied.map(LifecycleEmbodiedJSON.init)
                output.water = water
                try JSONOutput.print(output)
            } else {
                var lines = [
                    render(
                        estimate, model: model, inference: inference, interval: interval, facility: facility,
                        location: location)
                ]
                if let embodied { lines += Self.embodiedLines(embodied) }
                if let water { lines += EmbodiedOutput.lines(water, itEnergy: itEnergy) }
                print(lines.joined(separator: "\n"))
            }
        }

        /// I and what it was derived from.
        struct InferenceSource {
            var cost: InferenceCost
            /// The model counted from --model.
            var modelCount: ModelCount?
            var hardware: Accelerator?
            /// I, β and the training time from a calibration (--calibration).
            var calibrated: CalibratedInputs?
            /// I and the per-epoch training energy from a measured run (--from-run).
            var measured: MeasuredRunInputs?
        }

        func inferenceCost() throws -> InferenceSource {
            let given = [model != nil, inferenceEnergy != nil, inferenceFlops != nil].filter { $0 }.count
            guard given == 1 else {
                throw InvalidInput(
                    given == 0
                        ? "give one of --model SPEC, --inference-energy JOULES or --inference-flops FLOPS"
                        : "give only one of --model, --inference-energy and --inference-flops")
            }
            if let inferenceEnergy {
                if hardware != nil {
                    throw InvalidInput("--hardware is for FLOP-based I; a measured --inference-energy needs none")
                }
                do throws(InvalidInput) {
                    return InferenceSource(cost: try .measured(.joules(inferenceEnergy)))
                } catch {
                    throw error.naming(flags: [InferenceCost.Subject.energy: "--inference-energy"])
                }
            }
            var modelCount: ModelCount?
            let flops: Double
            if let model {
                let counted = try modelOptions.load(model).count
                modelCount = counted
                flops = counted.forwardFLOPs
            } else {
                flops = inferenceFlops ?? 0
            }
            guard let hardware else {
                throw InvalidInput(
                    "FLOP-based I needs --hardware NAME (see `footprint hardware list`), or give --inference-energy")
            }
            let accelerator = try HardwareCatalog.bundled.accelerator(hardware)
            let chosen: Precision
            if let precision {
                chosen = try Precision.flag(precision)
            } else {
                chosen = accelerator.peak(.fp32) != nil ? .fp32 : .fp16
            }
            let cost: InferenceCost
            do throws(InvalidInput) {
                cost = try InferenceCost.fromFLOPs(
                    flops, on: accelerator, count: count,
                    precision: chosen, utilization: utilization)
            } catch  where error.reason == .noPublishedPeak {
                let published = Precision.published(by: accelerator).map(\.rawValue)
                throw InvalidInput(
                    .noPublishedPeak, error.message + "; use --precision " + published.joined(separator: " or "))
            } catch {
                // FLOPs the model spec gave are not the flag's: only a typed count is named as one.
                var flags = [
                    InferenceCost.Subject.processors: "--count", InferenceCost.Subject.utilization: "--utilization"
                ]
                if self.model == nil { flags[InferenceCost.Subject.flops] = "--inference-flops" }
                throw error.naming(flags: flags)
            }
            return InferenceSource(cost: cost, modelCount: modelCount, hardware: accelerator)
        }

        func render(
            _ estimate: LifecycleEstimate, model: LifecycleModel, inference: InferenceSource,
            interval: LifecycleInterval?, facility: Facility, location: ResolvedLocation
        ) -> String {
            var lines = [Terminal.bold("Life-cycle estimate (Gitzel et al. 2023: L = CT + T + e · I)")]
            if let counted = inference.modelCount {
                lines.append(
                    "  model      \(counted.name): \(Format.fixed(Double(counted.parameters), decimals: 0)) parameters, "
                        + "\(Format.significant(counted.forwardFLOPs)) FLOP per inference"
                        + (counted.unit == .token ? " (one token)" : "") + (counted.isPartial ? " (partial count)" : "")
                )
            }
            if let hardware = inference.hardware {
                lines.append("  hardware   \(count) × \(hardware.name), \(hardware.tdp) TDP")
            }
            lines += inference.calibrated?.sourceLines ?? inference.measured?.sourceLines ?? []
            lines.append(
                "  I          \(estimate.inferenceEnergy) per inference at the facility (\(model.inference.itEnergy) × PUE)"
                    + (inference.calibrated.map { "; 95 %: " + $0.inferenceRange(pue: model.pue) } ?? ""))
            lines.append("             " + Terminal.dim(inference.calibrated?.inferenceNote ?? model.inference.basis))
            lines += inference.calibrated?.overheadLines ?? inference.measured?.overheadLines(model: model) ?? []
            if inference.hardware != nil {
                // Gitzel et al. 2023, 3.9: FLOPs predict energy poorly across architectures, and small models
                // rarely keep an accelerator near its assumed utilisation.
                lines.append(
                    "             "
                        + Terminal.dim(
                            "FLOP-based: a rough figure, low for small models; "
                                + "measure I with --inference-energy for a better one."))
            }
            lines.append("")
            var headings = ["stage", "energy", "CO2e", "share"]
            if interval != nil { headings.append("95 % interval") }
            var table = TextTable(headings, alignments: [.left, .right, .right, .right, .right])
            func range(_ bounds: LifecycleInterval.Bounds?) -> [String] {
                guard interval != nil else { return [] }
                return [bounds.map { "\($0.low) – \($0.high)" } ?? "—"]
            }
            for stage in estimate.stages {
                table.add(
                    [
                        stage.name.title, "\(stage.facilityEnergy)", "\(stage.emissions)",
                        Format.percent(estimate.share(of: stage))
                    ] + range(interval?.stages[stage.name]))
            }
            table.add(
                ["Life cycle (L)", "\(estimate.totalEnergy)", "\(estimate.totalEmissions)", "100 %"]
                    + range(interval?.total))
            lines += table.render().split(separator: "\n").map { "  " + $0 }
            lines.append("")
            for stage in estimate.stages {
                lines.append(
                    "  \(stage.name.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) "
                        + Terminal.dim(stage.formula))
            }
            if let trainingTime = trainingDuration(model: model, inference: inference) {
                let how =
                    if inference.calibrated != nil {
                        "by the calibration's time model"
                    } else if let measured = inference.measured {
                        "(E × the run's mean epoch of \(FootprintCore.Duration.seconds(measured.epochs.meanSeconds)))"
                    } else {
                        "on \(count) processor\(count == 1 ? "" : "s")"
                    }
                lines.append("  time       final training ≈ \(trainingTime) \(how)")
            }
            lines.append("")
            if let dominant = estimate.dominant, estimate.totalEnergy.joules > 0 {
                lines.append(
                    "  \(dominant.name.title) dominates: \(Format.percent(estimate.share(of: dominant))) of life-cycle energy."
                )
            }
            lines.append(
                "  Inference matches one final training after \(Format.significant(estimate.breakEvenInferences)) inferences."
            )
            lines.append("  grid       \(location.label)")
            lines.append("  PUE        \(Format.significant(facility.pue.value)) — \(facility.source)")
            lines += EstimateOutput.equivalents(estimate.totalEmissions)
            if let warning = inference.calibrated?.warning {
                lines.append(Terminal.bold("  warning: ") + warning)
            }
            return lines.joined(separator: "\n")
        }

        /// Wall time of the final training: the calibration's time model, the run's mean epoch × E,
        /// or, where I came with a time, β · D · E inference times.
        func trainingDuration(model: LifecycleModel, inference: InferenceSource) -> FootprintCore.Duration? {
            if let calibrated = inference.calibrated {
                return calibrated.inputs.trainingDuration(
                    samples: model.training.samples, epochs: model.training.epochs)
            }
            if let measured = inference.measured {
                return .seconds(measured.epochs.meanSeconds * model.training.epochs)
            }
            return model.inference.duration.map {
                $0 * (model.overhead * model.training.samples * model.training.epochs)
            }
        }
    }
}
