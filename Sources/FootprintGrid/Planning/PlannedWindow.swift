import FootprintCore

/// One way to run the job: where, from when to when, at what mean intensity, and its CO2e.
public struct PlannedWindow: Sendable, Hashable {
    /// The place's catalog code.
    public var location: String
    /// The place's readable name.
    public var locationName: String
    /// Seconds since 1970 UTC.
    public var start: Double
    /// `start` plus the job's length.
    public var end: Double
    /// The mean intensity over the window, each interval weighed by its share of the window.
    public var intensity: GridIntensity
    /// The job's energy times that intensity.
    public var emissions: CarbonMass
    /// What the intensity rests on.
    public var basis: PlanBasis

    public init(
        location: String, locationName: String, start: Double, end: Double, intensity: GridIntensity,
        emissions: CarbonMass, basis: PlanBasis
    ) {
        self.location = location
        self.locationName = locationName
        self.start = start
        self.end = end
        self.intensity = intensity
        self.emissions = emissions
        self.basis = basis
    }
}
