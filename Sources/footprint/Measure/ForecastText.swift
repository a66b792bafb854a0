import FootprintCore
import FootprintMeter
import FootprintReport

/// How `footprint run --epochs` shows its forecasts: a line per update, a part of the live line, and
/// forecast against actual at the end, with what the epochs did that the plan did not say.
enum ForecastText {
    /// "forecast after 2 of 10 epochs: 1.2 Wh (1.1–1.3 Wh), 0.45 g CO2e, 1 min 40 s in all (spread of 2 epochs)"
    static func update(_ forecast: EpochForecast) -> String {
        "forecast after \(forecast.afterEpochs) of \(forecast.epochs) epochs: \(energy(forecast)), "
            + "\(CarbonMass(grams: forecast.co2eGrams)), \(Duration.seconds(forecast.durationSeconds)) in all "
            + "(\(forecast.basis))"
    }

    /// The live line's part: "forecast 1.2 Wh (1.1–1.3 Wh), 40 s left".
    static func live(_ forecast: EpochForecast, elapsed: Double) -> String {
        let left = max(forecast.durationSeconds - elapsed, 0)
        return "forecast \(energy(forecast)), \(Duration.seconds(left)) left"
    }

    /// "1.2 Wh (1.1–1.3 Wh)"; the interval left out where it is the figure itself.
    static func energy(_ forecast: EpochForecast) -> String {
        let central = Energy(joules: forecast.energyJoules)
        let low = Energy(joules: forecast.lowEnergyJoules), high = Energy(joules: forecast.highEnergyJoules)
        return low == high ? "\(central)" : "\(central) (\(Energy.range(low, high)))"
    }

    /// The end-of-run table, as `footprint report` shows it: the forecast made after `--predict-after`
    /// epochs and the last, each against what the run used. Nothing without a forecast.
    static func versusActual(_ summary: RunSummary) -> [String] {
        let actual = ForecastActual(
            energy: summary.energy, duration: summary.duration, emissions: summary.emissions,
            complete: summary.status == .finished)
        return ForecastLines.render(
            ForecastOutcome.shown(summary.forecasts).map { ForecastOutcome($0, actual: actual) })
    }

    /// What the run's epochs did that the plan did not foresee, for the summary's notes: none
    /// marked at all, or fewer or more than announced.
    static func notes(_ summary: RunSummary) -> [String] {
        guard let plan = summary.epochPlan else { return [] }
        let marked = summary.epochsMarked
        if marked == 0 {
            return [
                "no forecast: no task matched '\(plan.pattern)'; mark epochs with `start epoch 1` … `stop epoch 1` "
                    + "on $FOOTPRINT_TASKS (or name the tasks with --epoch-task)"
            ]
        }
        if marked < plan.predictAfter {
            return [
                "no forecast: \(marked) of \(plan.epochs) epochs ended, fewer than the \(plan.predictAfter) "
                    + "asked for before the first (--predict-after)"
            ]
        }
        if marked < plan.epochs {
            return ["\(marked) of the \(plan.epochs) epochs announced ended; the forecasts counted on \(plan.epochs)"]
        }
        if marked > plan.epochs {
            return [
                "\(marked) epochs ended, \(plan.epochs) announced; forecasts past epoch \(plan.epochs) are the run so far"
            ]
        }
        return []
    }

}
