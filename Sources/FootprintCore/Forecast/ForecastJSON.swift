/// A run forecast as JSON, the one shape for `run --json` and `report ID --json`: kWh and kg, as a
/// run's totals are printed. `prediction` is the forecast made after `--predict-after` epochs (a
/// run's first), without `made_at_s`; each of `predictions`, every update in order, has it.
public struct ForecastJSON: Encodable, Equatable, Sendable {
    public var afterEpochs, epochs: Int
    public var durationS, energyKWh, co2eKg, lowEnergyKWh, highEnergyKWh: Double
    /// Seconds since the run started when it was made; in `predictions` only.
    public var madeAtS: Double?

    public init(_ f: EpochForecast, madeAt: Bool) {
        (afterEpochs, epochs, durationS) = (f.afterEpochs, f.epochs, f.durationSeconds)
        energyKWh = Energy.joules(f.energyJoules).kilowattHours
        lowEnergyKWh = Energy.joules(f.lowEnergyJoules).kilowattHours
        highEnergyKWh = Energy.joules(f.highEnergyJoules).kilowattHours
        co2eKg = CarbonMass.grams(f.co2eGrams).kilograms
        madeAtS = madeAt ? f.madeAt : nil
    }

    /// `prediction`: the first forecast of a run, made after `--predict-after` epochs; nil for a
    /// run that made none.
    public static func prediction(_ forecasts: [EpochForecast]) -> ForecastJSON? {
        forecasts.first.map { ForecastJSON($0, madeAt: false) }
    }

    /// `predictions`: every forecast in the order made; nil (the key left out) for a run that made none.
    public static func predictions(_ forecasts: [EpochForecast]) -> [ForecastJSON]? {
        forecasts.isEmpty ? nil : forecasts.map { ForecastJSON($0, madeAt: true) }
    }

    enum CodingKeys: String, CodingKey {
        case epochs
        case afterEpochs = "after_epochs", durationS = "duration_s", energyKWh = "energy_kwh", co2eKg = "co2e_kg"
        case lowEnergyKWh = "low_energy_kwh", highEnergyKWh = "high_energy_kwh", madeAtS = "made_at_s"
    }
}
