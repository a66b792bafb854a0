import FootprintCore

/// What a run used, for its forecasts to be checked against: its facility energy, duration and
/// emissions, and whether they are the whole run's.
public struct ForecastActual: Sendable, Hashable {
    public var energy: Energy
    public var duration: Double
    public var emissions: CarbonMass
    /// False for a run that did not finish (interrupted, or still recording): its figures cover
    /// only part of what the forecasts were about, so no error is worked out against them.
    public var complete: Bool

    public init(energy: Energy, duration: Double, emissions: CarbonMass, complete: Bool) {
        self.energy = energy
        self.duration = duration
        self.emissions = emissions
        self.complete = complete
    }

    /// A recorded run's figures.
    public init(_ run: RunRecord) {
        self.init(
            energy: run.energy, duration: run.duration, emissions: run.emissions, complete: run.status == .finished)
    }
}

/// One forecast beside what the run used: the relative error of each figure (forecast ÷ actual − 1,
/// so +0.04 is a forecast 4 % too high) and whether the actual energy fell in its 95 % interval.
/// The errors are nil while the actual is not the whole run's or is 0.
public struct ForecastOutcome: Sendable, Hashable {
    public var forecast: EpochForecast
    public var actual: ForecastActual

    public init(_ forecast: EpochForecast, actual: ForecastActual) {
        self.forecast = forecast
        self.actual = actual
    }

    public var energyError: Double? { error(forecast.energyJoules, actual.energy.joules) }
    public var durationError: Double? { error(forecast.durationSeconds, actual.duration) }
    public var emissionsError: Double? { error(forecast.co2eGrams, actual.emissions.grams) }

    /// Whether the actual energy is within the forecast's interval; nil while the actual is partial.
    public var actualWithinInterval: Bool? {
        guard actual.complete else { return nil }
        return (forecast.lowEnergyJoules...max(forecast.highEnergyJoules, forecast.lowEnergyJoules)).contains(
            actual.energy.joules)
    }

    private func error(_ predicted: Double, _ measured: Double) -> Double? {
        guard actual.complete, measured > 0, predicted.isFinite else { return nil }
        return predicted / measured - 1
    }

    /// A relative error as a signed percentage: "+4.2 %", "−0.8 %".
    public static func percent(_ error: Double) -> String {
        let size = magnitude(error)
        return (size == "0" ? "" : error < 0 ? "−" : "+") + size + " %"
    }

    /// An error as a figure's suffix: " (+4.2 %)", or nothing when there is none to give.
    public static func suffix(_ error: Double?) -> String {
        error.map { " (" + percent($0) + ")" } ?? ""
    }

    /// The size of an error in percent, two figures; "0" below 0.005 %, which would read in an exponent.
    static func magnitude(_ error: Double) -> String {
        abs(error) * 100 < 0.005 ? "0" : Format.significant(abs(error) * 100, digits: 2)
    }

    /// The forecasts a summary shows, from all a run made: the first (made after `--predict-after`
    /// epochs, the one printed as `prediction`) and the last, the best informed.
    public static func shown(_ forecasts: [EpochForecast]) -> [EpochForecast] {
        guard let first = forecasts.first, let last = forecasts.last else { return [] }
        return forecasts.count == 1 ? [first] : [first, last]
    }

    /// The 95 % interval of the energy in one unit, the one its larger end reads best in: "1.23–1.85 Wh".
    public var intervalText: String {
        Energy.range(.joules(forecast.lowEnergyJoules), .joules(forecast.highEnergyJoules))
    }

    /// "after 2 of 10 epochs".
    public var label: String {
        "after \(forecast.afterEpochs) of \(forecast.epochs) epoch\(forecast.epochs == 1 ? "" : "s")"
    }
}

extension RunReportModel {
    /// Each forecast the run made beside what the run used, in the order made.
    public var forecastOutcomes: [ForecastOutcome] {
        let actual = ForecastActual(run)
        return forecasts.map { ForecastOutcome($0, actual: actual) }
    }

    /// The outcomes a summary shows: the first forecast and the last (see ``ForecastOutcome/shown(_:)``).
    public var shownForecastOutcomes: [ForecastOutcome] {
        let actual = ForecastActual(run)
        return ForecastOutcome.shown(forecasts).map { ForecastOutcome($0, actual: actual) }
    }
}

extension ForecastOutcome {
    /// The forecasts shown, in a reader's sentences: what the first said, what the run used, how far
    /// off each was. Empty without forecasts.
    public static func sentences(_ shown: [ForecastOutcome]) -> [String] {
        guard let first = shown.first else { return [] }
        let f = first.forecast
        var sentences = [
            "Footprint forecast the whole run from its first epochs: \(first.label), at "
                + "\(FootprintCore.Duration.seconds(f.madeAt)) into the run, \(Energy.joules(f.energyJoules)) at the "
                + "facility (95 % interval \(first.intervalText)), \(FootprintCore.Duration.seconds(f.durationSeconds)) "
                + "and \(CarbonMass.grams(f.co2eGrams))."
        ]
        let actual = first.actual
        guard actual.complete else {
            sentences.append(
                "The run did not finish, so its figures (\(actual.energy) so far) cannot check the forecasts.")
            return sentences
        }
        var used =
            "The run used \(actual.energy) in \(FootprintCore.Duration.seconds(actual.duration)), "
            + "\(actual.emissions)"
        if let energy = first.energyError, let duration = first.durationError {
            used +=
                ": the forecast's energy was \(offBy(energy)) and its duration \(offBy(duration))"
                + (first.actualWithinInterval == true
                    ? ", the actual within its interval" : ", the actual outside its interval")
        }
        sentences.append(used + ".")
        if shown.count > 1, let last = shown.last, let energy = last.energyError {
            sentences.append(
                "The last forecast, after \(last.forecast.afterEpochs) epochs"
                    + (last.forecast.excludedWarmUp ? " (the first set aside as a warm-up)" : "")
                    + ", was \(Energy.joules(last.forecast.energyJoules)), "
                    + "\(offBy(energy)).")
        }
        return sentences
    }

    /// "4.2 % high", "0.8 % low", "exact".
    static func offBy(_ error: Double) -> String {
        let size = magnitude(error)
        return size == "0" ? "exact" : size + " % " + (error > 0 ? "high" : "low")
    }
}

/// What a run used after its last epoch ended: work no epoch covers (a final evaluation, saving
/// the model, the interpreter's exit), which no forecast from epochs can foresee. Known once the
/// run made a forecast after its last epoch, whose energy is then the energy through that epoch.
public struct WorkAfterLastEpoch: Sendable, Hashable {
    /// Energy used after the last epoch ended, and its share of the run's.
    public var energy: Energy
    public var share: Double
    /// The first forecast's error against the energy through the last epoch, the part it forecast.
    public var firstForecastError: Double

    /// Nil unless the run finished, its last forecast came after its last epoch, and something
    /// measurable (0.5 % or more of the run) came after it.
    public init?(_ outcomes: [ForecastOutcome]) {
        guard let first = outcomes.first, let last = outcomes.last, last.actual.complete,
            last.forecast.afterEpochs >= last.forecast.epochs, last.actual.energy.joules > 0,
            last.forecast.energyJoules > 0
        else { return nil }
        let through = last.forecast.energyJoules
        let after = last.actual.energy.joules - through
        guard after / last.actual.energy.joules >= 0.005 else { return nil }
        energy = .joules(after)
        share = after / last.actual.energy.joules
        firstForecastError = first.forecast.energyJoules / through - 1
    }
}
