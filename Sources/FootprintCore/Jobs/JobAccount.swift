/// A job across its nodes as one logical run: each node's energy counted once, each rank's own
/// share of its node, and the tasks of every rank merged by name. Made by ``JobAccounting``.
public struct JobAccount: Sendable, Hashable {
    public var jobID: String
    /// The scheduler of the job's first run.
    public var scheduler: JobIdentity.Scheduler
    /// The job's name, where a run recorded one.
    public var name: String?
    /// Seconds since 1970 when the first run started.
    public var startedAt: Double
    /// From the first run's start to the last run's end.
    public var duration: Double
    /// Facility energy of every node, each counted once.
    public var energy: Energy
    public var emissions: CarbonMass
    /// By node name.
    public var nodes: [Node]
    /// Merged by name, in order of their first start.
    public var tasks: [Task]
    /// Every run of the job, oldest first.
    public var runIDs: [String]

    public init(
        jobID: String, scheduler: JobIdentity.Scheduler, name: String?, startedAt: Double, duration: Double,
        energy: Energy, emissions: CarbonMass, nodes: [Node], tasks: [Task], runIDs: [String]
    ) {
        self.jobID = jobID
        self.scheduler = scheduler
        self.name = name
        self.startedAt = startedAt
        self.duration = duration
        self.energy = energy
        self.emissions = emissions
        self.nodes = nodes
        self.tasks = tasks
        self.runIDs = runIDs
    }

    /// One node of the job.
    public struct Node: Sendable, Hashable {
        public var name: String
        /// IT energy of the node, counted once per instant, by component.
        public var components: [Component: Energy]
        /// Facility energy (each run's part × its PUE) and its emissions at each run's intensity.
        public var energy: Energy
        public var emissions: CarbonMass
        /// In order of rank.
        public var ranks: [Rank]

        public init(
            name: String, components: [Component: Energy], energy: Energy, emissions: CarbonMass, ranks: [Rank]
        ) {
            self.name = name
            self.components = components
            self.energy = energy
            self.emissions = emissions
            self.ranks = ranks
        }

        /// IT energy, all components.
        public var itEnergy: Energy { components.values.reduce(.zero, +) }
    }

    /// One rank: the run that measured it and the energy attributed to its own processes.
    public struct Rank: Sendable, Hashable {
        public var rank: Int?
        public var localRank: Int?
        public var runID: String
        /// The rank's process-scope energy at the facility (IT × its run's PUE).
        public var processEnergy: Energy
        /// ``processEnergy`` as a share of its node's energy, 0…1 (0 for a node without energy).
        public var share: Double

        public init(rank: Int?, localRank: Int?, runID: String, processEnergy: Energy, share: Double) {
            self.rank = rank
            self.localRank = localRank
            self.runID = runID
            self.processEnergy = processEnergy
            self.share = share
        }
    }

    /// The tasks of one name across the job's ranks.
    public struct Task: Sendable, Hashable {
        public var name: String
        /// Seconds since the job started: the earliest start of a task of this name, and the latest end.
        public var start: Double, end: Double
        /// Facility energy of every task of this name, summed, and its emissions.
        public var energy: Energy
        public var emissions: CarbonMass
        /// How many tasks were merged.
        public var count: Int

        public init(name: String, start: Double, end: Double, energy: Energy, emissions: CarbonMass, count: Int) {
            self.name = name
            self.start = start
            self.end = end
            self.energy = energy
            self.emissions = emissions
            self.count = count
        }

        public var duration: Double { end - start }
    }
}
