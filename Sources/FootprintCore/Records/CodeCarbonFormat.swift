/// CodeCarbon's `emissions.csv`: its columns and CSV dialect, shared by `footprint run --csv`,
/// `footprint runs export --format codecarbon` and `footprint runs import`.
public enum CodeCarbonFormat {
    /// CodeCarbon 3.x's columns, in its order (`EmissionsData` of codecarbon 3.3.2). Units: seconds,
    /// kg CO2e, kg/s, W, kWh, L, GB, percent.
    public static let columns = [
        "timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions", "emissions_rate",
        "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy", "ram_energy", "energy_consumed",
        "water_consumed", "country_name", "country_iso_code", "region", "cloud_provider", "cloud_region", "os",
        "python_version", "codecarbon_version", "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude",
        "latitude", "ram_total_size", "tracking_mode", "cpu_utilization_percent", "gpu_utilization_percent",
        "ram_utilization_percent", "ram_used_gb", "on_cloud", "pue", "wue"
    ]

    /// The columns every CodeCarbon file since 2.0 has, and an import needs.
    public static let requiredColumns = ["timestamp", "run_id", "duration", "emissions", "energy_consumed"]

    /// The header line.
    public static var header: String { columns.joined(separator: ",") }

    /// Quotes a field the way Python's csv module does: only when it holds a comma, quote or newline.
    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One CSV record with the line it starts on (1-based).
    public struct Record: Sendable, Hashable {
        public var line: Int
        public var fields: [String]
    }

    /// Splits CSV text into records: RFC 4180 quoting, quoted newlines, CRLF or LF, a UTF-8 BOM.
    public static func records(_ text: String) throws(InvalidInput) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false, atFieldStart = true
        var line = 1, recordLine = 1
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = ""
            atFieldStart = true
        }
        while let c = pending {
            pending = iterator.next()
            if quoted {
                if c == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\""); pending = iterator.next()
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where atFieldStart: quoted = true; atFieldStart = false
            case ",": fields.append(field); field = ""; atFieldStart = true
            case "\r": continue
            case "\n": endRecord(); line += 1; recordLine = line
            default: field.unicodeScalars.append(c); atFieldStart = false
            }
        }
        if quoted { throw InvalidInput(.malformed, "line \(recordLine): a quoted field never ends") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
