import FootprintCore

/// What a planned window's intensity rests on, best first: a forecast over the whole window, the
/// history profile (mean by hour of week of past readings), or the place's annual average, which
/// cannot tell one hour from another and so leaves only the choice of place.
public enum PlanBasis: Sendable, Hashable {
    /// Forecast readings that cover every candidate window.
    case forecast(factor: IntensityFactor, sources: [String])
    /// The mean by hour of week of actual readings spanning `weeks` weeks, from `from` to `to`
    /// (seconds since 1970): the latest weeks held, however long ago they were.
    case historyProfile(
        factor: IntensityFactor, weeks: Double, readings: Int, from: Double, to: Double, sources: [String])
    /// The place's yearly average.
    case annualAverage(source: String)

    /// For `--json` and matching: "forecast", "history-profile", "annual-average".
    public var name: String {
        switch self {
        case .forecast: "forecast"
        case .historyProfile: "history-profile"
        case .annualAverage: "annual-average"
        }
    }

    /// Whether the basis tells hours apart, so that choosing a start time means anything.
    public var choosesTime: Bool {
        if case .annualAverage = self { false } else { true }
    }

    /// For people: "forecast (Electricity Maps; life-cycle average)", "history profile: mean by hour
    /// of week of 4 weeks of actual readings, 2026-10-05 to 2026-11-02 (672 readings, imported from
    /// de.csv; life-cycle average)", "annual
    /// average (Our World in Data / Ember, 2023)".
    public var label: String {
        switch self {
        case .forecast(let factor, let sources):
            "forecast (\(sources.joined(separator: ", ")); \(factor.label))"
        case .historyProfile(let factor, let weeks, let readings, let from, let to, let sources):
            "history profile: mean by hour of week of \(Format.significant(weeks, digits: 2)) weeks of actual readings, "
                + "\(Timestamp.iso8601UTC(from).prefix(10)) to \(Timestamp.iso8601UTC(to).prefix(10)) "
                + "(\(Format.count(readings)) readings, \(sources.joined(separator: ", ")); \(factor.label))"
        case .annualAverage(let source):
            "annual average (\(source))"
        }
    }
}
