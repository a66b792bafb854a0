import FootprintCore

/// Copies runs from one ledger to another, whichever their backends: delivery from the local spool
/// to a team's server, `ledger push` and `ledger pull`.
///
/// A run moves in slices of at most ``sliceSamples`` samples, each stored in one transaction, and
/// starts after the target's last sample of it: a copy cut short (a server gone, a killed process)
/// resumes where it stopped. Copying again adds nothing; a target that still lacks samples after
/// the resumed copy (a gap before its last one) gets the whole run again, which fills the gap and
/// adds nothing else.
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
        /// Runs the target already had every sample of before this copy.
        public var unchanged = 0

        public init() {}

        /// True when the copy added nothing: every run and sample was there.
        public var addedNothing: Bool { newRuns == 0 && samplesAdded == 0 }
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
        var after = try target.lastSampleTime(of: runID)
        var first = true
        while true {
            guard let bundle = try source.bundle(of: runID, samplesAfter: after, sampleLimit: max(sliceSamples, 1))
            else { return first ? nil : total }
            let stored = try target.store(bundle)
            if first { total.newRun = stored.newRun }
            first = false
            total.samplesAdded += stored.samplesAdded
            after = bundle.samples.last?.t ?? after
            if bundle.samplesComplete { break }
        }
        // A gap before the target's last sample: the whole run again, which adds only what is missing.
        if try target.sampleCount(of: runID) < source.sampleCount(of: runID) {
            var from: Double? = nil
            while let bundle = try source.bundle(of: runID, samplesAfter: from, sampleLimit: max(sliceSamples, 1)) {
                total.samplesAdded += try target.store(bundle).samplesAdded
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
            counts.samplesAdded += stored.samplesAdded
            if !stored.newRun && stored.samplesAdded == 0 { counts.unchanged += 1 }
        }
        return counts
    }
}
