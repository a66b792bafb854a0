import FootprintCore
import FootprintLedger
import PostgresNIO

extension PostgresLedger: IntensityStore {
    /// Readings sent in one statement: eight arrays of this many values each.
    static let intensityBatch = 20_000

    /// Stores readings in one transaction, sent as arrays (``intensityBatch`` readings a statement),
    /// each statement inserting new keys and replacing older readings in one step.
    /// - Throws: ``LedgerError``: `.invalidValue` for a reading no intensity may be (nothing is
    ///   written), `.unreachable` and the server's refusals as for any write.
    @discardableResult
    public func storeIntensities(_ readings: [IntensityReading]) throws(LedgerError) -> IntensityStoreOutcome {
        let batch = try StoredIntensities.prepare(readings)
        return try session.transaction { queries in
            var outcome = IntensityStoreOutcome(keptNewer: batch.superseded)
            var start = 0
            while start < batch.readings.count {
                let slice = batch.readings[start..<min(start + Self.intensityBatch, batch.readings.count)]
                let (inserted, replaced) = try Self.upsert(slice, queries)
                outcome.inserted += inserted
                outcome.replaced += replaced
                outcome.keptNewer += slice.count - inserted - replaced
                start += slice.count
            }
            return outcome
        }
    }

    /// One statement: new keys inserted, held ones replaced where the reading given was recorded
    /// later, the rest left alone. A row the statement inserted has no deleting transaction yet
    /// (`xmax` 0) where one it updated has, which tells the two apart in the same statement, so
    /// that a writer racing this one cannot make the counts wrong.
    static func upsert(
        _ readings: ArraySlice<IntensityReading>, _ queries: PostgresSession.Queries
    ) throws -> (inserted: Int, replaced: Int) {
        let rows = try queries.rows(
            """
            WITH written AS (
                INSERT INTO intensity AS held (zone, start_s, factor, kind, end_s, g_per_kwh, source, recorded_at_s)
                SELECT * FROM UNNEST($1::text[], $2::float8[], $3::text[], $4::text[], $5::float8[], $6::float8[],
                    $7::text[], $8::float8[])
                ON CONFLICT (zone, start_s, factor, kind) DO UPDATE SET end_s = EXCLUDED.end_s,
                    g_per_kwh = EXCLUDED.g_per_kwh, source = EXCLUDED.source, recorded_at_s = EXCLUDED.recorded_at_s
                WHERE EXCLUDED.recorded_at_s > held.recorded_at_s
                RETURNING (held.xmax = 0) AS inserted
            )
            SELECT COUNT(*) FILTER (WHERE inserted) AS inserted, COUNT(*) FILTER (WHERE NOT inserted) AS replaced
            FROM written
            """,
            [
                .texts(readings.map(\.zone)), .reals(readings.map(\.start)),
                .texts(readings.map(\.factor.rawValue)), .texts(readings.map(\.kind.rawValue)),
                .reals(readings.map(\.end)), .reals(readings.map(\.intensity.gramsPerKilowattHour)),
                .texts(readings.map(\.source)), .reals(readings.map(\.recordedAt))
            ])
        return (
            Int(try rows.first?.integer("inserted") ?? 0), Int(try rows.first?.integer("replaced") ?? 0)
        )
    }

    /// The readings of `zone` overlapping `from..<to`, oldest first.
    public func intensities(
        zone: String, from: Double, to: Double, factors: Set<IntensityFactor>?, kinds: Set<IntensityKind>?
    ) throws(LedgerError) -> [IntensityReading] {
        guard !StoredIntensities.excludesAll(factors: factors, kinds: kinds) else { return [] }
        let query = StoredIntensities.spanQuery(factors: factors, kinds: kinds) { "$\($0)" }
        let arguments: [PostgresArgument] =
            [.text(zone), .real(to), .real(from)]
            + StoredIntensities.filterValues(factors: factors, kinds: kinds).map { .text($0) }
        return try session.withConnection { queries in
            StoredIntensities.ordered(try queries.rows(query, arguments).map(StoredIntensities.reading))
        }
    }

    /// One entry per zone, factor and kind held.
    public func intensityCoverage() throws(LedgerError) -> [IntensityCoverage] {
        try session.withConnection { queries in
            try StoredIntensities.coverage(
                queries.rows(StoredIntensities.coverageQuery), sourceRows: queries.rows(StoredIntensities.sourcesQuery))
        }
    }
}
