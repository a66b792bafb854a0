import FootprintCore

/// The text `lab experiment` prints: per experiment its verdict, claim, configurations, rule and
/// finding; then how the energy was obtained and where the run is.
enum ExperimentText {
    static func render(_ suite: ExperimentSuiteResult, recorded: Bool, notes: [String]) -> String {
        var lines: [String] = []
        for experiment in suite.experiments {
            lines.append(Terminal.bold("\(experiment.name.rawValue): \(experiment.verdict.rawValue)"))
            lines.append("claim    \(experiment.claim) (\(experiment.source))")
            lines.append(table(experiment.configurations))
            lines.append("rule     \(experiment.rule)")
            lines.append("finding  \(experiment.finding)")
            lines.append("")
        }
        let methods = Set(suite.experiments.flatMap { $0.configurations.map(\.method) })
        let method = methods.sorted { $0.rawValue < $1.rawValue }.map { "\($0.rawValue): \($0.explanation)" }
        lines.append(
            "engine   \(suite.engine.rawValue) on \(suite.device), scale \(suite.scale.rawValue), "
                + "median of \(suite.repeats) measured repeat\(suite.repeats == 1 ? "" : "s") after a warm-up; "
                + suite.machine)
        if !method.isEmpty { lines.append("energy   " + method.joined(separator: "; ")) }
        for note in notes { lines.append("note     \(note)") }
        if recorded {
            lines.append(
                "run      \(suite.runID) in the ledger (footprint runs show \(suite.runID); "
                    + "footprint report \(suite.runID) --html FILE)")
        }
        if suite.status == .interrupted {
            lines.append("status   interrupted: the last experiment is judged on the configurations measured")
        }
        return lines.joined(separator: "\n")
    }

    static func table(_ configurations: [ConfigurationResult]) -> String {
        guard !configurations.isEmpty else { return "         (no configuration measured)" }
        let predicted = configurations.contains { $0.predictedEnergyJoules != nil }
        let accuracy = configurations.contains { $0.accuracy != nil }
        var headers = ["configuration", "energy (min–max)", "time", "samples/s"]
        if accuracy { headers.append("accuracy") }
        if predicted { headers.append("β·I·D·E") }
        var table = TextTable(
            headers, alignments: [.left] + Array(repeating: TextTable.Alignment.right, count: headers.count - 1))
        for configuration in configurations {
            let energy = configuration.energy
            var row = [
                configuration.label,
                "\(Energy(joules: energy.median)) (\(Energy(joules: energy.minimum))–\(Energy(joules: energy.maximum)))",
                "\(Duration.seconds(configuration.durationSeconds))",
                Format.significant(configuration.samplesPerSecond)
            ]
            if accuracy { row.append(configuration.accuracy.map { Format.percent($0) } ?? "–") }
            if predicted { row.append(configuration.predictedEnergyJoules.map { "\(Energy(joules: $0))" } ?? "–") }
            table.add(row)
        }
        return table.render().split(separator: "\n").map { "         " + $0 }.joined(separator: "\n")
    }
}
