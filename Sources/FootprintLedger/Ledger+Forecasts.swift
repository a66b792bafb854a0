import FootprintCore
import Foundation
import GRDB

extension Ledger {
    /// The forecasts made during run `runID` (its full id), in the order they were made; empty for
    /// a run that made none (one without `--epochs`, or recorded before the ledger kept them).
    public func forecasts(runID: String) throws(LedgerError) -> [EpochForecast] {
        try read { db in try Self.forecasts(runID: runID, db) }
    }

    static func forecasts(runID: String, _ db: Database) throws -> [EpochForecast] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM forecast WHERE run_id = ? ORDER BY made_at_s, after_epochs, rowid",
            arguments: [runID]
        ).map(StoredRecords.forecast)
    }

    /// Writes one forecast of run `runID`.
    static func insert(_ f: EpochForecast, runID: String, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO forecast (run_id, made_at_s, after_epochs, epochs, duration_s, energy_j, low_energy_j,
                    high_energy_j, co2e_g, excluded_warm_up, basis)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                runID, f.madeAt, f.afterEpochs, f.epochs, f.durationSeconds, f.energyJoules, f.lowEnergyJoules,
                f.highEnergyJoules, f.co2eGrams, f.excludedWarmUp, f.basis
            ])
    }
}
