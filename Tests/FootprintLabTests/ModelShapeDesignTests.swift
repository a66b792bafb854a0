import FootprintCore
import Testing

@testable import FootprintLab

@Suite struct ModelShapeDesignTests {
    @Test(arguments: ExperimentScale.allCases)
    func pairsHoldParametersOrNodesEqualAndTheDeepOneIsDeeper(scale: ExperimentScale) throws {
        let planned = ModelShapeDesign().configurations(at: scale)
        #expect(Set(planned.map(\.label)).count == planned.count)
        #expect(planned.allSatisfy { $0.parameters.phase == .train })
        let groups = Dictionary(grouping: planned) { $0.parameters.group ?? "" }
        #expect(groups.values.allSatisfy { $0.count == 2 })
        #expect(groups.keys.contains { $0.hasPrefix(ModelShapeDesign.parametersPrefix) })
        #expect(groups.keys.contains { $0.hasPrefix(ModelShapeDesign.nodesPrefix) })
        for (group, pair) in groups {
            let deep = try #require(pair.first { $0.parameters.model == "deep" }?.parameters)
            let wide = try #require(pair.first { $0.parameters.model == "wide" }?.parameters)
            let deepDepth = try #require(deep.depth), wideDepth = try #require(wide.depth)
            let deepWidth = try #require(deep.width), wideWidth = try #require(wide.width)
            let deepParameters = Double(try #require(deep.trainableParameters))
            let wideParameters = Double(try #require(wide.trainableParameters))
            #expect(deepDepth > wideDepth && deepWidth < wideWidth)
            if group.hasPrefix(ModelShapeDesign.parametersPrefix) {
                // Within a few per cent: the wide width is solved, not guessed.
                #expect(abs(deepParameters / wideParameters - 1) < 0.03, "\(group)")
            } else {
                #expect(deepDepth * deepWidth == wideDepth * wideWidth, "\(group)")
                #expect(deepParameters < wideParameters, "\(group)")
            }
        }
    }

    @Test func energyThatFollowsDepthConfirmsTheClaimAndEnergyThatFollowsParametersChallengesIt() throws {
        // A cost per layer, as launch overheads give: the deep network costs more at any size.
        let perLayer = try Self.run { workload, _ in Double(Self.layers(workload)) * 10 }
        #expect(perLayer.verdict == .confirmed)
        let ratios = try #require(perLayer.fit.ratios)
        #expect(ratios.count == ModelShapeDesign.plan(.smoke).pairs.count)
        #expect(ratios.allSatisfy { $0.value > 1.2 })
        #expect(perLayer.finding.contains("Trainable parameters, deep ÷ wide"))
        // Energy by FLOPs alone: equal parameters cost the same, and at equal nodes the wide
        // network, holding more parameters, costs more.
        let perParameter = try Self.run { workload, _ in workload.model.forwardFLOPs }
        #expect(perParameter.verdict == .challenged)
        #expect(perParameter.fit.ratios?.allSatisfy { $0.value < 1.2 } == true)
    }

    @Test func aPairCutShortLeavesItsCriterionInconclusive() {
        let planned = ModelShapeDesign().configurations(at: .smoke)
        // Only the first configuration measured: no pair is whole.
        let first = ExperimentRunner.result(
            of: planned[0],
            [WorkloadOutcome(energy: nil, seconds: 1, samplesProcessed: 1, epochsRun: 1)])
        let (evaluation, results) = ModelShapeDesign().evaluate(
            [MeasuredConfiguration(planned: planned[0], repeats: [], result: first)])
        #expect(evaluation.verdict == .inconclusive)
        #expect(results.count == 1)
        #expect(ModelShapeDesign().evaluate([]).evaluation.verdict == .inconclusive)
    }

    @Test func theSmokePlanRunsOnTheLabEngine() throws {
        let (runner, session) = try ExperimentRunnerTests.runner(LabWorkloadEngine(), repeats: 1)
        let suite = try runner.run([.modelShape])
        session.finish()
        let experiment = try #require(suite.experiments.first)
        #expect(experiment.configurations.count == ModelShapeDesign().configurations(at: .smoke).count)
        #expect(experiment.configurations.allSatisfy { $0.energy.median > 0 && $0.accuracy != nil })
    }

    /// Dense layers of a workload's network.
    static func layers(_ workload: Workload) -> Int {
        guard case .network(let spec) = workload.model else { return 0 }
        return spec.layers.filter { if case .dense = $0 { true } else { false } }.count
    }

    static func run(_ law: @escaping @Sendable (Workload, Int) -> Double) throws -> ExperimentResult {
        let (runner, session) = try ExperimentRunnerTests.runner(ScriptedWorkloadEngine(law: law))
        let suite = try runner.run([.modelShape])
        session.finish()
        return try #require(suite.experiments.first)
    }
}
