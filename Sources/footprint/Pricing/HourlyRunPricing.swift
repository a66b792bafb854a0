import FootprintCore
import FootprintGrid
import FootprintLedger
import Foundation

/// Prices a recorded run by the hour: the readings of its place's zones over its span (the
/// ledger's first, then the configured sources through the provider, each request within its time
/// limit), its samples from the ledger, ``HourlyPricing``, and the new figure written through
/// ``RunPricingStore``, which keeps the one it replaces in the run's history. A run no reading
/// covers keeps its figure: pricing never makes a run's figure worse than the annual average.
struct HourlyRunPricing {
    /// What pricing one run came to.
    enum Outcome {
        /// Priced by the hour, wholly or partly, and written; `replaced` is the figure it had.
        case priced(RunPricing, RunRepricing, replaced: CarbonMass)
        /// Left as it was, and why; `failures` are the sources that were asked and failed.
        case unchanged(String, failures: [String])
    }

    let store: any RunPricingStore
    let settings: IntensitySourceSettings
    /// The ledger's own readings: asked first, and where fetched ones are kept.
    let intensities: (any IntensityStore)?

    /// - Parameters:
    ///   - store: the ledger the runs are in.
    ///   - environment: the sources' keys and base URLs (`IntensitySourceSettings`).
    ///   - timeout: seconds each request to a source may take.
    init(store: any RunPricingStore, environment: [String: String], timeout: Double) {
        self.store = store
        intensities = store as? any IntensityStore
        settings = IntensitySourceSettings(environment: environment, timeout: timeout)
    }

    /// Prices `run` from its samples and writes the new figure with `reason`, when a reading covers
    /// any of it and the figure changes.
    /// - Throws: ``LedgerError`` when the ledger cannot read the run's samples or write its price
    ///   (a run still recording is refused as `.liveRun`).
    func price(_ run: RunRecord, reason: String, at now: Double) throws(LedgerError) -> Outcome {
        let place = PlanPlace(
            here: ResolvedLocation(
                code: run.locationCode, name: run.locationName ?? "", intensity: run.intensity,
                source: run.intensitySource ?? ""))
        guard !place.zones.isEmpty else {
            return .unchanged(
                "it was priced at an intensity given as a number, which has no hourly readings", failures: [])
        }
        let samples = try store.samples(of: run.id)
        guard let span = Self.span(of: samples, startedAt: run.startedAt) else {
            return .unchanged("it has no samples to price", failures: [])
        }
        let found = readings(zones: place.zones, from: span.from, to: span.to)
        let pricing = HourlyPricing.price(
            samples: samples, startedAt: run.startedAt, scope: run.scope, readings: found.readings,
            annual: run.intensity, annualSource: run.pricingBasis.annualSource)
        guard pricing.basis.kind != .annual else {
            let zones = place.zones.joined(separator: " or ")
            let why =
                "no hourly reading of \(zones) covers \(Timestamp.iso8601UTC(span.from)) to "
                + "\(Timestamp.iso8601UTC(span.to))"
            return .unchanged(why + found.failures.map { " (\($0))" }.joined(), failures: found.failures)
        }
        let repricing = RunRepricing(pricing, facilityEnergy: run.energy, pricedAt: now, reason: reason)
        // The same readings price it the same: no history entry for a figure that stands.
        if run.pricing == pricing.basis, Self.same(run.emissions, repricing.emissions) {
            return .unchanged("its figure stands: the readings price it as before", failures: [])
        }
        try store.reprice(run.id, repricing)
        return .priced(pricing, repricing, replaced: run.emissions)
    }

    /// The readings of the first zone that has any over `from..<to`, with the sources that failed:
    /// the ledger's where they cover the span whole, else the provider's answer (which asks the
    /// sources that serve the zone and keeps what they answer), else what the ledger holds of it.
    func readings(zones: [String], from: Double, to: Double) -> (readings: [IntensityReading], failures: [String]) {
        var failures: [String] = []
        for zone in zones {
            let held =
                (try? intensities?.intensities(
                    zone: zone, from: from, to: to, factors: [.lifecycle, .direct], kinds: nil)) ?? []
            let sources = self.sources(serving: zone)
            // No source to ask (the usual case for a run without a key): the run's end touches no
            // HTTP client at all.
            if !sources.isEmpty, !IntensitySeries(held).covers(from: from, to: to) {
                let provider = IntensityProvider(sources: sources, signal: .average, store: intensities)
                let answer = waitForAsync { await provider.history(zone: zone, from: from, to: to) }
                failures += answer.failures.map(\.message)
                if !answer.readings.isEmpty { return (answer.readings, failures) }
            }
            if !held.isEmpty { return (held, failures) }
        }
        return ([], failures)
    }

    /// The configured average sources that serve `zone`, in the provider's order
    /// (``IntensitySourceSettings/averageSources()``): Electricity Maps with a key, the UK National
    /// Grid for Great Britain and its regions.
    /// Chosen by kind before any is made: making one opens the process's HTTP client.
    func sources(serving zone: String) -> [any IntensitySource] {
        let kinds: [IntensitySourceSettings.Kind] = [.electricityMaps, .uk]
        return kinds.filter { kind in
            settings.isConfigured(kind) && (kind != .uk || (try? SourceZone(zone).ukArea()) != nil)
        }
        .map { settings.source($0) }
    }

    /// From the start of the first sampling interval to the end of the last, seconds since 1970.
    static func span(of samples: [SampleRecord], startedAt: Double) -> (from: Double, to: Double)? {
        guard let from = samples.map({ $0.t - max($0.duration, 0) }).min(), let to = samples.map(\.t).max() else {
            return nil
        }
        return (startedAt + from, startedAt + max(to, from))
    }

    /// Equal to within rounding: a figure read back from the ledger against one computed anew.
    static func same(_ a: CarbonMass, _ b: CarbonMass) -> Bool {
        abs(a.grams - b.grams) <= 1e-9 * max(abs(a.grams), abs(b.grams), 1e-9)
    }
}
