/// What an intensity figure counts. Averages and marginal figures answer different questions
/// (what a kWh of the mix emits, against what one more kWh makes some generator emit) and are
/// never mixed in one sum, one chart or one plan.
public enum IntensityFactor: String, Sendable, Hashable, Codable, CaseIterable {
    /// The average of the generation mix with each source's life-cycle emissions (construction,
    /// fuel supply, operation): Electricity Maps' default, Our World in Data / Ember's annual figures.
    case lifecycle
    /// The average of the generation mix counting combustion at the plant only (Electricity Maps'
    /// "direct" factors; the UK National Grid's Carbon Intensity API).
    case direct
    /// The emissions of the generators that answer a change in demand (WattTime's marginal
    /// operating emissions rate). Not an average.
    case marginal

    /// Whether figures of this factor may be summed with, or compared against, average intensities.
    public var isAverage: Bool { self != .marginal }

    /// For output: "life-cycle average", "direct average", "marginal".
    public var label: String {
        switch self {
        case .lifecycle: "life-cycle average"
        case .direct: "direct average"
        case .marginal: "marginal"
        }
    }
}

/// Whether an interval's figure was observed (or estimated afterwards by its source) or forecast
/// before the interval began.
public enum IntensityKind: String, Sendable, Hashable, Codable, CaseIterable {
    case actual
    case forecast
}

/// One interval's grid carbon intensity in one zone, with where the figure came from. Hourly for
/// Electricity Maps and imported files, half-hourly for the UK National Grid, five-minutely for
/// WattTime: an interval, not an hour.
public struct IntensityReading: Sendable, Hashable, Codable {
    /// The zone the figure is for, in the catalog's spelling where it has one ("DE", "GB",
    /// "US-CAL-CISO", "SE-SE3"); a source's own region otherwise ("GB-13" for a UK National Grid
    /// region, "CAISO_NORTH" for a WattTime region).
    public var zone: String
    /// The interval's start, seconds since 1970 UTC.
    public var start: Double
    /// The interval's end, seconds since 1970 UTC; after `start`.
    public var end: Double
    /// The figure.
    public var intensity: GridIntensity
    /// What the figure counts.
    public var factor: IntensityFactor
    /// Observed or forecast.
    public var kind: IntensityKind
    /// Who published it, as output names it: "Electricity Maps", "UK National Grid ESO Carbon
    /// Intensity API", "WattTime", or "imported from FILE" with the file's name.
    public var source: String
    /// When footprint fetched or imported it, seconds since 1970: of two readings for the same
    /// zone, start, factor and kind, the one recorded later wins.
    public var recordedAt: Double

    public init(
        zone: String, start: Double, end: Double, intensity: GridIntensity, factor: IntensityFactor,
        kind: IntensityKind, source: String, recordedAt: Double
    ) {
        self.zone = zone
        self.start = start
        self.end = end
        self.intensity = intensity
        self.factor = factor
        self.kind = kind
        self.source = source
        self.recordedAt = recordedAt
    }

    /// Whether the instant `time` (seconds since 1970) falls in this interval (start included, end not).
    public func covers(_ time: Double) -> Bool { start <= time && time < end }
}
