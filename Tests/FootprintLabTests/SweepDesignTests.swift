import FootprintCore
import Testing

@testable import FootprintLab

/// The epochs, training-vs-inference and model-size designs: their plans at every scale, their
/// evaluation of energies whose shape is known, of a plan cut short, and a real smoke run.
@Suite struct SweepDesignTests {
    /// The suite of `names` run on `engine` at smoke scale.
    static func run(
        _ names: [ExperimentName], on engine: any WorkloadEngine, repeats: Int = 3
    ) throws -> ExperimentSuiteResult {
        let (runner, session) = try ExperimentRunnerTests.runner(engine, repeats: repeats)
        let suite = try runner.run(names)
        session.finish()
        return suite
    }

    static func flops(_ workload: Workload) -> Double { workload.model.forwardFLOPs }

    /// Forward FLOPs × samples run, ×`beta` for training, plus a start-up cost: what the
    /// life-cycle model assumes.
    static func law(beta: Double, startUp: Double = 0) -> @Sendable (Workload, Int) -> Double {
        { workload, _ in
            let inference = flops(workload) * Double(workload.data.trainSamples * workload.epochs) * 1e-6
            return workload.kind == .train ? beta * inference + startUp : inference
        }
    }

    // MARK: epochs

    @Test(arguments: ExperimentScale.allCases) func epochsPlansTwoModelsOverFiveEpochCountsEach(
        scale: ExperimentScale
    ) {
        let planned = EpochsDesign().configurations(at: scale)
        let models = Set(planned.compactMap(\.parameters.group))
        #expect(models.count == 2)
        for model in models {
            let mine = planned.filter { $0.parameters.group == model }
            let training = mine.filter { $0.parameters.phase == .train }
            #expect(Set(training.compactMap(\.parameters.epochs)).count >= 5)
            #expect(Set(training.compactMap(\.parameters.trainSamples)).count == 1)
            // The inference runs over as many samples as one of the training configurations trains on.
            let inference = mine.filter { $0.parameters.phase == .inference }
            #expect(inference.count == 1)
            #expect(
                training.contains {
                    ($0.parameters.trainSamples ?? 0) * ($0.parameters.epochs ?? 0)
                        == inference.first?.parameters.trainSamples
                })
        }
        #expect(Set(planned.map(\.label)).count == planned.count)
    }

    @Test func epochsFitsALinePerModelAndPredictsWithTheLifecycleModel() throws {
        let suite = try Self.run([.epochs], on: ScriptedWorkloadEngine(law: Self.law(beta: 3, startUp: 2)))
        let experiment = try #require(suite.experiments.first)
        #expect(experiment.verdict == .confirmed)
        let series = experiment.fit.series ?? []
        #expect(series.count == 2)
        #expect(series.allSatisfy { ($0.line?.rSquared ?? 0) > 0.999 })
        let trained = experiment.configurations.filter { $0.parameters.phase == .train }
        #expect(trained.allSatisfy { $0.predictedEnergyJoules != nil })
        #expect(experiment.finding.contains("Life-cycle model T = β·I·D·E: 2x32 β "))
        // With a start-up cost the prediction through the origin misses the smallest E most.
        #expect(experiment.finding.contains("of the measured energies"))
    }

    @Test func epochsJudgesWhatAnInterruptionLeft() throws {
        let suite = try Self.run([.epochs], on: ScriptedWorkloadEngine(law: Self.law(beta: 3)), repeats: 1)
        let measured = try #require(suite.experiments.first).configurations
        let design = EpochsDesign()
        let planned = design.configurations(at: .smoke)
        for count in [0, 1, 3, 6, 7] {
            let prefix = zip(planned, measured).prefix(count).map {
                MeasuredConfiguration(planned: $0, repeats: [], result: $1)
            }
            let (evaluation, configurations) = design.evaluate(prefix)
            #expect(configurations.count == count)
            #expect(evaluation.verdict == .inconclusive)
        }
    }

    // MARK: training-vs-inference

    @Test(arguments: ExperimentScale.allCases) func trainingVsInferencePairsEveryTrainingWithInferenceOverItsSamples(
        scale: ExperimentScale
    ) {
        let planned = TrainingVsInferenceDesign().configurations(at: scale)
        let training = planned.filter { $0.parameters.phase == .train }
        #expect(training.count * 2 == planned.count)
        #expect(Set(training.compactMap(\.parameters.trainSamples)).count == 2)
        #expect(Set(training.compactMap(\.parameters.depth)).count >= 2)
        for train in training {
            let inference = planned.filter {
                $0.parameters.phase == .inference && $0.parameters.group == train.parameters.group
            }
            #expect(inference.count == 1)
            #expect(
                inference.first?.parameters.trainSamples
                    == (train.parameters.trainSamples ?? 0) * (train.parameters.epochs ?? 0))
            #expect(inference.first?.parameters.epochs == train.parameters.epochs)
        }
        if scale == .paper {
            #expect(Set(training.compactMap(\.parameters.trainSamples)) == [100_000, 10_000])
        }
    }

    @Test func trainingVsInferenceJudgesTheLargestModelsAndKeepsEveryShare() throws {
        let suite = try Self.run([.trainingVsInference], on: ScriptedWorkloadEngine(law: Self.law(beta: 5)))
        let experiment = try #require(suite.experiments.first)
        #expect(experiment.verdict == .confirmed)
        let shares = experiment.fit.shares ?? []
        let models = TrainingVsInferenceDesign().configurations(at: .smoke).count / 2
        #expect(shares.count == models)
        #expect(shares.allSatisfy { abs($0.share - 0.8) < 1e-9 && abs(($0.beta ?? 0) - 5) < 1e-9 })
        // The verdict's sentence names the largest model at each size, and the trend is added.
        #expect(experiment.finding.contains("4x128, 2,000 samples: 80 %"))
        #expect(experiment.finding.contains("4x128, 1,000 samples: 80 %"))
        #expect(!experiment.finding.contains("1x64, 2,000 samples: 80 %"))
        #expect(experiment.finding.contains("at 2,000 samples 80 % (1x64, β 5) to 80 % (4x128, β 5) over 6 models"))
    }

    @Test func trainingVsInferenceChallengesAnOverheadFarFromEightyPercent() throws {
        let suite = try Self.run([.trainingVsInference], on: ScriptedWorkloadEngine(law: Self.law(beta: 2)))
        let experiment = try #require(suite.experiments.first)
        #expect(experiment.verdict == .challenged)
        #expect(experiment.fit.shares?.allSatisfy { abs($0.share - 0.5) < 1e-9 } == true)
    }

    @Test func trainingVsInferenceIsInconclusiveWithoutAPair() throws {
        let suite = try Self.run([.trainingVsInference], on: ScriptedWorkloadEngine(law: Self.law(beta: 5)))
        let measured = try #require(suite.experiments.first).configurations
        let design = TrainingVsInferenceDesign()
        let only = zip(design.configurations(at: .smoke), measured).prefix(1).map {
            MeasuredConfiguration(planned: $0, repeats: [], result: $1)
        }
        let (evaluation, configurations) = design.evaluate(only)
        #expect(configurations.count == 1)
        #expect(evaluation.verdict == .inconclusive)
        // The first size complete, the second not: its largest model is missing.
        let cut = zip(design.configurations(at: .smoke), measured).prefix(14).map {
            MeasuredConfiguration(planned: $0, repeats: [], result: $1)
        }
        let partial = design.evaluate(cut).evaluation
        #expect(partial.verdict == .inconclusive)
        #expect(partial.fit.shares?.count == 7)
        // The rule's own word gives way: the finding names one verdict.
        #expect(partial.finding.contains("Not every model was measured at both sizes (inconclusive)."))
        #expect(!partial.finding.contains("(confirmed)"))
        #expect(design.evaluate([]).evaluation.verdict == .inconclusive)
    }

    // MARK: model-size

    @Test(arguments: ExperimentScale.allCases) func modelSizePlansAGridOfDepthsAndWidths(scale: ExperimentScale) {
        let planned = ModelSizeDesign().configurations(at: scale)
        let plan = ModelSizeDesign.plan(scale)
        #expect(planned.count == plan.depths.count * plan.widths.count)
        #expect(plan.depths.count >= 4 && plan.widths.count >= 2)
        #expect(planned.allSatisfy { $0.parameters.phase == .train && $0.parameters.trainableParameters != nil })
        #expect(Set(planned.compactMap(\.parameters.group)).count == plan.widths.count)
        if scale == .paper {
            #expect(plan.depths.first == 10 && plan.depths.last == 170)
            #expect(plan.widths.first == 25 && plan.widths.last == 100)
        }
    }

    @Test func modelSizeConfirmsEnergyRisingWithParametersAndSaysWhereItJumps() throws {
        let suite = try Self.run([.modelSize], on: ScriptedWorkloadEngine(law: Self.law(beta: 3)))
        let experiment = try #require(suite.experiments.first)
        #expect(experiment.verdict == .confirmed)
        #expect(experiment.fit.series?.map(\.name) == ["width 32", "width 64"])
        #expect(experiment.fit.series?.allSatisfy { $0.spearman == 1 } == true)
        #expect(experiment.finding.contains("Energy jumps most at width"))
        #expect(experiment.finding.contains("in parameters."))
    }

    @Test func modelSizeChallengesEnergyThatDoesNotRise() throws {
        // Energy falling as the model grows: ρ = −1.
        let engine = ScriptedWorkloadEngine { workload, _ in 1e6 / max(workload.model.forwardFLOPs, 1) }
        let suite = try Self.run([.modelSize], on: engine)
        let experiment = try #require(suite.experiments.first)
        #expect(experiment.verdict == .challenged)
        #expect(experiment.fit.series?.allSatisfy { $0.spearman == -1 } == true)
    }

    // MARK: a real run

    /// A design's plan with every training set `factor` times smaller: the real engine's run in
    /// a debug build stays short, the plan's shape (models, pairs, sweeps) as it is.
    struct Shrunk: ExperimentDesign {
        let design: any ExperimentDesign
        let factor: Int
        var name: ExperimentName { design.name }

        func configurations(at scale: ExperimentScale) -> [PlannedConfiguration] {
            design.configurations(at: scale).map { configuration in
                var configuration = configuration
                configuration.workload.data.trainSamples /= factor
                configuration.parameters.trainSamples = configuration.parameters.trainSamples.map { $0 / factor }
                return configuration
            }
        }

        func evaluate(
            _ measured: [MeasuredConfiguration]
        ) -> (evaluation: Evaluation, configurations: [ConfigurationResult]) { design.evaluate(measured) }
    }

    @Test func theSmokePlansRunOnTheLabEngine() throws {
        let session = try MeasuredSessionTests.session()
        try session.start()
        // The command's default backend: OpenBLAS where installed, whose speed does not depend on
        // this build's optimisation.
        let gemm = GEMMBackends.named("auto", threads: 1) ?? SwiftGEMM()
        let runner = ExperimentRunner(
            engine: LabWorkloadEngine(gemm: gemm), session: session, scale: .smoke, repeats: 1, machine: "test machine",
            started: "2026-11-30T10:00:00Z", designs: { Shrunk(design: $0.design, factor: 40) })
        let names: [ExperimentName] = [.epochs, .trainingVsInference, .modelSize]
        let suite = try runner.run(names)
        session.finish()
        #expect(suite.status == .finished)
        #expect(suite.experiments.map(\.name) == names)
        for experiment in suite.experiments {
            let planned = experiment.name.design.configurations(at: .smoke)
            #expect(experiment.configurations.count == planned.count)
            #expect(experiment.configurations.allSatisfy { $0.energy.median > 0 })
            #expect(!experiment.finding.isEmpty)
        }
        // The life-cycle model's pairs still match once shrunk.
        let epochs = try #require(suite.experiments.first)
        #expect(
            epochs.configurations.filter { $0.parameters.phase == .train }.allSatisfy {
                $0.predictedEnergyJoules != nil
            })
        #expect(suite.experiments[1].fit.shares?.count == plannedCount(.trainingVsInference) / 2)
    }

    private func plannedCount(_ name: ExperimentName) -> Int { name.design.configurations(at: .smoke).count }
}
