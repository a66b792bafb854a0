import FootprintCore

/// How a recorded run was priced, for `runs show` and `runs recompute`: the basis with the mean
/// intensity, what `--start best` planned, and the figures it carried before.
enum PricingText {
    /// `priced`, `planned` and `earlier` lines of `runs show`.
    static func lines(_ run: RunRecord, history: [RunPriceRecord]) -> [String] {
        var lines = ["  priced     \(run.pricedIntensity) over the run, \(run.pricingBasis.label)"]
        if let planned = run.planned {
            lines.append(
                "  planned    start \(Timestamp.iso8601UTC(planned.start)): \(planned.intensity) over "
                    + "\(Duration.seconds(planned.end - planned.start)), \(planned.basis); starting at once: "
                    + "\(planned.nowIntensity); actual start \(Timestamp.iso8601UTC(run.startedAt))")
        }
        // Newest first, as a reader looks back from the figure shown.
        for entry in history.reversed() {
            // A figure from before the ledger kept the basis was the annual average's.
            var annual = run
            annual.pricing = nil
            let basis = entry.basis ?? annual.pricingBasis
            lines.append(
                "  earlier    \(entry.emissions), \(basis.label); replaced "
                    + "\(Timestamp.localNoZone(entry.replacedAt).replacingOccurrences(of: "T", with: " ")) "
                    + "\(entry.reason)")
        }
        return lines.map(Terminal.sanitized)
    }
}
