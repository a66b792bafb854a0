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
    struct Malformed: Error, CustomStringConvertible, Equatable {
        /// What is wrong, to match on.
        enum Reason: Equatable {
            /// The build did not embed the table.
            case notBundled
            case noHeader
            /// A row with another number of cells than the header.
            case cellCount(found: Int, expected: Int)
            /// A column a reader needs is not in the header.
            case noColumn(String)
            /// A row lacks values its reader needs (named).
            case missingValues(String)
        }

        let table: String
        let line: Int
        let reason: Reason

        var description: String {
            let what =
                switch reason {
                case .notBundled: "not bundled"
                case .noHeader: "no header row"
                case .cellCount(let found, let expected): "\(found) cells where the header has \(expected)"
                case .noColumn(let name): "no column \(name)"
                case .missingValues(let what): "missing \(what)"
                }
            return "bundled table \(table), line \(line): \(what)"
        }
    }

    /// Parses the embedded table named `name` (its file name without `.tsv`).
    static func embedded(_ name: String) throws(Malformed) -> DataTable {
        guard let text = EmbeddedResources.tables[name] else {
            throw Malformed(table: name, line: 0, reason: .notBundled)
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
                        reason: .cellCount(found: cells.count, expected: header.count))
                }
                rows.append(cells)
            } else {
                header = cells.map(String.init)
            }
        }
        guard let header else { throw Malformed(table: name, line: 0, reason: .noHeader) }
        self.columns = header
        self.rows = rows
    }

    /// The index of a column, for reading cells by name without a lookup per row.
    func column(_ name: String) throws(Malformed) -> Int {
        guard let index = columns.firstIndex(of: name) else {
            throw Malformed(table: "?", line: 0, reason: .noColumn(name))
        }
        return index
    }
}

extension Substring {
    /// The cell as a number, or nil when empty or not a number.
    var number: Double? { isEmpty ? nil : Double(self) }
}
