import FootprintCore
import FootprintLedger

/// A job of the ledger as one logical run: `runs --job ID` (table or JSON) and `report --job ID`.
enum JobView {
    /// The job's runs with their samples and tasks, accounted.
    /// - Throws: ``InvalidInput`` naming the id when no run of the ledger belongs to it.
    static func load(_ id: String, from store: any LedgerStore) throws -> (account: JobAccount, runs: [RunRecord]) {
        let runs = try store.runs(jobID: id)
        let inputs = try runs.map { run in
            JobAccounting.Input(run: run, samples: try store.samples(of: run.id), tasks: try store.tasks(of: run.id))
        }
        guard let account = JobAccounting.account(jobID: id, runs: inputs) else {
            throw InvalidInput(
                "no job \(Format.quoted(id)) in \(store.location); `footprint runs` lists runs, `footprint runs show ID` "
                    + "names a run's job")
        }
        return (account, runs)
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

/// `runs --job ID --json`: the job as one object.
struct JobAccountJSON: Encodable {
    var jobID: String
    var scheduler: String
    var name: String?
    var startedAt: String
    var energyKWh, co2eKg, durationS: Double
    var nodes: [Node]
    var tasks: [Task]
    var runs: [String]

    struct Node: Encodable {
        var node: String
        var energyKWh, co2eKg: Double
        var components: [String: Double]
        var ranks: [Rank]
        enum CodingKeys: String, CodingKey {
            case node, components, ranks, energyKWh = "energy_kwh", co2eKg = "co2e_kg"
        }
    }

    struct Rank: Encodable {
        var rank, localRank: Int?
        var runID: String
        var processEnergyKWh, share: Double
        enum CodingKeys: String, CodingKey {
            case rank, share, localRank = "local_rank", runID = "run_id", processEnergyKWh = "process_energy_kwh"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            // null, not absent, for a rank the scheduler did not give.
            try c.encode(rank, forKey: .rank)
            try c.encode(localRank, forKey: .localRank)
            try c.encode(runID, forKey: .runID)
            try c.encode(processEnergyKWh, forKey: .processEnergyKWh)
            try c.encode(share, forKey: .share)
        }
    }

    struct Task: Encodable {
        var name: String
        var startS, endS, durationS, energyKWh, co2eKg: Double
        var count: Int
        enum CodingKeys: String, CodingKey {
            case name, count, startS = "start_s", endS = "end_s", durationS = "duration_s", energyKWh = "energy_kwh"
            case co2eKg = "co2e_kg"
        }
    }

    init(_ job: JobAccount) {
        (jobID, scheduler, name) = (job.jobID, job.scheduler.rawValue, job.name)
        startedAt = Timestamp.iso8601UTC(job.startedAt)
        (energyKWh, co2eKg, durationS) = (job.energy.kilowattHours, job.emissions.kilograms, job.duration)
        nodes = job.nodes.map { node in
            Node(
                node: node.name, energyKWh: node.energy.kilowattHours, co2eKg: node.emissions.kilograms,
                components: Dictionary(
                    uniqueKeysWithValues: Component.allCases.map {
                        ("\($0.rawValue)_kwh", (node.components[$0] ?? .zero).kilowattHours)
                    }),
                ranks: node.ranks.map {
                    Rank(
                        rank: $0.rank, localRank: $0.localRank, runID: $0.runID,
                        processEnergyKWh: $0.processEnergy.kilowattHours, share: $0.share)
                })
        }
        tasks = job.tasks.map {
            Task(
                name: $0.name, startS: $0.start, endS: $0.end, durationS: $0.duration,
                energyKWh: $0.energy.kilowattHours, co2eKg: $0.emissions.kilograms, count: $0.count)
        }
        runs = job.runIDs
    }

    enum CodingKeys: String, CodingKey {
        case scheduler, name, nodes, tasks, runs
        case jobID = "job_id", startedAt = "started_at", energyKWh = "energy_kwh", co2eKg = "co2e_kg"
        case durationS = "duration_s"
    }
}
