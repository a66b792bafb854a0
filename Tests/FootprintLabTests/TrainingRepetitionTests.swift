import FootprintCore
import Testing

@testable import FootprintLab

/// Training too short for the meter to resolve runs again from its start until it lasted the
/// workload's minimum seconds; its figures are then per run.
@Suite struct TrainingRepetitionTests {
    @Test func shortTrainingRunsAgainFromItsStartUntilItLastedTheMinimum() throws {
        let engine = LabWorkloadEngine()
        let session = try MeasuredSessionTests.session()
        try session.start()
        let data = DataRecipe(source: .synthetic, trainSamples: 32, testSamples: 16, inputs: 4, classes: 2)
        let spec = DesignKit.mlp(depth: 1, width: 4, inputs: 4, classes: 2)
        var workload = Workload(
            kind: .train, model: .network(spec), data: data, epochs: 3, batch: 8, keepWeights: "short",
            minimumSeconds: 0.05)
        let repeated = try engine.run(workload, task: "repeated", session: session) { false }
        #expect(repeated.runs > 1)
        #expect(repeated.epochsRun == 3)
        #expect(repeated.samplesProcessed == repeated.runs * 32 * 3)
        // Every run starts from the same weights and seed: the one kept ends where a single run does.
        workload.minimumSeconds = 0
        workload.keepWeights = nil
        let once = try engine.run(workload, task: "once", session: session) { false }
        #expect(once.runs == 1 && once.samplesProcessed == 32 * 3)
        #expect(once.accuracy == repeated.accuracy)
        // A target reached in the first epoch ends every run there.
        workload.targetAccuracy = 0
        workload.minimumSeconds = 0.05
        let toTarget = try engine.run(workload, task: "to target", session: session) { false }
        #expect(toTarget.epochsRun == 1 && toTarget.reachedTarget == true)
        #expect(toTarget.samplesProcessed == toTarget.runs * 32)
        session.finish()
    }

    @Test func theRunnerReportsTrainingPerRun() {
        let planned = DesignKit.training(
            "t", spec: DesignKit.mlp(depth: 1, width: 8), data: DesignKit.synthetic(100, scale: .smoke), epochs: 2,
            minimumSeconds: 1)
        let energy = PhaseEnergy(
            name: "t", duration: 2, facility: Energy(joules: 40), components: [.cpu: Energy(joules: 40)],
            methods: [.cpu: .tdpLoad])
        // Four runs of 2 epochs over 100 samples in 2 s: 10 J and 0.5 s a run.
        let outcome = WorkloadOutcome(energy: energy, seconds: 2, samplesProcessed: 800, epochsRun: 2, runs: 4)
        let result = ExperimentRunner.result(of: planned, [outcome])
        #expect(result.energy.median == 10)
        #expect(result.durationSeconds == 0.5)
        #expect(result.samplesPerSecond == 400)
        #expect(result.energyPerSample?.median == 10.0 / 200)
    }
}
