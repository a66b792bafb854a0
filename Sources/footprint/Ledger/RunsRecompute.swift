import ArgumentParser
import FootprintCore
import FootprintGrid
import FootprintLedger
import Foundation

extension RunsCommand {
    /// `footprint runs recompute ID…`: prices recorded runs again by the hour, from the readings the
    /// ledger holds now and the configured sources; the figure each run carried goes to its history.
    struct Recompute: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recompute",
            abstract: "Price runs again by the hour, from the readings now in the ledger and the configured sources.",
            discussion: """
                Each run's samples are priced at the readings of their hours (footprint regions import or \
                regions fetch adds them; Electricity Maps is asked where ELECTRICITYMAPS_API_KEY is set, the UK \
                National Grid's API for GB), the annual average for what none covers. The figure a run carried \
                is kept in its pricing history (footprint runs show ID lists it). A run no reading covers stays \
                as it is, and the line says why; a run still being recorded is refused.
                """)
        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "Run ids, or the starts of them.") var ids: [String] = []
        @Flag(help: "Print JSON.") var json = false

        /// The most runs one command prices: each may ask a source, 2 s a request.
        static let maximumRuns = 1_000

        /// The reason the history gives for a figure this command replaced.
        static let reason = "by footprint runs recompute"

        func run() throws {
            guard !ids.isEmpty else {
                throw InvalidInput(
                    "name the runs to price again: footprint runs recompute ID… (footprint runs lists them)")
            }
            guard ids.count <= Self.maximumRuns else {
                throw InvalidInput(
                    "footprint runs recompute takes at most \(Format.count(Self.maximumRuns)) runs at a time; "
                        + "got \(Format.count(ids.count))")
            }
            try withUserErrors { try recompute() }
        }

        func recompute() throws {
            let environment = try ConfigFile.effectiveEnvironment(ProcessInfo.processInfo.environment)
            let timeout = try IntensitySourceSettings.timeout(in: environment) ?? 2
            let store = try ledger.open(.write, environment: environment)
            var runs: [RunRecord] = []
            for id in ids {
                let run = try store.run(id)
                if !runs.contains(where: { $0.id == run.id }) { runs.append(run) }
            }
            guard let pricingStore = store as? any RunPricingStore else {
                throw CommandFailure(message: "the ledger \(store.location) cannot price its runs again")
            }
            // Checked before any is priced: all or none of what was asked.
            if let live = runs.first(where: { Ledger.refusesToDelete($0, includingRunningOnOtherHosts: false) }) {
                throw InvalidInput(
                    Terminal.sanitized(
                        "not pricing \(live.id) (\(live.name)) again: it is still being recorded; "
                            + "run footprint runs recompute \(live.id) once it has ended"))
            }
            let pricing = HourlyRunPricing(store: pricingStore, environment: environment, timeout: timeout)
            var results: [RecomputedRunJSON] = []
            for run in runs {
                let outcome = try pricing.price(run, reason: Self.reason, at: Timestamp.now())
                let repriced = try pricingStore.run(run.id)
                results.append(RecomputedRunJSON(before: run, after: repriced, outcome: outcome))
            }
            if json { return try JSONOutput.print(["runs": results]) }
            for result in results { print(Terminal.sanitized(result.line)) }
        }
    }
}

/// One run of `runs recompute`: its figure before and after, and why it stayed where it did.
struct RecomputedRunJSON: Encodable {
    var id: String
    var name: String
    var changed: Bool
    var oldCO2eKg: Double
    var co2eKg: Double
    var basis: String
    var basisKind: String
    var hourlyShare: Double
    var pricedIntensity: Double
    /// Why the figure stayed, when it did.
    var unchanged: String?

    init(before: RunRecord, after: RunRecord, outcome: HourlyRunPricing.Outcome) {
        let basis = after.pricingBasis
        (id, name, oldCO2eKg, co2eKg) = (after.id, after.name, before.emissions.kilograms, after.emissions.kilograms)
        (self.basis, basisKind, hourlyShare) = (basis.label, basis.kind.rawValue, basis.hourlyShare)
        pricedIntensity = after.pricedIntensity.gramsPerKilowattHour
        switch outcome {
        case .priced: (changed, unchanged) = (true, nil)
        case .unchanged(let why, _): (changed, unchanged) = (false, why)
        }
    }

    /// "ID  NAME: 12 g CO2e → 9.8 g CO2e, hourly (…)", or the figure that stayed and why.
    var line: String {
        let old = CarbonMass.kilograms(oldCO2eKg)
        guard changed else { return "\(id)  \(name): \(old) stays, \(basis) — \(unchanged ?? "")" }
        return "\(id)  \(name): \(old) → \(CarbonMass.kilograms(co2eKg)), \(basis)"
    }

    enum CodingKeys: String, CodingKey {
        case id, name, changed, basis, unchanged
        case oldCO2eKg = "old_co2e_kg", co2eKg = "co2e_kg", basisKind = "basis_kind", hourlyShare = "hourly_share"
        case pricedIntensity = "priced_intensity_g_per_kwh"
    }
}
