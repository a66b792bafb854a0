import FootprintCore
import Synchronization

@testable import FootprintLab

/// A test double of ``WorkloadEngine``: no work is done; each workload's energy is what `law`
/// says, so that a design's evaluation can be checked against energies whose shape is known
/// (linear in D, a fixed ratio, …). Every call is recorded.
final class ScriptedWorkloadEngine: WorkloadEngine {
    let kind = ExperimentEngine.lab
    let device = "cpu"
    /// Joules of a measured workload; `repeatIndex` counts that workload's measured runs from 0.
    let law: @Sendable (Workload, _ repeatIndex: Int) -> Double
    /// Accuracy reported for a workload.
    let accuracy: @Sendable (Workload) -> Double?
    private(set) var calls: [(workload: Workload, task: String?)] = []
    private var repeatsSeen: [Workload: Int] = [:]
    private(set) var forgotten = 0

    init(
        law: @escaping @Sendable (Workload, Int) -> Double,
        accuracy: @escaping @Sendable (Workload) -> Double? = { _ in 0.9 }
    ) {
        self.law = law
        self.accuracy = accuracy
    }

    func run(
        _ workload: Workload, task: String?, session: MeasuredSession, shouldStop: () -> Bool
    ) throws -> WorkloadOutcome {
        if shouldStop() { throw ExperimentInterrupted() }
        calls.append((workload, task))
        let samples = workload.data.trainSamples * max(workload.epochs, 1)
        guard let task else {
            return WorkloadOutcome(energy: nil, seconds: 0.01, samplesProcessed: samples, epochsRun: workload.epochs)
        }
        let index = repeatsSeen[workload, default: 0]
        repeatsSeen[workload] = index + 1
        let joules = law(workload, index)
        let energy = PhaseEnergy(
            name: task, duration: 1, facility: Energy(joules: joules), components: [.cpu: Energy(joules: joules)],
            methods: [.cpu: .tdpLoad])
        return WorkloadOutcome(
            energy: energy, seconds: 1, samplesProcessed: samples, epochsRun: workload.epochs,
            accuracy: accuracy(workload), reachedTarget: workload.targetAccuracy.map { _ in true })
    }

    func forgetWeights() { forgotten += 1 }
}
