import FootprintCore

/// Each experiment's chart, in the spirit of the figure of the source it re-runs.
enum ExperimentChart {
    static func draw(_ experiment: ExperimentResult) -> ChartDrawing {
        let title = chartTitle(experiment.name)
        switch experiment.name {
        case .trainingSetSize:
            return SweepChart.draw(
                experiment, title: title,
                .init(
                    x: { $0.trainSamples.map(Double.init) }, xLabel: "training samples D", phase: .train, fitted: true))
        case .epochs:
            return SweepChart.draw(
                experiment, title: title,
                .init(x: { $0.epochs.map(Double.init) }, xLabel: "epochs E", phase: .train, fitted: true))
        case .trainingVsInference:
            return OverheadShareChart.draw(experiment, title: title)
        case .modelSize:
            return SweepChart.draw(
                experiment, title: title,
                .init(
                    x: { $0.trainableParameters.map(Double.init) }, xLabel: "trainable parameters", phase: .train,
                    xAxis: .automatic, connect: true))
        case .modelShape:
            return PairedBarsChart.draw(
                experiment, title: title, bar: { $0.parameters.model ?? $0.label }, perSample: false,
                notes: { c in
                    c.parameters.trainableParameters.map { ["\(PlotScale.tickText(Double($0))) params"] } ?? []
                })
        case .layerType:
            return LayerTypeChart.draw(experiment, title: title)
        case .transferLearning:
            return TransferLearningChart.draw(experiment, title: title)
        case .sparseVsDeep:
            return SparseVsDeepChart.draw(experiment, title: title)
        case .precision:
            return PairedBarsChart.draw(
                experiment, title: title, bar: { $0.parameters.precision ?? $0.label }, perSample: true,
                phase: .inference,
                notes: { c in
                    [BarChartLayout.accuracyNote(c), c.parameterBytes.map(BarChartLayout.bytesText)].compactMap { $0 }
                })
        case .batchSize:
            return SweepChart.draw(
                experiment, title: title,
                .init(
                    x: { $0.batch.map(Double.init) }, xLabel: "batch size", xAxis: .log2,
                    xTickText: { Format.significant($0) }, perSample: true, connect: true))
        case .pruning:
            return SweepChart.draw(
                experiment, title: title,
                .init(
                    x: { $0.sparsity.map { $0 * 100 } }, xLabel: "sparsity (% of weights pruned)", connect: true,
                    accuracy: true))
        }
    }

    /// What the chart shows, for its title and for readers of screen readers.
    static func chartTitle(_ name: ExperimentName) -> String {
        switch name {
        case .trainingSetSize: "Training energy against training-set size"
        case .epochs: "Training energy against epochs, per model"
        case .trainingVsInference: "Training overhead as a share of training energy, against depth"
        case .modelSize: "Training energy against trainable parameters, per width"
        case .modelShape: "Deep-narrow against shallow-wide networks"
        case .layerType: "Dense against convolutional stacks"
        case .transferLearning: "Energy to the target accuracy: scratch, fine-tuned, dedicated"
        case .sparseVsDeep: "Sparse models against deep learning"
        case .precision: "Inference energy per sample: Float32 against Float16 weights"
        case .batchSize: "Energy per sample against batch size"
        case .pruning: "Inference energy against sparsity: dense against CSR"
        }
    }
}
