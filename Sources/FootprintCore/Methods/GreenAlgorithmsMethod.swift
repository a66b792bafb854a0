/// Lannelongue, Grealey & Inouye 2021, "Green Algorithms: Quantifying the Carbon Footprint of
/// Computation": E = t · (n_c · P_c · u_c + n_m · P_m) · PUE · PSF.
public struct GreenAlgorithmsMethod: Sendable, Hashable {
    /// The paper's memory power: 0.3725 W per GB.
    public static let memoryWattsPerGigabyte = 0.3725
    /// The calculator's default grid when no location is chosen: its world average, 475 g CO2e/kWh
    /// (IEA Global Energy & CO2 Status Report 2019). Kept as this method's labelled default; elsewhere
    /// Footprint's world average comes from its own country table.
    public static let defaultIntensity = GridIntensity.gramsPerKilowattHour(475)

    /// Run time.
    public let duration: Duration
    /// Number of cores (or GPUs, counted the same way).
    public let cores: Int
    /// Power per core at full load.
    public let corePower: Power
    /// Core usage factor 0…1.
    public let usage: Double
    /// Memory available, GB.
    public let memoryGigabytes: Double
    /// Power per GB of memory.
    public let memoryPowerPerGigabyte: Power
    /// Pragmatic scaling factor: how many times the computation ran.
    public let scalingFactor: Double

    /// Creates the inputs, each checked against ``EstimateBounds``.
    public init(
        hours: Double, cores: Int, corePower: Power, usage: Double, memoryGigabytes: Double,
        memoryPowerPerGigabyte: Power = .watts(memoryWattsPerGigabyte), scalingFactor: Double = 1
    ) throws(InvalidInput) {
        self.duration = .hours(try Check.positive(hours, "hours", atMost: EstimateBounds.hours))
        self.cores = try Check.count(cores, "core count", from: 1, atMost: EstimateBounds.processors)
        self.corePower = .watts(
            try Check.positive(corePower.watts, "watts per core", atMost: EstimateBounds.processorWatts))
        self.usage = try Check.fraction(usage, "core usage")
        self.memoryGigabytes = try Check.nonNegative(
            memoryGigabytes, "memory (GB)", atMost: EstimateBounds.memoryGigabytes)
        self.memoryPowerPerGigabyte = .watts(
            try Check.nonNegative(
                memoryPowerPerGigabyte.watts, "memory watts per GB",
                atMost: EstimateBounds.memoryWattsPerGigabyte))
        self.scalingFactor = try Check.positive(scalingFactor, "scaling factor", atMost: EstimateBounds.scalingFactor)
    }

    /// Power drawn by the cores.
    public var coresPower: Power { corePower * (Double(cores) * usage) }
    /// Power drawn by memory.
    public var memoryPower: Power { memoryPowerPerGigabyte * memoryGigabytes }

    /// Applies the formula.
    public func estimate(pue: PUE, intensity: GridIntensity) -> SingleStageEstimate {
        SingleStageEstimate(
            method: "Green Algorithms (Lannelongue et al. 2021)",
            itEnergy: (coresPower + memoryPower) * duration * scalingFactor, pue: pue, intensity: intensity,
            workings:
                "\(Format.significant(duration.hours)) h × (\(cores) × \(Format.significant(corePower.watts)) W × "
                + "\(Format.significant(usage)) + \(Format.significant(memoryGigabytes)) GB × "
                + "\(Format.significant(memoryPowerPerGigabyte.watts, digits: 4)) W/GB) × PUE \(Format.significant(pue.value))"
                + (scalingFactor == 1 ? "" : " × PSF \(Format.significant(scalingFactor))"))
    }
}
