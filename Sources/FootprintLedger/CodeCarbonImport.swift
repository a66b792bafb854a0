import FootprintCore
import Foundation
import GRDB

/// Reads CodeCarbon `emissions.csv` files (any 2.x or 3.x header) into the ledger.
///
/// Every row is checked first; a bad row is reported with its line number and, unless bad rows
/// are to be skipped, nothing is written. The good rows go in one transaction. Each imported run
/// keeps its original cells, so `footprint runs export --format codecarbon` gives them back
/// unchanged.
public enum CodeCarbonImport {
    /// What an import did.
    public struct Outcome: Sendable {
        public var imported: [String]
        /// Rows already in the ledger with the same cells (a file imported twice), by line.
        public var alreadyThere: [Int]
        /// "line N: what is wrong" for each row left out.
        public var problems: [String]
    }

    /// Imports `text` (the contents of `file`, named in messages).
    /// - Throws: ``LedgerError`` for an unreadable header, or for bad rows when `skipBad` is false
    ///   (then nothing is imported).
    public static func run(_ text: String, file: String, into ledger: Ledger, skipBad: Bool) throws(LedgerError) -> Outcome {
        let records: [CodeCarbonFormat.Record]
        do {
            records = try CodeCarbonFormat.records(text)
        } catch {
            throw LedgerError("\(file): \(error.message)")
        }
        guard let header = records.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) else {
            throw LedgerError("\(file) is empty: a CodeCarbon emissions.csv starts with its header line")
        }
        let missing = CodeCarbonFormat.requiredColumns.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw LedgerError("\(file) is not a CodeCarbon emissions.csv: no column \(missing.joined(separator: ", "))")
        }
        var problems: [String] = []
        var rows: [(line: Int, values: [String: String])] = []
        for record in records.dropFirst() {
            guard record.fields.count == header.count else {
                problems.append("line \(record.line): \(record.fields.count) fields where the header has \(header.count)")
                continue
            }
            let values = Dictionary(zip(header, record.fields), uniquingKeysWith: { first, _ in first })
            if let problem = check(values) {
                problems.append("line \(record.line): \(problem)")
            } else {
                rows.append((record.line, values))
            }
        }
        if !problems.isEmpty && !skipBad {
            throw LedgerError("\(file): nothing imported; fix these rows or add --skip-bad:\n  "
                + problems.joined(separator: "\n  "))
        }
        var imported: [String] = []
        var alreadyThere: [Int] = []
        do {
            try ledger.database.write { db in
                var used = Set(try String.fetchAll(db, sql: "SELECT id FROM run"))
                // Rows imported before, by their original cells: importing a file twice adds nothing.
                var seen = Set(try String.fetchAll(db, sql: "SELECT extra FROM run WHERE source = 'codecarbon'")
                    .compactMap { originalRow(of: $0) })
                for (line, values) in rows {
                    let key = rowKey(values)
                    guard seen.insert(key).inserted else {
                        alreadyThere.append(line)
                        continue
                    }
                    // CodeCarbon's "update" mode can repeat a run_id with new totals: keep each row.
                    let base = values["run_id"].flatMap { $0.isEmpty ? nil : $0 } ?? "codecarbon-line-\(line)"
                    var id = base
                    var suffix = 2
                    while used.contains(id) { id = "\(base)#\(suffix)"; suffix += 1 }
                    used.insert(id)
                    try insert(values, id: id, header: header, db: db)
                    imported.append(id)
                }
            }
        } catch {
            throw LedgerError("\(file): nothing imported; the ledger refused the rows: \(error)")
        }
        return Outcome(imported: imported, alreadyThere: alreadyThere, problems: problems)
    }

    /// What is wrong with a row, or nil.
    static func check(_ values: [String: String]) -> String? {
        guard let stamp = values["timestamp"], parseTimestamp(stamp) != nil else {
            return "timestamp '\(values["timestamp"] ?? "")' is not a date like 2024-05-01T12:00:00"
        }
        for column in ["duration", "emissions", "energy_consumed"] {
            guard let text = values[column], let value = Double(text), value.isFinite, value >= 0 else {
                return "\(column) '\(values[column] ?? "")' is not a number of 0 or more"
            }
        }
        for column in ["cpu_energy", "gpu_energy", "ram_energy", "pue"] {
            if let text = values[column], !text.isEmpty {
                guard let value = Double(text), value.isFinite, value >= 0 else {
                    return "\(column) '\(text)' is not a number of 0 or more"
                }
            }
        }
        if let text = values["pue"], let pue = Double(text), pue < 1 {
            return "pue \(text) is below 1"
        }
        return nil
    }

    static func insert(_ v: [String: String], id: String, header: [String], db: Database) throws {
        let duration = Double(v["duration"] ?? "") ?? 0
        let energyKWh = Double(v["energy_consumed"] ?? "") ?? 0
        let co2eKg = Double(v["emissions"] ?? "") ?? 0
        let pue = Double(v["pue"] ?? "").flatMap { $0 >= 1 ? $0 : nil } ?? 1
        let ended = parseTimestamp(v["timestamp"] ?? "") ?? 0
        let intensity = energyKWh > 0 ? co2eKg * 1_000 / energyKWh : 0
        let component = { (name: String) in (Double(v[name] ?? "") ?? 0) * 3_600_000 / pue }
        var location = v["country_iso_code"].flatMap { $0.isEmpty ? nil : $0 }
        if let provider = v["cloud_provider"], !provider.isEmpty, let region = v["cloud_region"], !region.isEmpty {
            location = "\(provider):\(region)"
        }
        // CodeCarbon's experiment_id is a fixed UUID unless set: the project reads better.
        let project = v["project_name"].flatMap { $0.isEmpty ? nil : $0 }
        let name = "codecarbon: " + (project ?? String(id.prefix(8)))
        let extra = encodeOriginal(header: header, values: v)
        try db.execute(sql: """
            INSERT INTO run (id, source, project, name, command, host, started_at, scope, location_code, location_name,
                intensity_g_per_kwh, intensity_source, pue, pue_source, cpu_model, gpus, status, duration_s, cpu_j, gpu_j,
                ram_j, cpu_method, gpu_method, ram_method, energy_j, co2e_g, notes, extra)
            VALUES (?, 'codecarbon', ?, ?, '[]', 'imported', ?, ?, ?, ?, ?, 'CodeCarbon emissions and energy of the row', ?,
                'CodeCarbon row', ?, '[]', 'finished', ?, ?, ?, ?, 'imported:codecarbon', 'imported:codecarbon',
                'imported:codecarbon', ?, ?, ?, ?)
            """, arguments: [id, v["project_name"], name, ended - duration,
                             v["tracking_mode"].flatMap { $0.isEmpty ? nil : $0 } ?? "machine", location,
                             v["country_name"], intensity, pue, v["cpu_model"], duration, component("cpu_energy"),
                             component("gpu_energy"), component("ram_energy"), energyKWh * 3_600_000, co2eKg * 1_000,
                             JSONText.encode(["imported from a CodeCarbon emissions.csv"]), extra])
    }

    /// The original row as a JSON object of column → text, with the header order alongside.
    static func encodeOriginal(header: [String], values: [String: String]) -> String {
        struct Original: Encodable { var columns: [String]; var values: [String: String] }
        guard let data = try? JSONEncoder().encode(Original(columns: header, values: values)) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A row's cells in a stable order, to recognise a row imported before.
    static func rowKey(_ values: [String: String]) -> String {
        values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1F}")
    }

    static func originalRow(of extra: String?) -> String? {
        struct Original: Decodable { var values: [String: String] }
        guard let extra, let data = extra.data(using: .utf8),
              let original = try? JSONDecoder().decode(Original.self, from: data) else { return nil }
        return rowKey(original.values)
    }

    /// The original cells of an imported run, by column.
    public static func originalValues(of run: LedgerRun) -> [String: String]? {
        struct Original: Decodable { var values: [String: String] }
        guard run.source == "codecarbon", let text = run.extra, let data = text.data(using: .utf8),
              let original = try? JSONDecoder().decode(Original.self, from: data) else { return nil }
        return original.values
    }

    /// CodeCarbon writes local time, "2024-05-01T12:00:00", sometimes with fractions or an offset.
    static func parseTimestamp(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 19 else { return nil }
        let main = trimmed.prefix(19)
        let parts = main.split(whereSeparator: { "-T: ".contains($0) }).compactMap { Int32($0) }
        guard parts.count == 6, (1...12).contains(parts[1]), (1...31).contains(parts[2]), parts[3] < 24, parts[4] < 60,
              parts[5] < 61 else { return nil }
        var fields = tm()
        (fields.tm_year, fields.tm_mon, fields.tm_mday) = (parts[0] - 1900, parts[1] - 1, parts[2])
        (fields.tm_hour, fields.tm_min, fields.tm_sec, fields.tm_isdst) = (parts[3], parts[4], parts[5], -1)
        let seconds = Double(mktime(&fields))
        let rest = trimmed.dropFirst(19)
        let fraction = rest.hasPrefix(".") ? Double("0" + rest.prefix { $0 == "." || $0.isNumber }) ?? 0 : 0
        return seconds + fraction
    }
}
