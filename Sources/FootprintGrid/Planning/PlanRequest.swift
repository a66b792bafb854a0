import FootprintCore

/// A job to place in time and space: how long it runs, what it uses, where it could run (the first
/// place is "here"), and the span it must start and finish in.
public struct PlanRequest: Sendable, Hashable {
    /// The job's length, seconds.
    public var duration: Double
    /// The job's energy at the facility (PUE included), assumed drawn evenly over its length.
    public var energy: Energy
    /// Where it could run; the first is where it would run now, the "here" of the comparison.
    public var locations: [PlanLocation]
    /// The present, seconds since 1970 UTC.
    public var now: Double
    /// The earliest start, seconds since 1970; `now` when later than this.
    public var notBefore: Double?
    /// When the job must be finished by, seconds since 1970.
    public var deadline: Double

    public init(
        duration: Double, energy: Energy, locations: [PlanLocation], now: Double, notBefore: Double? = nil,
        deadline: Double
    ) {
        self.duration = duration
        self.energy = energy
        self.locations = locations
        self.now = now
        self.notBefore = notBefore
        self.deadline = deadline
    }

    /// The earliest start the plan may choose.
    public var earliestStart: Double { max(now, notBefore ?? now) }
    /// The latest start that still finishes by the deadline.
    public var latestStart: Double { deadline - duration }
}
