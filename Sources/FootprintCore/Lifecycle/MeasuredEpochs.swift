/// A run's epochs as its tasks measured them: what `estimate lifecycle --from-run` takes the
/// per-epoch training energy from.
///
/// The first epoch is set aside as a warm-up (caches, allocation, a JIT) by the forecasts' rule
/// (``EpochForecaster/isWarmUp(_:)``): it differs from the later epochs' mean by more than their spread.
public struct MeasuredEpochs: Sendable, Hashable {
    /// One epoch task.
    public struct Epoch: Sendable, Hashable {
        public let name: String
        /// IT energy in the run's scope.
        public let energy: Energy
        public let seconds: Double
    }

    /// Every matching task, in start order.
    public let all: [Epoch]
    /// Whether the first was set aside as a warm-up.
    public let excludedWarmUp: Bool

    /// The epochs the figures come from.
    public var kept: ArraySlice<Epoch> { excludedWarmUp ? all.dropFirst() : all[...] }

    /// The kept epochs' mean IT energy.
    public var meanEnergy: Energy { .joules(Statistics.mean(kept.map(\.energy.joules)) ?? 0) }
    /// The kept epochs' mean wall time, seconds.
    public var meanSeconds: Double { Statistics.mean(kept.map(\.seconds)) ?? 0 }
    /// The kept epochs' sample standard deviation of energy, joules; nil with one epoch.
    public var energyStandardDeviation: Double? { Statistics.standardDeviation(kept.map(\.energy.joules)) }

    /// How far the first epoch had to lie from the later ones' mean to be set aside (the
    /// forecasts' rule, ``EpochForecaster/warmUpThreshold(mean:sd:count:)``); nil with one epoch.
    public var warmUpThreshold: Energy? {
        let later = all.dropFirst().map(\.energy.joules)
        guard let mean = Statistics.mean(later) else { return nil }
        return .joules(
            EpochForecaster.warmUpThreshold(mean: mean, sd: Statistics.standardDeviation(later), count: later.count))
    }

    /// The epochs of `tasks` whose names match `pattern`, in start order.
    /// - Throws: ``MeasuredRunError`` ``MeasuredRunError/Reason/noEpochTasks`` naming the tasks the
    ///   run has, ``MeasuredRunError/Reason/noEnergy`` when the epochs hold none.
    public init(tasks: [TaskRecord], pattern: EpochTaskPattern) throws(MeasuredRunError) {
        let epochs = tasks.filter { pattern.matches($0.name) }.sorted { $0.start < $1.start }.map {
            Epoch(name: $0.name, energy: $0.itEnergy, seconds: max($0.duration, 0))
        }
        guard !epochs.isEmpty else {
            throw MeasuredRunError.missing(.noEpochTasks, "no task matches '\(pattern)'", in: tasks)
        }
        all = epochs
        // The same rule as the forecasts made during a run.
        excludedWarmUp = EpochForecaster.isWarmUp(epochs.map(\.energy.joules))
        guard meanEnergy.joules > 0, meanEnergy.joules.isFinite else {
            throw MeasuredRunError(.noEnergy, "the epoch tasks matching '\(pattern)' hold no energy")
        }
    }

    /// The 95 % interval of the energy of `epochs` epochs like the kept ones, as factors of
    /// mean × epochs: the mean's uncertainty (s²/n per epoch, E² times) and each new epoch's own
    /// scatter (s² each, E times), with Student's t for n − 1 degrees of freedom, as the forecasts'
    /// intervals. Nil with fewer than two kept epochs.
    public func interval(epochs: Double) -> RelativeInterval? {
        guard let s = energyStandardDeviation, epochs > 0 else { return nil }
        let n = Double(kept.count)
        let total = meanEnergy.joules * epochs
        let t = StudentT.quantile975(degreesOfFreedom: kept.count - 1)
        let half = t * (epochs * epochs * s * s / n + epochs * s * s).squareRoot()
        return RelativeInterval(value: total, low: total - half, high: total + half)
    }
}
