import FootprintCore

/// An experiment's configurations as table rows, the same for the HTML page and the Markdown:
/// label, key parameters (with what a configuration carries beyond them: non-zero weights, stored
/// bytes, target reached), energy median [min–max], duration, throughput, accuracy, the method where
/// configurations differ in it, and the life-cycle model's prediction where there is one. Narrow
/// enough to read without scrolling sideways.
struct ConfigurationTable: Sendable {
    var headers: [String]
    var rows: [[String]]
    /// Columns of figures, right-aligned.
    var numeric: Set<Int>
    /// The method every configuration's energy was obtained by, when they share one: then said
    /// once under the table instead of in a column.
    var sharedMethod: MeasurementMethod?

    init(_ configurations: [ConfigurationResult]) {
        let predicted = configurations.contains { $0.predictedEnergyJoules != nil }
        let methods = Set(configurations.map(\.method))
        sharedMethod = methods.count == 1 ? methods.first : nil
        headers = ["configuration", "parameters", "energy [min–max]", "duration", "samples/s", "accuracy"]
        numeric = [2, 3, 4, 5]
        if sharedMethod == nil { headers.append("method") }
        if predicted {
            headers.append("predicted β·I·D·E")
            numeric.insert(headers.count - 1)
        }
        rows = configurations.map { [sharedMethod] c in
            let unit = JouleUnit.reading(c.energy.median)
            let notes = Self.notes(c)
            var row = [
                c.label, Self.parameters(c.parameters) + (notes.isEmpty ? "" : "; " + notes), unit.text(c.energy),
                c.durationSeconds.isFinite ? "\(FootprintCore.Duration.seconds(c.durationSeconds))" : "n/a",
                Format.significant(c.samplesPerSecond), c.accuracy.map { Format.percent($0) } ?? "–"
            ]
            if sharedMethod == nil { row.append(c.method.rawValue) }
            if predicted { row.append(c.predictedEnergyJoules.map { unit.text($0) } ?? "–") }
            return row
        }
    }

    /// The line under the table for a method all configurations share.
    var methodNote: String? { sharedMethod.map { "Energy of every configuration: \($0.rawValue)." } }

    /// The parameters a reader needs to tell configurations apart, in order: phase, model,
    /// samples, epochs, shape, batch, sparsity, precision, size.
    static func parameters(_ p: ConfigurationParameters) -> String {
        var parts: [String] = []
        if let phase = p.phase { parts.append(phase.rawValue) }
        let shape = p.depth.flatMap { d in p.width.map { "\(d)x\($0)" } }
        if let model = p.model { parts.append(model) }
        if let shape, shape != p.model { parts.append(shape) }
        if let d = p.trainSamples { parts.append("D \(Format.significant(Double(d)))") }
        if let e = p.epochs { parts.append("E \(e)") }
        if let b = p.batch { parts.append("batch \(b)") }
        if let s = p.sparsity { parts.append("sparsity \(Format.percent(s))") }
        if let precision = p.precision { parts.append(precision) }
        if let n = p.trainableParameters { parts.append("\(PlotScale.tickText(Double(n))) params") }
        if let f = p.flopsPerSample { parts.append("\(PlotScale.tickText(f)) FLOPs/sample") }
        if let frozen = p.frozenLayers { parts.append("\(frozen) frozen") }
        return parts.joined(separator: ", ")
    }

    /// What a configuration carries beyond the common figures: non-zero weights, stored bytes,
    /// whether it reached the target accuracy.
    static func notes(_ c: ConfigurationResult) -> String {
        var parts: [String] = []
        if let n = c.nonzeroWeights { parts.append("\(Format.significant(Double(n))) non-zero weights") }
        if let b = c.parameterBytes { parts.append("\(BarChartLayout.bytesText(b)) of weights") }
        if let reached = c.reachedTarget {
            parts.append(reached ? "reached the target" : "stopped short of the target")
        }
        return parts.joined(separator: "; ")
    }
}
