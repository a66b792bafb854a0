/// A figure measured several times: its median, the value a configuration reports, and the lowest
/// and highest repeat, which bound how far the median can be trusted. Discarding the warm-up run
/// is the runner's job; every value given here counts.
public struct Spread: Sendable, Hashable, Codable {
    public var median: Double
    public var minimum: Double
    public var maximum: Double

    /// A spread whose bounds are given; `minimum ≤ median ≤ maximum` is the caller's to keep.
    public init(median: Double, minimum: Double, maximum: Double) {
        self.median = median
        self.minimum = minimum
        self.maximum = maximum
    }

    /// One value measured once: no spread.
    public init(exactly value: Double) { self.init(median: value, minimum: value, maximum: value) }

    /// The median, lowest and highest of the repeats; nil when there are none, or when one is not
    /// a finite number (a failed reading must not become a figure).
    public init?(of repeats: [Double]) {
        guard let median = Statistics.median(repeats), let low = repeats.min(), let high = repeats.max() else {
            return nil
        }
        self.init(median: median, minimum: low, maximum: high)
    }

    /// How far apart the repeats lie: maximum − minimum.
    public var width: Double { maximum - minimum }
}

extension Spread {
    /// Every figure divided by a positive count: energy per sample, per parameter, per FLOP.
    /// Nil for a count that is not positive and finite.
    public func divided(by count: Double) -> Spread? {
        guard count > 0, count.isFinite else { return nil }
        return Spread(median: median / count, minimum: minimum / count, maximum: maximum / count)
    }
}
