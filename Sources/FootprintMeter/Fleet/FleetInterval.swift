import FootprintCore

/// What a node used over one sampling interval, machine-wide and per process: the input of
/// `footprint exporter`, which adds intervals up into Prometheus counters.
///
/// Every figure is the energy of this interval alone (never negative), so counters built from them
/// never go backwards, whatever the sensors do between two readings (a wrapped RAPL counter, a GPU
/// that stops answering, a process that exits).
public struct FleetInterval: Sendable, Hashable {
    /// Start and end, monotonic seconds.
    public var start: Double, end: Double
    /// When the interval ended, seconds since 1970.
    public var wallClockEnd: Double
    /// CPU energy per RAPL package zone (`package-0`, …), or one modeled `package` zone.
    public var cpuZones: [ZoneEnergy]
    /// Memory energy: RAPL's DRAM domains summed, or the memory-in-use model.
    public var dram: SeriesEnergy
    /// Energy per GPU that answered over the whole interval.
    public var gpus: [GPUEnergy]
    /// Every process that used energy in the interval (CPU time, resident memory, a GPU).
    public var processes: [ProcessEnergy]
    /// What could not be read in this interval, for the exporter's log (a GPU lost, `/proc` unreadable).
    public var problems: [String]

    public init(
        start: Double, end: Double, wallClockEnd: Double, cpuZones: [ZoneEnergy] = [], dram: SeriesEnergy,
        gpus: [GPUEnergy] = [], processes: [ProcessEnergy] = [], problems: [String] = []
    ) {
        self.start = start
        self.end = end
        self.wallClockEnd = wallClockEnd
        self.cpuZones = cpuZones
        self.dram = dram
        self.gpus = gpus
        self.processes = processes
        self.problems = problems
    }

    /// Length in seconds.
    public var duration: Double { end - start }
}

/// Joules over an interval and how they were obtained.
public struct SeriesEnergy: Sendable, Hashable {
    /// Energy over the interval, ≥ 0.
    public var joules: Double
    /// How the figure was obtained (`measured:rapl`, `modeled:tdp-load`, …).
    public var method: MeasurementMethod

    public init(joules: Double, method: MeasurementMethod) {
        self.joules = joules
        self.method = method
    }
}

/// One CPU energy zone's figure.
public struct ZoneEnergy: Sendable, Hashable {
    /// The zone, as Kepler and RAPL name it: `package-0`, `package-1`, or `package` when modeled.
    public var zone: String
    public var energy: SeriesEnergy

    public init(zone: String, energy: SeriesEnergy) {
        self.zone = zone
        self.energy = energy
    }
}

/// One GPU's figure.
public struct GPUEnergy: Sendable, Hashable {
    /// NVML's device index.
    public var index: Int
    /// NVML's UUID (`GPU-…`), empty when the driver does not give one.
    public var uuid: String
    /// The device's name (`NVIDIA H100 80GB HBM3`).
    public var name: String
    public var energy: SeriesEnergy

    public init(index: Int, uuid: String, name: String, energy: SeriesEnergy) {
        self.index = index
        self.uuid = uuid
        self.name = name
        self.energy = energy
    }
}

/// One process's attributed energy over an interval, with what it belongs to.
public struct ProcessEnergy: Sendable, Hashable {
    /// The process id.
    public var pid: Int32
    /// Its start time in clock ticks after boot (`/proc/PID/stat` field 22): a pid with another
    /// start time is another process.
    public var startTime: UInt64
    /// The kernel's name of it (`/proc/PID/comm`).
    public var comm: String
    /// The container it runs in (the 64-hex id from its cgroup path), nil on the host.
    public var containerID: String?
    /// The Kubernetes pod's uid from the cgroup path, where the process runs in a pod: known even
    /// when ``pod`` is not (another user's environment cannot be read without root).
    public var podUID: String?
    /// The Kubernetes pod and namespace, where they can be known.
    public var pod: String?
    public var namespace: String?
    /// The batch job it belongs to, from its environment.
    public var job: JobIdentity?
    /// Attributed energy per component: CPU (its share of dynamic power), RAM (its share of memory
    /// in use), GPU (its share of the devices it runs on). Absent components used nothing.
    public var energy: [Component: SeriesEnergy]

    public init(
        pid: Int32, startTime: UInt64, comm: String, containerID: String? = nil, pod: String? = nil,
        namespace: String? = nil, job: JobIdentity? = nil, podUID: String? = nil, energy: [Component: SeriesEnergy]
    ) {
        self.pid = pid
        self.startTime = startTime
        self.comm = comm
        self.containerID = containerID
        self.pod = pod
        self.namespace = namespace
        self.job = job
        self.podUID = podUID
        self.energy = energy
    }
}

/// Where the exporter's intervals come from: the node's sensors, or a test's script.
public protocol FleetSource: AnyObject, Sendable {
    /// Reads every sensor and returns the interval since the previous call; the first call only
    /// takes the baseline and returns nil.
    func collect() -> FleetInterval?
    /// What could not be opened at start, and what to do about it.
    var notes: [String] { get }
}
