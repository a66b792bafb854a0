import FootprintCore
import Foundation

/// One plot area of an experiment chart, its two scales, and the marks drawn in it: points with
/// min–max whiskers, lines, reference lines. A value the scales cannot place (not finite, not
/// positive on a log axis) is left out, never drawn at a made-up place.
struct PlotPanel: Sendable {
    var left: Double
    var top: Double
    var width: Double
    var height: Double
    var x: PlotScale
    var y: PlotScale

    var right: Double { left + width }
    var bottom: Double { top + height }

    func px(_ value: Double) -> Double? { x.fraction(value).map { left + min(max($0, -0.02), 1.02) * width } }
    func py(_ value: Double) -> Double? { y.fraction(value).map { top + height * (1 - min(max($0, -0.02), 1.02)) } }

    /// Grid lines, tick labels, axis titles and, above the plot, the panel's own title.
    func axes(
        xLabel: String, yLabel: String, title: String? = nil, xTicks: Bool = true,
        yTickText: (Double) -> String = PlotScale.tickText, xTickText: (Double) -> String = PlotScale.tickText
    ) -> String {
        var text = ""
        for tick in y.ticks {
            guard let y = py(tick) else { continue }
            text += "<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(right))\" y2=\"\(n(y))\" class=\"grid\"/>\n"
            text += "<text x=\"\(n(left - 6))\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(e(yTickText(tick)))</text>\n"
        }
        text +=
            "<line x1=\"\(n(left))\" y1=\"\(n(bottom))\" x2=\"\(n(right))\" y2=\"\(n(bottom))\" stroke=\"#a0aec0\"/>\n"
        if xTicks {
            // As many tick labels as fit side by side; the rest are left unlabelled.
            let widest = x.ticks.map { ChartDrawing.textWidth(xTickText($0)) }.max() ?? 0
            let room = width / Double(max(x.ticks.count, 1))
            let every = max(1, Int(((widest + 8) / max(room, 1)).rounded(.up)))
            for (i, tick) in x.ticks.enumerated() {
                guard let x = px(tick) else { continue }
                text +=
                    "<line x1=\"\(n(x))\" y1=\"\(n(bottom))\" x2=\"\(n(x))\" y2=\"\(n(bottom + 4))\" stroke=\"#a0aec0\"/>"
                if i % every == 0 {
                    text +=
                        "<text x=\"\(n(x))\" y=\"\(n(bottom + 16))\" text-anchor=\"middle\">\(e(xTickText(tick)))</text>\n"
                }
            }
        }
        text +=
            "<text x=\"\(n(left + width / 2))\" y=\"\(n(bottom + 32))\" text-anchor=\"middle\" class=\"label\">\(e(xLabel))</text>\n"
        let middle = top + height / 2
        text +=
            "<text x=\"\(n(left - 48))\" y=\"\(n(middle))\" text-anchor=\"middle\" class=\"label\" "
            + "transform=\"rotate(-90 \(n(left - 48)) \(n(middle)))\">\(e(yLabel))</text>\n"
        if let title {
            text +=
                "<text x=\"\(n(left + width / 2))\" y=\"\(n(top - 8))\" text-anchor=\"middle\" font-weight=\"600\">\(e(title))</text>\n"
        }
        return text
    }

    /// A point at its median with a whisker from its lowest to its highest repeat (none when the
    /// repeats agree), its figures in a tooltip.
    func point(x: Double, _ spread: Spread, color: String, hollow: Bool = false, tooltip: String) -> String {
        guard let cx = px(x), let cy = py(spread.median) else { return "" }
        var text = ""
        if spread.maximum > spread.minimum, let low = py(spread.minimum) ?? py(y.lower), let high = py(spread.maximum) {
            text +=
                "<line x1=\"\(n(cx))\" y1=\"\(n(low))\" x2=\"\(n(cx))\" y2=\"\(n(high))\" stroke=\"\(color)\" stroke-width=\"1.2\"/>"
            for end in [low, high] {
                text +=
                    "<line x1=\"\(n(cx - 3))\" y1=\"\(n(end))\" x2=\"\(n(cx + 3))\" y2=\"\(n(end))\" stroke=\"\(color)\" stroke-width=\"1.2\"/>"
            }
        }
        let fill = hollow ? "#fff" : color
        text +=
            "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"3.5\" fill=\"\(fill)\" stroke=\"\(color)\" stroke-width=\"1.5\">"
            + "<title>\(e(tooltip))</title></circle>\n"
        return text
    }

    /// A line through the points it can place, in x order.
    func line(_ points: [(x: Double, y: Double)], color: String, dashed: Bool = false, width: Double = 1.5) -> String {
        let placed = points.sorted { $0.x < $1.x }.compactMap { p in px(p.x).flatMap { x in py(p.y).map { (x, $0) } } }
        guard placed.count > 1 else { return "" }
        let path = placed.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(n($0.element.0)),\(n($0.element.1))" }
        return "<path d=\"\(path.joined())\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(n(width))\""
            + (dashed ? " stroke-dasharray=\"5 4\"" : "") + "/>\n"
    }

    /// A function of x drawn across `domain` (a fitted line stays straight on linear axes and
    /// bends on logarithmic ones, as it should); the part outside the plot is cut.
    func curve(
        from start: Double, to end: Double, color: String, dashed: Bool = true, _ f: (Double) -> Double
    )
        -> String
    {
        guard start.isFinite, end.isFinite, end > start else { return "" }
        let steps = x.kind == .linear ? 1 : 40
        let points = (0...steps).compactMap { i -> (x: Double, y: Double)? in
            let value =
                x.kind == .linear
                ? start + (end - start) * Double(i) / Double(steps)
                : start * pow(end / start, Double(i) / Double(steps))
            let fitted = f(value)
            guard fitted.isFinite, fitted >= y.lower, fitted <= y.upper else { return nil }
            return (value, fitted)
        }
        return line(points, color: color, dashed: dashed)
    }

    /// A horizontal reference at `value` with its label at the right end, and optionally a band.
    func reference(at value: Double, label: String, band: ClosedRange<Double>? = nil) -> String {
        guard let y = py(value) else { return "" }
        var text = ""
        if let band, let high = py(band.upperBound), let low = py(band.lowerBound) {
            text +=
                "<rect x=\"\(n(left))\" y=\"\(n(high))\" width=\"\(n(width))\" height=\"\(n(max(low - high, 0)))\" fill=\"#c6f6d5\" fill-opacity=\"0.45\"/>\n"
        }
        text +=
            "<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(right))\" y2=\"\(n(y))\" stroke=\"#2f855a\" stroke-width=\"1.2\" stroke-dasharray=\"6 3\"/>\n"
        // At the left end: sweeps rise to the right, so their last points sit where a right-hand label would.
        text += "<text x=\"\(n(left + 4))\" y=\"\(n(y - 4))\" class=\"small\" fill=\"#2f855a\">\(e(label))</text>\n"
        return text
    }

    /// A sentence in the middle of an empty panel, saying why it is empty.
    func note(_ text: String) -> String {
        "<text x=\"\(n(left + width / 2))\" y=\"\(n(top + height / 2))\" text-anchor=\"middle\" class=\"label\">\(e(text))</text>\n"
    }

    func n(_ value: Double) -> String { SVGChart.n(value) }
    func e(_ text: String) -> String { SVGChart.escape(text) }
}
