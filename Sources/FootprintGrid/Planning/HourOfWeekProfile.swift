import FootprintCore

/// The typical intensity of each of the week's 168 hours (UTC): the mean of past readings by hour
/// of week, each reading weighed by how much of the hour it covers. What a plan uses when no
/// forecast reaches over its window: grids repeat their days and weeks (solar at noon, less demand
/// on Sundays) more than they repeat anything else.
public struct HourOfWeekProfile: Sendable, Hashable {
    /// g CO2e/kWh for each hour of the week, Monday 00:00 UTC first; nil where no reading fell.
    public let hours: [Double?]
    /// How many weeks the readings span, from the first one's start to the last one's end.
    public let weeks: Double
    /// How many readings went into it.
    public let readings: Int
    /// The first reading's start and the last one's end, seconds since 1970.
    public let first: Double
    public let last: Double

    static let hourSeconds = 3_600.0
    static let weekSeconds = 604_800.0
    /// 1970-01-01 was a Thursday: the first Monday 00:00 UTC came 4 days after the epoch.
    static let mondayOffset = 4 * 86_400.0

    /// The profile of `readings` (one zone, one factor, actual figures).
    public init(_ readings: [IntensityReading]) {
        var sums = [Double](repeating: 0, count: 168)
        var weights = [Double](repeating: 0, count: 168)
        for reading in readings where reading.end > reading.start {
            var hourStart = (reading.start / Self.hourSeconds).rounded(.down) * Self.hourSeconds
            while hourStart < reading.end {
                let overlap = min(reading.end, hourStart + Self.hourSeconds) - max(reading.start, hourStart)
                if overlap > 0 {
                    let index = Self.hourOfWeek(hourStart)
                    sums[index] += overlap * reading.intensity.gramsPerKilowattHour
                    weights[index] += overlap
                }
                hourStart += Self.hourSeconds
            }
        }
        hours = zip(sums, weights).map { sum, weight in weight > 0 ? sum / weight : nil }
        first = readings.map(\.start).min() ?? 0
        last = readings.map(\.end).max() ?? 0
        weeks = max(last - first, 0) / Self.weekSeconds
        self.readings = readings.count
    }

    /// Whether every hour of the week has a figure: a profile with holes cannot price every window.
    public var isComplete: Bool { hours.allSatisfy { $0 != nil } }

    /// The hour of the week (0 = Monday 00:00–01:00 UTC) that the instant `time` falls in.
    public static func hourOfWeek(_ time: Double) -> Int {
        let intoWeek = (time - mondayOffset).truncatingRemainder(dividingBy: weekSeconds)
        let positive = intoWeek < 0 ? intoWeek + weekSeconds : intoWeek
        return min(Int(positive / hourSeconds), 167)
    }

    /// The profile laid out as hourly intervals over `from..<to`, for pricing windows there; nil
    /// unless the profile is complete.
    func series(from: Double, to: Double) -> IntensitySeries? {
        guard isComplete else { return nil }
        var intervals: [IntensitySeries.Interval] = []
        var hourStart = (from / Self.hourSeconds).rounded(.down) * Self.hourSeconds
        while hourStart < to {
            let figure = hours[Self.hourOfWeek(hourStart)] ?? 0
            intervals.append(.init(start: hourStart, end: hourStart + Self.hourSeconds, gramsPerKilowattHour: figure))
            hourStart += Self.hourSeconds
        }
        return IntensitySeries(intervals: intervals)
    }
}
