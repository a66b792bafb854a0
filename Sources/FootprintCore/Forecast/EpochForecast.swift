/// A forecast of a whole run made from its first epochs: what `footprint run --epochs N` prints,
/// keeps in the ledger and draws against the actual figures.
///
/// Energy is the run's facility energy (IT × PUE, in the run's scope), as its totals are.
public struct EpochForecast: Sendable, Hashable, Codable {
    /// Seconds since the run started when the forecast was made (the end of epoch ``afterEpochs``).
    public var madeAt: Double
    /// Epochs finished when it was made.
    public var afterEpochs: Int
    /// Epochs the run was said to have (`--epochs`).
    public var epochs: Int
    /// The whole run's forecast duration, seconds.
    public var durationSeconds: Double
    /// The whole run's forecast facility energy, joules, and its 95 % interval.
    public var energyJoules: Double
    public var lowEnergyJoules: Double
    public var highEnergyJoules: Double
    /// The whole run's forecast emissions, grams CO2e.
    public var co2eGrams: Double
    /// Whether the first epoch was set aside as a warm-up (its cost differed from the later ones').
    public var excludedWarmUp: Bool
    /// How the interval was obtained, in words: "spread of 3 epochs", "one epoch: ±20 % assumed".
    public var basis: String

    public init(
        madeAt: Double, afterEpochs: Int, epochs: Int, durationSeconds: Double, energyJoules: Double,
        lowEnergyJoules: Double, highEnergyJoules: Double, co2eGrams: Double, excludedWarmUp: Bool, basis: String
    ) {
        self.madeAt = madeAt
        self.afterEpochs = afterEpochs
        self.epochs = epochs
        self.durationSeconds = durationSeconds
        self.energyJoules = energyJoules
        self.lowEnergyJoules = lowEnergyJoules
        self.highEnergyJoules = highEnergyJoules
        self.co2eGrams = co2eGrams
        self.excludedWarmUp = excludedWarmUp
        self.basis = basis
    }

    enum CodingKeys: String, CodingKey {
        case epochs, basis
        case madeAt = "made_at", afterEpochs = "after_epochs", durationSeconds = "duration_s"
        case energyJoules = "energy_j", lowEnergyJoules = "low_energy_j", highEnergyJoules = "high_energy_j"
        case co2eGrams = "co2e_g", excludedWarmUp = "excluded_warm_up"
    }
}
