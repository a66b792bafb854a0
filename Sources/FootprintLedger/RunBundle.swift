import FootprintCore

/// One run with what belongs to it, or a slice of its samples: what moves between ledgers when a
/// run is delivered from the local spool to a team's server, pushed (`ledger push`) or pulled.
///
/// A bundle may carry only the samples after a time (``samplesAfter``), so that a long run moves
/// in bounded slices and a delivery resumes where the last one stopped.
public struct RunBundle: Sendable, Hashable {
    /// The run row as its source ledger reads it (a dead recorder's run reads as interrupted).
    public var run: RunRecord
    /// Samples in time order: all of the run's, or those after ``samplesAfter``.
    public var samples: [SampleRecord]
    /// The exclusive lower bound of ``samples``' times; nil when they start at the run's first.
    public var samplesAfter: Double?
    /// True when ``samples`` reaches the run's last sample at the time it was read.
    public var samplesComplete: Bool
    public var tasks: [TaskRecord]
    public var forecasts: [EpochForecast]
    public var experiments: ExperimentSuiteResult?
    /// The figures the run carried before its current price, oldest first (``RunPricingStore``).
    public var priceHistory: [RunPriceRecord]

    public init(
        run: RunRecord, samples: [SampleRecord], samplesAfter: Double? = nil, samplesComplete: Bool = true,
        tasks: [TaskRecord], forecasts: [EpochForecast], experiments: ExperimentSuiteResult?,
        priceHistory: [RunPriceRecord] = []
    ) {
        (self.run, self.samples, self.samplesAfter, self.samplesComplete) = (
            run, samples, samplesAfter, samplesComplete
        )
        (self.tasks, self.forecasts, self.experiments, self.priceHistory) = (
            tasks, forecasts, experiments, priceHistory
        )
    }
}

extension RunBundle {
    /// When the run's current price was set (the figure before it was replaced then); nil for a
    /// run never priced again.
    public var pricedAt: Double? { priceHistory.last?.replacedAt }

    /// The bundle with the price of `held` (the same run as another ledger has it): its CO2e,
    /// basis and history, and samples that carry no intensity, so that those the ledger has keep theirs.
    func keepingPrice(of held: RunBundle) -> RunBundle {
        var bundle = self
        bundle.run.emissions = held.run.emissions
        bundle.run.pricing = held.run.pricing
        bundle.priceHistory = held.priceHistory
        for index in bundle.samples.indices { bundle.samples[index].intensity = nil }
        return bundle
    }
}

/// What storing a bundle changed, for a transfer to report ("12 runs, 40,211 samples; 3 runs
/// were there already").
public struct StoredBundle: Sendable, Hashable {
    /// True when the run was not in the ledger before.
    public var newRun: Bool
    /// Samples added; samples already there (same run and time) are not counted, nor written twice.
    public var samplesAdded: Int
    /// True when a run the target had took a new price: its pricing, its history or the
    /// intensities of its samples (``LedgerTransfer`` says so; a single store does not).
    public var priceChanged: Bool

    public init(newRun: Bool, samplesAdded: Int, priceChanged: Bool = false) {
        (self.newRun, self.samplesAdded, self.priceChanged) = (newRun, samplesAdded, priceChanged)
    }
}

/// A ledger runs can be copied out of and into whole: both backends. Storing is idempotent by run
/// id and sample time: the run row, tasks, forecasts, experiments and pricing history are replaced
/// by the bundle's, samples already there are left as they are but for the intensity they were
/// priced at (a run priced again since it was copied), so that delivering or pushing twice adds nothing.
public protocol RunBundleStore: LedgerStore {
    /// The run (its full id) with its tasks, forecasts and experiments, and at most `sampleLimit`
    /// of its samples after `samplesAfter` (all when nil); nil when the ledger has no such run.
    func bundle(of runID: String, samplesAfter: Double?, sampleLimit: Int?) throws(LedgerError) -> RunBundle?

    /// Stores `bundle` in one transaction: a reader sees the run as it was or as it is now.
    @discardableResult
    func store(_ bundle: RunBundle) throws(LedgerError) -> StoredBundle

    /// The time of the run's last stored sample; nil for a run with none or not there: where a
    /// delivery resumes.
    func lastSampleTime(of runID: String) throws(LedgerError) -> Double?
}
