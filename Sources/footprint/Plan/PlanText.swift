import FootprintCore
import FootprintGrid

/// `footprint plan` for people: the best window, here and now, the saving, and what each rests on.
enum PlanText {
    static func render(_ plan: Plan, job: PlanJob, order: [String], notes: [String]) -> String {
        var lines = [
            Terminal.bold("footprint plan: a \(Duration.seconds(job.duration)) job using \(job.energy)"),
            "  best     \(window(plan.best))",
            "  now      \(window(plan.now))"
        ]
        let saved = CarbonMass(grams: plan.now.emissions.grams - plan.best.emissions.grams)
        if plan.savingFraction > 0 {
            lines.append("  saving   \(Format.percent(plan.savingFraction)) (\(saved)) against running here now")
        } else if plan.savingFraction == 0 {
            lines.append("  saving   none: running here now is as clean as it gets")
        } else {
            lines.append(
                "  saving   none: the earliest start allowed costs \(Format.percent(-plan.savingFraction)) more than now"
            )
        }
        lines.append("  energy   \(job.energyBasis)")
        for code in order {
            guard let basis = plan.bases[code] else { continue }
            lines.append("  basis    \(Terminal.sanitized(code)): \(basis.label)")
        }
        for note in notes { lines.append(Terminal.dim("  note     \(note)")) }
        return lines.joined(separator: "\n")
    }

    /// "SE  2026-12-01T02:00:00Z → 2026-12-01T08:00:00Z  41 g CO2e/kWh  49.2 g CO2e".
    static func window(_ window: PlannedWindow) -> String {
        "\(Terminal.sanitized(window.location))  \(Timestamp.iso8601UTC(window.start)) → "
            + "\(Timestamp.iso8601UTC(window.end))  \(window.intensity)  \(window.emissions)"
    }
}
