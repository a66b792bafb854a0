import FootprintCore

/// Energy against a swept value, one series per model or group: the points with their repeats'
/// range, the rule's fitted lines, the life-cycle model's predictions, and optionally accuracy on
/// a second axis. Training-set size, epochs, model size, batch size and pruning are drawn with it.
enum SweepChart {
    enum XAxis { case linear, automatic, log2 }

    struct Options {
        var x: (ConfigurationParameters) -> Double?
        var xLabel: String
        /// Only configurations of this phase (a training sweep leaves out the inference runs that
        /// measured I for the prediction); nil for all.
        var phase: ExperimentPhase? = nil
        var xAxis: XAxis = .linear
        var xTickText: (Double) -> String = PlotScale.tickText
        /// Energy per sample instead of the configuration's total.
        var perSample = false
        /// Draw each series' least-squares line from the fit (linear energy axis from zero).
        var fitted = false
        /// Join a series' points (where there is no fitted line to show the trend).
        var connect = false
        /// Accuracy of each x in a strip of its own under the energies.
        var accuracy = false
    }

    static func draw(_ experiment: ExperimentResult, title: String, _ o: Options) -> ChartDrawing {
        var chart = ChartDrawing(title: title)
        let measured = experiment.configurations.compactMap {
            c -> (series: String, x: Double, c: ConfigurationResult, y: Spread)? in
            guard o.phase == nil || c.parameters.phase == o.phase, let x = o.x(c.parameters), x.isFinite,
                let y = o.perSample ? c.energyPerSample : c.energy
            else {
                return nil
            }
            return (c.parameters.group ?? c.parameters.model ?? "measured", x, c, y)
        }
        let names = measured.map(\.series).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let fits = experiment.fit.series ?? []
        func fit(of name: String) -> SeriesFit? {
            fits.first { $0.name == name } ?? (names.count == 1 && fits.count == 1 ? fits.first : nil)
        }
        for (i, name) in names.enumerated() {
            let note = fit(of: name).flatMap { f -> String? in
                if let line = f.line { return "R² \(Format.fixed(line.rSquared, decimals: 3))" }
                return f.spearman.map { "ρ \(Format.fixed($0, decimals: 2))" }
            }
            chart.legend.append((name + (note.map { " (\($0))" } ?? ""), ChartDrawing.color(i), .point))
        }
        let predictions = o.perSample ? [] : measured.compactMap { m in m.c.predictedEnergyJoules.map { (m.x, $0) } }
        if o.fitted, fits.contains(where: { $0.line != nil }) {
            chart.legend.append(("least-squares line", "#4a5568", .dashedLine))
        }
        if !predictions.isEmpty { chart.legend.append(("predicted, T = β·I·D·E", "#1a202c", .hollowPoint)) }
        let accuracies = o.accuracy ? accuracyByX(measured.map { ($0.x, $0.c) }) : []
        if !accuracies.isEmpty { chart.legend.append(("accuracy (strip below)", "#718096", .dashedLine)) }

        let legendHeight = chart.legendLayout().height
        let unit = JouleUnit.reading(measured.map(\.y.maximum) + predictions.map(\.1))
        let ys =
            measured.flatMap { [unit.scaled($0.y).minimum, unit.scaled($0.y).maximum] }
            + predictions.map { $0.1 * unit.factor }
        let xs = measured.map(\.x)
        let xScale: PlotScale =
            switch o.xAxis {
            case .linear: .linear(xs)
            case .automatic: .automatic(xs)
            case .log2: .logarithmic(xs, base2: true)
            }
        let yScale: PlotScale = o.fitted ? .linear(ys) : .automatic(ys)
        let panel = PlotPanel(left: 76, top: 14 + legendHeight, width: 720 - 76 - 24, height: 220, x: xScale, y: yScale)
        chart.height = panel.bottom + 44 + (accuracies.isEmpty ? 0 : 96)
        chart.body += chart.legendSVG(top: 8, left: panel.left)
        let yLabel = o.perSample ? "energy per sample (\(unit.symbol))" : "energy (\(unit.symbol))"
        chart.body += panel.axes(xLabel: xScale.title(o.xLabel), yLabel: yScale.title(yLabel), xTickText: o.xTickText)
        guard !measured.isEmpty else {
            chart.body += panel.note("no configuration measured")
            return chart
        }
        for (i, name) in names.enumerated() {
            let color = ChartDrawing.color(i)
            let points = measured.filter { $0.series == name }
            if o.fitted, let line = fit(of: name)?.line, let last = points.map(\.x).max() {
                let start = xScale.kind == .linear ? xScale.lower : (points.map(\.x).min() ?? last)
                chart.body += panel.curve(from: start, to: last, color: color) { x in
                    (line.slope * x + line.intercept) * unit.factor
                }
            }
            if o.connect { chart.body += panel.line(points.map { ($0.x, $0.y.median * unit.factor) }, color: color) }
            for p in points {
                chart.body += panel.point(
                    x: p.x, unit.scaled(p.y), color: color,
                    tooltip: "\(p.c.label): \(unit.text(p.y))" + (o.perSample ? " per sample" : ""))
            }
        }
        for (x, joules) in predictions {
            chart.body += panel.point(
                x: x, Spread(exactly: joules * unit.factor), color: "#1a202c", hollow: true,
                tooltip: "predicted \(unit.text(joules))")
        }
        if !accuracies.isEmpty { chart.body += accuracyStrip(accuracies, under: panel) }
        return chart
    }

    /// Each x's accuracy (the first configuration at it that has one), in x order.
    static func accuracyByX(_ points: [(x: Double, c: ConfigurationResult)]) -> [(x: Double, accuracy: Double)] {
        var seen: [Double: Double] = [:]
        for p in points where seen[p.x] == nil { if let a = p.c.accuracy, a.isFinite { seen[p.x] = a } }
        return seen.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Accuracy against the same x, in a strip under `panel` with its own percentage axis: on the
    /// energy axis it would cross the energies at heights that mean nothing.
    static func accuracyStrip(_ points: [(x: Double, accuracy: Double)], under panel: PlotPanel) -> String {
        var strip = panel
        strip.top = panel.bottom + 52
        strip.height = 76
        strip.y = PlotScale.linear(points.map { $0.accuracy * 100 }, includeZero: false, ticks: 3)
        var text = strip.axes(xLabel: "", yLabel: "accuracy (%)", xTicks: false)
        text += strip.line(points.map { ($0.x, $0.accuracy * 100) }, color: "#718096", dashed: true)
        for p in points {
            text += strip.point(
                x: p.x, Spread(exactly: p.accuracy * 100), color: "#718096",
                tooltip: "accuracy \(Format.percent(p.accuracy))")
        }
        return text
    }
}
