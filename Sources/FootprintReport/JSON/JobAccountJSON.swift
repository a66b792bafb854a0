import FootprintCore

/// `runs --job ID --json` and the dashboard's `/api/jobs/{id}`: the job as one object.
public struct JobAccountJSON: Encodable, Sendable {
    public var jobID: String
    public var scheduler: String
    public var name: String?
    public var startedAt: String
    public var energyKWh, co2eKg, durationS: Double
    public var nodes: [Node]
    public var tasks: [Task]
    public var runs: [String]

    public struct Node: Encodable, Sendable {
        public var node: String
        public var energyKWh, co2eKg: Double
        public var components: [String: Double]
        public var ranks: [Rank]
        enum CodingKeys: String, CodingKey {
            case node, components, ranks, energyKWh = "energy_kwh", co2eKg = "co2e_kg"
        }
    }

    public struct Rank: Encodable, Sendable {
        public var rank, localRank: Int?
        public var runID: String
        public var processEnergyKWh, share: Double
        enum CodingKeys: String, CodingKey {
            case rank, share, localRank = "local_rank", runID = "run_id", processEnergyKWh = "process_energy_kwh"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            // null, not absent, for a rank the scheduler did not give.
            try c.encode(rank, forKey: .rank)
            try c.encode(localRank, forKey: .localRank)
            try c.encode(runID, forKey: .runID)
            try c.encode(processEnergyKWh, forKey: .processEnergyKWh)
            try c.encode(share, forKey: .share)
        }
    }

    public struct Task: Encodable, Sendable {
        public var name: String
        public var startS, endS, durationS, energyKWh, co2eKg: Double
        public var count: Int
        enum CodingKeys: String, CodingKey {
            case name, count, startS = "start_s", endS = "end_s", durationS = "duration_s", energyKWh = "energy_kwh"
            case co2eKg = "co2e_kg"
        }
    }

    public init(_ job: JobAccount) {
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
