import FootprintCore
import FootprintMeter
import Foundation

/// Pieces of work in this process measured by Footprint's meter as tasks of one run: `lab train`
/// measures its training and its inference this way, and an experiment every configuration.
///
/// ```swift
/// let session = try MeasuredSession(configuration: configuration)  // recorder: the ledger, or nil
/// try session.start()
/// let (result, training) = session.measure("train") { trainer.train(network, on: data, test: test, optimizer: sgd) }
/// let inference = session.measureRepeated("inference", samplesPerPass: test.count) { _ = network.forward(batch) }
/// let summary = session.finish()
/// ```
///
/// It is the meter `footprint run` and ``Tracker`` use (``RunMeter``), tracking this process
/// (process scope: this process and its children), so that the run and its tasks land in whatever
/// ``RunRecorder`` the configuration names: the ledger for the command line, nothing for a test.
public final class MeasuredSession: Sendable {
    private let meter: RunMeter
    /// How short work is repeated until the meter resolves it.
    public let repetition: RepetitionProtocol

    /// Checks the configuration and opens the sensors; measuring starts with ``start()``.
    /// - Parameters:
    ///   - probe: the sensors; by default this machine's, following this process.
    ///   - repetition: by default the protocol for the configuration's sampling interval.
    /// - Throws: what ``RunMeter/init(configuration:trackedPID:id:gpus:probe:)`` throws.
    public init(
        configuration: RunMeter.Configuration, probe: (any Probe)? = nil, repetition: RepetitionProtocol? = nil
    ) throws {
        meter = try RunMeter(configuration: configuration, trackedPID: getpid(), probe: probe)
        self.repetition = repetition ?? RepetitionProtocol(samplingInterval: configuration.interval)
    }

    /// The run's id, as recorded.
    public var runID: String { meter.id }
    /// The scope of every figure.
    public var scope: Scope { meter.configuration.scope }
    /// The facility's PUE, applied to every ``PhaseEnergy/facility``.
    public var pue: PUE { meter.configuration.pue }
    /// What could not be measured, and what to do about it (for example that CPU power is modeled).
    public var notes: [String] { meter.notes }
    /// Where the run is recorded (nil: nowhere), for what it has to say once the run has ended.
    public var recorder: (any RunRecorder)? { meter.configuration.recorder }

    /// Begins the run's record and starts sampling.
    public func start() throws { try meter.start() }

    /// Measures `body` as the task `name`: it ends when `body` returns or throws.
    public func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> (result: T, energy: PhaseEnergy) {
        let started = monotonicSeconds()
        meter.startTask(name)
        let result: T
        do {
            result = try body()
        } catch {
            meter.stopTask(name)
            throw error
        }
        meter.stopTask(name)
        return (result, phase(name, fallbackDuration: monotonicSeconds() - started))
    }

    /// Measures `pass` repeated as the task `name` until the passes lasted ``repetition``'s
    /// minimum, after one unmeasured warm-up pass (first-touch page faults and cold caches are not
    /// what a pass costs once it runs).
    public func measureRepeated(
        _ name: String, samplesPerPass: Int, _ pass: () throws -> Void
    ) rethrows -> RepeatedPhase {
        try pass()
        var passes = 0
        let (_, energy) = try measure(name) {
            let start = monotonicSeconds()
            while repetition.needsAnotherPass(after: passes, elapsed: monotonicSeconds() - start) {
                try pass()
                passes += 1
            }
        }
        return RepeatedPhase(total: energy, passes: passes, samplesPerPass: samplesPerPass)
    }

    /// Stops measuring and ends the run's record with `status`; returns the run's figures.
    @discardableResult
    public func finish(status: RunStatus = .finished) -> RunSummary {
        meter.stop(exitCode: nil, status: status)
    }

    /// Applies marks a child process wrote on a task pipe (see ``openTaskChannel()``).
    func apply(_ events: [TaskChannel.Event]) { meter.apply(events) }

    /// The task `name` just ended, from the meter's own book.
    func phase(_ name: String, fallbackDuration: Double) -> PhaseEnergy {
        let summary = meter.snapshot()
        let methods = summary.components.mapValues(\.method)
        guard let task = summary.tasks.last(where: { $0.name == name }) else {
            // The meter refused the task (started twice under one name): nothing was measured.
            return PhaseEnergy(
                name: name, duration: fallbackDuration, facility: .zero, components: [:], methods: methods)
        }
        return PhaseEnergy(
            name: name, duration: task.duration, facility: task.energy, components: task.components, methods: methods)
    }
}
