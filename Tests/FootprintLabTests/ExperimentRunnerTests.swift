import FootprintCore
import Foundation
import Synchronization
import Testing

@testable import FootprintLab

@Suite struct ExperimentRunnerTests {
    static func runner(
        _ engine: any WorkloadEngine, repeats: Int = 3, shouldStop: @escaping () -> Bool = { false }
    ) throws -> (ExperimentRunner, MeasuredSession) {
        let session = try MeasuredSessionTests.session()
        try session.start()
        let runner = ExperimentRunner(
            engine: engine, session: session, scale: .smoke, repeats: repeats, machine: "test machine",
            started: "2026-11-30T10:00:00Z", shouldStop: shouldStop)
        return (runner, session)
    }

    @Test func everyConfigurationIsWarmedUpOnceThenMeasuredEachRepeat() throws {
        // Linear in D with a fixed start-up cost: the rule must find the line.
        let engine = ScriptedWorkloadEngine { workload, _ in
            Double(workload.data.trainSamples * workload.epochs) * 0.01 + 5
        }
        let (runner, session) = try Self.runner(engine)
        let recorded = Mutex(0)
        let suite = try runner.run([.trainingSetSize]) { _ in recorded.withLock { $0 += 1 } }
        session.finish()
        let planned = TrainingSetSizeDesign().configurations(at: .smoke)
        #expect(engine.calls.count == planned.count * 4)
        #expect(engine.calls.filter { $0.task == nil }.count == planned.count)
        #expect(engine.calls.compactMap(\.task).allSatisfy { $0.hasPrefix("training-set-size: ") })
        #expect(recorded.withLock { $0 } == 1)
        let experiment = try #require(suite.experiments.first)
        #expect(suite.status == .finished && suite.repeats == 3)
        #expect(experiment.configurations.count == planned.count)
        #expect(experiment.verdict == .confirmed)
        let line = try #require(experiment.fit.series?.first?.line)
        #expect(abs(line.slope - 0.01 * 2) < 1e-9)
        // β·I·D·E from the middle size's pair: proportional through the origin.
        let trained = experiment.configurations.filter { $0.parameters.phase == .train }
        #expect(trained.allSatisfy { $0.predictedEnergyJoules != nil })
    }

    @Test func inferenceEnergyIsScaledToTheSamplesItReports() {
        let planned = DesignKit.inference(
            "i", spec: DesignKit.mlp(depth: 1, width: 8), data: DesignKit.synthetic(100, scale: .smoke), epochs: 2,
            scale: .smoke)
        let energy = PhaseEnergy(
            name: "i", duration: 1, facility: Energy(joules: 10), components: [.cpu: Energy(joules: 10)],
            methods: [.cpu: .tdpLoad])
        // The engine ran 5 passes of 100 samples to last long enough; the configuration reports 200.
        let outcome = WorkloadOutcome(energy: energy, seconds: 1, samplesProcessed: 500, epochsRun: 5)
        let result = ExperimentRunner.result(of: planned, [outcome])
        #expect(result.energy.median == 4)
        #expect(result.samplesPerSecond == 500)
        #expect(result.method == .tdpLoad)
    }

    @Test func aStopRequestEndsTheSuiteInterruptedWithWhatWasMeasured() throws {
        let engine = ScriptedWorkloadEngine { _, _ in 1 }
        let calls = Mutex(0)
        // Stop after the first configuration's warm-up and three repeats.
        let (runner, session) = try Self.runner(engine) {
            calls.withLock {
                $0 += 1; return $0 > 4
            }
        }
        var stored: [ExperimentSuiteResult] = []
        let suite = try runner.run([.trainingSetSize, .epochs]) { stored.append($0) }
        session.finish(status: .interrupted)
        #expect(suite.status == .interrupted)
        #expect(suite.experiments.map(\.name) == [.trainingSetSize])
        #expect(suite.experiments.first?.configurations.count == 1)
        #expect(suite.experiments.first?.verdict == .inconclusive)
        #expect(stored.last?.status == .interrupted)
    }

    @Test func theLabEngineTrainsAndRunsForwardMeasured() throws {
        let engine = LabWorkloadEngine()
        let session = try MeasuredSessionTests.session()
        try session.start()
        let data = DataRecipe(source: .synthetic, trainSamples: 64, testSamples: 32, inputs: 8, classes: 3)
        let spec = DesignKit.mlp(depth: 1, width: 8, inputs: 8, classes: 3)
        let train = Workload(
            kind: .train, model: .network(spec), data: data, epochs: 2, batch: 16, keepWeights: "trained")
        let trained = try engine.run(train, task: "train", session: session) { false }
        #expect(trained.epochsRun == 2 && trained.samplesProcessed == 128)
        #expect(trained.energy?.name == "train")
        var forward = Workload(kind: .inference, model: .network(spec), data: data, epochs: 1, batch: 16)
        forward.initialWeights = "trained"
        forward.sparsity = 0.5
        forward.storage = .csr
        let inferred = try engine.run(forward, task: "inference", session: session) { false }
        #expect(inferred.accuracy != nil)
        #expect(inferred.nonzeroWeights.map { $0 <= (8 * 8 + 8 * 3) / 2 + 1 } == true)
        forward.initialWeights = "nothing kept"
        #expect(throws: WorkloadError.self) { try engine.run(forward, task: nil, session: session) { false } }
        session.finish()
    }

    @Test func workloadsRoundTripThroughJSON() throws {
        let workload = Workload(
            kind: .train, model: .network(DesignKit.mlp(depth: 2, width: 4)),
            data: DesignKit.synthetic(10, scale: .smoke), epochs: 3, targetAccuracy: 0.8)
        let decoded = try JSONDecoder().decode(Workload.self, from: JSONEncoder().encode(workload))
        #expect(decoded == workload)
        let linear = Workload(kind: .train, model: .l1Logistic(lambda: 0.01, iterations: 5), data: workload.data)
        #expect(try JSONDecoder().decode(Workload.self, from: JSONEncoder().encode(linear)) == linear)
    }
}

@Suite struct DataRecipeTests {
    @Test func syntheticSetsOfOneSeedShareTheirTestSetAndTheirFirstTrainingSamples() throws {
        let small = try DesignKit.synthetic(200, scale: .smoke).materialize()
        let large = try DesignKit.synthetic(600, scale: .smoke).materialize()
        #expect(small.test.labels == large.test.labels)
        #expect(small.test.features.storage == large.test.features.storage)
        #expect(Array(large.train.labels.prefix(200)) == small.train.labels)
        #expect(Array(large.train.features.storage.prefix(200 * DesignKit.inputs)) == small.train.features.storage)
        // The labels come from the teacher, not from chance: every class appears.
        #expect(Set(large.train.labels).count == DesignKit.classes)
    }
}
