import FootprintCore

extension ExperimentReport {
    /// The suite as Markdown for a document (docs/experiments.md): the run's line, the method, and
    /// per experiment the claim, the chart (where `chartPath` says where its SVG file is), the
    /// configurations, the rule, the verdict and the finding.
    /// - Parameters:
    ///   - headingLevel: the level of each experiment's heading (2: `##`).
    ///   - chartPath: the path or URL of a chart's file from its name in ``charts(_:)``; nil leaves
    ///     the charts out.
    public static func markdown(
        _ suite: ExperimentSuiteResult, headingLevel: Int = 2, chartPath: ((String) -> String)? = nil
    ) -> String {
        let md = MarkdownStatement.md, cell = MarkdownStatement.cell
        var text =
            md(headerLine(suite)) + "\n\n" + "Machine: \(md(suite.machine)).\n\n" + md(methodStatement(suite)) + "\n\n"
        if let note = statusNote(suite.status) { text += "> **\(suite.status.rawValue.capitalized).** \(md(note))\n\n" }
        if !suite.experiments.isEmpty {
            text += "| experiment | source | verdict |\n|---|---|---|\n"
            for x in suite.experiments {
                text += "| \(x.name.rawValue) | \(cell(md(x.source))) | \(x.verdict.rawValue) |\n"
            }
            text += "\n"
        }
        let hashes = String(repeating: "#", count: min(max(headingLevel, 1), 6))
        for x in suite.experiments {
            text += "\(hashes) \(x.name.rawValue): \(x.verdict.rawValue)\n\n"
            text += "**Claim** (\(md(x.source))): \(md(x.claim))\n\n"
            if let chartPath, !x.configurations.isEmpty {
                text += "![\(md(ExperimentChart.chartTitle(x.name)))](\(chartPath(x.name.rawValue)))\n\n"
            }
            if x.configurations.isEmpty {
                text += "No configuration of this experiment was measured.\n\n"
            } else {
                let table = ConfigurationTable(x.configurations)
                text += "| " + table.headers.joined(separator: " | ") + " |\n|"
                text +=
                    table.headers.indices.map { table.numeric.contains($0) ? "---:" : "---" }.joined(separator: "|")
                    + "|\n"
                for row in table.rows { text += "| " + row.map { cell(md($0)) }.joined(separator: " | ") + " |\n" }
                text += "\n" + (table.methodNote.map { md($0) + "\n\n" } ?? "")
            }
            text += "**Rule:** \(md(x.rule)).\n\n"
            text += "**Verdict: \(x.verdict.rawValue).** \(md(x.finding))\n\n"
        }
        return text
    }
}
