import FootprintCore
import FootprintLedger
import PostgresNIO

extension PostgresLedger: RunPricingStore {
    /// Prices a run again in one transaction, its row locked: the figure it carried (with its
    /// basis) into `run_price`, the new CO2e and basis into its row, and every sample's intensity
    /// in one `UPDATE … FROM UNNEST` of two arrays (a day of 1 s samples is one statement).
    public func reprice(_ runID: String, _ repricing: RunRepricing) throws(LedgerError) {
        try LedgerValues.check(repricing)
        let location = location
        try session.transaction { queries in
            guard let row = try queries.rows("SELECT * FROM run WHERE id = $1 FOR UPDATE", [.text(runID)]).first else {
                throw LedgerError(.noSuchRun, "no run '\(runID)' in \(location)")
            }
            let run = try Self.decode(row, queries)
            if Ledger.refusesToDelete(run, includingRunningOnOtherHosts: false) {
                throw Ledger.repricingRefusal(run)
            }
            // The stored basis as it is, so that a cell this version cannot read is kept, not lost.
            try queries.execute(
                """
                INSERT INTO run_price (run_id, replaced_at_s, co2e_g, basis, reason)
                SELECT id, $2, $3, pricing, $4 FROM run WHERE id = $1
                """,
                [.text(runID), .real(repricing.pricedAt), .real(run.emissions.grams), .text(repricing.reason)])
            try queries.execute(
                "UPDATE run SET co2e_g = $2, pricing = $3 WHERE id = $1",
                [.text(runID), .real(repricing.emissions.grams), .text(StoredPricing.encode(repricing.basis))])
            var start = 0
            let samples = repricing.sampleIntensities
            while start < samples.count {
                let slice = samples[start..<min(start + Self.sampleBatch, samples.count)]
                try Self.setIntensities(slice, runID: runID, queries)
                start += slice.count
            }
        }
    }

    /// The figures a run carried before its current one, oldest first; none for an unknown id.
    public func pricingHistory(of runID: String) throws(LedgerError) -> [RunPriceRecord] {
        try session.withConnection { queries in try Self.pricingHistory(of: runID, queries) }
    }

    static func pricingHistory(of runID: String, _ queries: PostgresSession.Queries) throws -> [RunPriceRecord] {
        try queries.rows("SELECT * FROM run_price WHERE run_id = $1 ORDER BY replaced_at_s, id", [.text(runID)])
            .map(StoredRecords.priceRecord)
    }

    /// Sets the intensity of each of the run's samples named by its time, in one statement; a
    /// sample that already has it is not written again.
    static func setIntensities(
        _ intensities: some Collection<SampleIntensity>, runID: String, _ queries: PostgresSession.Queries
    ) throws {
        try queries.execute(
            """
            UPDATE sample SET g_per_kwh = given.g
            FROM UNNEST($2::float8[], $3::float8[]) AS given (t, g)
            WHERE sample.run_id = $1 AND sample.t = given.t AND sample.g_per_kwh IS DISTINCT FROM given.g
            """,
            [.text(runID), .reals(intensities.map(\.t)), .reals(intensities.map(\.gramsPerKilowattHour))])
    }
}
