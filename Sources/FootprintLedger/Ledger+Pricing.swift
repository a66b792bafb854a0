import FootprintCore
import GRDB

extension Ledger: RunPricingStore {
    /// Prices a run again in one transaction: the figure it carried (with its basis) into
    /// `run_price`, the new CO2e and basis into its row, each named sample's intensity by its time
    /// through one prepared statement (a day of 1 s samples is 86,400 updates by primary key).
    public func reprice(_ runID: String, _ repricing: RunRepricing) throws(LedgerError) {
        try LedgerValues.check(repricing)
        try write("price a run again in") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [runID]) else {
                throw LedgerError(.noSuchRun, "no run '\(runID)' in \(self.path)")
            }
            let run = try self.decode(row, db)
            if Self.refusesToDelete(run, includingRunningOnOtherHosts: false) {
                throw Self.repricingRefusal(run)
            }
            // The stored basis as it is, so that a cell this version cannot read is kept, not lost.
            let basis: String? = row["pricing"]
            try db.execute(
                sql: "INSERT INTO run_price (run_id, replaced_at_s, co2e_g, basis, reason) VALUES (?, ?, ?, ?, ?)",
                arguments: [runID, repricing.pricedAt, run.emissions.grams, basis, repricing.reason])
            try db.execute(
                sql: "UPDATE run SET co2e_g = ?, pricing = ? WHERE id = ?",
                arguments: [repricing.emissions.grams, StoredPricing.encode(repricing.basis), runID])
            let update = try db.makeStatement(sql: "UPDATE sample SET g_per_kwh = ? WHERE run_id = ? AND t = ?")
            for sample in repricing.sampleIntensities {
                try update.execute(arguments: [sample.gramsPerKilowattHour, runID, sample.t])
            }
        }
    }

    /// The figures a run carried before its current one, oldest first; none for an unknown id.
    public func pricingHistory(of runID: String) throws(LedgerError) -> [RunPriceRecord] {
        try read { db in try Self.pricingHistory(of: runID, db) }
    }

    static func pricingHistory(of runID: String, _ db: Database) throws -> [RunPriceRecord] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM run_price WHERE run_id = ? ORDER BY replaced_at_s, rowid", arguments: [runID]
        ).map(StoredRecords.priceRecord)
    }

    /// The refusal to price a run that is still being recorded: its recorder writes its totals at
    /// its end, over the new price.
    public static func repricingRefusal(_ run: RunRecord) -> LedgerError {
        liveRunRefusal(run, refusing: "pricing again", then: "price it again")
    }
}
