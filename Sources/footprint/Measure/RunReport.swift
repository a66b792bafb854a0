import FootprintCore
import FootprintMeter

/// The end-of-run summary for people.
enum RunReport {
    static func text(_ s: RunSummary, scope: Scope, allTasks: Bool = false) -> String {
        var lines: [String] = []
        let ending = s.exitCode.map { " (exit code \($0))" } ?? ""
        lines.append(
            Terminal.bold("footprint: \(Terminal.sanitized(s.name))")
                + " — \(s.status.rawValue) in \(Duration.seconds(s.duration))\(ending)")
        lines.append(
            "  energy     \(s.energy) at the facility (\(s.itEnergy) × PUE \(Format.significant(s.pue.value))), \(s.emissions)"
        )
        let scopeNote = scope == .process ? "process tree; machine in brackets" : "whole machine"
        for component in Component.allCases {
            guard let c = s.components[component] else { continue }
            guard component.isReported(method: c.method, energy: c.machine) else { continue }
            let machine = scope == .process ? "  (machine \(c.machine))" : ""
            lines.append(
                "  \(component.rawValue.uppercased().padding(toLength: 9, withPad: " ", startingAt: 0))  "
                    + "\(c.energy.description.padding(toLength: 10, withPad: " ", startingAt: 0)) \(c.method)\(machine)"
            )
        }
        lines += TaskLines.render(
            s.tasks.map { .init(name: $0.name, duration: $0.duration, energy: $0.energy, emissions: $0.emissions) },
            all: allTasks)
        lines += ForecastText.versusActual(s)
        lines.append("  scope      \(scopeNote)")
        lines.append("  grid       \(s.location.label)")
        // Beside the annual figure, the one the run was priced at, where readings of its hours were had.
        if s.basis.kind != .annual {
            lines.append("  priced     \(s.pricedIntensity) over the run, \(Terminal.sanitized(s.basis.label))")
        }
        // The assumed 1.0 is recorded as what it is; what to do about it is said here, at the terminal.
        let hint = s.pueSource == PUE.assumedSource ? " (set --pue for a data centre, e.g. --pue average-2024)" : ""
        lines.append("  PUE        \(Format.significant(s.pue.value)) — \(s.pueSource)\(hint)")
        for note in s.notes { lines.append(Terminal.dim("  note       \(Terminal.sanitized(note))")) }
        if let journal = s.journal {
            lines.append(Terminal.dim("  ledger     \(journal)  (footprint runs show \(s.runID))"))
        }
        return lines.joined(separator: "\n")
    }
}
