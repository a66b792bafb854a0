/// Training compute from hardware and time (Amodei & Hernandez 2018, "AI and Compute"):
/// FLOPs = processors × peak FLOP/s × seconds × utilisation.
public struct ComputeEstimate: Sendable, Hashable {
    /// FLOPs in one petaflop/s-day.
    public static let flopsPerPetaflopSecondDay = 1e15 * 86_400

    /// Number of processors.
    public let processors: Int
    /// Peak FLOP/s of one processor.
    public let peakFLOPS: Double
    /// Run time.
    public let duration: Duration
    /// Average share of peak achieved, 0…1 (0.33 in the AlexNet example of Amodei & Hernandez 2018).
    public let utilization: Double

    /// Creates the inputs, each checked against ``EstimateBounds``.
    public init(processors: Int, peakFLOPS: Double, hours: Double, utilization: Double) throws(InvalidInput) {
        self.processors = try Check.count(processors, "processor count", from: 1, atMost: EstimateBounds.processors)
        self.peakFLOPS = try Check.positive(peakFLOPS, "FLOP/s per processor", atMost: EstimateBounds.flopsPerSecond)
        self.duration = .hours(try Check.positive(hours, "hours", atMost: EstimateBounds.hours))
        self.utilization = try Check.fraction(utilization, "utilization")
    }

    /// Floating-point operations performed.
    public var flops: Double { Double(processors) * peakFLOPS * duration.seconds * utilization }

    /// The same amount in petaflop/s-days.
    public var petaflopSecondDays: Double { flops / Self.flopsPerPetaflopSecondDay }
}
