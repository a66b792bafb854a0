import FootprintCore
import FootprintMeter

/// The energy of one measured phase (a task of the run): IT energy by component in the run's
/// scope, facility energy (× PUE), and how each component's figure was obtained.
public struct PhaseEnergy: Sendable {
    /// The task's name in the run.
    public var name: String
    /// Wall-clock seconds between its start and its stop.
    public var duration: Double
    /// IT energy × PUE.
    public var facility: Energy
    /// IT energy by component, in the run's scope.
    public var components: [Component: Energy]
    /// How each component's energy was obtained (`modeled:tdp-load`, `measured:rapl`, …).
    public var methods: [Component: MeasurementMethod]

    public init(
        name: String, duration: Double, facility: Energy, components: [Component: Energy],
        methods: [Component: MeasurementMethod]
    ) {
        self.name = name
        self.duration = duration
        self.facility = facility
        self.components = components
        self.methods = methods
    }

    /// IT energy, before PUE.
    public var it: Energy { components.values.reduce(.zero, +) }

    /// The same phase's energy divided over `passes` passes of `samplesPerPass` samples each.
    public func perSample(passes: Int, samplesPerPass: Int) -> PhaseEnergy {
        let share = { RepetitionProtocol.perSample($0, passes: passes, samplesPerPass: samplesPerPass) }
        return PhaseEnergy(
            name: name, duration: duration, facility: share(facility), components: components.mapValues(share),
            methods: methods)
    }
}

/// A phase of work repeated until it lasted long enough to be measured (see ``RepetitionProtocol``).
public struct RepeatedPhase: Sendable {
    /// The whole phase: every pass together.
    public var total: PhaseEnergy
    /// Passes measured (a warm-up pass before them is not).
    public var passes: Int
    /// Samples in each pass.
    public var samplesPerPass: Int

    public init(total: PhaseEnergy, passes: Int, samplesPerPass: Int) {
        self.total = total
        self.passes = passes
        self.samplesPerPass = samplesPerPass
    }

    /// The energy of one sample.
    public var perSample: PhaseEnergy { total.perSample(passes: passes, samplesPerPass: samplesPerPass) }
}
