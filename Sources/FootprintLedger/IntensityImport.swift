import FootprintCore
import Foundation

/// Grid intensities from files, read into readings for an ``IntensityStore``:
///
/// - Electricity Maps' downloadable hourly CSV files (their data portal's "hourly" exports): a
///   `Datetime (UTC)` column, the zone's id, and the direct and life-cycle intensities in g CO2eq/kWh,
///   among other columns. Both header spellings are read: the older one (`Zone Id`,
///   `Carbon Intensity gCO₂eq/kWh (direct)`, `… (LCA)`) and the newer one (`Zone id`,
///   `Carbon intensity gCO₂eq/kWh (direct)`, `… (Life cycle)`), in any letter case, with "CO2" for
///   "CO₂". Each row gives a reading of each factor, labelled.
/// - A plain CSV with the columns `time,zone,intensity` (in any order, others ignored), whose
///   figures are of one factor the caller names.
///
/// Every row is checked: a time TimeText reads, a zone the catalog knows, an intensity within
/// ``PlausibleRange/gridIntensity``, one row per zone and time. What is wrong is kept by line; the
/// caller decides whether a file with bad rows is imported at all. A reading's interval is the
/// file's step for its zone (the shortest gap between two of its rows) up to an hour, an hour for
/// a zone with a single row.
public enum IntensityImport {
    /// The two shapes of file.
    public enum FileFormat: String, Sendable, Hashable {
        case electricityMaps = "electricity-maps"
        case plain

        /// For output.
        public var label: String {
            switch self {
            case .electricityMaps: "Electricity Maps hourly file"
            case .plain: "time,zone,intensity file"
            }
        }
    }

    /// What one file holds.
    public struct FileReadings: Sendable {
        /// The path as given.
        public var file: String
        public var format: FileFormat
        /// "imported from NAME", the file's name: what the readings name as their source.
        public var source: String
        /// The good rows' readings, in file order (one per row and factor).
        public var readings: [IntensityReading]
        /// The factors read, in their declared order.
        public var factors: [IntensityFactor]
        /// The rows read (good and bad, header and blank lines not counted).
        public var rows: Int
        /// How many rows were bad.
        public var badRows: Int
        /// "line N: what is wrong" for the first ``IntensityImport/listedProblems`` of them; the rows of
        /// one unknown zone are one entry.
        public var problems: [String]

        /// The zones read, sorted.
        public var zones: [String] { Set(readings.map(\.zone)).sorted() }
        /// The first interval's start and the last one's end; nil without readings.
        public var span: (first: Double, last: Double)? {
            guard let first = readings.map(\.start).min(), let last = readings.map(\.end).max() else { return nil }
            return (first, last)
        }
    }

    /// How many bad rows a file's problems list by line before the rest are counted.
    public static let listedProblems = 10

    /// The interval of a zone with a single row: these are hourly files.
    public static let defaultStep = 3_600.0

    /// Reads the file at `path`.
    /// - Parameters:
    ///   - factor: the factor of a plain file's figures; for an Electricity Maps file, the one factor
    ///     to keep (nil: both).
    ///   - recordedAt: when the import happens, for every reading (newer wins).
    /// - Throws: ``LedgerError`` with reason `.badImport` for a file that cannot be read, a header
    ///   that is neither shape, or figures further apart than an hour.
    public static func read(
        file path: String, factor: IntensityFactor?, catalog: GridCatalog = .bundled, recordedAt: Double
    ) throws(LedgerError) -> FileReadings {
        var stream = try CSVStream(path: path, expected: "the CSV file itself")
        return try read(&stream, file: path, factor: factor, catalog: catalog, recordedAt: recordedAt)
    }

    /// Reads `text` as the file `file`.
    public static func read(
        _ text: String, file: String, factor: IntensityFactor?, catalog: GridCatalog = .bundled, recordedAt: Double
    ) throws(LedgerError) -> FileReadings {
        var stream = CSVStream(bytes: Array(text.utf8))
        return try read(&stream, file: file, factor: factor, catalog: catalog, recordedAt: recordedAt)
    }

    /// A header cell as compared: lower case, "co₂" as "co2", runs of spaces as one.
    static func normalized(_ cell: String) -> String {
        cell.lowercased().replacingOccurrences(of: "₂", with: "2").split(whereSeparator: \.isWhitespace)
            .joined(separator: " ")
    }

    /// The columns of one file: where the time, zone and each factor's figures are.
    struct Columns {
        var format: FileFormat
        var time: Int
        var zone: Int
        var figures: [(factor: IntensityFactor, column: Int)]
        var needed: Int { ([time, zone] + figures.map(\.column)).max().map { $0 + 1 } ?? 0 }
    }

    /// The columns a header names.
    static func columns(
        _ header: [String], file: String, factor: IntensityFactor?
    ) throws(LedgerError) -> Columns {
        let names = header.map(normalized)
        func find(_ candidates: String...) -> Int? { names.firstIndex { candidates.contains($0) } }
        if let time = find("datetime (utc)") {
            guard let zone = find("zone id") else {
                throw LedgerError(
                    .badImport, "\(file): an Electricity Maps file without its \"Zone id\" column; nothing imported")
            }
            var figures: [(IntensityFactor, Int)] = []
            if let lifecycle = find("carbon intensity gco2eq/kwh (life cycle)", "carbon intensity gco2eq/kwh (lca)") {
                figures.append((.lifecycle, lifecycle))
            }
            if let direct = find("carbon intensity gco2eq/kwh (direct)") { figures.append((.direct, direct)) }
            if let factor {
                guard factor != .marginal else {
                    throw LedgerError(
                        .badImport,
                        "\(file): an Electricity Maps file holds average intensities (life-cycle and direct), "
                            + "not marginal ones; leave out --factor, or give lifecycle or direct")
                }
                figures = figures.filter { $0.0 == factor }
            }
            guard !figures.isEmpty else {
                let wanted =
                    factor.map { "a \($0.label) column" } ?? "a \"Carbon intensity gCO₂eq/kWh\" column"
                throw LedgerError(.badImport, "\(file): an Electricity Maps file without \(wanted); nothing imported")
            }
            return Columns(format: .electricityMaps, time: time, zone: zone, figures: figures)
        }
        if let time = find("time"), let zone = find("zone"), let intensity = find("intensity") {
            return Columns(format: .plain, time: time, zone: zone, figures: [(factor ?? .lifecycle, intensity)])
        }
        throw LedgerError(
            .badImport,
            "\(file): neither an Electricity Maps hourly file (a \"Datetime (UTC)\" column) nor a CSV with the "
                + "columns time,zone,intensity; its header is \(Format.quoted(header.joined(separator: ","))); "
                + "nothing imported")
    }

    /// A row that passed its checks.
    struct GoodRow {
        var line: Int
        var time: Double
        var zone: String
        var figures: [(IntensityFactor, Double)]
    }

    /// The problems of bad rows, in line order, the rows of one unknown zone as one.
    struct Problems {
        private(set) var count = 0
        private var listed: [(line: Int, text: String)] = []
        private var unknownZones: [String: (line: Int, rows: Int, text: String)] = [:]

        mutating func add(line: Int, _ text: String) {
            count += 1
            listed.append((line, text))
        }

        mutating func unknownZone(_ zone: String, line: Int, _ text: String) {
            count += 1
            unknownZones[zone, default: (line, 0, text)].rows += 1
        }

        /// The first `limit` entries, then how many more bad rows there are.
        func lines(limit: Int) -> [String] {
            let zones = unknownZones.values.map { zone in
                let more = zone.rows - 1
                return (
                    zone.line,
                    more == 0 ? zone.text : "\(zone.text) (and \(more) more \(more == 1 ? "row" : "rows") of it)",
                    zone.rows
                )
            }
            let entries = (listed.map { ($0.line, $0.text, 1) } + zones).sorted { $0.0 < $1.0 }
            var shown = entries.prefix(limit).map { "line \($0.0): \($0.1)" }
            let rest = count - entries.prefix(limit).reduce(0) { $0 + $1.2 }
            if rest > 0 { shown.append("and \(rest) more bad \(rest == 1 ? "row" : "rows")") }
            return shown
        }
    }

    static func read(
        _ stream: inout CSVStream, file: String, factor: IntensityFactor?, catalog: GridCatalog, recordedAt: Double
    ) throws(LedgerError) -> FileReadings {
        func next() throws(LedgerError) -> CSVRecord? {
            do {
                return try stream.next()
            } catch {
                throw LedgerError(
                    .badImport,
                    "\(file): nothing imported; line \(error.line) "
                        + error.message(file: "a CSV of grid intensities", row: "a row of grid intensities"))
            }
        }
        guard let header = try next() else {
            throw LedgerError(.badImport, "\(file) is empty; nothing imported")
        }
        let columns = try columns(header.fields, file: file, factor: factor)
        var zones: [String: Result<String, UnknownRegion>] = [:]
        var seen: [String: Int] = [:]
        var problems = Problems()
        var good: [GoodRow] = []
        var rows = 0
        while let record = try next() {
            rows += 1
            let fields = record.fields
            guard fields.count >= columns.needed else {
                problems.add(
                    line: record.line, "has \(fields.count) fields; the header names \(header.fields.count) columns")
                continue
            }
            let timeText = fields[columns.time].trimmingCharacters(in: .whitespaces)
            guard let time = TimeText.instant(timeText) else {
                problems.add(
                    line: record.line,
                    "time \(Format.quoted(timeText)) is not a date and time such as 2026-11-30T14:00Z")
                continue
            }
            let zoneText = fields[columns.zone].trimmingCharacters(in: .whitespaces)
            if zones[zoneText] == nil {
                zones[zoneText] = Result { () throws(UnknownRegion) in try catalog.region(zoneText).intensityZone }
            }
            let zone: String
            switch zones[zoneText] {
            case .success(let key): zone = key
            case .failure(let unknown):
                problems.unknownZone(zoneText, line: record.line, unknownZone(unknown))
                continue
            case nil: continue
            }
            var figures: [(IntensityFactor, Double)] = []
            var wrong: String?
            for (factor, column) in columns.figures {
                let cell = fields[column].trimmingCharacters(in: .whitespaces)
                let name = columns.format == .plain ? "the intensity" : "the \(factor.label) intensity"
                guard !cell.isEmpty else {
                    wrong = "no value for \(name)"
                    break
                }
                guard let value = Double(cell) else {
                    wrong = "\(name) \(Format.quoted(cell)) is not a number (g CO2e/kWh)"
                    break
                }
                do {
                    figures.append((factor, try PlausibleRange.gridIntensity.check(value, origin: name)))
                } catch {
                    wrong = error.description
                    break
                }
            }
            if let wrong {
                problems.add(line: record.line, wrong)
                continue
            }
            let key = "\(zone)\u{0}\(time)"
            if let first = seen[key] {
                problems.add(
                    line: record.line,
                    "a second row for \(zone) at \(Timestamp.iso8601UTC(time)) (the first is line \(first))")
                continue
            }
            seen[key] = record.line
            good.append(GoodRow(line: record.line, time: time, zone: zone, figures: figures))
        }
        let steps = try steps(of: good, file: file)
        let source = "imported from \((file as NSString).lastPathComponent)"
        var readings: [IntensityReading] = []
        readings.reserveCapacity(good.count * columns.figures.count)
        for row in good {
            let step = steps[row.zone] ?? defaultStep
            for (factor, value) in row.figures {
                readings.append(
                    IntensityReading(
                        zone: row.zone, start: row.time, end: row.time + step, intensity: .gramsPerKilowattHour(value),
                        factor: factor, kind: .actual, source: source, recordedAt: recordedAt))
            }
        }
        return FileReadings(
            file: file, format: columns.format, source: source, readings: readings,
            factors: IntensityFactor.allCases.filter { f in columns.figures.contains { $0.factor == f } }, rows: rows,
            badRows: problems.count, problems: problems.lines(limit: listedProblems))
    }

    /// "unknown zone 'DX'; did you mean DE (Germany)?", or how to find the zones without a guess.
    static func unknownZone(_ unknown: UnknownRegion) -> String {
        let guess =
            unknown.suggestions.isEmpty
            ? "; `footprint regions list` lists the zones footprint knows"
            : "; did you mean " + unknown.suggestions.map { "\($0.intensityZone) (\($0.name))" }.joined(separator: ", ")
                + "?"
        return "unknown zone \(Format.quoted(unknown.query))\(guess)"
    }

    /// Each zone's interval: the shortest gap between two of its rows, at most an hour (a gap of
    /// two hours is an hour missing, not a two-hour figure).
    /// - Throws: ``LedgerError`` (`.badImport`) for figures a day or more apart: a daily or monthly
    ///   export, whose averages would read as hours they do not describe.
    static func steps(of rows: [GoodRow], file: String) throws(LedgerError) -> [String: Double] {
        var times: [String: [Double]] = [:]
        for row in rows { times[row.zone, default: []].append(row.time) }
        var steps: [String: Double] = [:]
        for (zone, zoneTimes) in times {
            let sorted = zoneTimes.sorted()
            guard sorted.count > 1 else { continue }
            let step = zip(sorted, sorted.dropFirst()).map { $1 - $0 }.min() ?? defaultStep
            guard step < 86_400 else {
                throw LedgerError(
                    .badImport,
                    "\(file): the figures of \(zone) are \(Format.significant(step / 3_600)) h apart (a daily or "
                        + "monthly export?); footprint imports hourly figures, such as Electricity Maps' hourly "
                        + "files; nothing imported")
            }
            steps[zone] = min(step, defaultStep)
        }
        return steps
    }
}
