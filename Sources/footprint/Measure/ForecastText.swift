import FootprintCore
import FootprintMeter

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

    /// The end-of-run lines: the forecast made after `predictAfter` epochs and the last one, each
    /// against the measured totals with its error. Nothing without a plan or a forecast.
    static func versusActual(_ summary: RunSummary) -> [String] {
        guard summary.epochPlan != nil, let first = summary.forecasts.first, let last = summary.forecasts.last else {
            return []
        }
        let shown = first == last ? [first] : [first, last]
        return shown.map { forecast in
            "  forecast   after \(forecast.afterEpochs) of \(forecast.epochs) epochs: \(energy(forecast)) and "
                + "\(Duration.seconds(forecast.durationSeconds)); actual \(summary.energy) "
                + "(\(error(forecast.energyJoules, summary.energy.joules))) and \(Duration.seconds(summary.duration)) "
                + "(\(error(forecast.durationSeconds, summary.duration)))"
        }
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

    /// "+4.1 %", "−12 %": how far a forecast lay from what happened.
    static func error(_ forecast: Double, _ actual: Double) -> String {
        guard actual > 0 else { return "no error to state: nothing measured" }
        let share = (forecast - actual) / actual
        return (share < 0 ? "−" : "+") + Format.significant(abs(share) * 100, digits: 2) + " %"
    }
}
