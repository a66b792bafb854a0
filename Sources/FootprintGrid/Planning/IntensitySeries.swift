import FootprintCore

/// A zone's intensity over time as consecutive intervals, each with one figure: the readings of one
/// factor and kind, or an hour-of-week profile laid out over the days a plan looks at. The mean over
/// a window weighs each interval by how much of the window it covers, so a job that starts at 14:20
/// takes two thirds of the 14:00 hour's figure.
struct IntensitySeries: Sendable {
    struct Interval: Sendable, Hashable {
        var start: Double
        var end: Double
        var gramsPerKilowattHour: Double
    }

    /// Sorted by start, none overlapping.
    let intervals: [Interval]

    /// The readings sorted by start; of two that overlap, the later-starting one is cut back to
    /// where the earlier one ends (sources publish aligned intervals: an overlap is a seam between
    /// two fetches, not two opinions to average).
    init(_ readings: [IntensityReading]) {
        var intervals: [Interval] = []
        for reading in readings.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) })
        where reading.end > reading.start {
            let start = max(reading.start, intervals.last?.end ?? reading.start)
            guard reading.end > start else { continue }
            intervals.append(
                Interval(start: start, end: reading.end, gramsPerKilowattHour: reading.intensity.gramsPerKilowattHour))
        }
        self.intervals = intervals
    }

    init(intervals: [Interval]) { self.intervals = intervals }

    /// The time-weighted mean intensity over `start..<end`, in g CO2e/kWh; nil unless the intervals
    /// cover all of it without a gap.
    func mean(from start: Double, to end: Double) -> Double? {
        guard end > start else { return nil }
        var covered = start
        var weighted = 0.0
        // The first interval that ends after the window starts.
        var low = 0
        var high = intervals.count
        while low < high {
            let middle = (low + high) / 2
            if intervals[middle].end <= start { low = middle + 1 } else { high = middle }
        }
        for interval in intervals[low...] {
            guard interval.start < end else { break }
            // A gap before this interval leaves part of the window without a figure.
            guard interval.start <= covered else { return nil }
            let upTo = min(interval.end, end)
            weighted += (upTo - covered) * interval.gramsPerKilowattHour
            covered = upTo
            if covered >= end { break }
        }
        guard covered >= end else { return nil }
        return weighted / (end - start)
    }

    /// Whether the intervals cover all of `start..<end`.
    func covers(from start: Double, to end: Double) -> Bool { mean(from: start, to: end) != nil }

    /// The instants where the figure may change: every interval's start and end.
    var boundaries: [Double] { intervals.flatMap { [$0.start, $0.end] } }
}
