import FootprintCore
import Testing

@testable import FootprintLab

@Suite struct LayerTypeDesignTests {
    @Test(arguments: ExperimentScale.allCases)
    func eachConvStackFacesADenseStackOfComparableParametersOnTheDigits(scale: ExperimentScale) throws {
        let planned = LayerTypeDesign().configurations(at: scale)
        #expect(Set(planned.map(\.label)).count == planned.count)
        let groups = Dictionary(grouping: planned) { $0.parameters.group ?? "" }
        #expect(groups.values.allSatisfy { $0.count == 2 })
        for (group, pair) in groups {
            let dense = try #require(pair.first { $0.parameters.model == "dense" })
            let conv = try #require(pair.first { $0.parameters.model == "conv" })
            #expect(dense.workload.data == conv.workload.data && dense.workload.data.source == .digits)
            #expect(dense.parameters.depth == conv.parameters.depth)
            guard case .network(let spec) = conv.workload.model else {
                Issue.record("the conv stack is not a network")
                continue
            }
            #expect(spec.input == [1, 8, 8])
            #expect(spec.layers.contains { if case .conv2d(_, 3, 1, .same, _) = $0 { true } else { false } })
            let denseParameters = Double(try #require(dense.parameters.trainableParameters))
            let convParameters = Double(try #require(conv.parameters.trainableParameters))
            #expect(abs(convParameters / denseParameters - 1) < 0.05, "\(group)")
            // Each conv weight is used at every pixel: more FLOPs per parameter.
            let denseFLOPs = try #require(dense.parameters.flopsPerSample)
            let convFLOPs = try #require(conv.parameters.flopsPerSample)
            #expect(convFLOPs / convParameters > 2 * denseFLOPs / denseParameters)
        }
    }

    @Test func energyThatFollowsFLOPsIsMoreEnergyPerParameterForConvAndTheSamePerFLOP() throws {
        let (runner, session) = try ExperimentRunnerTests.runner(
            ScriptedWorkloadEngine { workload, _ in
                workload.model.forwardFLOPs * Double(workload.data.trainSamples * workload.epochs) * 1e-9
            })
        let suite = try runner.run([.layerType])
        session.finish()
        let experiment = try #require(suite.experiments.first)
        let ratio = try #require(experiment.fit.ratios?.first)
        #expect(ratio.name == ExperimentName.Criterion.convOverDensePerParameter)
        #expect(ratio.value > 2)
        #expect(experiment.verdict == .confirmed)
        #expect(experiment.finding.contains("Per forward FLOP, conv ÷ dense: ×1 ("))
    }

    @Test func aComparisonWithoutItsConvStackIsInconclusive() {
        let planned = LayerTypeDesign().configurations(at: .smoke)
        let dense = ExperimentRunner.result(
            of: planned[0], [WorkloadOutcome(energy: nil, seconds: 1, samplesProcessed: 1, epochsRun: 1)])
        let (evaluation, results) = LayerTypeDesign().evaluate(
            [MeasuredConfiguration(planned: planned[0], repeats: [], result: dense)])
        #expect(evaluation.verdict == .inconclusive)
        #expect(results.map(\.label) == [planned[0].label])
    }

    @Test func theSmokePlanRunsOnTheLabEngine() throws {
        let (runner, session) = try ExperimentRunnerTests.runner(LabWorkloadEngine(), repeats: 1)
        let suite = try runner.run([.layerType])
        session.finish()
        let experiment = try #require(suite.experiments.first)
        #expect(experiment.configurations.count == LayerTypeDesign().configurations(at: .smoke).count)
        #expect(experiment.configurations.allSatisfy { $0.energy.median > 0 && $0.accuracy != nil })
        #expect(experiment.fit.ratios?.count == 1)
    }
}
