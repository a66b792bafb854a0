import FootprintCore
import GRDB

extension Ledger: IntensityStore {
    /// Stores readings in one transaction: what the ledger holds of the batch's zones and spans is
    /// read first (one index range per zone), then each reading is inserted or updated through one
    /// prepared statement, or left out. A year of hourly readings for fifty zones (438,000) takes
    /// seconds.
    /// - Throws: ``LedgerError``: `.invalidValue` for a reading no intensity may be (nothing is
    ///   written), `.readOnly` for a ledger that cannot be written.
    @discardableResult
    public func storeIntensities(_ readings: [IntensityReading]) throws(LedgerError) -> IntensityStoreOutcome {
        let batch = try StoredIntensities.prepare(readings)
        return try write("store intensity readings in") { db in
            let held = try Self.recordingTimes(heldFor: batch.readings, db)
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO intensity (zone, start_s, factor, kind, end_s, g_per_kwh, source, recorded_at_s)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let update = try db.cachedStatement(
                sql: """
                    UPDATE intensity SET end_s = ?, g_per_kwh = ?, source = ?, recorded_at_s = ?
                    WHERE zone = ? AND start_s = ? AND factor = ? AND kind = ?
                    """)
            var outcome = IntensityStoreOutcome(keptNewer: batch.superseded)
            for r in batch.readings {
                let factor = r.factor.rawValue, kind = r.kind.rawValue
                if let recorded = held[StoredIntensities.Key(r)] {
                    guard r.recordedAt > recorded else {
                        outcome.keptNewer += 1
                        continue
                    }
                    try update.execute(arguments: [
                        r.end, r.intensity.gramsPerKilowattHour, r.source, r.recordedAt, r.zone, r.start, factor, kind
                    ])
                    outcome.replaced += 1
                } else {
                    try insert.execute(arguments: [
                        r.zone, r.start, factor, kind, r.end, r.intensity.gramsPerKilowattHour, r.source, r.recordedAt
                    ])
                    outcome.inserted += 1
                }
            }
            return outcome
        }
    }

    /// When each reading the ledger holds with a key among `readings`' was recorded: the rows of
    /// each zone between the batch's first and last start of it. A row of a factor or kind this
    /// version does not know cannot share a key with a reading it writes, and is passed over.
    static func recordingTimes(
        heldFor readings: [IntensityReading], _ db: Database
    ) throws -> [StoredIntensities.Key: Double] {
        var spans: [String: (first: Double, last: Double)] = [:]
        for r in readings {
            let span = spans[r.zone] ?? (r.start, r.start)
            spans[r.zone] = (min(span.first, r.start), max(span.last, r.start))
        }
        let query = try db.cachedStatement(
            sql: "SELECT start_s, factor, kind, recorded_at_s FROM intensity WHERE zone = ? AND start_s BETWEEN ? AND ?"
        )
        var held: [StoredIntensities.Key: Double] = [:]
        for (zone, span) in spans {
            let rows = try Row.fetchCursor(query, arguments: [zone, span.first, span.last])
            while let row = try rows.next() {
                guard let factor = IntensityFactor(rawValue: row[1]), let kind = IntensityKind(rawValue: row[2]) else {
                    continue
                }
                held[StoredIntensities.Key(zone: zone, start: row[0], factor: factor, kind: kind)] = row[3]
            }
        }
        return held
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
