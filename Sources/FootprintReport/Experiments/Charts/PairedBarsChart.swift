import FootprintCore

/// Bars set side by side per pair (group): deep against wide at equal parameters or nodes
/// (model shape), Float32 against Float16 (precision); the rule's ratio under each pair.
enum PairedBarsChart {
    /// - Parameters:
    ///   - bar: what tells the bars of a pair apart ("deep", "float16"), and colours them.
    ///   - perSample: energy per sample instead of the configuration's total.
    ///   - notes: the lines written above each bar.
    ///   - phase: only the configurations of this phase (precision's training, which made the
    ///     weights both bars run, is no bar of its own); nil draws every configuration.
    static func draw(
        _ experiment: ExperimentResult, title: String, bar: (ConfigurationResult) -> String, perSample: Bool,
        phase: ExperimentPhase? = nil, notes: (ConfigurationResult) -> [String]
    ) -> ChartDrawing {
        var chart = ChartDrawing(title: title)
        let configurations = experiment.configurations.filter { phase == nil || $0.parameters.phase == phase }
        let colors = BarChartLayout.colors(configurations.map(bar))
        for key in BarChartLayout.distinct(configurations.map(bar)) {
            chart.legend.append((key, colors[key] ?? ChartDrawing.color(0), .swatch))
        }
        let values = configurations.map { perSample ? ($0.energyPerSample ?? $0.energy) : $0.energy }
        let unit = JouleUnit.reading(values.map(\.maximum))
        let items = zip(configurations, values).map { c, value in
            let category = c.parameters.group ?? c.parameters.model ?? c.label
            return BarItem(
                category: category, name: name(c, key: bar(c), category: category), value: unit.scaled(value),
                color: colors[bar(c)] ?? ChartDrawing.color(0), notes: notes(c))
        }
        let categories = BarChartLayout.distinct(items.map(\.category))
        return BarChartLayout.draw(
            [
                .init(
                    items: items, yLabel: (perSample ? "energy per sample" : "energy") + " (\(unit.symbol))",
                    categoryNotes: BarChartLayout.ratioNotes(experiment, categories: categories))
            ], chart: chart)
    }

    /// A bar's name: its key with the depth × width where that says more ("deep 16x50"), the key
    /// alone where the shape is already the key or the category ("float16" under "2x256").
    static func name(_ c: ConfigurationResult, key: String, category: String) -> String {
        guard let depth = c.parameters.depth, let width = c.parameters.width else { return key }
        let shape = "\(depth)x\(width)"
        return shape == key || shape == category ? key : key + " " + shape
    }
}
