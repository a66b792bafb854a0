import ArgumentParser
import FootprintCore
import FootprintLedger

/// `estimate lifecycle --from-run RUN`: I and the per-epoch training energy from a measured run.
struct MeasuredRunOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A measured run in the ledger (id or prefix): I from its inference task, T from its epoch tasks.",
            valueName: "run"))
    var fromRun: String?
    @Option(help: ArgumentHelp("The run's epoch tasks, `*` for any text (default: 'epoch *').", valueName: "pattern"))
    var epochTask: String?
    @Option(help: ArgumentHelp("The run's inference task (default: 'inference').", valueName: "name"))
    var inferenceTask: String?
    @Option(help: "Samples the run's inference task inferred (all its tasks of that name together), 1 to 1e12.")
    var inferenceSamples: Int?
    @OptionGroup var ledger: LedgerOptions

    static let defaultInferenceTask = "inference"

    /// The flags of this group given on the command line, for a refusal that names them.
    var given: [String] {
        [
            fromRun != nil ? "--from-run" : nil, epochTask != nil ? "--epoch-task" : nil,
            inferenceTask != nil ? "--inference-task" : nil, inferenceSamples != nil ? "--inference-samples" : nil,
            ledger.ledger != nil ? "--ledger" : nil
        ].compactMap { $0 }
    }
}

/// What a measured run gave an estimate, and how to show it.
struct MeasuredRunInputs {
    var run: RunRecord
    var pattern: EpochTaskPattern
    var epochs: MeasuredEpochs
    /// Nil where I was given with --inference-energy.
    var inference: MeasuredInference?
    /// β = per-epoch energy ÷ (I · D).
    var overhead: Double

    /// "measured: run ID, DATE".
    var basis: String { "measured: run \(run.id), \(Timestamp.iso8601UTC(run.startedAt))" }

    var sourceLines: [String] {
        let energies = epochs.all.map { "\($0.energy)" }
        var lines = [
            "  run        \(run.id) (\(Terminal.clip(run.name, 40))), \(run.scope.rawValue) scope, started "
                + Timestamp.iso8601UTC(run.startedAt),
            "  epochs     \(epochs.all.count) task\(epochs.all.count == 1 ? "" : "s") matching '\(pattern)': "
                + Self.shortList(energies)
                + "; mean \(epochs.meanEnergy) IT over \(epochs.kept.count)"
        ]
        if epochs.excludedWarmUp, let first = epochs.all.first, let threshold = epochs.warmUpThreshold {
            lines.append(
                "             '\(first.name)' set aside as warm-up: its \(first.energy) differs from the later "
                    + "epochs' mean by more than \(threshold) (twice their spread, at least "
                    + "\(Format.percent(EpochForecaster.warmUpFloor)) of the mean)")
        }
        return lines
    }

    func overheadLines(model: LifecycleModel) -> [String] {
        let perSample = model.inference.itEnergy
        return [
            "  β          \(Format.significant(overhead)) = epoch energy ÷ (I · D) = \(epochs.meanEnergy) ÷ "
                + "(\(perSample) × \(Format.significant(model.training.samples))), IT"
        ]
    }

    /// The first few of `items`, and how many more.
    static func shortList(_ items: [String]) -> String {
        items.prefix(6).joined(separator: ", ") + (items.count > 6 ? ", … (\(items.count - 6) more)" : "")
    }
}

extension Estimate.Lifecycle {
    /// I and β from --from-run's tasks.
    func runCost() throws -> InferenceSource {
        guard let id = measured.fromRun else { return try inferenceCost() }
        let (run, tasks) = try withUserErrors {
            let ledger = try measured.ledger.open(.read)
            let run = try ledger.run(id)
            return (run, try ledger.tasks(of: run.id))
        }
        var pattern = EpochTaskPattern.standard
        if let text = measured.epochTask {
            do throws(InvalidInput) {
                pattern = try EpochTaskPattern(text)
            } catch {
                throw error.naming("--epoch-task")
            }
        }
        let epochs: MeasuredEpochs
        let inference: MeasuredInference?
        let cost: InferenceCost
        do {
            epochs = try MeasuredEpochs(tasks: tasks, pattern: pattern)
            if let inferenceEnergy {
                inference = nil
                cost = try InferenceCost.measured(.joules(inferenceEnergy))
            } else {
                let name = measured.inferenceTask ?? MeasuredRunOptions.defaultInferenceTask
                let measuredInference = try MeasuredInference(
                    tasks: tasks, name: name, samples: measured.inferenceSamples ?? 0)
                inference = measuredInference
                cost = try InferenceCost.derived(
                    measuredInference.energyPerSample, duration: .seconds(measuredInference.secondsPerSample),
                    basis: "measured: task '\(name)' of run \(run.id), \(measuredInference.energy) over "
                        + "\(Format.count(measuredInference.samples)) samples")
            }
        } catch let error as MeasuredRunError {
            throw InvalidInput(advice(for: error, run: run))
        } catch let error as InvalidInput {
            throw error.naming(flags: [InferenceCost.Subject.energy: "--inference-energy"])
        }
        let overhead = epochs.meanEnergy / (cost.itEnergy * samples)
        let source = MeasuredRunInputs(
            run: run, pattern: pattern, epochs: epochs, inference: inference, overhead: overhead)
        return InferenceSource(cost: cost, measured: source)
    }

    /// The run's fault, with what to do about it.
    func advice(for error: MeasuredRunError, run: RunRecord) -> String {
        let subject = "run \(run.id) (\(Terminal.clip(run.name, 40))): " + error.message
        return switch error.reason {
        case .noEpochTasks:
            subject + "; mark each epoch with `start epoch 1` … `stop epoch 1` on $FOOTPRINT_TASKS, "
                + "or give --epoch-task PATTERN"
        case .noInferenceTask:
            subject + "; mark one with `start inference` … `stop inference` on $FOOTPRINT_TASKS, "
                + "give --inference-task NAME, or give I with --inference-energy JOULES"
        default: subject
        }
    }
}
