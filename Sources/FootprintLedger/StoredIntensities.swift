import FootprintCore

/// What both backends do the same way with intensity readings: the checks before a batch is
/// written, the choice among readings of one key in a batch, and the reading of rows back.
public enum StoredIntensities {
    /// The key a store holds one reading per: zone, start, factor and kind.
    public struct Key: Hashable, Sendable {
        public var zone: String
        public var start: Double
        public var factor: IntensityFactor
        public var kind: IntensityKind

        public init(_ reading: IntensityReading) {
            (zone, start, factor, kind) = (reading.zone, reading.start, reading.factor, reading.kind)
        }
    }

    /// A batch made ready to write: each key once, and how many readings lost within the batch.
    public struct Batch: Sendable {
        /// One reading per key, in the order the keys first appear.
        public var readings: [IntensityReading]
        /// Readings that lost to another of the same key in the batch (recorded later, or at the same
        /// moment and earlier in the batch): they count as kept out.
        public var superseded: Int
    }

    /// Checks every reading and keeps one per key: the one recorded last, the first of those
    /// recorded at the same moment (the same rule as against a stored reading: only a later one
    /// replaces). One statement may not touch a row twice, so a batch never carries a key twice.
    /// - Throws: ``LedgerError`` with reason `.invalidValue` for a reading the ledger must not hold.
    public static func prepare(_ readings: [IntensityReading]) throws(LedgerError) -> Batch {
        var position: [Key: Int] = [:]
        position.reserveCapacity(readings.count)
        var kept: [IntensityReading] = []
        kept.reserveCapacity(readings.count)
        for reading in readings {
            try check(reading)
            let key = Key(reading)
            if let index = position[key] {
                if reading.recordedAt > kept[index].recordedAt { kept[index] = reading }
            } else {
                position[key] = kept.count
                kept.append(reading)
            }
        }
        return Batch(readings: kept, superseded: readings.count - kept.count)
    }

    /// Refuses a reading no intensity may be: an empty zone or source, an interval that is not
    /// finite or does not end after it starts, an intensity that is not finite or is negative.
    static func check(_ r: IntensityReading) throws(LedgerError) {
        let name = "the intensity of \(r.zone.isEmpty ? "an unnamed zone" : r.zone) at \(r.start)"
        guard !r.zone.isEmpty, !r.source.isEmpty else {
            throw LedgerError(.invalidValue, "refused to write \(name): a reading needs a zone and a source")
        }
        guard r.start.isFinite, r.end.isFinite, r.end > r.start, r.recordedAt.isFinite else {
            throw LedgerError(
                .invalidValue,
                "refused to write \(name): its interval (\(r.start) to \(r.end)) and recording time "
                    + "(\(r.recordedAt)) must be finite, and it must end after it starts")
        }
        try LedgerValues.check(["g_per_kwh": r.intensity.gramsPerKilowattHour])
    }

    /// The query of one zone's readings overlapping a span: the zone, the span's end and its start
    /// bound first (`placeholder(1...3)`), then each factor and each kind asked for, sorted by name.
    /// The key's (zone, start) prefix finds the rows.
    public static func spanQuery(
        factors: Set<IntensityFactor>?, kinds: Set<IntensityKind>?, placeholder: (Int) -> String
    ) -> String {
        var sql = """
            SELECT zone, start_s, end_s, factor, kind, g_per_kwh, source, recorded_at_s FROM intensity
            WHERE zone = \(placeholder(1)) AND start_s < \(placeholder(2)) AND end_s > \(placeholder(3))
            """
        var next = 4
        for (column, count) in [("factor", factors?.count), ("kind", kinds?.count)] {
            guard let count else { continue }
            sql += " AND \(column) IN (\((next..<next + count).map(placeholder).joined(separator: ", ")))"
            next += count
        }
        return sql + " ORDER BY start_s"
    }

    /// The values ``spanQuery(factors:kinds:placeholder:)`` binds after the span: the factors', then
    /// the kinds' names, each sorted.
    public static func filterValues(factors: Set<IntensityFactor>?, kinds: Set<IntensityKind>?) -> [String] {
        (factors.map { $0.map(\.rawValue).sorted() } ?? []) + (kinds.map { $0.map(\.rawValue).sorted() } ?? [])
    }

    /// Whether a filter lets nothing through (an empty set of factors or kinds): no query to make.
    public static func excludesAll(factors: Set<IntensityFactor>?, kinds: Set<IntensityKind>?) -> Bool {
        factors?.isEmpty == true || kinds?.isEmpty == true
    }

    /// One row per zone, factor and kind held, as ``coverage(_:sourceRows:)`` reads it.
    public static let coverageQuery = """
        SELECT zone, factor, kind, MIN(start_s) AS first_s, MAX(end_s) AS last_s, COUNT(*) AS readings
        FROM intensity GROUP BY zone, factor, kind
        """

    /// The distinct sources of each zone, factor and kind.
    public static let sourcesQuery = "SELECT DISTINCT zone, factor, kind, source FROM intensity"

    /// An `intensity` row.
    /// - Throws: ``LedgerError`` with reason `.unknownStoredValue` for a factor or kind this version
    ///   does not know (a newer footprint wrote it).
    public static func reading(_ row: some LedgerRow) throws -> IntensityReading {
        let zone = try row.text(required: "zone")
        let (factor, kind) = try words(of: row, zone: zone)
        return IntensityReading(
            zone: zone, start: try row.real(required: "start_s"), end: try row.real(required: "end_s"),
            intensity: .gramsPerKilowattHour(try row.real(required: "g_per_kwh")), factor: factor, kind: kind,
            source: try row.text(required: "source"), recordedAt: try row.real(required: "recorded_at_s"))
    }

    /// Readings in the order every backend returns them: by start, then factor and kind in their
    /// declared order (a database would order those two by its collation).
    public static func ordered(_ readings: [IntensityReading]) -> [IntensityReading] {
        readings.sorted { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.factor != b.factor { return rank(a.factor) < rank(b.factor) }
            return rank(a.kind) < rank(b.kind)
        }
    }

    /// Coverage entries from the rows of ``coverageQuery`` and those of ``sourcesQuery``, ordered by zone (as Swift compares
    /// strings, not by a database's collation), then factor and kind.
    public static func coverage<Row: LedgerRow>(_ rows: [Row], sourceRows: [Row]) throws -> [IntensityCoverage] {
        var sourcesOf: [String: Set<String>] = [:]
        for row in sourceRows {
            let key = [try row.text(required: "zone"), try row.text(required: "factor"), try row.text(required: "kind")]
            sourcesOf[key.joined(separator: "\u{0}"), default: []].insert(try row.text(required: "source"))
        }
        let entries = try rows.map { row in
            let zone = try row.text(required: "zone")
            let (factor, kind) = try words(of: row, zone: zone)
            return IntensityCoverage(
                zone: zone, factor: factor, kind: kind, first: try row.real(required: "first_s"),
                last: try row.real(required: "last_s"), count: Int(try row.integer(required: "readings")),
                sources: (sourcesOf[[zone, factor.rawValue, kind.rawValue].joined(separator: "\u{0}")] ?? []).sorted())
        }
        return entries.sorted { a, b in
            if a.zone != b.zone { return a.zone < b.zone }
            if a.factor != b.factor { return rank(a.factor) < rank(b.factor) }
            return rank(a.kind) < rank(b.kind)
        }
    }

    /// A row's factor and kind.
    /// - Throws: ``LedgerError`` with reason `.unknownStoredValue` for one this version does not know.
    static func words(of row: some LedgerRow, zone: String) throws -> (IntensityFactor, IntensityKind) {
        let factor = try row.text(required: "factor"), kind = try row.text(required: "kind")
        do throws(UnknownStoredValue) {
            return (
                try StoredValue.parse(factor, as: "intensity factor"), try StoredValue.parse(kind, as: "intensity kind")
            )
        } catch {
            throw LedgerError(
                .unknownStoredValue,
                "the intensity readings of \(zone) have \(error); a newer footprint wrote them: update footprint "
                    + "to read this ledger")
        }
    }

    /// A case's place in its declaration.
    static func rank<Value: CaseIterable & Equatable>(_ value: Value) -> Int {
        Array(Value.allCases).firstIndex(of: value) ?? 0
    }
}
