import FootprintCore
import Testing

@testable import FootprintLab

/// The reduction-lever designs: sparse-vs-deep, precision, batch-size and pruning.
@Suite struct LeverDesignTests {
    static let designs: [any ExperimentDesign] = [
        SparseVsDeepDesign(), PrecisionDesign(), BatchSizeDesign(), PruningDesign()
    ]

    /// A configuration measured as if each repeat took `joules` and `seconds` and reached `accuracy`.
    static func measured(
        _ planned: PlannedConfiguration, joules: [Double], seconds: Double = 1, accuracy: Double? = 0.9,
        nonzero: Int? = nil, bytes: Int? = nil, runs: Int = 1
    ) -> MeasuredConfiguration {
        let outcomes = joules.map { value in
            WorkloadOutcome(
                energy: PhaseEnergy(
                    name: planned.label, duration: seconds, facility: Energy(joules: value),
                    components: [.cpu: Energy(joules: value)], methods: [.cpu: .tdpLoad]),
                seconds: seconds,
                samplesProcessed: planned.workload.data.trainSamples * max(planned.workload.epochs, 1),
                epochsRun: planned.workload.epochs, accuracy: accuracy, nonzeroWeights: nonzero,
                parameterBytes: bytes, runs: runs)
        }
        return MeasuredConfiguration(
            planned: planned, repeats: outcomes, result: ExperimentRunner.result(of: planned, outcomes))
    }

    @Test(arguments: ExperimentScale.allCases)
    func everyPlanHasUniqueLabelsAndKeepsWeightsBeforeTheyAreUsed(scale: ExperimentScale) {
        for design in Self.designs {
            let planned = design.configurations(at: scale)
            #expect(!planned.isEmpty)
            #expect(Set(planned.map(\.label)).count == planned.count, "\(design.name)")
            var kept: Set<String> = []
            for configuration in planned {
                #expect(configuration.parameters.phase != nil && configuration.parameters.model != nil)
                if let key = configuration.workload.initialWeights {
                    #expect(kept.contains(key), "\(design.name): \(configuration.label) starts from \(key)")
                }
                if let key = configuration.workload.keepWeights { kept.insert(key) }
                // Every network workload lasts long enough for the meter (the linear trainers run once).
                if case .network = configuration.workload.model {
                    #expect(configuration.workload.minimumSeconds == scale.minimumPhaseSeconds)
                }
            }
            #expect(ExperimentName.allCases.first { $0.design.name == design.name } != nil)
        }
    }

    @Test func thePlansSweepWhatTheIssueAsks() {
        let sparse = SparseVsDeepDesign().configurations(at: .standard)
        for model in ["l1-logistic", "lasso", "mlp", "cnn"] {
            let phases = sparse.filter { $0.parameters.model == model }.compactMap(\.parameters.phase)
            #expect(phases == [.train, .inference], "\(model)")
        }
        #expect(sparse.allSatisfy { $0.workload.data.source == .digits })
        let precision = PrecisionDesign().configurations(at: .standard)
        #expect(precision.compactMap(\.parameters.precision) == ["float32", "float16"])
        #expect(precision.filter { $0.workload.kind == .inference }.map(\.workload.storage) == [.float32, .float16])
        let batches = BatchSizeDesign().configurations(at: .standard)
        #expect(
            batches.filter { $0.parameters.group == "inference" }.compactMap(\.parameters.batch)
                == (0...9).map { 1 << $0 })
        #expect(batches.filter { $0.parameters.group == "training" }.count == 10)
        // Each batch size runs forward over the very samples (and test set) it trained on.
        for index in stride(from: 0, to: batches.count, by: 2) {
            #expect(batches[index].workload.data == batches[index + 1].workload.data)
            #expect(batches[index + 1].workload.initialWeights == batches[index].workload.keepWeights)
        }
        let pruning = PruningDesign().configurations(at: .standard)
        let sparsities = Set(pruning.compactMap(\.parameters.sparsity))
        #expect(sparsities == [0, 0.5, 0.7, 0.8, 0.9, 0.95])
        for scale in ExperimentScale.allCases {
            #expect(PruningDesign.plan(scale).sparsities.contains(PruningDesign.judged))
            #expect(PruningDesign.plan(scale).sparsities.contains(0))
            #expect(BatchSizeDesign.plan(scale).batches.first == 1)
        }
        let csr = pruning.filter { $0.workload.storage == .csr }
        #expect(csr.count == 6 && csr.allSatisfy { $0.parameters.model == "csr" && $0.workload.sparsity != nil })
    }

    @Test func sparseModellingIsConfirmedOnlyWhenTheDeepModelsCostFarMoreAtTheSameAccuracy() {
        let planned = SparseVsDeepDesign().configurations(at: .smoke)
        func judged(deepJoules: Double, deepSeconds: Double, sparseAccuracy: Double) -> Evaluation {
            let measured = planned.map { configuration -> MeasuredConfiguration in
                let deep = ["mlp", "cnn"].contains(configuration.parameters.model ?? "")
                let train = configuration.parameters.phase == .train
                return Self.measured(
                    configuration,
                    joules: train && deep ? [deepJoules * 0.95, deepJoules, deepJoules * 1.05] : [1, 1, 1],
                    seconds: train && deep ? deepSeconds : 1, accuracy: deep ? 0.97 : sparseAccuracy, nonzero: 300)
            }
            return SparseVsDeepDesign().evaluate(measured).evaluation
        }
        // A training run again until it lasted long enough is timed per run.
        let rerun = Self.measured(planned[4], joules: [8], seconds: 2, runs: 4)
        #expect(rerun.secondsSpread?.median == 0.5 && rerun.result.energy.median == 2)
        let confirmed = judged(deepJoules: 200, deepSeconds: 10, sparseAccuracy: 0.95)
        #expect(confirmed.verdict == .confirmed)
        #expect(confirmed.fit.ratios?.count == 4)
        #expect(confirmed.finding.contains("Lasso (not judged)"))
        #expect(judged(deepJoules: 3, deepSeconds: 1.5, sparseAccuracy: 0.95).verdict == .challenged)
        // Far cheaper, but ten points less accurate: the claim's "matches the accuracy" fails.
        #expect(judged(deepJoules: 200, deepSeconds: 10, sparseAccuracy: 0.87).verdict == .challenged)
    }

    @Test func float16IsJudgedOnTheSameWeightsAndItsCostReportedWhicheverWayItGoes() {
        let planned = PrecisionDesign().configurations(at: .smoke)
        func judged(float16Joules: Double) -> Evaluation {
            let measured = planned.map { configuration in
                Self.measured(
                    configuration, joules: configuration.parameters.precision == "float16" ? [float16Joules] : [10],
                    bytes: configuration.parameters.precision == "float16" ? 500 : 1_000)
            }
            return PrecisionDesign().evaluate(measured).evaluation
        }
        let slower = judged(float16Joules: 12)
        #expect(slower.verdict == .challenged)
        #expect(slower.finding.contains("1,000 bytes in Float32, 500 in Float16"))
        #expect(judged(float16Joules: 5).verdict == .confirmed)
    }

    @Test func batchingIsJudgedPerSampleEvenWhereSmallBatchesRanFewerSamples() throws {
        let planned = BatchSizeDesign().configurations(at: .smoke)
        // Every configuration costs 1 mJ per sample: no gain from batching, whatever the sample counts.
        let measured = planned.map { configuration in
            let parameters = configuration.parameters
            let samples = (parameters.trainSamples ?? 0) * (parameters.phase == .train ? parameters.epochs ?? 1 : 1)
            return Self.measured(configuration, joules: [0.001 * Double(samples)])
        }
        let (evaluation, results) = BatchSizeDesign().evaluate(measured)
        #expect(evaluation.verdict == .challenged)
        let ratio = try #require(evaluation.fit.ratios?.first)
        #expect(abs(ratio.value - 1) < 1e-9 && ratio.pair == "batch 1 ÷ batch 512")
        #expect(evaluation.finding.contains("Not judged: inference per sample was cheapest at batch"))
        #expect(evaluation.finding.contains("training batch 1 ÷ batch 512 energy per sample ×1"))
        #expect(results.count == planned.count)
    }

    @Test func pruningComparesDenseAndCSRAtNinetyPercentAndTheAccuracyLost() throws {
        let planned = PruningDesign().configurations(at: .smoke)
        let measured = planned.map { configuration in
            let sparsity = configuration.parameters.sparsity ?? 0
            let csr = configuration.parameters.model == "csr"
            return Self.measured(
                configuration, joules: [csr ? 10 * (1 - sparsity) + 0.5 : 10],
                accuracy: sparsity >= 0.9 ? 0.96 : 0.97, nonzero: Int((1_000 * (1 - sparsity)).rounded()))
        }
        let evaluation = PruningDesign().evaluate(measured).evaluation
        let ratio = try #require(evaluation.fit.ratios?.first)
        #expect(abs(ratio.value - 10 / 1.5) < 1e-9)
        #expect(evaluation.fit.accuracyDrops?.first.map { abs($0.drop - 0.01) < 1e-9 } == true)
        #expect(evaluation.verdict == .confirmed)
        #expect(evaluation.finding.contains("100 non-zero weights left"))
    }

    @Test func everyPrefixOfEveryPlanIsJudgedWithoutTrapping() {
        for design in Self.designs {
            let planned = design.configurations(at: .smoke)
            let measured = planned.map { Self.measured($0, joules: [2, 3, 4]) }
            for count in 0...measured.count {
                let (evaluation, results) = design.evaluate(Array(measured.prefix(count)))
                #expect(results.count == count)
                if count == 0 { #expect(evaluation.verdict == .inconclusive, "\(design.name)") }
            }
        }
    }

    /// The smoke plans, shrunk to a few samples and steps, through the lab's own engine: every
    /// workload (linear models, CNN, kept weights, Float16, pruning, CSR) runs and is measured.
    @Test func theSmokePlansRunThroughTheLabEngine() throws {
        let session = try MeasuredSessionTests.session()
        try session.start()
        let runner = ExperimentRunner(
            engine: LabWorkloadEngine(), session: session, scale: .smoke, repeats: 1, machine: "test",
            started: "2026-11-30T10:00:00Z", designs: { ShrunkDesign(design: $0.design) })
        let suite = try runner.run([.sparseVsDeep, .precision, .batchSize, .pruning])
        session.finish()
        #expect(suite.experiments.map(\.name) == [.sparseVsDeep, .precision, .batchSize, .pruning])
        for experiment in suite.experiments {
            let planned = experiment.name.design.configurations(at: .smoke)
            #expect(experiment.configurations.count == planned.count, "\(experiment.name)")
            #expect(experiment.configurations.allSatisfy { $0.energy.median > 0 }, "\(experiment.name)")
            #expect(experiment.configurations.allSatisfy { $0.accuracy != nil }, "\(experiment.name)")
        }
        let sparse = try #require(suite.experiments.first)
        #expect(sparse.configurations.allSatisfy { $0.nonzeroWeights != nil })
        let precision = suite.experiments[1].configurations.filter { $0.parameters.phase == .inference }
        #expect(precision.compactMap(\.parameterBytes).count == 2)
        if let single = precision.first?.parameterBytes, let half = precision.last?.parameterBytes {
            #expect(single == 2 * half)
        }
    }
}

/// A design's plan with every workload cut to a few samples, one epoch and a few iterations, so
/// that the lab engine runs it in a debug build in moments; evaluation is the design's own.
struct ShrunkDesign: ExperimentDesign {
    let design: any ExperimentDesign
    var name: ExperimentName { design.name }

    func configurations(at scale: ExperimentScale) -> [PlannedConfiguration] {
        design.configurations(at: scale).map { configuration in
            var configuration = configuration
            configuration.workload.data.trainSamples = min(configuration.workload.data.trainSamples, 64)
            configuration.workload.data.testSamples = min(configuration.workload.data.testSamples, 32)
            configuration.workload.epochs = 1
            configuration.workload.minimumSeconds = 0
            switch configuration.workload.model {
            case .l1Logistic(let lambda, _): configuration.workload.model = .l1Logistic(lambda: lambda, iterations: 3)
            case .lasso(let lambda, _): configuration.workload.model = .lasso(lambda: lambda, sweeps: 2)
            case .network: break
            }
            return configuration
        }
    }

    func evaluate(
        _ measured: [MeasuredConfiguration]
    ) -> (evaluation: Evaluation, configurations: [ConfigurationResult]) {
        design.evaluate(measured)
    }
}
