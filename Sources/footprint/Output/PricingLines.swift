import FootprintCore
import FootprintReport

/// How a recorded run was priced, as `report ID` prints it under the totals: the intensity and its
/// basis, the planned start against the actual one for a run of `run --start best`, and the
/// figures the run carried before its current one.
enum PricingLines {
    static func render(_ m: RunReportModel) -> [String] {
        var lines = ["  grid       " + Terminal.sanitized(m.gridText)]
        if let comparison = m.plannedComparison {
            let planned = comparison.planned
            lines.append(
                "  planned    start \(Timestamp.iso8601UTC(planned.start)) at \(planned.intensity), "
                    + "from \(Terminal.sanitized(planned.basis)); starting at once: \(planned.nowIntensity)")
            lines.append(
                "  actual     start \(Timestamp.iso8601UTC(comparison.actualStart)) (\(comparison.startText)), "
                    + "\(comparison.actualIntensity) over the run")
            lines.append("             " + comparison.summary)
        }
        for entry in m.pricingHistory {
            lines.append(
                "  earlier    \(entry.emissions), "
                    + Terminal.sanitized(RunReportModel.readerLabel(RunReportModel.pricingBasis(of: entry, run: m.run)))
                    + "; replaced \(Timestamp.iso8601UTC(entry.replacedAt)) (\(Terminal.sanitized(entry.reason)))")
        }
        return lines
    }
}
