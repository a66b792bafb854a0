import FootprintCore
import FootprintGrid
import FootprintLedger
import FootprintMeter
import Foundation

extension RunSummary {
    /// The reason a run's first hourly price is written with.
    static let endOfRunReason = "at the end of the run"

    /// Prices the run just recorded into `pricingStore` by the hour, where readings of its hours are in
    /// the ledger or a configured source has them (each request within its time limit, 2 s by
    /// default), and takes the priced figures. Nothing here fails the run: a ledger or source
    /// problem becomes a note, and the annual figure stands.
    mutating func priceByTheHour(in pricingStore: any RunPricingStore) {
        guard status != .running else { return }
        let process = ProcessInfo.processInfo.environment
        // A bad setting is the next intensity command's to refuse; the run keeps the default limit.
        let environment = (try? ConfigFile.effectiveEnvironment(process)) ?? process
        let timeout = ((try? IntensitySourceSettings.timeout(in: environment)) ?? nil) ?? 2
        let pricing = HourlyRunPricing(store: pricingStore, environment: environment, timeout: timeout)
        do {
            let run = try pricingStore.run(runID)
            switch try pricing.price(run, reason: Self.endOfRunReason, at: Timestamp.now()) {
            case .priced(let priced, _, _): price(priced)
            case .unchanged(let why, let failures):
                // Without readings or sources the grid line says "annual average" already; a
                // source that failed is worth a line.
                if !failures.isEmpty {
                    notes.append(
                        "priced at the annual average: \(why); footprint runs recompute \(runID) tries again")
                }
            }
        } catch {
            notes.append(
                "priced at the annual average: the ledger could not price the run by the hour (\(error)); "
                    + "footprint runs recompute \(runID) tries again")
        }
    }
}
