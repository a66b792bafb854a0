import FootprintCore

/// Copies runs from one ledger to another, whichever their backends: delivery from the local spool
/// to a team's server, `ledger push` and `ledger pull`.
///
/// A run moves in slices of at most ``sliceSamples`` samples, each stored in one transaction, and
/// starts after the target's last sample of it: a copy cut short (a server gone, a killed process)
/// resumes where it stopped. Copying again adds nothing; a target that still lacks samples after
/// the resumed copy (a gap before its last one) gets the whole run again, which fills the gap and
/// adds nothing else. A run the target has that was priced again in the source since (its basis
/// or pricing history differ) also gets the whole run again, which gives its samples the
/// intensities they are priced at now; one the target priced later than the source keeps the
/// target's price and history (the newer price wins, as the newer intensity reading does).
///
/// The intensity readings the runs were priced with are copied by ``copyIntensities(from:to:)``.
public enum LedgerTransfer {
    /// The most samples one slice carries: a long run's bundle stays a few megabytes.
    public static let sliceSamples = 50_000

    /// What a copy did.
    public struct Counts: Sendable, Hashable {
        /// Runs looked at (the runs the filter let through, or the one run).
        public var runs = 0
        /// Runs the target did not have.
        public var newRuns = 0
        /// Samples added to the target.
        public var samplesAdded = 0
        /// Runs the target already had every sample and the price of before this copy.
        public var unchanged = 0
        /// Runs the target had, whose new price (basis, history, sample intensities) it took.
        public var repriced = 0

        public init() {}

        /// True when the copy added nothing: every run, sample and price was there.
        public var addedNothing: Bool { newRuns == 0 && samplesAdded == 0 && repriced == 0 }
    }

    /// Copies run `runID` (its full id); nil when the source has no such run.
    ///
    /// - Returns: whether the run was new to the target and how many samples it gained.
    @discardableResult
    public static func copy(
        run runID: String, from source: any RunBundleStore, to target: any RunBundleStore,
        sliceSamples: Int = sliceSamples
    ) throws(LedgerError) -> StoredBundle? {
        var total = StoredBundle(newRun: false, samplesAdded: 0)
        // The target's price of the run (no samples: none is after the largest time).
        let held = try target.bundle(of: runID, samplesAfter: .greatestFiniteMagnitude, sampleLimit: 0)
        // Set when the target priced the run later than the source did: it keeps its price.
        var kept: RunBundle?
        func outgoing(_ bundle: RunBundle) -> RunBundle { kept.map { bundle.keepingPrice(of: $0) } ?? bundle }
        var after = try target.lastSampleTime(of: runID)
        var first = true
        while true {
            guard let bundle = try source.bundle(of: runID, samplesAfter: after, sampleLimit: max(sliceSamples, 1))
            else { return first ? nil : total }
            if first, let held {
                if held.pricedAt ?? -.infinity > bundle.pricedAt ?? -.infinity {
                    kept = held
                } else {
                    total.priceChanged =
                        held.run.pricing != bundle.run.pricing || held.priceHistory != bundle.priceHistory
                }
            }
            let stored = try target.store(outgoing(bundle))
            if first { total.newRun = stored.newRun }
            first = false
            total.samplesAdded += stored.samplesAdded
            after = bundle.samples.last?.t ?? after
            if bundle.samplesComplete { break }
        }
        // A gap before the target's last sample, or a new price for samples it had: the whole run
        // again, which adds only what is missing and sets the samples' intensities.
        let gap = try target.sampleCount(of: runID) < source.sampleCount(of: runID)
        if total.priceChanged || gap {
            var from: Double? = nil
            while let bundle = try source.bundle(of: runID, samplesAfter: from, sampleLimit: max(sliceSamples, 1)) {
                total.samplesAdded += try target.store(outgoing(bundle)).samplesAdded
                from = bundle.samples.last?.t ?? from
                if bundle.samplesComplete { break }
            }
        }
        return total
    }

    /// Copies every run `filter` lets through, oldest first.
    public static func copy(
        _ filter: RunFilter, from source: any RunBundleStore, to target: any RunBundleStore,
        sliceSamples: Int = sliceSamples
    ) throws(LedgerError) -> Counts {
        // The ids first: a SQLite source cannot be read again while it is being walked.
        let ids = try source.runs(filter, limit: nil).reversed().map(\.id)
        var counts = Counts()
        for id in ids {
            guard let stored = try copy(run: id, from: source, to: target, sliceSamples: sliceSamples) else {
                continue  // deleted since it was listed
            }
            counts.runs += 1
            if stored.newRun { counts.newRuns += 1 }
            if stored.priceChanged { counts.repriced += 1 }
            counts.samplesAdded += stored.samplesAdded
            if !stored.newRun && stored.samplesAdded == 0 && !stored.priceChanged { counts.unchanged += 1 }
        }
        return counts
    }

    /// What a copy of intensity readings did.
    public struct IntensityCounts: Sendable, Hashable {
        /// Readings read from the source.
        public var readings = 0
        /// Readings the target took: new to it, or recorded later than its own of the same key.
        public var stored = 0

        public init(readings: Int = 0, stored: Int = 0) {
            (self.readings, self.stored) = (readings, stored)
        }
    }

    /// The most readings one store carries: a year of hourly readings of one zone is 8,760.
    public static let readingBatch = 10_000

    /// Copies every intensity reading of the source into the target, zone by zone, where the
    /// target's of the same key is not newer (``IntensityStore``): the readings runs were priced
    /// with travel with them, and those fetched on either side reach the other.
    public static func copyIntensities(
        from source: any IntensityStore, to target: any IntensityStore, batch: Int = readingBatch
    ) throws(LedgerError) -> IntensityCounts {
        var counts = IntensityCounts()
        do {
            for zone in Set(try source.intensityCoverage().map(\.zone)).sorted() {
                let readings = try source.intensities(
                    zone: zone, from: -.greatestFiniteMagnitude, to: .greatestFiniteMagnitude, factors: nil,
                    kinds: nil)
                counts.readings += readings.count
                var start = 0
                while start < readings.count {
                    let slice = Array(readings[start..<min(start + max(batch, 1), readings.count)])
                    let outcome = try target.storeIntensities(slice)
                    counts.stored += outcome.inserted + outcome.replaced
                    start += slice.count
                }
            }
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.other, "cannot copy the intensity readings: \(error)")
        }
        return counts
    }
}
