import FootprintCore

/// One bar of a bar panel: a configuration's figure (median with its repeats' range) in the
/// chart's unit, the notes written above it, and the category it stands in.
struct BarItem: Sendable {
    var category: String
    /// The bar's name under it (and in the legend, where the chart has one).
    var name: String
    /// Nil, or not finite: drawn as an empty slot marked "n/a".
    var value: Spread?
    var color: String
    /// A lighter, outlined bar: a figure reported apart (pretraining).
    var light = false
    /// Short lines written above the bar (accuracy, bytes).
    var notes: [String] = []
}

/// Bars grouped by category, side by side, with whiskers for the repeats' range, on a linear
/// axis from zero or a logarithmic one where the figures span decades.
struct BarPanel: Sendable {
    var left: Double
    var top: Double
    var width: Double
    var height: Double
    /// A line under each category's name (a ratio, a pair's verdict).
    var categoryNotes: [String: String] = [:]
    var forceLogarithmic = false

    /// Height the bars' labels take under the plot: bar names, category, category note.
    static let labelsHeight = 46.0

    func draw(_ items: [BarItem], yLabel: String, title: String? = nil) -> String {
        let figures = items.compactMap(\.value).flatMap { [$0.median, $0.maximum, $0.minimum] }.filter(\.isFinite)
        let drawable = forceLogarithmic ? figures.filter { $0 > 0 } : figures
        let y = forceLogarithmic && !drawable.isEmpty ? PlotScale.logarithmic(drawable) : PlotScale.automatic(figures)
        let categories = items.map(\.category).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let panel = PlotPanel(
            left: left, top: top, width: width, height: height,
            x: PlotScale(kind: .linear, lower: 0, upper: 1, ticks: []), y: y)
        var text = panel.axes(xLabel: "", yLabel: y.title(yLabel), title: title, xTicks: false)
        guard !categories.isEmpty else { return text + panel.note("nothing measured") }
        let groupWidth = width / Double(categories.count)
        let base = y.kind == .linear ? max(y.lower, 0) : y.lower
        for (c, category) in categories.enumerated() {
            let bars = items.filter { $0.category == category }
            let slot = groupWidth * 0.86 / Double(bars.count)
            let barWidth = min(slot * 0.72, 56)
            let groupLeft = left + Double(c) * groupWidth + groupWidth * 0.07
            for (b, bar) in bars.enumerated() {
                let center = groupLeft + slot * (Double(b) + 0.5)
                text += draw(bar, center: center, barWidth: barWidth, slot: slot, panel: panel, base: base)
                if bars.count > 1 {
                    text += label(bar.name, x: center, y: bottom + 14, room: slot, size: 10, extra: " class=\"small\"")
                }
            }
            let middle = left + (Double(c) + 0.5) * groupWidth
            let line = bars.count > 1 ? 28.0 : 14.0
            text += label(
                category, x: middle, y: bottom + line, room: groupWidth, size: 11.5, extra: " font-weight=\"600\"")
            if let note = categoryNotes[category] {
                text += label(
                    note, x: middle, y: bottom + line + 13, room: groupWidth, size: 10, extra: " class=\"small label\"")
            }
        }
        return text
    }

    var bottom: Double { top + height }

    private func draw(
        _ bar: BarItem, center: Double, barWidth: Double, slot: Double, panel: PlotPanel, base: Double
    )
        -> String
    {
        guard let value = bar.value, let topY = panel.py(value.median), let baseY = panel.py(base) else {
            return
                "<text x=\"\(n(center))\" y=\"\(n(bottom - 6))\" text-anchor=\"middle\" class=\"small label\">n/a</text>\n"
        }
        let fill =
            bar.light
            ? "fill=\"\(bar.color)\" fill-opacity=\"0.3\" stroke=\"\(bar.color)\" stroke-dasharray=\"3 2\""
            : "fill=\"\(bar.color)\""
        var text =
            "<rect x=\"\(n(center - barWidth / 2))\" y=\"\(n(min(topY, baseY)))\" width=\"\(n(barWidth))\" "
            + "height=\"\(n(abs(baseY - topY)))\" \(fill)><title>\(e(bar.category)), \(e(bar.name))</title></rect>\n"
        var highest = topY
        if value.maximum > value.minimum, let low = panel.py(value.minimum) ?? panel.py(base),
            let high = panel.py(value.maximum)
        {
            text +=
                "<line x1=\"\(n(center))\" y1=\"\(n(low))\" x2=\"\(n(center))\" y2=\"\(n(high))\" stroke=\"#1a202c\" stroke-width=\"1\"/>"
                + "<line x1=\"\(n(center - 4))\" y1=\"\(n(high))\" x2=\"\(n(center + 4))\" y2=\"\(n(high))\" stroke=\"#1a202c\"/>"
                + "<line x1=\"\(n(center - 4))\" y1=\"\(n(low))\" x2=\"\(n(center + 4))\" y2=\"\(n(low))\" stroke=\"#1a202c\"/>\n"
            highest = min(highest, high)
        }
        // A note may reach past its bar's slot into the gaps beside it, not into the next bar's notes.
        for (i, note) in bar.notes.reversed().enumerated() {
            text += label(
                note, x: center, y: highest - 5 - Double(i) * 11, room: slot * 1.1, size: 10, extra: " class=\"small\"")
        }
        return text
    }

    /// A centred text, shortened to the room it has at its font size.
    private func label(_ text: String, x: Double, y: Double, room: Double, size: Double, extra: String) -> String {
        let characters = max(4, Int(room / (size * 0.55)))
        return
            "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"middle\"\(extra)>\(e(Format.clipped(text, to: characters)))</text>\n"
    }

    func n(_ value: Double) -> String { SVGChart.n(value) }
    func e(_ text: String) -> String { SVGChart.escape(text) }
}
