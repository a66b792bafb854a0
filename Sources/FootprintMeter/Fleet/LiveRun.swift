import FootprintCore

/// A run in progress on this node as it publishes itself in the live run registry: who it is and
/// its energy so far per task. `footprint exporter` reads these to export `footprint_run_joules_total`.
public struct LiveRun: Sendable, Hashable {
    public var runID: String
    public var name: String
    public var project: String?
    /// The footprint process that measures it.
    public var pid: Int32
    /// Seconds since 1970.
    public var startedAt: Double
    /// Whose energy the figures are: the command's process tree or the whole machine.
    public var scope: Scope
    public var job: JobIdentity?
    /// When the figures were last updated, seconds since 1970.
    public var updatedAt: Double
    /// Energy in the run's scope so far, per task: each interval counts under the innermost task open
    /// at its end, `""` outside any task. Cumulative and never decreasing for a task.
    public var tasks: [LiveTaskEnergy]
    /// The measuring process's start time (`/proc/PID/stat` field 22), so that a reader tells it from
    /// a later process that got its pid; nil where unknown.
    public var pidStart: UInt64?

    public init(
        runID: String, name: String, project: String?, pid: Int32, startedAt: Double, scope: Scope,
        job: JobIdentity?, updatedAt: Double, tasks: [LiveTaskEnergy], pidStart: UInt64? = nil
    ) {
        self.runID = runID
        self.name = name
        self.project = project
        self.pid = pid
        self.startedAt = startedAt
        self.scope = scope
        self.job = job
        self.updatedAt = updatedAt
        self.tasks = tasks
        self.pidStart = pidStart
    }
}

/// One task's energy so far in a live run.
public struct LiveTaskEnergy: Sendable, Hashable {
    /// The task's name, `""` for energy outside any task.
    public var task: String
    /// Cumulative energy per component with its method.
    public var energy: [Component: SeriesEnergy]

    public init(task: String, energy: [Component: SeriesEnergy]) {
        self.task = task
        self.energy = energy
    }
}
