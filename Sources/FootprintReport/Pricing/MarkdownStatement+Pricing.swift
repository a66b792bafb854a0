import FootprintCore

extension MarkdownStatement {
    /// The "Grid intensity" cell: the intensity the run was priced at and how; for a run priced
    /// by the hour, the place's annual average beside it.
    static func intensityCell(_ m: RunReportModel) -> String {
        let run = m.run
        let annualSource = paperText(run.intensitySource ?? "source not recorded")
        guard m.isPricedHourly else { return "\(run.intensity), annual average (\(annualSource))" }
        return "\(run.pricedIntensity), \(md(m.basisLabel)); annual average \(run.intensity) (\(annualSource))"
    }

    /// The sentence on the intensity and the emissions at it.
    static func intensitySentence(_ m: RunReportModel) -> String {
        let run = m.run
        let source = run.intensitySource ?? ""
        var place = location(run)
        if place.first?.isLowercase == true { place = "the " + place }
        let basis = m.pricingBasis
        guard m.isPricedHourly else {
            if source.hasPrefix("given") {
                return "The grid carbon intensity, \(run.intensity), was given by the experimenter; "
                    + "at it, the emissions are \(run.emissions)."
            }
            return "The grid carbon intensity for \(place), \(run.intensity), is from "
                + "\(source.isEmpty ? "an unrecorded source" : paperText(source)); at it, the emissions are \(run.emissions)."
        }
        let sources = md(basis.hourlySources.joined(separator: ", "))
        let factor = basis.factor.map { " (\($0.label))" } ?? ""
        // A file's readings are named "imported from FILE" already.
        let from = basis.hourlySources.allSatisfy { $0.hasPrefix("imported from") } ? "from readings " : "from "
        var sentence =
            "The emissions were priced by the hour: each sampling interval at the grid carbon intensity of its hours "
            + "for \(place) \(from)\(sources)\(factor)"
        if basis.kind == .partlyHourly {
            sentence +=
                ", for \(Format.percent(basis.hourlyShare)) of the energy, and the rest at the annual average of "
                + "\(run.intensity) (\(paperText(source.isEmpty ? "an unrecorded source" : source)))"
        }
        return sentence
            + ". Weighted by the energy, the run met \(run.pricedIntensity), against an annual average of "
            + "\(run.intensity) (\(paperText(source.isEmpty ? "an unrecorded source" : source))); "
            + "the emissions are \(run.emissions)."
    }

    /// What the intensity can be trusted for, by how the run was priced.
    static func intensityCaveat(_ m: RunReportModel) -> String {
        switch m.pricingBasis.kind {
        case .annual:
            "The emissions use an average carbon intensity for the location, not the grid's mix during the run."
        case .partlyHourly:
            "Only part of the energy was priced at the grid's mix during the run; the rest uses the location's annual average."
        case .hourly:
            "The intensities are averages over the grid's generation in each hour, not the marginal emissions of the added load."
        }
    }

    /// For a run started by `run --start best`: the plan against what the run met.
    static func plannedSentences(_ m: RunReportModel) -> [String] {
        guard let comparison = m.plannedComparison else { return [] }
        let planned = comparison.planned
        return [
            "The start was planned for the cleanest window before a deadline of "
                + "\(Timestamp.iso8601UTC(planned.deadline)): \(Timestamp.iso8601UTC(planned.start)), at an expected "
                + "\(planned.intensity) against \(planned.nowIntensity) for starting at once; the plan rested on "
                + "\(md(planned.basis)).",
            "The run started \(Timestamp.iso8601UTC(comparison.actualStart)), \(comparison.startText). "
                + md(comparison.summary)
        ]
    }

    /// Table rows for the planned start, when there was one.
    static func plannedRows(_ m: RunReportModel) -> [(String, String)] {
        guard let comparison = m.plannedComparison else { return [] }
        let planned = comparison.planned
        return [
            (
                "Planned start",
                "\(Timestamp.iso8601UTC(planned.start)) at \(planned.intensity), from \(md(planned.basis)); "
                    + "at once: \(planned.nowIntensity)"
            ),
            (
                "Actual start",
                "\(Timestamp.iso8601UTC(comparison.actualStart)) (\(comparison.startText)), "
                    + "\(comparison.actualIntensity) over the run"
            )
        ]
    }

    /// Table rows for the figures the run carried before its current one.
    static func historyRows(_ m: RunReportModel) -> [(String, String)] {
        m.pricingHistory.map { entry in
            (
                "Earlier CO2e",
                "\(entry.emissions), \(md(RunReportModel.readerLabel(RunReportModel.pricingBasis(of: entry, run: m.run)))); "
                    + "replaced \(Timestamp.iso8601UTC(entry.replacedAt)) (\(md(entry.reason)))"
            )
        }
    }
}
