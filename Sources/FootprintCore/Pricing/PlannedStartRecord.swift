/// What `footprint run --start best` planned, kept with the run so that its report can set the
/// planned intensity beside the one the run met.
public struct PlannedStartRecord: Sendable, Hashable, Codable {
    /// The planned start and the end of the planned window, seconds since 1970.
    public var start: Double
    public var end: Double
    /// The deadline the plan was made for, seconds since 1970.
    public var deadline: Double
    /// The mean intensity the plan expected over its window.
    public var intensity: GridIntensity
    /// The mean intensity of starting at once instead, as the plan saw it.
    public var nowIntensity: GridIntensity
    /// What the plan's figures rest on ("forecast (Electricity Maps)", "history profile …",
    /// "annual average …").
    public var basis: String

    public init(
        start: Double, end: Double, deadline: Double, intensity: GridIntensity, nowIntensity: GridIntensity,
        basis: String
    ) {
        self.start = start
        self.end = end
        self.deadline = deadline
        self.intensity = intensity
        self.nowIntensity = nowIntensity
        self.basis = basis
    }
}
