import FootprintCore

/// "Grid intensity over the run": the intensity each sampling interval was priced at, as a step
/// from its start to its end (the hours the run met, where the readings change from hour to hour),
/// against the place's annual average as a dashed line and, for a run started by
/// `run --start best`, the intensity the plan expected. A gap in the samples is a gap in the line.
enum IntensityChart {
    static let pricedColor = "#805ad5"
    static let annualColor = "#718096"
    static let plannedColor = "#dd6b20"

    /// The chart's SVG; empty when no sample carries an intensity.
    static func svg(_ m: RunReportModel) -> String {
        let steps = m.intensitySteps
        guard !steps.isEmpty else { return "" }
        return draw(m, steps: steps).svg()
    }

    static func draw(
        _ m: RunReportModel, steps: [(start: Double, end: Double, gramsPerKilowattHour: Double)]
    ) -> ChartDrawing {
        var chart = ChartDrawing(title: "Grid intensity over the run")
        let annual = m.run.intensity.gramsPerKilowattHour
        let planned = m.run.planned?.intensity.gramsPerKilowattHour
        chart.legend = [
            ("each interval as priced, \(m.pricingBasis.kind.rawValue)", pricedColor, .line),
            ("annual average, \(m.run.intensity)", annualColor, .dashedLine)
        ]
        if let planned {
            chart.legend.append(("planned, \(GridIntensity.gramsPerKilowattHour(planned))", plannedColor, .dashedLine))
        }
        let time = RunReportModel.timeUnit(forSeconds: steps.map(\.end).max() ?? 0)
        let values = steps.map(\.gramsPerKilowattHour) + [annual] + (planned.map { [$0] } ?? [])
        let y = PlotScale.linear(values, includeZero: true)
        let x = PlotScale.linear(steps.flatMap { [$0.start, $0.end] }.map { $0 * time.factor }, includeZero: true)
        let legendHeight = chart.legendLayout(left: 76).height
        let panel = PlotPanel(left: 76, top: 20 + legendHeight, width: 720 - 76 - 24, height: 200, x: x, y: y)
        chart.height = panel.bottom + 44
        chart.body += chart.legendSVG(top: 8, left: panel.left)
        chart.body += panel.axes(
            xLabel: "\(time.label) since the run started", yLabel: "g CO2e/kWh")
        chart.body += reference(annual, color: annualColor, panel: panel, tooltip: "annual average, \(m.run.intensity)")
        if let planned {
            chart.body += reference(
                planned, color: plannedColor, panel: panel,
                tooltip: "planned, \(GridIntensity.gramsPerKilowattHour(planned))")
        }
        // One line for each stretch without a gap, as steps.
        var stretch: [(x: Double, y: Double)] = []
        var end = steps.first?.start ?? 0
        for step in steps {
            if step.start > end + max(1e-6, (step.end - step.start) * 0.01) {
                chart.body += path(stretch, panel: panel)
                stretch = []
            }
            stretch += [
                (step.start * time.factor, step.gramsPerKilowattHour),
                (step.end * time.factor, step.gramsPerKilowattHour)
            ]
            end = step.end
        }
        chart.body += path(stretch, panel: panel)
        return chart
    }

    /// The points joined in the order given: steps share an x where one ends and the next starts,
    /// which a line sorted by x could put in either order.
    static func path(_ points: [(x: Double, y: Double)], panel: PlotPanel) -> String {
        let placed = points.compactMap { p in panel.px(p.x).flatMap { x in panel.py(p.y).map { (x, $0) } } }
        guard placed.count > 1 else { return "" }
        let d = placed.enumerated().map {
            "\($0.offset == 0 ? "M" : "L")\(panel.n($0.element.0)),\(panel.n($0.element.1))"
        }
        return "<path d=\"\(d.joined())\" fill=\"none\" stroke=\"\(pricedColor)\" stroke-width=\"2\">"
            + "<title>each interval as priced</title></path>\n"
    }

    /// A horizontal dashed line across the plot at `value`, its figure in a tooltip.
    static func reference(_ value: Double, color: String, panel: PlotPanel, tooltip: String) -> String {
        guard let y = panel.py(value) else { return "" }
        return "<line x1=\"\(panel.n(panel.left))\" y1=\"\(panel.n(y))\" x2=\"\(panel.n(panel.right))\" "
            + "y2=\"\(panel.n(y))\" stroke=\"\(color)\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\">"
            + "<title>\(SVGChart.escape(tooltip))</title></line>\n"
    }
}
