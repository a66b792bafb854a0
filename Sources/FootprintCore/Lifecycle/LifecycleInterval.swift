/// A 95 % interval as factors of the figure it belongs to: low 0.9, high 1.1 is ±10 %.
public struct RelativeInterval: Sendable, Hashable {
    /// The low end over the figure, 0…1.
    public let low: Double
    /// The high end over the figure, 1 or more.
    public let high: Double

    public init(low: Double, high: Double) {
        self.low = max(0, min(low, 1))
        self.high = max(high, 1)
    }

    /// The interval of a prediction `value` whose ends are `low` and `high`; nil for a value of 0
    /// or figures that are not finite.
    public init?(value: Double, low: Double, high: Double) {
        guard value > 0, value.isFinite, low.isFinite, high.isFinite else { return nil }
        self.init(low: low / value, high: high / value)
    }

    /// The interval's half-width as a share of the figure, taken as 1.96 standard deviations: the
    /// larger side, as the low end may have been cut at zero.
    public var relativeStandardDeviation: Double { max(1 - low, high - 1) / 1.96 }

    /// The interval of a ratio of two figures with these independent intervals: relative standard
    /// deviations added in quadrature (first order).
    public func ratio(over denominator: RelativeInterval) -> RelativeInterval {
        let a = relativeStandardDeviation
        let b = denominator.relativeStandardDeviation
        let half = 1.96 * (a * a + b * b).squareRoot()
        return RelativeInterval(low: 1 - half, high: 1 + half)
    }
}

/// The 95 % intervals of a life-cycle estimate's stages and total, where the inputs have them.
public struct LifecycleInterval: Sendable, Hashable {
    /// A stage's interval, facility energy.
    public struct Bounds: Sendable, Hashable {
        public let low: Energy
        public let high: Energy
    }

    /// Per stage, for the stages with an interval (a stage of zero energy has a zero one).
    public let stages: [LifecycleEstimate.StageName: Bounds]
    /// The life cycle's, when every stage with energy has one: the stages' ends added, as their
    /// errors come from the same inputs and move together.
    public let total: Bounds?

    /// The intervals that follow from I's and the training energy's: search and training scale
    /// with the training energy per sample, use with I.
    public init(_ estimate: LifecycleEstimate, inference: RelativeInterval?, training: RelativeInterval?) {
        self.init(estimate, inference: inference, training: training, search: training)
    }

    /// The same with the search's own interval (its runs' epochs summed have their own spread).
    public init(
        _ estimate: LifecycleEstimate, inference: RelativeInterval?, training: RelativeInterval?,
        search: RelativeInterval?
    ) {
        var stages: [LifecycleEstimate.StageName: Bounds] = [:]
        var low = Energy.zero
        var high = Energy.zero
        var complete = true
        for stage in estimate.stages {
            let interval: RelativeInterval? =
                switch stage.name {
                case .inference: inference
                case .training: training
                case .search: search
                }
            if let interval {
                let bounds = Bounds(
                    low: stage.facilityEnergy * interval.low, high: stage.facilityEnergy * interval.high)
                stages[stage.name] = bounds
                low += bounds.low
                high += bounds.high
            } else if stage.facilityEnergy.joules > 0 {
                complete = false
            } else {
                stages[stage.name] = Bounds(low: .zero, high: .zero)
            }
        }
        self.stages = stages
        total = complete ? Bounds(low: low, high: high) : nil
    }
}
