import FootprintCore

/// Side-by-side bar panels under a legend: the frame every bar chart of the experiments shares.
struct BarChartLayout {
    /// One panel's bars, its y axis title and its own title (nil for a chart of one panel).
    struct Panel {
        var items: [BarItem]
        var yLabel: String
        var title: String?
        var categoryNotes: [String: String] = [:]
        var logarithmic = false
    }

    /// The panels one under the other, each the chart's full width: side by side, the names
    /// and notes of four bars no longer fit under and above them.
    static func draw(_ panels: [Panel], chart: ChartDrawing) -> ChartDrawing {
        var chart = chart
        let legendHeight = chart.legendLayout(left: 76).height
        chart.body += chart.legendSVG(top: 8, left: 76)
        var top = 12 + legendHeight
        let height = panels.count > 1 ? 170.0 : 200
        for panel in panels {
            // Room above the tallest bar for its notes, and for the panel's title.
            let noteLines = Double(panel.items.map(\.notes.count).max() ?? 0)
            if let title = panel.title {
                chart.body +=
                    "<text x=\"\(SVGChart.n(chart.width / 2))\" y=\"\(SVGChart.n(top + 14))\" "
                    + "text-anchor=\"middle\" font-weight=\"600\">\(SVGChart.escape(title))</text>\n"
                top += 20
            }
            top += noteLines * 11 + 6
            let bars = BarPanel(
                left: 76, top: top, width: chart.width - 76 - 20, height: height, categoryNotes: panel.categoryNotes,
                forceLogarithmic: panel.logarithmic)
            chart.body += bars.draw(panel.items, yLabel: panel.yLabel)
            top += height + BarPanel.labelsHeight + 8
        }
        chart.height = top
        return chart
    }

    /// Each distinct key in order of first appearance, with its palette colour, for a legend.
    static func colors(_ keys: [String]) -> [String: String] {
        var colors: [String: String] = [:]
        for key in keys where colors[key] == nil { colors[key] = ChartDrawing.color(colors.count) }
        return colors
    }

    /// The note under a category: the rule's ratio for that pair (or the only ratio, for a chart
    /// of one pair).
    static func ratioNotes(
        _ experiment: ExperimentResult, categories: [String], prefix: String = ""
    )
        -> [String: String]
    {
        let ratios = experiment.fit.ratios ?? []
        var notes: [String: String] = [:]
        for category in categories {
            let ratio =
                ratios.first { $0.pair == category }
                ?? (categories.count == 1 && ratios.count == 1 ? ratios.first : nil)
            if let ratio {
                // The verdict is the section's; under the bars, the figure.
                notes[category] = prefix + "×\(Format.significant(ratio.value))"
            }
        }
        return notes
    }

    static func accuracyNote(_ c: ConfigurationResult) -> String? {
        c.accuracy.flatMap { $0.isFinite ? "acc \(Format.significant($0 * 100)) %" : nil }
    }

    /// Bytes in the unit that reads best: 436 kB, 1.2 MB.
    static func bytesText(_ bytes: Int) -> String {
        let b = Double(bytes)
        switch b {
        case ..<1e3: return "\(bytes) B"
        case ..<1e6: return Format.significant(b / 1e3) + " kB"
        case ..<1e9: return Format.significant(b / 1e6) + " MB"
        default: return Format.significant(b / 1e9) + " GB"
        }
    }

    static func distinct(_ values: [String]) -> [String] {
        values.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }
}
