import Testing

@testable import FootprintCore

/// I and the per-epoch energy from a run's tasks: matching, warm-up, interval, refusals.
@Suite struct MeasuredRunInputsTests {
    static func task(_ name: String, at start: Double, joules: Double, seconds: Double = 1) -> TaskRecord {
        TaskRecord(
            name: name, start: start, end: start + seconds, cpuJoules: joules * 0.75, gpuJoules: 0,
            ramJoules: joules * 0.25)
    }

    @Test func aWarmUpEpochOutsideTheLaterSpreadIsSetAside() throws {
        let tasks = [
            Self.task("load", at: 0, joules: 5), Self.task("epoch 1", at: 1, joules: 30),
            Self.task("epoch 2", at: 2, joules: 20), Self.task("epoch 3", at: 3, joules: 21),
            Self.task("epoch 4", at: 4, joules: 19)
        ]
        let epochs = try MeasuredEpochs(tasks: tasks, pattern: .standard)
        #expect(epochs.all.count == 4 && epochs.excludedWarmUp)
        #expect(abs(epochs.meanEnergy.joules - 20) < 1e-12)
        #expect(epochs.energyStandardDeviation == 1)
        #expect(abs((epochs.warmUpThreshold?.joules ?? 0) - 2 * (4.0 / 3).squareRoot()) < 1e-12)
        // 10 epochs: (100 · 1/3 + 10 · 1)^½ · t(2 degrees of freedom) J around 200 J.
        let interval = try #require(epochs.interval(epochs: 10))
        #expect(abs(interval.high - (1 + 4.303 * (100.0 / 3 + 10).squareRoot() / 200)) < 1e-12)

        let steady = try MeasuredEpochs(
            tasks: [
                Self.task("epoch 1", at: 0, joules: 20.5), Self.task("epoch 2", at: 1, joules: 20),
                Self.task("epoch 3", at: 2, joules: 21)
            ], pattern: .standard)
        #expect(!steady.excludedWarmUp && steady.kept.count == 3)
        // Two epochs: no spread to judge the first by, only the forecasts' floor of 5 % of the mean.
        let close = try MeasuredEpochs(
            tasks: [Self.task("epoch 1", at: 0, joules: 20.5), Self.task("epoch 2", at: 1, joules: 20)],
            pattern: .standard)
        #expect(!close.excludedWarmUp)
    }

    @Test func aRunWithoutEpochsNamesItsTasks() {
        #expect {
            _ = try MeasuredEpochs(
                tasks: [Self.task("load", at: 0, joules: 1), Self.task("train", at: 1, joules: 1)], pattern: .standard)
        } throws: { error in
            let error = error as? MeasuredRunError
            return error?.reason == .noEpochTasks && error?.taskNames == ["load", "train"]
                && error?.message.contains("'load', 'train'") == true
        }
    }

    @Test func inferenceIsTheTasksEnergyOverItsSamples() throws {
        let tasks = [
            Self.task("inference", at: 0, joules: 3, seconds: 2), Self.task("epoch 1", at: 2, joules: 9),
            Self.task("inference", at: 3, joules: 1, seconds: 2)
        ]
        let inference = try MeasuredInference(tasks: tasks, name: "inference", samples: 400)
        #expect(inference.taskCount == 2 && inference.energyPerSample.joules == 0.01)
        #expect(inference.secondsPerSample == 0.01)
        #expect {
            _ = try MeasuredInference(tasks: tasks, name: "predict", samples: 10)
        } throws: { ($0 as? MeasuredRunError)?.reason == .noInferenceTask }
        #expect {
            _ = try MeasuredInference(tasks: tasks, name: "inference", samples: 0)
        } throws: { ($0 as? MeasuredRunError)?.reason == .invalidInput }
    }
}
