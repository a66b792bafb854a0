import FootprintCore

/// A ledger that can price its runs again: hourly pricing at the end of a run and
/// `footprint runs recompute` write through this. Both backends conform; a run that is still
/// being recorded is refused, and the figure a run carried goes to its pricing history, never lost.
public protocol RunPricingStore: LedgerStore {
    /// Writes a run's new CO2e, basis and sample intensities in one transaction, keeping the figure
    /// they replace (with its basis) in the run's pricing history.
    /// - Throws: ``LedgerError`` with reason `.noSuchRun` for an unknown exact id, `.liveRun` for a
    ///   run still recording (`.liveRunElsewhere` for one marked running on another host: the rule
    ///   `delete` follows), `.invalidValue` for a figure that is not finite or is negative; nothing
    ///   is written then.
    func reprice(_ runID: String, _ repricing: RunRepricing) throws(LedgerError)

    /// The figures a run carried before its current one, oldest first; none for a run never priced
    /// again, or an unknown id.
    func pricingHistory(of runID: String) throws(LedgerError) -> [RunPriceRecord]
}
