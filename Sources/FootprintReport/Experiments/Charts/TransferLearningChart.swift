import FootprintCore

/// The energy of each way to the target accuracy (Gitzel et al. 2023, Table 3): from scratch,
/// fine-tuned, a dedicated small model; pretraining drawn apart, lighter, since it counts only for
/// who pretrains. The accuracy reached is written on each bar.
enum TransferLearningChart {
    static let order = ["pretrain (source)", "scratch", "fine-tuned", "dedicated"]

    static func draw(_ experiment: ExperimentResult, title: String) -> ChartDrawing {
        var chart = ChartDrawing(title: title)
        let configurations = experiment.configurations.sorted {
            (order.firstIndex(of: $0.parameters.model ?? "") ?? order.count)
                < (order.firstIndex(of: $1.parameters.model ?? "") ?? order.count)
        }
        let unit = JouleUnit.reading(configurations.map(\.energy.maximum))
        let items = configurations.enumerated().map { i, c in
            let model = c.parameters.model ?? c.label
            var notes = [BarChartLayout.accuracyNote(c)].compactMap { $0 }
            if c.reachedTarget == false { notes.append("target not reached") }
            if let frozen = c.parameters.frozenLayers { notes.append("\(frozen) layers frozen") }
            return BarItem(
                category: model, name: model, value: unit.scaled(c.energy), color: ChartDrawing.color(0),
                light: model.hasPrefix("pretrain"), notes: notes)
        }
        chart.legend = [("energy to the target accuracy", ChartDrawing.color(0), .swatch)]
        if items.contains(where: \.light) {
            chart.legend.append(("pretraining, reported apart", ChartDrawing.color(0), .lightSwatch))
        }
        return BarChartLayout.draw([.init(items: items, yLabel: "energy (\(unit.symbol))")], chart: chart)
    }
}
