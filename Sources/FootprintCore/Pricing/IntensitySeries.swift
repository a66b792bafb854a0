/// A zone's intensity over time as consecutive intervals, each with one figure: readings laid end
/// to end, or an hour-of-week profile laid out over the days a plan looks at. Pricing a run's
/// samples (``HourlyPricing``) and pricing a planned window both read intensities through it.
public struct IntensitySeries: Sendable, Hashable {
    /// One stretch of time at one figure.
    public struct Interval: Sendable, Hashable {
        public var start: Double
        public var end: Double
        public var gramsPerKilowattHour: Double
        /// Where the figure comes from (the reading's source); empty for a figure made here.
        public var source: String

        public init(start: Double, end: Double, gramsPerKilowattHour: Double, source: String = "") {
            self.start = start
            self.end = end
            self.gramsPerKilowattHour = gramsPerKilowattHour
            self.source = source
        }
    }

    /// The part of an interval that lies within a span.
    public struct Piece: Sendable, Hashable {
        public var interval: Interval
        public var from: Double
        public var to: Double
    }

    /// Sorted by start, none overlapping.
    public let intervals: [Interval]

    /// The readings sorted by start; of two that overlap, the later-starting one is cut back to
    /// where the earlier one ends (sources publish aligned intervals: an overlap is a seam between
    /// two fetches, not two opinions to average). Empty readings are left out.
    public init(_ readings: [IntensityReading]) {
        var intervals: [Interval] = []
        for reading in readings.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) })
        where reading.end > reading.start {
            let start = max(reading.start, intervals.last?.end ?? reading.start)
            guard reading.end > start else { continue }
            intervals.append(
                Interval(
                    start: start, end: reading.end, gramsPerKilowattHour: reading.intensity.gramsPerKilowattHour,
                    source: reading.source))
        }
        self.intervals = intervals
    }

    /// Intervals already sorted by start and without overlaps.
    public init(intervals: [Interval]) { self.intervals = intervals }

    /// The parts of `from..<to` each interval covers, in order; for an instant (`to <= from`), the
    /// interval it falls in, as a piece of no length.
    public func pieces(from: Double, to: Double) -> [Piece] {
        // The first interval that ends after `from`.
        var low = 0
        var high = intervals.count
        while low < high {
            let middle = (low + high) / 2
            if intervals[middle].end <= from { low = middle + 1 } else { high = middle }
        }
        if to <= from {
            guard low < intervals.count, intervals[low].start <= from else { return [] }
            return [Piece(interval: intervals[low], from: from, to: from)]
        }
        var pieces: [Piece] = []
        for interval in intervals[low...] {
            guard interval.start < to else { break }
            let start = max(interval.start, from)
            let end = min(interval.end, to)
            if end > start { pieces.append(Piece(interval: interval, from: start, to: end)) }
        }
        return pieces
    }

    /// The time-weighted mean intensity over `start..<end`, in g CO2e/kWh; nil unless the intervals
    /// cover all of it without a gap.
    public func mean(from start: Double, to end: Double) -> Double? {
        guard end > start else { return nil }
        var covered = start
        var weighted = 0.0
        for piece in pieces(from: start, to: end) {
            // A gap before this piece leaves part of the window without a figure.
            guard piece.from <= covered else { return nil }
            weighted += (piece.to - piece.from) * piece.interval.gramsPerKilowattHour
            covered = piece.to
        }
        guard covered >= end else { return nil }
        return weighted / (end - start)
    }

    /// Whether the intervals cover all of `start..<end` without a gap (for an instant, whether an
    /// interval holds it).
    public func covers(from start: Double, to end: Double) -> Bool {
        end > start ? mean(from: start, to: end) != nil : !pieces(from: start, to: start).isEmpty
    }

    /// The instants where the figure may change: every interval's start and end.
    public var boundaries: [Double] { intervals.flatMap { [$0.start, $0.end] } }
}
