import FootprintCore
import FootprintGrid
import FootprintLedger
import Foundation

/// The time-resolved readings a plan can use, from the ledger's intensity store; none (and a note
/// saying so) when there is no ledger yet.
struct PlanReadings {
    let store: (any IntensityStore)?
    /// What the store holds, per zone, factor and kind.
    let coverage: [IntensityCoverage]
    var notes: [String] = []

    init(ledger: LedgerOptions) throws {
        let environment = try ConfigFile.effectiveEnvironment(ProcessInfo.processInfo.environment)
        // No ledger file yet is no error here: a plan on annual averages is still a plan.
        if try ledger.server(environment: environment) == nil,
            !FileManager.default.fileExists(atPath: ledger.location(environment: environment))
        {
            store = nil
            coverage = []
            notes.append(
                "no ledger yet, so no hourly readings: every place is compared on its annual average "
                    + "(footprint regions import FILE adds readings)")
            return
        }
        // Written to as well where it may be: forecasts fetched for the plan are kept for the next one.
        // A ledger this user may only read still plans; the provider says what it could not keep.
        let opened =
            try (try? ledger.open(.write, environment: environment)) ?? ledger.open(.read, environment: environment)
        store = opened as? any IntensityStore
        coverage = try store?.intensityCoverage() ?? []
    }

    /// The place with the readings a plan from `now` to `deadline` can use, from the first of its
    /// zones that has any: forecasts over the span, and the latest weeks of actual readings the
    /// ledger holds for the history profile, however old (the profile says which weeks they are).
    func location(_ place: PlanPlace, now: Double, deadline: Double) throws -> PlanLocation {
        var readings: [IntensityReading] = []
        if let store {
            for zone in place.zones {
                let held = coverage.filter { $0.zone == zone }
                guard !held.isEmpty else { continue }
                readings = try store.intensities(zone: zone, from: now, to: deadline, factors: nil, kinds: [.forecast])
                let latestActual = held.filter { $0.kind == .actual }.map(\.last).max()
                if let latestActual {
                    let from = min(latestActual, now) - Planner.profileWeeks * 604_800
                    readings += try store.intensities(
                        zone: zone, from: from, to: min(latestActual, now), factors: nil, kinds: [.actual])
                }
                if !readings.isEmpty { break }
            }
        }
        return PlanLocation(
            code: place.code, name: place.name, annual: place.annual, annualSource: place.annualSource,
            readings: readings)
    }
}
