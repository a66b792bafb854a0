import FootprintCore
import Testing

@testable import FootprintLab

@Suite struct TransferLearningDesignTests {
    typealias Role = TransferLearningDesign.Role

    @Test(arguments: ExperimentScale.allCases)
    func pretrainingKeepsTheWeightsFineTuningStartsFromAndEveryRunTrainsToOneTarget(scale: ExperimentScale) throws {
        let planned = TransferLearningDesign().configurations(at: scale)
        #expect(planned.map(\.parameters.model) == Role.allCases.map(\.rawValue))
        let pretrain = planned[0].workload, scratch = planned[1].workload
        let fineTuned = planned[2], dedicated = planned[3].workload
        #expect(pretrain.keepWeights == TransferLearningDesign.pretrainedKey && pretrain.targetAccuracy == nil)
        #expect(pretrain.data.labels == [0, 1, 2, 3, 4])
        #expect(fineTuned.workload.initialWeights == pretrain.keepWeights)
        // One architecture for both tasks: five classes each, the same spec.
        #expect(pretrain.model == scratch.model && scratch.model == fineTuned.workload.model)
        #expect([scratch, fineTuned.workload, dedicated].allSatisfy { $0.data.labels == [5, 6, 7, 8, 9] })
        let target = try #require(scratch.targetAccuracy)
        #expect([fineTuned.workload, dedicated].allSatisfy { $0.targetAccuracy == target })
        // All but the last layers frozen, and only those counted as trainable.
        let plan = TransferLearningDesign.plan(scale)
        #expect(fineTuned.workload.freeze == plan.frozen && fineTuned.parameters.frozenLayers == plan.frozen)
        #expect(plan.frozen >= 1 && plan.frozen <= plan.depth)
        let allParameters = try #require(planned[1].parameters.trainableParameters)
        let trainable = try #require(fineTuned.parameters.trainableParameters)
        #expect(trainable > 0 && trainable < allParameters)
        // The dedicated network is the small one.
        #expect(try #require(planned[3].parameters.trainableParameters) < trainable * 10)
        #expect(planned[3].workload.model.forwardFLOPs < scratch.model.forwardFLOPs / 10)
        #expect(scratch.data.trainSamples > 0 && scratch.data.trainSamples <= 1_000)
    }

    @Test func theRatiosComeFromEnergyToTheTargetWithPretrainingReportedApart() throws {
        let (runner, session) = try ExperimentRunnerTests.runner(
            ScriptedWorkloadEngine { workload, _ in
                if workload.keepWeights != nil { return 500 }  // pretraining
                if workload.initialWeights != nil { return 10 }  // fine-tuning
                return workload.model.forwardFLOPs > 10_000 ? 100 : 1
            })
        let suite = try runner.run([.transferLearning])
        session.finish()
        let experiment = try #require(suite.experiments.first)
        let ratios = try #require(experiment.fit.ratios)
        #expect(
            ratios.map(\.name) == [
                ExperimentName.Criterion.scratchOverFineTuned, ExperimentName.Criterion.fineTunedOverDedicated
            ])
        #expect(ratios.map(\.value) == [10, 10])
        #expect(experiment.verdict == .confirmed)
        #expect(experiment.finding.contains("Pretraining on digits 0–4, counted apart: 500 J, ×50 the fine-tuning"))
        #expect(experiment.finding.contains("Accuracy reached: scratch 90 %"))
        let pretrain = try #require(experiment.configurations.first)
        #expect(pretrain.reachedTarget == nil)
    }

    @Test func aRunThatMissedTheTargetMakesItsRatioABound() throws {
        let planned = TransferLearningDesign().configurations(at: .smoke)
        let energies: [Double] = [500, 100, 10, 1]
        let measured = zip(planned, energies).map { configuration, joules in
            var result = ExperimentRunner.result(
                of: configuration, [WorkloadOutcome(energy: nil, seconds: 1, samplesProcessed: 1, epochsRun: 1)])
            result.energy = Spread(exactly: joules)
            result.accuracy = 0.8
            // Scratch stopped at its last epoch short of the target: 100 J is a lower bound.
            result.reachedTarget = configuration.workload.targetAccuracy.map { _ in joules != 100 }
            return MeasuredConfiguration(planned: configuration, repeats: [], result: result)
        }
        let (evaluation, _) = TransferLearningDesign().evaluate(measured)
        let scratch = try #require(evaluation.fit.ratios?.first)
        #expect(scratch.value == 10 && scratch.high == nil && scratch.low == 10)
        #expect(evaluation.finding.contains("×10 or more"))
        #expect(evaluation.finding.contains("scratch 80 % in 1 epoch, target not reached"))
        // Without the fine-tuned run neither ratio has evidence.
        let partial = TransferLearningDesign().evaluate(Array(measured.prefix(2)))
        #expect(partial.evaluation.verdict == .inconclusive)
        #expect(partial.evaluation.fit.ratios?.isEmpty != false)
    }

    @Test func theSmokePlanRunsOnTheLabEngine() throws {
        let (runner, session) = try ExperimentRunnerTests.runner(LabWorkloadEngine(), repeats: 1)
        let suite = try runner.run([.transferLearning])
        session.finish()
        let experiment = try #require(suite.experiments.first)
        #expect(experiment.configurations.count == 4)
        #expect(experiment.configurations.allSatisfy { $0.energy.median > 0 && $0.accuracy != nil })
        let fineTuned = try #require(experiment.configurations.first { $0.parameters.model == "fine-tuned" })
        #expect(fineTuned.reachedTarget != nil && fineTuned.parameters.frozenLayers != nil)
    }
}
