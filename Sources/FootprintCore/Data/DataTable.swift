/// A bundled tab-separated table: `#` comment lines, a header row, then one record per line.
///
/// The tables are compiled into the binary by the EmbedResources plugin; this type reads them.
/// A malformed bundled table is a build defect, so tests load every table once.
struct DataTable: Sendable {
    /// Column names from the header row.
    let columns: [String]
    /// Records as cell arrays, in file order.
    let rows: [[Substring]]

    /// A table that cannot be read: names the table and the line.
    struct Malformed: Error, CustomStringConvertible {
        let table: String
        let line: Int
        let reason: String
        var description: String { "bundled table \(table), line \(line): \(reason)" }
    }

    /// Parses the embedded table named `name` (its file name without `.tsv`).
    static func embedded(_ name: String) throws(Malformed) -> DataTable {
        guard let text = EmbeddedResources.tables[name] else {
            throw Malformed(table: name, line: 0, reason: "not bundled")
        }
        return try DataTable(name: name, text: text)
    }

    init(name: String, text: String) throws(Malformed) {
        var header: [String]?
        var rows: [[Substring]] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
            if let header {
                guard cells.count == header.count else {
                    throw Malformed(
                        table: name, line: index + 1,
                        reason: "\(cells.count) cells where the header has \(header.count)")
                }
                rows.append(cells)
            } else {
                header = cells.map(String.init)
            }
        }
        guard let header else { throw Malformed(table: name, line: 0, reason: "no header row") }
        self.columns = header
        self.rows = rows
    }

    /// The index of a column, for reading cells by name without a lookup per row.
    func column(_ name: String) throws(Malformed) -> Int {
        guard let index = columns.firstIndex(of: name) else {
            throw Malformed(table: "?", line: 0, reason: "no column \(name)")
        }
        return index
    }
}

extension Substring {
    /// The cell as a number, or nil when empty or not a number.
    var number: Double? { isEmpty ? nil : Double(self) }
}
