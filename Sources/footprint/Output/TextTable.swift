/// A left/right aligned text table for terminal output. Cells are sanitised and measured in
/// terminal columns (``Terminal/sanitized(_:)``, ``Terminal/width(_:)``), so a name with an escape
/// code or a newline cannot break the table and CJK or emoji names keep columns aligned.
struct TextTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    init(_ headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
    }

    mutating func add(_ row: [String]) { rows.append(row.map(Terminal.sanitized)) }

    func render() -> String {
        var widths = headers.map(Terminal.width)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], Terminal.width(cell))
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                Terminal.pad(cell, to: widths[column], left: alignments[column] == .right)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([Terminal.bold(line(headers)), rule] + rows.map(line)).joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
