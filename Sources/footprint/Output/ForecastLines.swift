import FootprintCore
import FootprintReport

/// Forecasts beside what the run used, as terminal lines: a table of each forecast's energy (with
/// its error), 95 % interval, duration and CO2e, the actual figures under them, and a note on the
/// intervals. Nothing for a run without forecasts.
enum ForecastLines {
    static func render(_ outcomes: [ForecastOutcome]) -> [String] {
        guard let actual = outcomes.first?.actual else { return [] }
        var table = TextTable(
            ["forecast", "energy", "95 % interval", "duration", "CO2e"],
            alignments: [.left, .right, .right, .right, .right])
        for o in outcomes {
            let f = o.forecast
            table.add([
                "\(o.label), at \(FootprintCore.Duration.seconds(f.madeAt))",
                "\(Energy.joules(f.energyJoules))" + ForecastOutcome.suffix(o.energyError),
                o.intervalText,
                "\(FootprintCore.Duration.seconds(f.durationSeconds))" + ForecastOutcome.suffix(o.durationError),
                // CO2e is the energy at the run's intensity: its error is the energy's.
                "\(CarbonMass.grams(f.co2eGrams))"
            ])
        }
        table.add([
            actual.complete ? "actual" : "measured so far", "\(actual.energy)", "",
            "\(FootprintCore.Duration.seconds(actual.duration))", "\(actual.emissions)"
        ])
        var lines = table.render().split(separator: "\n").map { "  " + $0 }
        if actual.complete {
            let within = outcomes.filter { $0.actualWithinInterval == true }.count
            lines.append(
                Terminal.dim(
                    "  (error: forecast ÷ actual − 1; the actual energy is within the 95 % interval of "
                        + (outcomes.count == 1
                            ? (within == 1 ? "the forecast)" : "no forecast)")
                            : "\(within) of these \(outcomes.count) forecasts)")))
            if let after = WorkAfterLastEpoch(outcomes), let first = outcomes.first {
                lines.append(
                    Terminal.dim(
                        "  \(after.energy) (\(Format.percent(after.share))) was used after the last epoch ended: "
                            + "no forecast from epochs foresees it."))
                lines.append(
                    Terminal.dim(
                        "  Through epoch \(first.forecast.epochs), the first forecast was off by "
                            + ForecastOutcome.percent(after.firstForecastError) + "."))
            }
        } else {
            lines.append(Terminal.dim("  (the run did not finish: its figures cover only part of what was forecast)"))
        }
        return lines
    }
}
