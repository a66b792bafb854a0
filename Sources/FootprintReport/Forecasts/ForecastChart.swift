import FootprintCore

/// "Forecast vs actual": each forecast of the run's energy at the time it was made (the end of an
/// epoch), its 95 % interval as a band, and the energy the run used as a horizontal line, so that
/// a reader sees how soon the forecasts settled near it. The epochs finished are marked above the plot.
enum ForecastChart {
    static let forecastColor = "#2b6cb0"
    static let actualColor = "#2f855a"

    static func svg(_ outcomes: [ForecastOutcome]) -> String {
        draw(outcomes).svg()
    }

    static func draw(_ outcomes: [ForecastOutcome]) -> ChartDrawing {
        var chart = ChartDrawing(title: "Forecast vs actual")
        guard let actual = outcomes.first?.actual else { return chart }
        let forecasts = outcomes.map(\.forecast)
        chart.legend = [
            ("forecast of the run's energy", forecastColor, .point),
            ("95 % interval", forecastColor, .lightSwatch),
            (
                actual.complete ? "actual, \(actual.energy)" : "measured so far, \(actual.energy)", actualColor,
                actual.complete ? .line : .dashedLine
            )
        ]
        let unit = RunReportModel.energyUnit(
            forJoules: (forecasts.map(\.highEnergyJoules) + [actual.energy.joules]).max() ?? 0)
        let time = RunReportModel.timeUnit(forSeconds: max(actual.duration, forecasts.map(\.madeAt).max() ?? 0))
        // The axis spans at least ±10 % of the actual, so that a forecast 1 % off does not look far off.
        let energies =
            forecasts.flatMap { [$0.lowEnergyJoules, $0.energyJoules, $0.highEnergyJoules] }
            + [0.9, 1, 1.1].map { actual.energy.joules * $0 }
        let y = PlotScale.linear(energies.map { $0 * unit.factor }, includeZero: false)
        let x = PlotScale.linear(
            ([actual.duration] + forecasts.map(\.madeAt)).map { $0 * time.factor }, includeZero: true)
        let legendHeight = chart.legendLayout(left: 76).height
        // Room above the plot for the epoch numbers.
        let panel = PlotPanel(left: 76, top: 28 + legendHeight, width: 720 - 76 - 24, height: 220, x: x, y: y)
        chart.height = panel.bottom + 44
        chart.body += chart.legendSVG(top: 8, left: panel.left)
        chart.body += panel.axes(
            xLabel: "time of the forecast (\(time.label) since the run started)", yLabel: "energy (\(unit.symbol))")
        chart.body += epochMarks(forecasts, panel: panel, factor: time.factor)
        chart.body += band(forecasts, panel: panel, energy: unit.factor, time: time.factor)
        if let level = panel.py(actual.energy.joules * unit.factor) {
            chart.body +=
                "<line x1=\"\(n(panel.left))\" y1=\"\(n(level))\" x2=\"\(n(panel.right))\" y2=\"\(n(level))\" "
                + "stroke=\"\(actualColor)\" stroke-width=\"2\"\(actual.complete ? "" : " stroke-dasharray=\"6 3\"")>"
                + "<title>\(e(actual.complete ? "actual" : "measured so far")): \(e("\(actual.energy)"))</title></line>\n"
        }
        chart.body += panel.line(
            forecasts.map { ($0.madeAt * time.factor, $0.energyJoules * unit.factor) }, color: forecastColor)
        for o in outcomes {
            let f = o.forecast
            guard let cx = panel.px(f.madeAt * time.factor), let cy = panel.py(f.energyJoules * unit.factor) else {
                continue
            }
            var tooltip =
                "\(o.label), at \(FootprintCore.Duration.seconds(f.madeAt)): \(Energy.joules(f.energyJoules)) "
                + "(\(Energy.joules(f.lowEnergyJoules)) to \(Energy.joules(f.highEnergyJoules)))"
            if let error = o.energyError { tooltip += ", " + ForecastOutcome.percent(error) + " vs actual" }
            chart.body +=
                "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"3.5\" fill=\"\(forecastColor)\"><title>\(e(tooltip))</title></circle>\n"
        }
        return chart
    }

    /// The interval as a band from forecast to forecast; a lone forecast's as a bar around its point.
    static func band(_ forecasts: [EpochForecast], panel: PlotPanel, energy: Double, time: Double) -> String {
        let placed = forecasts.sorted { $0.madeAt < $1.madeAt }.compactMap {
            f -> (x: Double, low: Double, high: Double)? in
            guard let x = panel.px(f.madeAt * time), let low = panel.py(f.lowEnergyJoules * energy),
                let high = panel.py(f.highEnergyJoules * energy)
            else { return nil }
            return (x, low, high)
        }
        let style =
            "fill=\"\(forecastColor)\" fill-opacity=\"0.18\" stroke=\"\(forecastColor)\" stroke-opacity=\"0.35\""
        if placed.count == 1, let only = placed.first {
            return "<rect x=\"\(n(only.x - 6))\" y=\"\(n(only.high))\" width=\"12\" "
                + "height=\"\(n(max(only.low - only.high, 1)))\" \(style)/>\n"
        }
        guard placed.count > 1 else { return "" }
        let upper = placed.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(n($0.element.x)),\(n($0.element.high))" }
        let lower = placed.reversed().map { "L\(n($0.x)),\(n($0.low))" }
        return "<path d=\"\((upper + lower).joined())Z\" \(style)/>\n"
    }

    /// A faint line at each forecast (the end of an epoch) and, above the plot, how many epochs had
    /// finished; as many numbers as fit side by side, the last always.
    static func epochMarks(_ forecasts: [EpochForecast], panel: PlotPanel, factor: Double) -> String {
        let marks = forecasts.compactMap { f in panel.px(f.madeAt * factor).map { (x: $0, epochs: f.afterEpochs) } }
        guard !marks.isEmpty else { return "" }
        var text =
            "<text x=\"\(n(panel.left - 6))\" y=\"\(n(panel.top - 6))\" text-anchor=\"end\" class=\"label\">epochs</text>\n"
        // From the last (the best-informed forecast) back, each number at least its width from the next.
        let room = (marks.map { ChartDrawing.textWidth("\($0.epochs)") }.max() ?? 0) + 6
        var nextLabelled = Double.infinity
        var labels = ""
        for mark in marks.reversed() {
            text +=
                "<line x1=\"\(n(mark.x))\" y1=\"\(n(panel.top))\" x2=\"\(n(mark.x))\" y2=\"\(n(panel.bottom))\" "
                + "stroke=\"#a0aec0\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>\n"
            guard nextLabelled - mark.x >= room else { continue }
            labels =
                "<text x=\"\(n(mark.x))\" y=\"\(n(panel.top - 6))\" text-anchor=\"middle\" class=\"epoch\">\(mark.epochs)</text>\n"
                + labels
            nextLabelled = mark.x
        }
        return text + labels
    }

    static func n(_ value: Double) -> String { SVGChart.n(value) }
    static func e(_ text: String) -> String { SVGChart.escape(text) }
}
