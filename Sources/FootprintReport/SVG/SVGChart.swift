import FootprintCore
import Foundation

/// Charts as inline SVG, drawn by hand so that reports need no script, font or image from outside
/// and the same data always gives the same bytes.
public enum SVGChart {
    /// One named series of (x, y) points.
    public struct Series: Sendable, Hashable {
        public var name: String
        public var color: String
        public var points: [(x: Double, y: Double)]

        public init(name: String, color: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.color = color
            self.points = points
        }

        /// The area under the line joining the points (trapezoids): for a power series in watts
        /// over seconds, the energy it shows, in joules.
        public var area: Double {
            zip(points, points.dropFirst()).reduce(0) { $0 + ($1.1.x - $1.0.x) * ($1.0.y + $1.1.y) / 2 }
        }

        public static func == (a: Series, b: Series) -> Bool {
            a.name == b.name && a.color == b.color && a.points.elementsEqual(b.points) { $0.x == $1.x && $0.y == $1.y }
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(name)
            hasher.combine(color)
            for p in points { hasher.combine(p.x); hasher.combine(p.y) }
        }
    }

    /// The drawing area.
    public struct Frame: Sendable {
        public var width = 720.0, height = 270.0
        public var left = 64.0, right = 16.0, top = 30.0, bottom = 40.0
        public init() {}
        var plotWidth: Double { width - left - right }
        var plotHeight: Double { height - top - bottom }
    }

    /// Areas stacked on each other (power by component over time). Series share their x values.
    public static func stackedArea(
        _ series: [Series], title: String, xLabel: String, yLabel: String,
        frame: Frame = Frame()
    ) -> String {
        let xs = series.first?.points.map(\.x) ?? []
        var totals = [Double](repeating: 0, count: xs.count)
        var layers: [(Series, [Double], [Double])] = []
        for s in series {
            let lower = totals
            for (i, p) in s.points.enumerated() where i < totals.count { totals[i] += p.y }
            layers.append((s, lower, totals))
        }
        let xMax = xs.max() ?? 1, y = axis(upTo: totals.max() ?? 0), yMax = y.maximum
        var body = axes(frame: frame, xMax: xMax, y: y, xLabel: xLabel, yLabel: yLabel)
        for (s, lower, upper) in layers where xs.count > 1 {
            var path = ""
            for (i, x) in xs.enumerated() {
                path += (i == 0 ? "M" : "L") + point(x, upper[i], frame, xMax, yMax)
            }
            for (i, x) in xs.enumerated().reversed() {
                path += "L" + point(x, lower[i], frame, xMax, yMax)
            }
            body +=
                "<path d=\"\(path)Z\" fill=\"\(s.color)\" fill-opacity=\"0.85\" stroke=\"none\"><title>\(escape(s.name))</title></path>\n"
        }
        return svg(frame: frame, title: title, body: body + legend(series.map { ($0.name, $0.color) }, frame: frame))
    }

    /// A line (cumulative CO2e over time).
    public static func line(
        _ s: Series, title: String, xLabel: String, yLabel: String, frame: Frame = Frame()
    ) -> String {
        let xMax = s.points.map(\.x).max() ?? 1, y = axis(upTo: s.points.map(\.y).max() ?? 0), yMax = y.maximum
        var body = axes(frame: frame, xMax: xMax, y: y, xLabel: xLabel, yLabel: yLabel)
        if s.points.count > 1 {
            let path = s.points.enumerated().map {
                ($0.offset == 0 ? "M" : "L") + point($0.element.x, $0.element.y, frame, xMax, yMax)
            }
            body +=
                "<path d=\"\(path.joined())\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"><title>\(escape(s.name))</title></path>\n"
        }
        return svg(frame: frame, title: title, body: body)
    }

    /// Horizontal bars (energy by task), longest scale first.
    public static func bars(
        _ items: [(label: String, value: Double, text: String)], title: String, color: String,
        frame: Frame = Frame()
    ) -> String {
        barChart(
            items.map { ($0.label, [$0.value], $0.text) }, segments: [("", color)], legend: false, title: title,
            frame: frame)
    }

    /// Horizontal bars split into coloured segments (energy of each node by component), with a
    /// legend of the segments' names.
    public static func stackedBars(
        _ items: [(label: String, segments: [Double], text: String)], segments: [(name: String, color: String)],
        title: String, frame: Frame = Frame()
    ) -> String {
        barChart(items, segments: segments, legend: true, title: title, frame: frame)
    }

    /// Bars of one segment each (no legend, a bar's tooltip its figure) or of several (a legend
    /// above, each segment's tooltip its name; empty segments left out).
    static func barChart(
        _ items: [(label: String, segments: [Double], text: String)], segments: [(name: String, color: String)],
        legend showsLegend: Bool, title: String, frame: Frame
    ) -> String {
        var f = frame
        f.left = 180
        // The figure stands right of its bar, so the longest bar leaves room for it (about 7 px a
        // character at the chart's font size) instead of pushing it past the edge.
        let longestText = Double(items.map(\.text.count).max() ?? 0)
        f.right = max(f.right, min(longestText * 7 + 12, f.width / 2))
        // A legend takes room above the first bar.
        f.height =
            showsLegend
            ? max(90, Double(items.count) * 32 + f.top + f.bottom)
            : max(80, Double(items.count) * 28 + f.top + f.bottom)
        let maxValue = axis(upTo: items.map { $0.segments.reduce(0, +) }.max() ?? 0).maximum
        var body = showsLegend ? legend(segments.map { ($0.name, $0.color) }, frame: f) : ""
        let rowHeight = items.isEmpty ? 0 : f.plotHeight / Double(items.count)
        for (i, item) in items.enumerated() {
            let y = f.top + Double(i) * rowHeight
            body +=
                "<text x=\"\(n(f.left - 8))\" y=\"\(n(y + rowHeight / 2 + 4))\" text-anchor=\"end\">\(escape(Format.clipped(item.label, to: 26)))</text>\n"
            var x = f.left
            for (value, segment) in zip(item.segments, segments) where value > 0 || !showsLegend {
                let width = maxValue > 0 ? value / maxValue * f.plotWidth : 0
                let tip =
                    showsLegend
                    ? "\(escape(item.label)) \(escape(segment.name))" : "\(escape(item.label)): \(escape(item.text))"
                body +=
                    "<rect x=\"\(n(x))\" y=\"\(n(y + 4))\" width=\"\(n(width))\" height=\"\(n(max(rowHeight - 8, 2)))\" fill=\"\(segment.color)\"><title>\(tip)</title></rect>\n"
                x += width
            }
            body += "<text x=\"\(n(x + 6))\" y=\"\(n(y + rowHeight / 2 + 4))\">\(escape(item.text))</text>\n"
        }
        return svg(frame: f, title: title, body: body)
    }

    // MARK: - Pieces

    static func svg(frame: Frame, title: String, body: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(frame.width)) \(n(frame.height))\" role=\"img\" "
            + "aria-label=\"\(escape(title))\" class=\"chart\">\n<title>\(escape(title))</title>\n\(body)</svg>"
    }

    static func axes(frame f: Frame, xMax: Double, y: Axis, xLabel: String, yLabel: String) -> String {
        var text = ""
        let yMax = y.maximum
        for value in y.ticks {
            let y = f.top + f.plotHeight * (1 - (yMax > 0 ? value / yMax : 0))
            text +=
                "<line x1=\"\(n(f.left))\" y1=\"\(n(y))\" x2=\"\(n(f.width - f.right))\" y2=\"\(n(y))\" class=\"grid\"/>\n"
            text +=
                "<text x=\"\(n(f.left - 6))\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(Format.significant(value))</text>\n"
        }
        for value in ticks(upTo: xMax) {
            let x = f.left + f.plotWidth * (xMax > 0 ? value / xMax : 0)
            text +=
                "<text x=\"\(n(x))\" y=\"\(n(f.height - f.bottom + 16))\" text-anchor=\"middle\">\(Format.significant(value))</text>\n"
        }
        text +=
            "<text x=\"\(n(f.left + f.plotWidth / 2))\" y=\"\(n(f.height - 4))\" text-anchor=\"middle\" class=\"label\">\(escape(xLabel))</text>\n"
        text +=
            "<text x=\"12\" y=\"\(n(f.top + f.plotHeight / 2))\" text-anchor=\"middle\" class=\"label\" "
            + "transform=\"rotate(-90 12 \(n(f.top + f.plotHeight / 2)))\">\(escape(yLabel))</text>\n"
        return text
    }

    /// Above the plot area, so that it never hides data.
    static func legend(_ items: [(String, String)], frame f: Frame) -> String {
        var x = f.left
        var text = ""
        for (name, color) in items {
            text += "<rect x=\"\(n(x))\" y=\"\(n(f.top - 22))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
            text += "<text x=\"\(n(x + 14))\" y=\"\(n(f.top - 13))\">\(escape(name))</text>\n"
            x += 14 + Double(name.count) * 7 + 16
        }
        return text
    }

    static func point(_ x: Double, _ y: Double, _ f: Frame, _ xMax: Double, _ yMax: Double) -> String {
        let px = f.left + (xMax > 0 ? x / xMax : 0) * f.plotWidth
        let py = f.top + f.plotHeight * (1 - (yMax > 0 ? y / yMax : 0))
        return "\(n(px)),\(n(py))"
    }

    /// Tick values from 0 to `maximum` in steps of 1, 2, 2.5 or 5 times a power of ten, about four of them.
    static func ticks(upTo maximum: Double) -> [Double] {
        guard maximum > 0, maximum.isFinite else { return [0] }
        let step = niceCeiling(maximum / 4.5)
        return (0...Int((maximum / step + 1e-9).rounded(.down))).map { Double($0) * step }
    }

    /// A value axis from 0: its top and the step between its ticks.
    struct Axis: Equatable {
        var maximum: Double
        var step: Double

        /// 0, step, 2·step, … up to the maximum, which is a whole number of steps.
        var ticks: [Double] { (0...Int((maximum / step).rounded())).map { Double($0) * step } }
    }

    /// The axis for values up to `peak`: about five ticks 1, 2, 2.5 or 5 times a power of ten
    /// apart, and the first tick at or above the peak as its top, so that the data fill most of
    /// the chart (511 W → 600 W in steps of 200, where a nice number alone gave 1,000 W).
    static func axis(upTo peak: Double) -> Axis {
        guard peak > 0, peak.isFinite else { return Axis(maximum: 1, step: 0.25) }
        let step = niceCeiling(peak / 5)
        return Axis(maximum: (peak / step * (1 - 1e-12)).rounded(.up) * step, step: step)
    }

    /// A round number at or above `value` for an axis: 1, 2, 2.5 or 5 times a power of ten.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let power = pow10(floor(log10(value)))
        for step in [1.0, 2, 2.5, 5, 10] where step * power >= value { return step * power }
        return 10 * power
    }

    /// Coordinates with two decimals, always the same text for the same number.
    static func n(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

private func pow10(_ exponent: Double) -> Double { pow(10, exponent) }
