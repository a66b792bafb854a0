import FootprintCore

/// How long a measured phase must last for the meter to resolve its energy, and how work too short
/// for that (one inference pass over a few hundred samples takes milliseconds) is repeated until it
/// lasts long enough, then divided.
///
/// The meter reads its sensors when a phase starts and when it stops, so a phase's energy is the
/// difference of two readings, not a count of whole sampling intervals. What limits it is the
/// sensors' resolution: the CPU times that attribute modeled power to the process come in clock
/// ticks of 10 ms, so each boundary can be off by a tick; a phase of 1 s keeps that under about 1 %.
/// GPU power read by polling (where NVML has no energy counter) is integrated interval by interval,
/// so a phase also spans at least ten sampling intervals: the partial intervals at its edges are
/// then at most a tenth of it. The longer of the two is the minimum.
public struct RepetitionProtocol: Sendable, Equatable {
    /// The shortest phase the meter resolves, in seconds.
    public var minimumSeconds: Double
    /// Passes at most, however short one is: a pass that takes no measurable time (an empty data
    /// set) must not spin without end.
    public var maximumPasses: Int

    /// Ticks of 10 ms each boundary may be off by: 100 of them keep the rounding near 1 %.
    public static let tickResolvedSeconds = 1.0
    /// Sampling intervals a phase spans at least, for power integrated from polled readings.
    public static let minimumIntervals = 10.0
    /// The default bound on passes.
    public static let defaultMaximumPasses = 1_000_000

    /// The protocol for a meter sampling every `samplingInterval` seconds.
    public init(samplingInterval: Double, maximumPasses: Int = RepetitionProtocol.defaultMaximumPasses) {
        minimumSeconds = max(Self.tickResolvedSeconds, Self.minimumIntervals * samplingInterval)
        self.maximumPasses = max(1, maximumPasses)
    }

    /// Whether another pass is needed after `passes` passes that took `elapsed` seconds together.
    public func needsAnotherPass(after passes: Int, elapsed: Double) -> Bool {
        passes < 1 || (elapsed < minimumSeconds && passes < maximumPasses)
    }

    /// Whether a phase of `seconds` (measured once, not repeated) is shorter than the meter resolves.
    public func isUnresolved(_ seconds: Double) -> Bool { seconds < minimumSeconds }

    /// The energy of one sample: the phase's energy over every sample of every pass; zero when no
    /// sample was run.
    public static func perSample(_ energy: Energy, passes: Int, samplesPerPass: Int) -> Energy {
        let samples = Double(passes) * Double(samplesPerPass)
        return samples > 0 ? Energy(joules: energy.joules / samples) : .zero
    }
}
