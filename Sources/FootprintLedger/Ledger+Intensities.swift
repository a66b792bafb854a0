import FootprintCore
import GRDB

extension Ledger: IntensityStore {
    /// Stores readings in one transaction, each key looked up and then written through one prepared
    /// statement each: a year of hourly readings for fifty zones (438,000) takes seconds.
    /// - Throws: ``LedgerError``: `.invalidValue` for a reading no intensity may be (nothing is
    ///   written), `.readOnly` for a ledger that cannot be written.
    @discardableResult
    public func storeIntensities(_ readings: [IntensityReading]) throws(LedgerError) -> IntensityStoreOutcome {
        let batch = try StoredIntensities.prepare(readings)
        return try write("store intensity readings in") { db in
            let held = try db.cachedStatement(
                sql: "SELECT recorded_at_s FROM intensity WHERE zone = ? AND start_s = ? AND factor = ? AND kind = ?")
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO intensity (zone, start_s, factor, kind, end_s, g_per_kwh, source, recorded_at_s)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (zone, start_s, factor, kind) DO UPDATE SET end_s = excluded.end_s,
                        g_per_kwh = excluded.g_per_kwh, source = excluded.source,
                        recorded_at_s = excluded.recorded_at_s
                    """)
            var outcome = IntensityStoreOutcome(keptNewer: batch.superseded)
            for r in batch.readings {
                let factor = r.factor.rawValue, kind = r.kind.rawValue
                if let recorded = try Double.fetchOne(held, arguments: [r.zone, r.start, factor, kind]) {
                    guard r.recordedAt > recorded else {
                        outcome.keptNewer += 1
                        continue
                    }
                    outcome.replaced += 1
                } else {
                    outcome.inserted += 1
                }
                try upsert.execute(arguments: [
                    r.zone, r.start, factor, kind, r.end, r.intensity.gramsPerKilowattHour, r.source, r.recordedAt
                ])
            }
            return outcome
        }
    }

    /// The readings of `zone` overlapping `from..<to`, oldest first.
    public func intensities(
        zone: String, from: Double, to: Double, factors: Set<IntensityFactor>?, kinds: Set<IntensityKind>?
    ) throws(LedgerError) -> [IntensityReading] {
        guard !StoredIntensities.excludesAll(factors: factors, kinds: kinds) else { return [] }
        let query = StoredIntensities.spanQuery(factors: factors, kinds: kinds) { _ in "?" }
        let filters = StoredIntensities.filterValues(factors: factors, kinds: kinds)
        let arguments: [(any DatabaseValueConvertible)?] = [zone, to, from] + filters.map { $0 }
        return try read { db in
            try StoredIntensities.ordered(
                Row.fetchAll(db, sql: query, arguments: StatementArguments(arguments)).map(StoredIntensities.reading))
        }
    }

    /// One entry per zone, factor and kind held.
    public func intensityCoverage() throws(LedgerError) -> [IntensityCoverage] {
        try read { db in
            try StoredIntensities.coverage(
                Row.fetchAll(db, sql: StoredIntensities.coverageQuery),
                sourceRows: Row.fetchAll(db, sql: StoredIntensities.sourcesQuery))
        }
    }
}
