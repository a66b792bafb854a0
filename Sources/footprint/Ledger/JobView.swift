import FootprintCore
import FootprintLedger

/// A job of the ledger as one logical run: `runs --job ID` (table or JSON) and `report --job ID`.
enum JobView {
    /// The job's runs with their samples and tasks, accounted.
    /// - Throws: ``InvalidInput`` naming the id when no run of the ledger belongs to it.
    static func load(_ id: String, from store: any LedgerStore) throws -> (account: JobAccount, runs: [RunRecord]) {
        guard let job = try store.job(id) else {
            throw InvalidInput(
                "no job \(Format.quoted(id)) in \(store.location); `footprint runs` lists runs, `footprint runs show ID` "
                    + "names a run's job")
        }
        return job
    }

    /// The table `runs --job ID` prints: the job's totals, then each node with its components and
    /// ranks, then the tasks merged by name.
    static func text(_ job: JobAccount, runs: [RunRecord], allTasks: Bool) -> String {
        let safe = Terminal.sanitized
        let rankCount = job.nodes.reduce(0) { $0 + $1.ranks.count }
        let name = job.name.map { $0 == job.jobID ? "" : " (\(safe($0)))" } ?? ""
        var lines = [
            Terminal.bold("Job \(safe(job.jobID))") + name + "  \(job.scheduler.rawValue), "
                + "\(job.nodes.count) node\(job.nodes.count == 1 ? "" : "s"), \(rankCount) rank\(rankCount == 1 ? "" : "s")",
            "  started    \(Timestamp.localNoZone(job.startedAt).replacingOccurrences(of: "T", with: " ")), for \(FootprintCore.Duration.seconds(job.duration))",
            "  energy     \(job.energy) at the facility, \(job.emissions); each node counted once"
        ]
        if let live = runs.first(where: { $0.status == .running }) {
            lines.append("  status     run \(live.id) is still recording: the figures cover what it recorded so far")
        }
        for node in job.nodes {
            lines.append("")
            let parts = Component.allCases.compactMap { component -> String? in
                guard let energy = node.components[component], energy.joules > 0 else { return nil }
                return "\(component.rawValue.uppercased()) \(energy)"
            }
            lines.append(
                Terminal.bold("  node \(safe(node.name))") + "  \(node.energy), \(node.emissions)"
                    + (parts.isEmpty ? "" : " (IT: \(parts.joined(separator: ", ")))"))
            var table = TextTable(
                ["rank", "local", "run", "process energy", "share"], alignments: [.right, .right, .left, .right, .right]
            )
            for rank in node.ranks {
                table.add([
                    rank.rank.map(String.init) ?? "–", rank.localRank.map(String.init) ?? "–", rank.runID,
                    "\(rank.processEnergy)", Format.percent(rank.share)
                ])
            }
            lines += table.render().split(separator: "\n").map { "    " + $0 }
        }
        if !job.tasks.isEmpty {
            lines.append("")
            lines.append("  tasks, merged by name across ranks:")
            lines += TaskLines.render(
                job.tasks.map {
                    .init(name: $0.name, duration: $0.duration, energy: $0.energy, emissions: $0.emissions)
                },
                all: allTasks)
        }
        return lines.joined(separator: "\n")
    }
}
