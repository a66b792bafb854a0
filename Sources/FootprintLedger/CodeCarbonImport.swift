import FootprintCore
import Foundation
import GRDB

/// Reads CodeCarbon `emissions.csv` files (any 2.x or 3.x header) into the ledger.
///
/// The file streams through in one pass, one row in memory at a time, inside one transaction:
/// every row is checked, and a bad row (reported with its line number) stops the writing; unless
/// bad rows are to be skipped, the transaction then rolls back and nothing is imported. Each
/// imported run keeps its original cells, so `footprint runs export --format codecarbon` gives
/// them back unchanged, and importing a file again, or an export of this ledger, adds nothing.
public enum CodeCarbonImport {
    /// What an import did.
    public struct Outcome: Sendable {
        /// How many runs were added.
        public var imported: Int
        /// Rows already in the ledger: runs recorded here (their run id is the ledger's) or imported
        /// before with the same cells.
        public var alreadyThere: Int
        /// How many rows were bad (and left out, with --skip-bad).
        public var badRows: Int
        /// "line N: what is wrong" for the first ``CodeCarbonImport/listedProblems`` bad rows.
        public var problems: [String]
    }

    /// How many bad rows an error lists by line before it counts the rest.
    public static let listedProblems = 20

    /// Imports the file at `path`.
    /// - Throws: ``LedgerError`` (reason `.badImport`) for an unreadable file or header, or for bad
    ///   rows when `skipBad` is false; then nothing is imported.
    public static func run(file path: String, into ledger: Ledger, skipBad: Bool) throws(LedgerError) -> Outcome {
        var stream = try CSVStream(path: path)
        return try typed { try run(&stream, file: path, skipBad: skipBad) { ledger } }
    }

    /// Imports the file at `path` into the ledger `open` gives, called only once the file has
    /// opened and its header reads as CodeCarbon's: a mistyped file name creates no ledger.
    /// - Throws: ``LedgerError`` as above, or what `open` throws.
    public static func run(file path: String, skipBad: Bool, into open: () throws -> Ledger) throws -> Outcome {
        var stream = try CSVStream(path: path)
        return try run(&stream, file: path, skipBad: skipBad, into: open)
    }

    /// Imports `text`, named `file` in messages.
    public static func run(
        _ text: String, file: String, into ledger: Ledger, skipBad: Bool
    ) throws(LedgerError) -> Outcome {
        var stream = CSVStream(bytes: Array(text.utf8))
        return try typed { try run(&stream, file: file, skipBad: skipBad) { ledger } }
    }

    static func typed<T>(_ body: () throws -> T) throws(LedgerError) -> T {
        do {
            return try body()
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.other, "\(error)")
        }
    }

    /// Rows refused without skipping: thrown inside the import's transaction so that it rolls back,
    /// and turned into ``LedgerError/Reason/rejectedRows`` outside it. Its one kind is its type.
    struct Rejection: Error {
        /// The refused rows, one per line, each with its line number and what is wrong.
        var problemList: String
    }

    static func run(
        _ stream: inout CSVStream, file: String, skipBad: Bool, into open: () throws -> Ledger
    ) throws -> Outcome {
        func next() throws(LedgerError) -> CSVRecord? {
            do {
                return try stream.next()
            } catch {
                throw LedgerError(.badImport, "\(file): nothing imported; line \(error.line) \(error.message)")
            }
        }
        guard let first = try next() else {
            throw LedgerError(.badImport, "\(file) is empty: a CodeCarbon emissions.csv starts with its header line")
        }
        let header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let missing = CodeCarbonFormat.requiredColumns.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw LedgerError(
                .badImport, "\(file) is not a CodeCarbon emissions.csv: no column \(missing.joined(separator: ", "))")
        }
        let ledger = try open()
        var outcome = Outcome(imported: 0, alreadyThere: 0, badRows: 0, problems: [])
        do {
            try ledger.database.write { db in
                while let record = try next() {
                    guard record.fields.count == header.count else {
                        outcome.note(
                            "line \(record.line): \(record.fields.count) fields where the header has \(header.count)")
                        continue
                    }
                    let values = Dictionary(zip(header, record.fields), uniquingKeysWith: { first, _ in first })
                    if let problem = check(values) {
                        outcome.note("line \(record.line): \(problem)")
                        continue
                    }
                    // After a bad row without --skip-bad nothing will be kept: check the rest only.
                    guard outcome.badRows == 0 || skipBad else { continue }
                    let original = encodeOriginal(header: header, values: values)
                    if let id = try newID(for: values, original: original, line: record.line, db: db) {
                        try insert(values, id: id, original: original, db: db)
                        outcome.imported += 1
                    } else {
                        outcome.alreadyThere += 1
                    }
                }
                if outcome.badRows > 0 && !skipBad { throw Rejection(problemList: outcome.problemList) }
            }
        } catch let error as LedgerError {
            throw error
        } catch let rejection as Rejection {
            throw LedgerError(
                .rejectedRows, "\(file): nothing imported; these rows are not valid:\n  " + rejection.problemList)
        } catch {
            throw LedgerError(.other, "\(file): nothing imported; the ledger refused the rows: \(Ledger.reason(error))")
        }
        return outcome
    }

    /// The id a row gets, or nil when the ledger has it already: a run recorded here (its run id is
    /// one of the ledger's own), or a row imported before with the same cells. CodeCarbon's
    /// "update" mode can repeat a run_id with new totals: each such row is kept, as `ID#2`, `ID#3`…
    static func newID(for values: [String: String], original: String, line: Int, db: Database) throws -> String? {
        let base = values["run_id"].flatMap { $0.isEmpty ? nil : $0 } ?? "codecarbon-line-\(line)"
        // The id and its #N copies, by a range over the primary key ('$' follows '#').
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT id, source, extra FROM run WHERE id = ? OR (id >= ? AND id < ?)
                    """), arguments: [base, base + "#", base + "$"])
        var taken = Set<String>()
        for row in rows {
            let id: String = row["id"], source: String = row["source"]
            if id == base && source != RunSource.codecarbon.rawValue { return nil }
            if source == RunSource.codecarbon.rawValue {
                // The same file again gives the same text; only a file with its columns in another
                // order (or rows imported by an older footprint) needs the cells compared.
                let extra: String? = row["extra"]
                if extra == original || originalRow(of: extra) == rowKey(values) { return nil }
            }
            taken.insert(id)
        }
        var id = base, suffix = 2
        while taken.contains(id) { id = "\(base)#\(suffix)"; suffix += 1 }
        return id
    }

    /// Plausible bounds on an imported row's physical values: beyond them a row is a corrupt or
    /// hostile file, and would swamp every total it joins.
    public enum Bounds {
        /// One year of run time.
        public static let durationSeconds = 366.0 * 24 * 3600
        /// 10 GWh, several times the largest published training runs (about 1.3 GWh for GPT-3,
        /// Patterson et al. 2021).
        public static let energyKilowattHours = 10_000_000.0
        /// The dirtiest grids are near 1,000 g/kWh; 2,000 leaves room for rounding and old data.
        public static let intensityGramsPerKilowattHour = 2_000.0
        /// Data-centre PUE: 1 is no overhead; 3 is beyond any published facility average.
        public static let pue = 1.0...3.0
    }

    /// The physical columns checked: name, upper bound, unit, required.
    static let physicalColumns: [(String, Double, String, Bool)] = [
        ("duration", Bounds.durationSeconds, "s", true),
        ("emissions", Bounds.energyKilowattHours * Bounds.intensityGramsPerKilowattHour / 1_000, "kg", true),
        ("energy_consumed", Bounds.energyKilowattHours, "kWh", true),
        ("cpu_energy", Bounds.energyKilowattHours, "kWh", false),
        ("gpu_energy", Bounds.energyKilowattHours, "kWh", false),
        ("ram_energy", Bounds.energyKilowattHours, "kWh", false)
    ]

    /// What is wrong with a row, or nil.
    static func check(_ values: [String: String]) -> String? {
        guard let stamp = values["timestamp"], parseTimestamp(stamp) != nil else {
            return "timestamp '\(values["timestamp"] ?? "")' is not a date like 2024-05-01T12:00:00"
        }
        for (column, limit, unit, required) in physicalColumns {
            guard let text = values[column], !text.isEmpty else {
                if required { return "\(column) is empty; it must be a number of 0 or more" }
                continue
            }
            guard let value = Double(text), value.isFinite, value >= 0 else {
                return "\(column) '\(text)' is not a finite number of 0 or more"
            }
            guard value <= limit else {
                return "\(column) \(text) is beyond any plausible run (at most \(Format.significant(limit)) \(unit))"
            }
        }
        if let mode = values["tracking_mode"], !mode.isEmpty, Scope(rawValue: mode) == nil {
            return "tracking_mode \(Format.quoted(mode)) is neither machine nor process"
        }
        if let text = values["pue"], !text.isEmpty {
            guard let pue = Double(text), Bounds.pue.contains(pue) else {
                return
                    "pue '\(text)' is not between \(Format.significant(Bounds.pue.lowerBound)) and \(Format.significant(Bounds.pue.upperBound))"
            }
        }
        let energy = Double(values["energy_consumed"] ?? "") ?? 0, emissions = Double(values["emissions"] ?? "") ?? 0
        if emissions > 0 {
            let intensity = energy > 0 ? emissions * 1_000 / energy : .infinity
            guard intensity <= Bounds.intensityGramsPerKilowattHour * 1.001 else {
                return
                    "emissions \(values["emissions"] ?? "") kg for \(values["energy_consumed"] ?? "") kWh is more than "
                    + "\(Format.significant(Bounds.intensityGramsPerKilowattHour)) g/kWh, beyond any grid"
            }
        }
        return nil
    }

    static func insert(_ v: [String: String], id: String, original extra: String, db: Database) throws {
        let duration = Double(v["duration"] ?? "") ?? 0
        let energyKWh = Double(v["energy_consumed"] ?? "") ?? 0
        let co2eKg = Double(v["emissions"] ?? "") ?? 0
        let pue = Double(v["pue"] ?? "").flatMap { Bounds.pue.contains($0) ? $0 : nil } ?? 1
        let ended = parseTimestamp(v["timestamp"] ?? "") ?? 0
        let intensity = energyKWh > 0 ? co2eKg * 1_000 / energyKWh : 0
        let component = { (name: String) in (Double(v[name] ?? "") ?? 0) * 3_600_000 / pue }
        var location = v["country_iso_code"].flatMap { $0.isEmpty ? nil : $0 }
        if let provider = v["cloud_provider"], !provider.isEmpty, let region = v["cloud_region"], !region.isEmpty {
            location = "\(provider):\(region)"
        }
        let project = v["project_name"].flatMap { $0.isEmpty ? nil : $0 }
        let name = runName(v, id: id)
        // check(_:) refused any other tracking mode; CodeCarbon's default is the machine.
        let scope = v["tracking_mode"].flatMap(Scope.init(rawValue:)) ?? .machine
        let method = MeasurementMethod.importedCodeCarbon.rawValue
        try LedgerValues.check([
            "duration_s": duration, "energy_j": energyKWh * 3_600_000, "co2e_g": co2eKg * 1_000,
            "cpu_j": component("cpu_energy"), "gpu_j": component("gpu_energy"),
            "ram_j": component("ram_energy")
        ])
        try LedgerValues.checkFactors(pue: pue, intensity: intensity)
        try db.cachedStatement(
            sql: """
                INSERT INTO run (id, source, project, name, command, host, started_at, scope, location_code, location_name,
                    intensity_g_per_kwh, intensity_source, pue, pue_source, cpu_model, gpus, status, duration_s, cpu_j, gpu_j,
                    ram_j, cpu_method, gpu_method, ram_method, energy_j, co2e_g, notes, extra)
                VALUES (?, ?, ?, ?, '[]', 'imported', ?, ?, ?, ?, ?, 'CodeCarbon emissions and energy of the row', ?,
                    'CodeCarbon row', ?, '[]', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            id, RunSource.codecarbon.rawValue, project, name, ended - duration, scope.rawValue, location,
            v["country_name"], intensity, pue, v["cpu_model"], RunStatus.finished.rawValue, duration,
            component("cpu_energy"), component("gpu_energy"), component("ram_energy"), method, method, method,
            energyKWh * 3_600_000, co2eKg * 1_000, JSONText.encode(["imported from a CodeCarbon emissions.csv"]), extra
        ])
    }

    /// The run's name: the experiment the file names (CodeCarbon's experiment_id, which a footprint
    /// export fills with the run's name), else its project, else the start of its run id.
    /// CodeCarbon's default experiment_id is a UUID, which names nothing.
    static func runName(_ v: [String: String], id: String) -> String {
        if let experiment = v["experiment_id"], !experiment.isEmpty, UUID(uuidString: experiment) == nil {
            return experiment
        }
        if let project = v["project_name"], !project.isEmpty { return project }
        return String(id.prefix(8))
    }

    /// The original row as a JSON object of column → text, with the header order alongside.
    /// Written by hand: a JSONEncoder per row was a fifth of a large import's time.
    static func encodeOriginal(header: [String], values: [String: String]) -> String {
        var text = "{\"columns\":["
        text += header.map(jsonString).joined(separator: ",")
        text += "],\"values\":{"
        text += values.sorted { $0.key < $1.key }.map { jsonString($0.key) + ":" + jsonString($0.value) }.joined(
            separator: ",")
        return text + "}}"
    }

    static func jsonString(_ text: String) -> String { JSONStringLiteral.quoted(text) }

    /// A row's cells in a stable order, to recognise a row imported before.
    static func rowKey(_ values: [String: String]) -> String {
        values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1F}")
    }

    static func originalRow(of extra: String?) -> String? {
        struct Original: Decodable { var values: [String: String] }
        guard let extra, let data = extra.data(using: .utf8),
            let original = try? JSONDecoder().decode(Original.self, from: data)
        else { return nil }
        return rowKey(original.values)
    }

    /// The original cells of an imported run, by column.
    public static func originalValues(of run: RunRecord) -> [String: String]? {
        struct Original: Decodable { var values: [String: String] }
        guard run.source == .codecarbon, let text = run.extra, let data = text.data(using: .utf8),
            let original = try? JSONDecoder().decode(Original.self, from: data)
        else { return nil }
        return original.values
    }

    /// CodeCarbon writes local time, "2024-05-01T12:00:00", sometimes with fractions or an offset
    /// ("+02:00", "-0500", "Z"), which then says the time's zone instead of the machine's.
    static func parseTimestamp(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 19 else { return nil }
        let main = trimmed.prefix(19)
        let parts = main.split(whereSeparator: { "-T: ".contains($0) }).compactMap { Int32($0) }
        guard parts.count == 6, (1...12).contains(parts[1]), (1...31).contains(parts[2]), parts[3] < 24, parts[4] < 60,
            parts[5] < 61
        else { return nil }
        var rest = trimmed.dropFirst(19)
        var fraction = 0.0
        if rest.hasPrefix(".") {
            let digits = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            fraction = Double("0." + digits) ?? 0
            rest = rest.dropFirst(1 + digits.count)
        }
        var offset: Int?
        if rest == "Z" {
            offset = 0
        } else if let sign = rest.first, sign == "+" || sign == "-" {
            let digits = rest.dropFirst().filter { $0 != ":" }
            guard digits.count == 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let hhmm = Int(digits),
                hhmm / 100 <= 14, hhmm % 100 < 60
            else { return nil }
            offset = (sign == "-" ? -1 : 1) * (hhmm / 100 * 3600 + hhmm % 100 * 60)
        } else if !rest.isEmpty {
            return nil
        }
        var fields = tm()
        (fields.tm_year, fields.tm_mon, fields.tm_mday) = (parts[0] - 1900, parts[1] - 1, parts[2])
        (fields.tm_hour, fields.tm_min, fields.tm_sec, fields.tm_isdst) = (parts[3], parts[4], parts[5], -1)
        let seconds = offset.map { Double(timegm(&fields) - $0) } ?? Double(mktime(&fields))
        // mktime and timegm move a day the month does not have (2024-02-30) into the next month.
        guard fields.tm_mon == parts[1] - 1, fields.tm_mday == parts[2] else { return nil }
        return seconds + fraction
    }
}

extension CodeCarbonImport.Outcome {
    mutating func note(_ problem: String) {
        badRows += 1
        if problems.count < CodeCarbonImport.listedProblems { problems.append(problem) }
    }

    /// The listed problems, one a line, and how many more there are.
    public var problemList: String {
        let more = badRows > problems.count ? ["… and \(badRows - problems.count) more bad rows"] : []
        return (problems + more).joined(separator: "\n  ")
    }
}
