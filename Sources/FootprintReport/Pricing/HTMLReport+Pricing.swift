import FootprintCore

extension HTMLReport {
    /// The CO2e tile's detail: the intensity the run was priced at and how.
    static func emissionsDetail(_ m: RunReportModel) -> String {
        "at \(m.run.pricedIntensity), \(m.basisLabel)"
    }

    /// "Grid intensity over the run", for a run whose samples carry the intensities they were
    /// priced at; nothing otherwise.
    static func intensitySection(_ m: RunReportModel) -> String {
        let chart = IntensityChart.svg(m)
        guard !chart.isEmpty else { return "" }
        var html = "<section><h2>Grid intensity over the run</h2>\n"
        html +=
            "<p class=\"note\">Each sampling interval is drawn at the intensity it was priced at: "
            + "\(e(m.basisLabel)). Weighted by the energy, the run's mean is \(e("\(m.run.pricedIntensity)")), "
            + "against the place's annual average of \(e("\(m.run.intensity)")).</p>\n"
        return html + chart + "</section>\n"
    }

    /// "Planned vs actual start" for a run started by `run --start best`: the plan's start and
    /// intensity, starting at once, and what the run met; nothing for a run started at once.
    static func plannedSection(_ m: RunReportModel) -> String {
        guard let comparison = m.plannedComparison else { return "" }
        let planned = comparison.planned
        var html = "<section><h2>Planned vs actual start</h2>\n"
        html += "<p>" + e(comparison.summary) + "</p>\n"
        // Three narrow columns, so that the table fits a phone; where the figures come from below it.
        html += table(
            ["", "start", "intensity"],
            [
                ["planned", Timestamp.iso8601UTC(planned.start), "\(planned.intensity)"],
                ["starting at once", "", "\(planned.nowIntensity)"],
                [
                    "actual", Timestamp.iso8601UTC(comparison.actualStart) + " (\(comparison.startText))",
                    "\(comparison.actualIntensity)"
                ]
            ], numeric: [2])
        html +=
            "<p class=\"note\">Planned from \(e(planned.basis)) for a window to "
            + "\(e(Timestamp.iso8601UTC(planned.end))), before a deadline of \(e(Timestamp.iso8601UTC(planned.deadline))); "
            + "the actual intensity is the run's mean over its energy, "
            + "\(e(RunReportModel.readerLabel(comparison.actualBasis))).</p>\n"
        return html + "</section>\n"
    }

    /// "Pricing history": the figures the run carried before its current one; nothing for a run
    /// priced once.
    static func historySection(_ m: RunReportModel) -> String {
        guard !m.pricingHistory.isEmpty else { return "" }
        var html = "<section><h2>Pricing history</h2>\n"
        html +=
            "<p>The run's CO2e is now \(e("\(m.run.emissions)")), \(e(m.basisLabel)). "
            + "It carried these figures before:</p>\n<ul>"
        // A list, not a table: each entry's basis and reason are sentences, which wrap on a phone.
        for entry in m.pricingHistory {
            let basis = RunReportModel.readerLabel(RunReportModel.pricingBasis(of: entry, run: m.run))
            html +=
                "<li>\(e("\(entry.emissions)")), \(e(basis)); replaced \(e(Timestamp.iso8601UTC(entry.replacedAt))) "
                + "(\(e(entry.reason)))</li>"
        }
        html += "</ul>\n"
        return html + "</section>\n"
    }
}
