/// Strubell, Ganesh & McCallum 2019, "Energy and Policy Considerations for Deep Learning in NLP":
/// p_t = PUE · t · (p_c + p_r + g · p_g) / 1000 kWh, CO2e = 0.954 lb/kWh · p_t.
public struct StrubellMethod: Sendable, Hashable {
    /// The paper's PUE: the 2018 industry average.
    public static let paperPUE = PUE(unchecked: 1.58)
    /// The paper's intensity: US EPA average, 0.954 lb CO2e per kWh.
    public static let paperIntensity = GridIntensity.poundsPerKilowattHour(0.954)

    /// Training time.
    public let duration: Duration
    /// Total average power of the machine: CPU + RAM + all GPUs.
    public let totalPower: Power

    /// Creates an estimate from the paper's components: `gpus` GPUs at `gpuPower` each,
    /// plus CPU and RAM power.
    public init(hours: Double, gpus: Int, gpuPower: Power, cpuPower: Power, ramPower: Power) throws(InvalidInput) {
        _ = try Check.positive(hours, "hours", atMost: EstimateBounds.hours)
        _ = try Check.count(gpus, "GPU count", from: 0, atMost: EstimateBounds.processors)
        _ = try Check.nonNegative(gpuPower.watts, "GPU watts", atMost: EstimateBounds.processorWatts)
        for (value, name) in [(cpuPower.watts, "CPU watts"), (ramPower.watts, "RAM watts")] {
            _ = try Check.nonNegative(value, name, atMost: EstimateBounds.machineWatts)
        }
        let total = cpuPower + ramPower + gpuPower * Double(gpus)
        try self.init(hours: hours, totalPower: total)
    }

    /// Creates an estimate from the total power the paper's Table 3 reports.
    public init(hours: Double, totalPower: Power) throws(InvalidInput) {
        self.duration = .hours(try Check.positive(hours, "hours", atMost: EstimateBounds.hours))
        self.totalPower = .watts(
            try Check.positive(totalPower.watts, "total power (W)", atMost: EstimateBounds.totalWatts))
    }

    /// Applies the formula with the paper's PUE and intensity unless others are given.
    public func estimate(pue: PUE = paperPUE, intensity: GridIntensity = paperIntensity) -> SingleStageEstimate {
        SingleStageEstimate(
            method: "Strubell et al. 2019", itEnergy: totalPower * duration, pue: pue, intensity: intensity,
            workings: "\(Format.significant(pue.value)) × \(Format.significant(duration.hours)) h × "
                + "\(Format.significant(totalPower.watts, digits: 6)) W / 1000")
    }
}
