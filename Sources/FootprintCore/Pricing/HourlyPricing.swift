/// Prices a run's energy by the hour: Emissions = Σ_k facility ΔE_k × CI(t_k), each sampling
/// interval at the intensity of the readings covering it, the annual average where none does.
///
/// An interval that straddles two readings is split between them in proportion to the time it
/// spends in each (its power is taken as steady within it). Only average factors are used, never
/// marginal ones, and one factor throughout: life-cycle where the readings have it, else direct.
/// Where two readings share a start, an actual figure wins over a forecast one.
public enum HourlyPricing {
    /// - Parameters:
    ///   - samples: the run's intervals, in any order; `t` is seconds from `startedAt` to the
    ///     interval's end.
    ///   - startedAt: the run's start, seconds since 1970.
    ///   - scope: which of each sample's energies the run counts (the machine's or the tree's).
    ///   - readings: time-resolved readings of the run's zone; marginal ones are ignored.
    ///   - annual: the place's annual intensity, for what no reading covers.
    ///   - annualSource: its source with its year.
    public static func price(
        samples: [SampleRecord], startedAt: Double, scope: Scope, readings: [IntensityReading],
        annual: GridIntensity, annualSource: String
    ) -> RunPricing {
        let timeline = timeline(of: readings)
        var priced: [PricedSample] = []
        priced.reserveCapacity(samples.count)
        var hourlyJoules = 0.0, totalJoules = 0.0, hourlySeconds = 0.0, totalSeconds = 0.0
        var joulesBySource: [String: Double] = [:]
        for sample in samples.sorted(by: { $0.t < $1.t }) {
            let joules = sample.itJoules(in: scope)
            let end = startedAt + sample.t
            let start = end - max(sample.duration, 0)
            let pieces = timeline.series.pieces(from: start, to: end)
            let length = max(end - start, 0)
            var weighted = 0.0, covered = 0.0
            for piece in pieces {
                // A zero-length interval takes the reading at its instant whole.
                let share = length > 0 ? (piece.to - piece.from) / length : 1
                covered += share
                weighted += share * piece.interval.gramsPerKilowattHour
                joulesBySource[piece.interval.source, default: 0] += share * joules
            }
            covered = min(covered, 1)
            weighted += (1 - covered) * annual.gramsPerKilowattHour
            hourlyJoules += covered * joules
            totalJoules += joules
            hourlySeconds += covered * length
            totalSeconds += length
            priced.append(
                PricedSample(
                    t: sample.t, duration: sample.duration, joules: joules,
                    intensity: .gramsPerKilowattHour(weighted), hourlyShare: covered))
        }
        // A run that used no energy still has a basis: by time instead.
        let share =
            totalJoules > 0 ? hourlyJoules / totalJoules : (totalSeconds > 0 ? hourlySeconds / totalSeconds : 0)
        let kind: PricingBasis.Kind =
            share <= 0 ? .annual : (share >= 1 - 1e-9 ? .hourly : .partlyHourly)
        let sources = joulesBySource.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key)
        let basis = PricingBasis(
            kind: kind, hourlySources: kind == .annual ? [] : sources, factor: kind == .annual ? nil : timeline.factor,
            annualSource: annualSource, hourlyShare: kind == .hourly ? 1 : max(share, 0))
        return RunPricing(samples: priced, basis: basis, annual: annual)
    }

    /// The readings one pricing uses: average factors only, one factor (life-cycle before direct),
    /// and an actual figure before a forecast one with the same start, laid end to end (an interval
    /// is priced once: ``IntensitySeries`` cuts a reading that starts inside the one before).
    static func timeline(of readings: [IntensityReading]) -> (series: IntensitySeries, factor: IntensityFactor?) {
        let averages = readings.filter { $0.factor.isAverage && $0.end > $0.start }
        let factor: IntensityFactor? =
            averages.contains { $0.factor == .lifecycle } ? .lifecycle : averages.first.map(\.factor)
        var byStart: [Double: IntensityReading] = [:]
        for reading in averages where reading.factor == factor {
            if let kept = byStart[reading.start], kept.kind == .actual || reading.kind != .actual { continue }
            byStart[reading.start] = reading
        }
        return (IntensitySeries(Array(byStart.values)), factor)
    }
}

/// One sampling interval as priced.
public struct PricedSample: Sendable, Hashable {
    /// Seconds from the run's start to the interval's end, as in ``SampleRecord/t``.
    public var t: Double
    public var duration: Double
    /// IT energy in the run's scope.
    public var joules: Double
    /// The intensity the interval was priced at (time-weighted over the readings it spans, the
    /// annual average for any part none covers).
    public var intensity: GridIntensity
    /// The part of the interval a reading covered, 0…1.
    public var hourlyShare: Double

    public init(t: Double, duration: Double, joules: Double, intensity: GridIntensity, hourlyShare: Double) {
        self.t = t
        self.duration = duration
        self.joules = joules
        self.intensity = intensity
        self.hourlyShare = hourlyShare
    }
}

/// A run priced by the hour: its intervals at their intensities, and the basis to name.
public struct RunPricing: Sendable, Hashable {
    public var samples: [PricedSample]
    public var basis: PricingBasis
    /// The annual average, for a run or task no interval prices.
    public var annual: GridIntensity

    public init(samples: [PricedSample], basis: PricingBasis, annual: GridIntensity) {
        self.samples = samples
        self.basis = basis
        self.annual = annual
    }

    /// The run's intensity: its intervals' weighted by their energy (by their time when it used
    /// none; the annual average without intervals).
    public var meanIntensity: GridIntensity { intensity(from: -.infinity, to: .infinity) }

    /// The emissions of `energy` (the run's facility energy) at ``meanIntensity``; PUE scales
    /// every interval alike, so this is Σ facility ΔE_k × CI_k.
    public func emissions(for energy: Energy) -> CarbonMass { meanIntensity.emissions(for: energy) }

    /// The intensity of the intervals that end within `from…to` (seconds from the run's start), as
    /// ``meanIntensity`` weighs them: a task's price, as its energy is that of those intervals.
    public func intensity(from: Double, to: Double) -> GridIntensity {
        var grams = 0.0, joules = 0.0, seconds = 0.0, timeGrams = 0.0
        for sample in samples where sample.t > from && sample.t <= to {
            grams += sample.joules * sample.intensity.gramsPerKilowattHour
            joules += sample.joules
            timeGrams += sample.duration * sample.intensity.gramsPerKilowattHour
            seconds += sample.duration
        }
        if joules > 0 { return .gramsPerKilowattHour(grams / joules) }
        if seconds > 0 { return .gramsPerKilowattHour(timeGrams / seconds) }
        return annual
    }

    /// Each interval's intensity in g CO2e/kWh by its `t`, as the ledger keeps it.
    public var sampleIntensities: [SampleIntensity] {
        samples.map { SampleIntensity(t: $0.t, gramsPerKilowattHour: $0.intensity.gramsPerKilowattHour) }
    }
}

/// The intensity one sampling interval was priced at, keyed as the ledger keys samples.
public struct SampleIntensity: Sendable, Hashable, Codable {
    /// Seconds from the run's start to the interval's end.
    public var t: Double
    public var gramsPerKilowattHour: Double

    public init(t: Double, gramsPerKilowattHour: Double) {
        self.t = t
        self.gramsPerKilowattHour = gramsPerKilowattHour
    }
}
