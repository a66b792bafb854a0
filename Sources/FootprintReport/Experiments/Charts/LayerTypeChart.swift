import FootprintCore

/// Dense against convolutional stacks at comparable parameters (Gitzel et al. 2023, Fig. 14):
/// energy per trainable parameter and per forward FLOP, side by side per comparison.
enum LayerTypeChart {
    static func draw(_ experiment: ExperimentResult, title: String) -> ChartDrawing {
        var chart = ChartDrawing(title: title)
        let configurations = experiment.configurations
        let kind = { (c: ConfigurationResult) in c.parameters.model ?? c.label }
        let colors = BarChartLayout.colors(configurations.map(kind))
        for key in BarChartLayout.distinct(configurations.map(kind)) {
            chart.legend.append((key, colors[key] ?? ChartDrawing.color(0), .swatch))
        }
        func panel(
            _ per: String, _ count: (ConfigurationResult) -> Double?, notes: [String: String] = [:]
        )
            -> BarChartLayout.Panel
        {
            let values = configurations.map { c in count(c).flatMap { c.energy.divided(by: $0) } }
            let unit = JouleUnit.reading(values.compactMap { $0?.maximum })
            let items = zip(configurations, values).map { c, value in
                BarItem(
                    category: c.parameters.group ?? c.label,
                    name: PairedBarsChart.name(c, key: kind(c), category: c.parameters.group ?? c.label),
                    value: value.map(unit.scaled), color: colors[kind(c)] ?? ChartDrawing.color(0))
            }
            return .init(
                items: items, yLabel: "\(unit.symbol) per \(per)", title: "energy per \(per)", categoryNotes: notes)
        }
        let categories = BarChartLayout.distinct(configurations.map { $0.parameters.group ?? $0.label })
        return BarChartLayout.draw(
            [
                panel(
                    "trainable parameter", { $0.parameters.trainableParameters.map(Double.init) },
                    notes: BarChartLayout.ratioNotes(experiment, categories: categories, prefix: "conv ÷ dense ")),
                panel("forward FLOP") { c in c.parameters.flopsPerSample.flatMap { f in c.samples.map { f * $0 } } }
            ], chart: chart)
    }
}
