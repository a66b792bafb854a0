/// Patterson et al. 2021, "Carbon Emissions and Large Neural Network Training":
/// MWh = hours × processors × average power × PUE; t CO2e = MWh × t CO2e/MWh.
public struct PattersonMethod: Sendable, Hashable {
    /// Training time.
    public let duration: Duration
    /// Number of processors.
    public let processors: Int
    /// Average power per processor, measured (not TDP).
    public let averagePower: Power

    /// Creates the estimate's inputs, rejecting zero, negative and implausibly large figures
    /// (``EstimateBounds``).
    public init(hours: Double, processors: Int, averagePower: Power) throws(InvalidInput) {
        self.duration = .hours(try Check.positive(hours, "hours", atMost: EstimateBounds.hours))
        self.processors = try Check.count(processors, "processor count", from: 1, atMost: EstimateBounds.processors)
        self.averagePower = .watts(
            try Check.positive(
                averagePower.watts, "average watts per processor",
                atMost: EstimateBounds.processorWatts))
    }

    /// Applies the formula.
    public func estimate(pue: PUE, intensity: GridIntensity) -> SingleStageEstimate {
        SingleStageEstimate(
            method: "Patterson et al. 2021", itEnergy: averagePower * Double(processors) * duration,
            pue: pue, intensity: intensity,
            workings: "\(Format.significant(duration.hours, digits: 6)) h × \(processors) × "
                + "\(Format.significant(averagePower.watts)) W × \(Format.significant(pue.value))")
    }
}
