/// How a run's CO2e was priced: by the hour from time-resolved readings of its grid, at the annual
/// average of its place, or partly each where the readings cover only part of the run.
public struct PricingBasis: Sendable, Hashable, Codable {
    /// Which prices a run's energy met.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Every interval priced by a reading of its hour.
        case hourly
        /// No reading covered the run: the annual average throughout.
        case annual
        /// Some of the energy by the hour, the rest at the annual average.
        case partlyHourly = "partly hourly"
    }

    public var kind: Kind
    /// The sources of the readings used, largest share of the energy first ("Electricity Maps");
    /// empty for an annual pricing.
    public var hourlySources: [String]
    /// The factor of the readings used (life-cycle or direct average; never marginal); nil for an
    /// annual pricing.
    public var factor: IntensityFactor?
    /// The annual figure's source with its year ("Our World in Data / Ember, 2023"), used for
    /// whatever no reading covered.
    public var annualSource: String
    /// The share of the run's energy priced by the hour, 0…1.
    public var hourlyShare: Double

    public init(
        kind: Kind, hourlySources: [String], factor: IntensityFactor?, annualSource: String, hourlyShare: Double
    ) {
        self.kind = kind
        self.hourlySources = hourlySources
        self.factor = factor
        self.annualSource = annualSource
        self.hourlyShare = hourlyShare
    }

    /// The basis of a run priced at its place's annual average throughout.
    public static func annual(source: String) -> PricingBasis {
        PricingBasis(kind: .annual, hourlySources: [], factor: nil, annualSource: source, hourlyShare: 0)
    }

    /// What a reader sees: "hourly (Electricity Maps, life-cycle average)", "annual average (Our
    /// World in Data / Ember, 2023)", or "hourly (UK National Grid ESO, direct average) for 62 % of
    /// the energy, annual average (…) for the rest".
    public var label: String {
        let annual = "annual average (\(annualSource))"
        let sources = hourlySources.joined(separator: ", ")
        let hourly = "hourly (\(sources)\(factor.map { ", \($0.label)" } ?? ""))"
        switch kind {
        case .annual: return annual
        case .hourly: return hourly
        case .partlyHourly:
            let percent = Format.fixed(hourlyShare * 100, decimals: 0)
            return "\(hourly) for \(percent) % of the energy, \(annual) for the rest"
        }
    }
}
