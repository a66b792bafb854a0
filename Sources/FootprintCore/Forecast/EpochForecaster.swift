/// Forecasts a whole run from the epochs it has finished: what the remaining epochs will cost if
/// they cost what the finished ones did, with an interval from how much those differed.
///
/// The method, in one paragraph. An epoch's cost is the run's energy (and time) from the end of
/// the epoch before to the end of this one, so that whatever the program does between epochs
/// (validation, checkpoints) counts; the first epoch's is its own task's, since what came before it
/// (start-up, loading data) happens once. The forecast is the energy used so far plus the remaining
/// epochs times the mean cost of the epochs used. The first epoch is set aside as a warm-up once
/// later epochs exist and it differs from their mean by more than ``warmUpThreshold(mean:sd:count:)``.
/// The interval is for the sum of R future epochs: R × mean ± t₀.₉₇₅ × √(R²s²/n + R·s²), the first
/// term the uncertainty of the mean of n costs, the second the epochs' own spread s; with one usable
/// epoch there is no spread to use, and ± ``assumedRelativeWidth`` of the remaining energy is assumed
/// and said in ``EpochForecast/basis``.
public struct EpochForecaster: Sendable {
    /// One finished epoch, as the meter saw it.
    public struct FinishedEpoch: Sendable, Hashable {
        /// Seconds since the run started when the epoch ended.
        public var end: Double
        /// The run's facility energy when the epoch ended, joules.
        public var runEnergyJoules: Double
        /// The epoch's own task: facility energy, joules, and seconds.
        public var taskEnergyJoules: Double
        public var taskSeconds: Double

        public init(end: Double, runEnergyJoules: Double, taskEnergyJoules: Double, taskSeconds: Double) {
            self.end = end
            self.runEnergyJoules = runEnergyJoules
            self.taskEnergyJoules = taskEnergyJoules
            self.taskSeconds = taskSeconds
        }
    }

    /// What one epoch cost the run.
    public struct Cost: Sendable, Hashable {
        public var energyJoules: Double
        public var seconds: Double

        public init(energyJoules: Double, seconds: Double) {
            self.energyJoules = energyJoules
            self.seconds = seconds
        }
    }

    /// The epochs the run is said to have.
    public var epochs: Int
    /// The run's grid intensity, for CO2e.
    public var intensity: GridIntensity

    /// The relative width assumed for the remaining epochs' energy when only one epoch can be used.
    /// Epoch-to-epoch spreads measured on this project's shared machine were a few per cent; 20 %
    /// is deliberately wider, since one epoch says nothing of its own spread.
    public static let assumedRelativeWidth = 0.2
    /// The least relative difference that makes the first epoch a warm-up: below it, a difference
    /// is not worth a forecast's attention, whatever the spread.
    public static let warmUpFloor = 0.05

    public init(epochs: Int, intensity: GridIntensity) {
        self.epochs = epochs
        self.intensity = intensity
    }

    /// Each finished epoch's cost, in order (see the type's description).
    public static func costs(of finished: [FinishedEpoch]) -> [Cost] {
        finished.indices.map { i in
            i == 0
                ? Cost(energyJoules: finished[0].taskEnergyJoules, seconds: finished[0].taskSeconds)
                : Cost(
                    energyJoules: finished[i].runEnergyJoules - finished[i - 1].runEnergyJoules,
                    seconds: finished[i].end - finished[i - 1].end)
        }
    }

    /// How far the first epoch's cost may lie from the mean of the `count` later ones (their mean
    /// `mean`, standard deviation `sd`, nil for one) before it counts as a warm-up: twice the
    /// standard deviation of the difference between one more epoch and that mean, s·√(1 + 1/m), so
    /// that an ordinary first epoch is set aside only about one time in twenty; at least
    /// ``warmUpFloor`` of the mean.
    public static func warmUpThreshold(mean: Double, sd: Double?, count: Int) -> Double {
        let spread = sd.map { 2 * $0 * (1 + 1 / Double(max(count, 1))).squareRoot() } ?? 0
        return max(spread, warmUpFloor * abs(mean))
    }

    /// Whether the first of `costs` (energies, in order) is a warm-up: there are later ones, and it
    /// differs from their mean by more than ``warmUpThreshold(mean:sd:count:)``. The same rule
    /// serves any estimate made from measured epochs.
    public static func isWarmUp(_ costs: [Double]) -> Bool {
        guard costs.count >= 2 else { return false }
        let later = Array(costs.dropFirst())
        let (mean, sd) = meanAndSD(later)
        return abs(costs[0] - mean) > warmUpThreshold(mean: mean, sd: sd, count: later.count)
    }

    /// The mean (0 for none) and the sample standard deviation (nil for fewer than two values).
    static func meanAndSD(_ values: [Double]) -> (mean: Double, sd: Double?) {
        (Statistics.mean(values) ?? 0, Statistics.standardDeviation(values))
    }

    /// The forecast after the epochs `finished` (in the order they ended); nil before the first.
    public func forecast(after finished: [FinishedEpoch]) -> EpochForecast? {
        guard let last = finished.last else { return nil }
        let costs = Self.costs(of: finished)
        let warmUp = Self.isWarmUp(costs.map(\.energyJoules))
        let used = warmUp ? Array(costs.dropFirst()) : costs
        let (energy, sd) = Self.meanAndSD(used.map(\.energyJoules))
        let seconds = used.reduce(0) { $0 + $1.seconds } / Double(used.count)
        let remaining = Double(max(epochs - finished.count, 0))
        let sum = remaining * energy
        let half: Double
        var basis: String
        if remaining == 0 {
            half = 0
            basis = "all \(epochs) epochs finished"
        } else if let sd {
            let n = Double(used.count)
            let t = StudentT.quantile975(degreesOfFreedom: used.count - 1)
            half = t * (remaining * remaining * sd * sd / n + remaining * sd * sd).squareRoot()
            basis = "spread of \(used.count) epochs"
        } else {
            half = Self.assumedRelativeWidth * abs(sum)
            basis = "one epoch: ±\(Int((Self.assumedRelativeWidth * 100).rounded())) % assumed"
        }
        if warmUp { basis += "; epoch 1 set aside as warm-up" }
        let total = last.runEnergyJoules + sum
        return EpochForecast(
            madeAt: last.end, afterEpochs: finished.count, epochs: epochs,
            durationSeconds: last.end + remaining * seconds, energyJoules: total,
            // The run cannot end having used less than it has already.
            lowEnergyJoules: max(total - half, last.runEnergyJoules), highEnergyJoules: total + half,
            co2eGrams: intensity.emissions(for: Energy(joules: total)).grams, excludedWarmUp: warmUp, basis: basis)
    }
}
