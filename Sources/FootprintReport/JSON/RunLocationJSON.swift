import FootprintCore

/// A run's `location` in JSON: its place, the annual average of it, and how its CO2e was priced,
/// with the keys `footprint run --json` uses for the same run.
public struct RunLocationJSON: Encodable, Sendable {
    public var code: String?
    public var name: String?
    /// The place's annual average, g CO2e/kWh, and its source.
    public var intensityGPerKWh: Double
    public var source: String?
    /// "hourly (Electricity Maps, life-cycle average)", "annual average (Our World in Data / Ember, 2023)".
    public var basis: String
    /// hourly, annual or partly hourly.
    public var basisKind: String
    /// The share of the energy priced by the hour, 0…1.
    public var hourlyShare: Double
    /// The intensity the run's CO2e rests on: its emissions over its facility energy.
    public var pricedIntensityGPerKWh: Double

    public init(_ run: RunRecord) {
        let basis = run.pricingBasis
        (code, name, source) = (run.locationCode, run.locationName, run.intensitySource)
        intensityGPerKWh = run.intensity.gramsPerKilowattHour
        (self.basis, basisKind, hourlyShare) = (basis.label, basis.kind.rawValue, basis.hourlyShare)
        pricedIntensityGPerKWh = run.pricedIntensity.gramsPerKilowattHour
    }

    enum CodingKeys: String, CodingKey {
        case code, name, source, basis
        case intensityGPerKWh = "intensity_g_per_kwh", basisKind = "basis_kind", hourlyShare = "hourly_share"
        case pricedIntensityGPerKWh = "priced_intensity_g_per_kwh"
    }
}

/// What `run --start best` planned, or null: `planned` is always there, so that a script can rely on it.
public struct PlannedJSON: Encodable, Sendable {
    public var value: PlannedStartRecord?

    struct Fields: Encodable {
        var start, end, deadline: String
        var intensity, nowIntensity: Double
        var basis: String
        enum CodingKeys: String, CodingKey {
            case start, end, deadline, basis
            case intensity = "intensity_g_per_kwh", nowIntensity = "now_intensity_g_per_kwh"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        guard let planned = value else { return try container.encodeNil() }
        try container.encode(
            Fields(
                start: Timestamp.iso8601UTC(planned.start), end: Timestamp.iso8601UTC(planned.end),
                deadline: Timestamp.iso8601UTC(planned.deadline), intensity: planned.intensity.gramsPerKilowattHour,
                nowIntensity: planned.nowIntensity.gramsPerKilowattHour, basis: planned.basis))
    }
}

/// One earlier figure of a run: when it was replaced, what it was, how it was priced, and why.
public struct RunPriceJSON: Encodable, Sendable {
    public var replacedAt: String
    public var co2eKg: Double
    public var basis: String
    public var basisKind: String
    public var reason: String

    public init(_ entry: RunPriceRecord, run: RunRecord) {
        let basis = RunReportModel.pricingBasis(of: entry, run: run)
        replacedAt = Timestamp.iso8601UTC(entry.replacedAt)
        co2eKg = entry.emissions.kilograms
        (self.basis, basisKind, reason) = (basis.label, basis.kind.rawValue, entry.reason)
    }

    enum CodingKeys: String, CodingKey {
        case basis, reason
        case replacedAt = "replaced_at", co2eKg = "co2e_kg", basisKind = "basis_kind"
    }
}
