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
        let panel = PlotPanel(left: 76, top: 32 + legendHeight, width: 720 - 76 - 24, height: 220, x: x, y: y)
        chart.height = panel.bottom + 44
        chart.body += chart.legendSVG(top: 8, left: panel.left)
        chart.body += panel.axes(
            xLabel: "time of the forecast (\(time.label) since the run started)",
            yLabel: "the run's energy (\(unit.symbol))")
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
        // Points shrink where a hundred epochs would make them a solid bar.
        let radius = outcomes.count > 30 ? 2.0 : 3.5
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
                "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(radius))\" fill=\"\(forecastColor)\"><title>\(e(tooltip))</title></circle>\n"
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

    /// A faint line at each forecast (the end of an epoch) where they stand apart, a short tick where
    /// they crowd, and, above the plot, how many epochs had finished: the first and the last always
    /// (the prediction and the best-informed forecast), those between where they fit side by side.
    static func epochMarks(_ forecasts: [EpochForecast], panel: PlotPanel, factor: Double) -> String {
        let marks = forecasts.compactMap { f in panel.px(f.madeAt * factor).map { (x: $0, epochs: f.afterEpochs) } }
        guard let first = marks.first, let last = marks.last else { return "" }
        let crowded = zip(marks, marks.dropFirst()).contains { $1.x - $0.x < 12 }
        var text =
            "<text x=\"\(n(panel.left - 6))\" y=\"\(n(panel.top - 10))\" text-anchor=\"end\" class=\"label\">epochs</text>\n"
        for mark in marks {
            text +=
                "<line x1=\"\(n(mark.x))\" y1=\"\(n(panel.top))\" x2=\"\(n(mark.x))\" "
                + "y2=\"\(n(crowded ? panel.top + 4 : panel.bottom))\" stroke=\"#a0aec0\" stroke-width=\"1\""
                + (crowded ? "" : " stroke-dasharray=\"2 3\"") + "/>\n"
        }
        let room = (marks.map { ChartDrawing.textWidth("\($0.epochs)") }.max() ?? 0) + 8
        var labelled = [first]
        for mark in marks.dropFirst().dropLast() where mark.x - labelled[labelled.count - 1].x >= room {
            if last.x - mark.x >= room { labelled.append(mark) }
        }
        // Those between kept their distance from the last; only the first can be too close to it.
        if marks.count > 1, last.x - labelled[labelled.count - 1].x >= room { labelled.append(last) }
        for mark in labelled {
            text +=
                "<text x=\"\(n(mark.x))\" y=\"\(n(panel.top - 10))\" text-anchor=\"middle\" class=\"epoch\">\(mark.epochs)</text>\n"
        }
        return text
    }

    static func n(_ value: Double) -> String { SVGChart.n(value) }
    static func e(_ text: String) -> String { SVGChart.escape(text) }
}
