import FootprintCore

/// One experiment chart being drawn: its size, its marks, and the legend above its panels.
struct ChartDrawing: Sendable {
    /// How the legend marks an entry.
    enum Mark: Sendable { case swatch, point, hollowPoint, line, dashedLine, lightSwatch }

    var title: String
    var width = 720.0
    var height = 300.0
    var body = ""
    var legend: [(name: String, color: String, mark: Mark)] = []

    /// Colours of successive series, told apart in print too (light and dark alternate).
    static let palette = ["#2b6cb0", "#d9822b", "#2f855a", "#9b2c2c", "#6b46c1", "#2c7a7b", "#718096", "#b7791f"]

    static func color(_ index: Int) -> String { palette[index % palette.count] }

    /// Rows the legend takes at this width: entries wrap rather than run off the edge.
    func legendLayout(left: Double = 64) -> (rows: [[(x: Double, index: Int)]], height: Double) {
        var rows: [[(x: Double, index: Int)]] = [[]]
        var x = left
        for (index, entry) in legend.enumerated() {
            let entryWidth = 20 + Self.textWidth(entry.name) + 16
            if x + entryWidth > width - 8, !(rows.last?.isEmpty ?? true) {
                rows.append([])
                x = left
            }
            rows[rows.count - 1].append((x, index))
            x += entryWidth
        }
        return (rows.filter { !$0.isEmpty }, legend.isEmpty ? 0 : Double(rows.count) * 16 + 6)
    }

    /// The legend's marks and names, in rows from `top`.
    func legendSVG(top: Double, left: Double = 64) -> String {
        var text = ""
        for (row, entries) in legendLayout(left: left).rows.enumerated() {
            let y = top + Double(row) * 16
            for (x, index) in entries {
                let entry = legend[index]
                let c = entry.color
                switch entry.mark {
                case .swatch: text += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"14\" height=\"10\" fill=\"\(c)\"/>"
                case .lightSwatch:
                    text +=
                        "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"14\" height=\"10\" fill=\"\(c)\" fill-opacity=\"0.35\" stroke=\"\(c)\" stroke-dasharray=\"2 2\"/>"
                case .point: text += "<circle cx=\"\(n(x + 7))\" cy=\"\(n(y + 5))\" r=\"3.5\" fill=\"\(c)\"/>"
                case .hollowPoint:
                    text +=
                        "<circle cx=\"\(n(x + 7))\" cy=\"\(n(y + 5))\" r=\"3.5\" fill=\"#fff\" stroke=\"\(c)\" stroke-width=\"1.5\"/>"
                case .line:
                    text +=
                        "<line x1=\"\(n(x))\" y1=\"\(n(y + 5))\" x2=\"\(n(x + 14))\" y2=\"\(n(y + 5))\" stroke=\"\(c)\" stroke-width=\"2\"/>"
                case .dashedLine:
                    text +=
                        "<line x1=\"\(n(x))\" y1=\"\(n(y + 5))\" x2=\"\(n(x + 14))\" y2=\"\(n(y + 5))\" stroke=\"\(c)\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"
                }
                text += "<text x=\"\(n(x + 18))\" y=\"\(n(y + 9))\">\(SVGChart.escape(entry.name))</text>\n"
            }
        }
        return text
    }

    /// The finished SVG. A `standalone` file carries its own styles (a page's stylesheet does not
    /// reach it) and its size.
    func svg(standalone: Bool = false) -> String {
        var text =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" "
            + "aria-label=\"\(SVGChart.escape(title))\" class=\"chart\""
            + (standalone ? " width=\"\(n(width))\" height=\"\(n(height))\"" : "") + ">\n"
        if standalone {
            text +=
                "<style>svg{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",sans-serif;font-size:11px}"
                + "text{fill:#2d3748}.grid{stroke:#e2e8f0;stroke-width:1}.label{fill:#4a5568}.small{font-size:10px}</style>\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
        }
        return text + "<title>\(SVGChart.escape(title))</title>\n\(body)</svg>"
    }

    /// About how wide a text is at the charts' 11 px: enough to keep labels apart.
    static func textWidth(_ text: String, size: Double = 11) -> Double { Double(text.count) * size * 0.6 }

    func n(_ value: Double) -> String { SVGChart.n(value) }
}
