import FootprintCore
import Foundation

/// A calibration (or its validation) measured: every workload through ``CalibrationBench``, in
/// rounds.
///
/// The repeats of a workload are not run back to back but one per round, each round going through
/// the whole list: on a machine shared with other work, a burst of load then spoils one repeat of
/// several workloads, which their medians discard, instead of every repeat of one workload, which
/// would move its median and with it the fit.
public struct CalibrationRun {
    /// Where the measurements are, for a progress line.
    public struct Progress: Sendable {
        /// The measurement about to start (1-based) and how many there are (workloads × rounds).
        public var index: Int
        public var count: Int
        /// The workload, with its round ("dense-256, batch 16, training (2/3)").
        public var label: String
        public var elapsed: Double
        /// Seconds left at the pace so far; nil before the first measurement ends.
        public var remaining: Double?
        public var fractionDone: Double { count > 0 ? Double(index - 1) / Double(count) : 1 }
    }

    public let engine: any WorkloadEngine
    public let session: MeasuredSession
    /// Measured repeats of each workload, one a round.
    public let rounds: Int
    public let shouldStop: () -> Bool
    /// The prefix of every task's name in the run ("calibrate").
    public let prefix: String

    public init(
        engine: any WorkloadEngine, session: MeasuredSession, rounds: Int, prefix: String = "calibrate",
        shouldStop: @escaping () -> Bool = { false }
    ) {
        self.engine = engine
        self.session = session
        self.rounds = max(1, rounds)
        self.prefix = prefix
        self.shouldStop = shouldStop
    }

    /// Measures every workload once a round, telling `progress` before each measurement; a
    /// workload's cost is the median of its rounds. Each measurement is a ``CalibrationBench``
    /// measurement of one repeat after its warm-up, its task named "`prefix` r/N: `label` (1/1)".
    /// - Throws: ``ExperimentInterrupted`` on a stop request, or the engine's ``WorkloadError``.
    public func measure(
        _ workloads: [CalibrationWorkload], progress: (Progress) -> Void = { _ in }
    ) throws -> [MeasuredCost] {
        let bench = CalibrationBench(engine: engine, session: session, repeats: 1, shouldStop: shouldStop)
        let start = monotonicSeconds()
        let count = workloads.count * rounds
        var measured: [[MeasuredCost]] = Array(repeating: [], count: workloads.count)
        var data: DataRecipe?
        for round in 1...rounds {
            for (index, workload) in workloads.enumerated() {
                // The engine keeps every data set it made; a network's workloads share one, so the
                // one before is dropped when the next network begins.
                if let data, data != workload.workload.data { engine.forgetWeights() }
                data = workload.workload.data
                let done = (round - 1) * workloads.count + index
                let elapsed = monotonicSeconds() - start
                progress(
                    Progress(
                        index: done + 1, count: count, label: "\(workload.label) (\(round)/\(rounds))",
                        elapsed: elapsed,
                        remaining: done > 0 ? elapsed / Double(done) * Double(count - done) : nil))
                measured[index].append(try bench.measure(workload, prefix: "\(prefix) \(round)/\(rounds)"))
            }
        }
        return zip(workloads, measured).map { workload, costs in
            MeasuredCost(
                workload: workload, samples: costs.last?.samples ?? 0,
                joulesPerSample: Statistics.median(costs.map(\.joulesPerSample)) ?? 0,
                secondsPerSample: Statistics.median(costs.map(\.secondsPerSample)) ?? 0,
                repeatJoules: costs.flatMap(\.repeatJoules))
        }
    }

    /// The measurements as a calibration's points (features in ``CalibrationFeature/allCases``
    /// order), predictions not yet made.
    /// - Throws: ``CalibrationError`` for a workload whose network the features do not cover, or a
    ///   measurement without energy (the meter resolved none).
    public static func points(_ measured: [MeasuredCost]) throws(CalibrationError) -> [CalibrationPoint] {
        var points: [CalibrationPoint] = []
        for cost in measured {
            let workload = cost.workload
            let analysis: ModelAnalysis
            do {
                analysis = try workload.spec.analyze()
            } catch {
                throw CalibrationError(.invalidInput, "\(workload.label): \(error.message)")
            }
            let features = try CalibrationFeatures.of(analysis, batch: workload.batch)
            guard cost.joulesPerSample > 0, cost.secondsPerSample > 0 else {
                throw CalibrationError(
                    .underdetermined,
                    "\(workload.label) measured no energy: the meter resolved nothing in its repeats")
            }
            points.append(
                CalibrationPoint(
                    name: workload.label, pass: workload.pass, batch: workload.batch, samples: cost.samples,
                    features: features.vector(CalibrationFeature.allCases, for: workload.pass),
                    joules: cost.joulesPerSample,
                    seconds: cost.secondsPerSample, predictedJoules: 0, predictedSeconds: 0))
        }
        return points
    }

    /// Mean IT power over the measurements: their joules over their seconds, each point weighted
    /// by the samples it ran.
    public static func meanPower(_ points: [CalibrationPoint]) -> Double {
        let joules = points.reduce(0.0) { $0 + $1.joules * Double($1.samples) }
        let seconds = points.reduce(0.0) { $0 + $1.seconds * Double($1.samples) }
        return seconds > 0 ? joules / seconds : 0
    }
}
