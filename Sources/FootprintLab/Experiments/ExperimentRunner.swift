import FootprintCore

/// Runs experiments: every planned configuration once unmeasured (the warm-up), then `repeats`
/// times measured, each repeat a task of the session's run; then the design judges them.
///
/// It stops between epochs and passes when ``shouldStop`` says so (Ctrl-C): the configurations
/// measured so far are judged as they are, and the suite says it was interrupted.
public final class ExperimentRunner {
    /// Where the runner is, for a progress bar.
    public struct Progress: Sendable {
        public var experiment: ExperimentName
        /// The configuration starting, and its place ("3 of 7").
        public var configuration: String
        public var index: Int
        public var count: Int
        /// Share of the whole suite's estimated work done, 0 to 1.
        public var fractionDone: Double
        /// Seconds since the suite started.
        public var elapsed: Double
        /// Seconds left at the pace so far; nil until a workload has finished.
        public var remaining: Double?
    }

    let engine: any WorkloadEngine
    let session: MeasuredSession
    let scale: ExperimentScale
    let repeats: Int
    let machine: String
    let started: String
    let progress: (Progress) -> Void
    let shouldStop: () -> Bool
    let designs: (ExperimentName) -> any ExperimentDesign

    /// - Parameters:
    ///   - machine: the machine in a line, for the results.
    ///   - started: when the suite started, ISO 8601.
    ///   - designs: the design of each experiment; by default the suite's own.
    public init(
        engine: any WorkloadEngine, session: MeasuredSession, scale: ExperimentScale, repeats: Int,
        machine: String, started: String, progress: @escaping (Progress) -> Void = { _ in },
        shouldStop: @escaping () -> Bool = { false },
        designs: @escaping (ExperimentName) -> any ExperimentDesign = { $0.design }
    ) {
        self.engine = engine
        self.session = session
        self.scale = scale
        self.repeats = max(1, repeats)
        self.machine = machine
        self.started = started
        self.progress = progress
        self.shouldStop = shouldStop
        self.designs = designs
    }

    /// Runs `names` in order. After each experiment (and after an interruption) `record` gets the
    /// suite so far, so that what was measured is stored before anything else can go wrong.
    /// - Throws: what `record` throws, or an engine's ``WorkloadError``; never
    ///   ``ExperimentInterrupted``, which ends the suite as `interrupted`.
    public func run(
        _ names: [ExperimentName], record: (ExperimentSuiteResult) throws -> Void = { _ in }
    ) throws -> ExperimentSuiteResult {
        let plans = names.map { name in (designs(name), designs(name).configurations(at: scale)) }
        let totalWork = plans.reduce(0.0) { total, plan in
            plan.1.reduce(total) { $0 + $1.workload.warmUp.estimatedWork + Double(repeats) * $1.workload.estimatedWork }
        }
        var tracker = WorkTracker(total: totalWork, start: monotonicSeconds())
        var suite = ExperimentSuiteResult(
            runID: session.runID, engine: engine.kind, scale: scale, machine: machine, repeats: repeats,
            started: started, device: engine.device, experiments: [])
        for (design, planned) in plans {
            engine.forgetWeights()
            var measured: [MeasuredConfiguration] = []
            var interrupted = false
            for (index, configuration) in planned.enumerated() {
                progress(tracker.progress(design.name, configuration.label, index, planned.count))
                do {
                    measured.append(try measure(configuration, of: design.name, tracker: &tracker))
                } catch is ExperimentInterrupted {
                    interrupted = true
                    break
                }
            }
            let (evaluation, configurations) = design.evaluate(measured)
            suite.experiments.append(
                ExperimentResult(
                    definition: design.definition, evaluation: evaluation, configurations: configurations))
            if interrupted { suite.status = .interrupted }
            try record(suite)
            if interrupted { break }
        }
        engine.forgetWeights()
        return suite
    }

    private func measure(
        _ configuration: PlannedConfiguration, of experiment: ExperimentName, tracker: inout WorkTracker
    ) throws -> MeasuredConfiguration {
        let workload = configuration.workload
        _ = try engine.run(workload.warmUp, task: nil, session: session, shouldStop: shouldStop)
        tracker.done += workload.warmUp.estimatedWork
        var outcomes: [WorkloadOutcome] = []
        for repeatIndex in 1...repeats {
            let task = "\(experiment.rawValue): \(configuration.label) (\(repeatIndex)/\(repeats))"
            outcomes.append(try engine.run(workload, task: task, session: session, shouldStop: shouldStop))
            tracker.done += workload.estimatedWork
        }
        return MeasuredConfiguration(
            planned: configuration, repeats: outcomes, result: Self.result(of: configuration, outcomes))
    }

    /// The configuration's figures over its repeats. Inference energy and time are scaled to the
    /// samples the configuration reports, training's to one run (the engine may have run more
    /// passes or runs to be measurable).
    static func result(of configuration: PlannedConfiguration, _ outcomes: [WorkloadOutcome]) -> ConfigurationResult {
        func scaled(_ outcome: WorkloadOutcome) -> Double {
            guard configuration.workload.kind == .inference else { return 1 / Double(max(outcome.runs, 1)) }
            guard let samples = configuration.parameters.trainSamples, outcome.samplesProcessed > 0 else { return 1 }
            return Double(samples) / Double(outcome.samplesProcessed)
        }
        let energies = outcomes.map { ($0.energy?.facility.joules ?? 0) * scaled($0) }
        let seconds = outcomes.map { $0.seconds * scaled($0) }
        let rates = outcomes.map { Double($0.samplesProcessed) / max($0.seconds, 1e-9) }
        let last = outcomes.last
        var parameters = configuration.parameters
        if configuration.workload.kind == .train, configuration.workload.targetAccuracy != nil,
            let epochs = Statistics.median(outcomes.map { Double($0.epochsRun) })
        {
            parameters.epochs = Int(epochs.rounded())
        }
        parameters.trainableParameters = parameters.trainableParameters ?? last?.trainableParameters
        return ConfigurationResult(
            label: configuration.label, parameters: parameters,
            energy: Spread(of: energies) ?? Spread(exactly: 0), durationSeconds: Statistics.median(seconds) ?? 0,
            samplesPerSecond: Statistics.median(rates) ?? 0,
            accuracy: Statistics.median(outcomes.compactMap(\.accuracy)), method: Self.method(of: last?.energy),
            nonzeroWeights: last?.nonzeroWeights, parameterBytes: last?.parameterBytes,
            reachedTarget: configuration.workload.targetAccuracy == nil
                ? nil : outcomes.allSatisfy { $0.reachedTarget == true })
    }

    /// The method of the component that carried most of the energy.
    static func method(of energy: PhaseEnergy?) -> MeasurementMethod {
        guard let energy,
            let largest = energy.components.max(by: { $0.value.joules < $1.value.joules })?.key
        else { return .none }
        return energy.methods[largest] ?? .none
    }
}

/// The suite's estimated work, done and to do, and the pace so far.
struct WorkTracker {
    let total: Double
    let start: Double
    var done = 0.0

    func progress(
        _ experiment: ExperimentName, _ label: String, _ index: Int, _ count: Int
    )
        -> ExperimentRunner.Progress
    {
        let elapsed = monotonicSeconds() - start
        let fraction = total > 0 ? min(done / total, 1) : 0
        return ExperimentRunner.Progress(
            experiment: experiment, configuration: label, index: index + 1, count: count, fractionDone: fraction,
            elapsed: elapsed, remaining: done > 0 ? elapsed / done * (total - done) : nil)
    }
}
