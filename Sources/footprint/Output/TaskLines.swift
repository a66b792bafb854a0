import FootprintCore

/// A run's tasks as summary lines for a terminal, the one rule for `run`, `monitor`, `runs show`
/// and `report ID`: every task while they are few; past ``shown``, the tasks that used the most
/// energy and one line counting the rest, so that a run of 500 phases stays readable. `--all-tasks`
/// lists every one; JSON always carries every task.
enum TaskLines {
    /// One task's figures, in the order the run recorded it.
    struct Task {
        var name: String
        var duration: Double
        var energy: Energy
        var emissions: CarbonMass
    }

    /// Tasks listed one by one before the rest are counted.
    static let shown = 10

    static func render(_ tasks: [Task], all: Bool) -> [String] {
        if all || tasks.count <= shown { return tasks.map(line) }
        // Largest first; ties keep the recorded order.
        let ranked = tasks.enumerated().sorted {
            $0.element.energy == $1.element.energy ? $0.offset < $1.offset : $0.element.energy > $1.element.energy
        }.map(\.element)
        let top = ranked.prefix(shown), rest = ranked.dropFirst(shown)
        let energy = rest.reduce(Energy.zero) { $0 + $1.energy }
        let emissions = rest.reduce(CarbonMass.zero) { $0 + $1.emissions }
        return ["  tasks      \(tasks.count); the \(shown) that used the most energy:"] + top.map(line)
            + ["  task       \(rest.count) more: \(energy), \(emissions) together (--all-tasks lists every task)"]
    }

    static func line(_ task: Task) -> String {
        "  task       \(Terminal.sanitized(task.name)): \(task.energy), \(task.emissions) in \(FootprintCore.Duration.seconds(task.duration))"
    }
}
