import FootprintCore
import Foundation

/// A calibration measured and fitted: every workload of the design through ``CalibrationBench``,
/// then the model fitted to the medians.
public struct CalibrationRun {
    /// Where the measurements are, for a progress line.
    public struct Progress: Sendable {
        /// The workload about to be measured (1-based) and how many there are.
        public var index: Int
        public var count: Int
        public var label: String
        public var elapsed: Double
        /// Seconds left at the pace so far; nil before the first workload ends.
        public var remaining: Double?
        public var fractionDone: Double { count > 0 ? Double(index - 1) / Double(count) : 1 }
    }

    public let bench: CalibrationBench
    /// The prefix of every task's name in the run ("calibrate").
    public let prefix: String

    public init(bench: CalibrationBench, prefix: String = "calibrate") {
        self.bench = bench
        self.prefix = prefix
    }

    /// Measures every workload in order, telling `progress` before each.
    /// - Throws: ``ExperimentInterrupted`` on a stop request, or the engine's ``WorkloadError``.
    public func measure(
        _ workloads: [CalibrationWorkload], progress: (Progress) -> Void = { _ in }
    ) throws -> [MeasuredCost] {
        let start = monotonicSeconds()
        var measured: [MeasuredCost] = []
        var data: DataRecipe?
        for (index, workload) in workloads.enumerated() {
            // The engine keeps every data set it made; a network's workloads share one, so the
            // one before is dropped when the next network begins.
            if let data, data != workload.workload.data { bench.engine.forgetWeights() }
            data = workload.workload.data
            let elapsed = monotonicSeconds() - start
            let remaining = index > 0 ? elapsed / Double(index) * Double(workloads.count - index) : nil
            progress(
                Progress(
                    index: index + 1, count: workloads.count, label: workload.label, elapsed: elapsed,
                    remaining: remaining))
            measured.append(try bench.measure(workload, prefix: prefix))
        }
        return measured
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
                    features: features.vector(CalibrationFeature.allCases), joules: cost.joulesPerSample,
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
