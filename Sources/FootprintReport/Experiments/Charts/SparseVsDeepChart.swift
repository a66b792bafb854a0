import FootprintCore

/// Sparse models against deep ones on the same data (Tago, HACARUS): training energy on a log
/// scale with accuracy and non-zero weights on each bar, and energy per inference beside it.
enum SparseVsDeepChart {
    static func draw(_ experiment: ExperimentResult, title: String) -> ChartDrawing {
        var chart = ChartDrawing(title: title)
        let configurations = experiment.configurations
        let model = { (c: ConfigurationResult) in c.parameters.model ?? c.parameters.group ?? c.label }
        let colors = BarChartLayout.colors(configurations.map(model))
        for key in BarChartLayout.distinct(configurations.map(model)) {
            chart.legend.append((key, colors[key] ?? ChartDrawing.color(0), .swatch))
        }
        func panel(_ phase: ExperimentPhase, perSample: Bool, title: String) -> BarChartLayout.Panel {
            let chosen = configurations.filter { $0.parameters.phase == phase }
            let values = chosen.map { perSample ? $0.energyPerSample : $0.energy }
            let unit = JouleUnit.reading(values.compactMap { $0?.maximum })
            let items = zip(chosen, values).map { c, value in
                var notes = [BarChartLayout.accuracyNote(c)].compactMap { $0 }
                if phase == .train, let nonzero = c.nonzeroWeights {
                    notes.append("\(PlotScale.tickText(Double(nonzero))) weights")
                }
                return BarItem(
                    category: model(c), name: model(c), value: value.map(unit.scaled),
                    color: colors[model(c)] ?? ChartDrawing.color(0), notes: notes)
            }
            return .init(
                items: items, yLabel: (perSample ? "per sample" : "energy") + " (\(unit.symbol))", title: title,
                logarithmic: true)
        }
        return BarChartLayout.draw(
            [
                panel(.train, perSample: false, title: "training"),
                panel(.inference, perSample: true, title: "inference, per sample")
            ], chart: chart)
    }
}
