import FootprintCore

/// A place a job could run, with what is known of its grid: the annual average every place has, and
/// whatever time-resolved readings the ledger or a source holds for it.
public struct PlanLocation: Sendable, Hashable {
    /// The catalog's code ("DE", "aws:eu-north-1"), as the plan names it.
    public var code: String
    /// A readable name ("Germany").
    public var name: String
    /// The place's yearly average: the plan's basis when no readings will do.
    public var annual: GridIntensity
    /// Where the yearly average comes from, with its year ("Our World in Data / Ember, 2023").
    public var annualSource: String
    /// Readings of any factor and kind; the planner picks the ones it may use (never marginal ones).
    public var readings: [IntensityReading]

    public init(code: String, name: String, annual: GridIntensity, annualSource: String, readings: [IntensityReading]) {
        self.code = code
        self.name = name
        self.annual = annual
        self.annualSource = annualSource
        self.readings = readings
    }
}
