import FootprintCore
import FootprintGrid

/// Forecasts for the places of a plan from the configured intensity sources (Electricity Maps with
/// a key; the UK National Grid for Great Britain), each request bounded by the sources' 2 s limit,
/// all places asked at once. With no source for a place nothing is asked and nothing waits.
enum PlanForecasts {
    /// Each place's forecast readings (empty where none came), and a note for each failure.
    static func fetch(
        _ places: [PlanPlace], provider: IntensityProvider
    ) -> (readings: [[IntensityReading]], notes: [String]) {
        guard !provider.sources.isEmpty else { return (places.map { _ in [] }, []) }
        // A given intensity ("here" without a place) has no zone to ask about.
        let codes = places.map { $0.zones.isEmpty ? nil : $0.code }
        let answers = waitForAsync {
            await withTaskGroup(of: (Int, IntensityAnswer).self) { group in
                for (index, code) in codes.enumerated() {
                    guard let code else { continue }
                    group.addTask { (index, await provider.forecast(zone: code)) }
                }
                var answers = [IntensityAnswer?](repeating: nil, count: codes.count)
                for await (index, answer) in group { answers[index] = answer }
                return answers.map { $0 ?? IntensityAnswer(readings: [], origin: .none) }
            }
        }
        var notes: [String] = []
        for (place, answer) in zip(places, answers) where answer.readings.isEmpty {
            // A source that does not cover the place is no news (the UK API and Germany); a failure is.
            let failures = answer.failures.filter { $0.reason != .unknownZone }
            if !failures.isEmpty {
                notes.append("\(place.code): no forecast (\(failures.map(\.message).joined(separator: "; ")))")
            }
        }
        for (place, answer) in zip(places, answers) {
            let code = place.code
            if let problem = answer.storeProblem {
                notes.append("\(code): forecast not kept in the ledger (\(problem))")
            }
        }
        return (answers.map(\.readings), notes)
    }
}
