/// What a run records as it goes. The meter produces these values; the journal and the ledger
/// store them. They sit in FootprintCore so that neither side imports the other.

/// How a run stands.
public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Still being measured, as far as the record knows.
    case running
    /// Ended normally.
    case finished
    /// Cut short: `run`'s command ended by a signal or stopped by one footprint received, a
    /// `monitor` hung up (SIGHUP, SIGQUIT; Ctrl-C and SIGTERM are its way to finish), or the
    /// recording footprint died without finishing the record.
    case interrupted
}

/// One sampling interval: IT energy by component, the machine's and the tracked tree's.
public struct SampleRecord: Sendable, Hashable, Codable {
    /// Seconds since the run started, at the interval's end.
    public var t: Double
    public var duration: Double
    public var cpuJoules: Double, cpuProcessJoules: Double
    public var gpuJoules: Double, gpuProcessJoules: Double
    public var ramJoules: Double, ramProcessJoules: Double
    public var cpuUtilization: Double
    public var processCPUShare: Double
    /// The intensity the interval was priced at, g CO2e/kWh; nil until the run is priced by the
    /// hour (the meter does not know it while sampling) and in runs recorded before it was kept.
    public var intensity: Double?

    public init(
        t: Double, duration: Double, cpuJoules: Double, cpuProcessJoules: Double, gpuJoules: Double,
        gpuProcessJoules: Double, ramJoules: Double, ramProcessJoules: Double, cpuUtilization: Double,
        processCPUShare: Double, intensity: Double? = nil
    ) {
        self.t = t
        self.duration = duration
        self.cpuJoules = cpuJoules
        self.cpuProcessJoules = cpuProcessJoules
        self.gpuJoules = gpuJoules
        self.gpuProcessJoules = gpuProcessJoules
        self.ramJoules = ramJoules
        self.ramProcessJoules = ramProcessJoules
        self.cpuUtilization = cpuUtilization
        self.processCPUShare = processCPUShare
        self.intensity = intensity
    }
}

extension SampleRecord {
    /// The interval's IT energy in `scope`, joules: the whole machine's, or the tracked tree's share.
    public func itJoules(in scope: Scope) -> Double {
        scope == .machine
            ? cpuJoules + gpuJoules + ramJoules : cpuProcessJoules + gpuProcessJoules + ramProcessJoules
    }
}

/// A marked phase, with its IT energy by component in the run's scope.
public struct TaskRecord: Sendable, Hashable, Codable {
    public var name: String
    /// Seconds since the run started.
    public var start: Double, end: Double
    public var cpuJoules: Double, gpuJoules: Double, ramJoules: Double

    public init(name: String, start: Double, end: Double, cpuJoules: Double, gpuJoules: Double, ramJoules: Double) {
        self.name = name
        self.start = start
        self.end = end
        self.cpuJoules = cpuJoules
        self.gpuJoules = gpuJoules
        self.ramJoules = ramJoules
    }
}

/// The totals a run ends with.
public struct RunEnding: Sendable, Hashable, Codable {
    public var status: RunStatus
    public var exitCode: Int32?
    public var duration: Double
    /// IT energy in the run's scope, by component, and how each was obtained.
    public var cpuJoules: Double, gpuJoules: Double, ramJoules: Double
    public var cpuMethod: MeasurementMethod, gpuMethod: MeasurementMethod, ramMethod: MeasurementMethod
    /// Facility energy (IT × PUE) and its emissions.
    public var energyJoules: Double
    public var co2eGrams: Double
    public var notes: [String]
    /// What the run saw of its machine; nil in records written before it was kept.
    public var machine: MachineUsage?

    public init(
        status: RunStatus, exitCode: Int32?, duration: Double, cpuJoules: Double, gpuJoules: Double,
        ramJoules: Double, cpuMethod: MeasurementMethod, gpuMethod: MeasurementMethod, ramMethod: MeasurementMethod,
        energyJoules: Double, co2eGrams: Double, notes: [String], machine: MachineUsage? = nil
    ) {
        self.machine = machine
        self.status = status
        self.exitCode = exitCode
        self.duration = duration
        self.cpuJoules = cpuJoules
        self.gpuJoules = gpuJoules
        self.ramJoules = ramJoules
        self.cpuMethod = cpuMethod
        self.gpuMethod = gpuMethod
        self.ramMethod = ramMethod
        self.energyJoules = energyJoules
        self.co2eGrams = co2eGrams
        self.notes = notes
    }
}

/// What a run saw of its machine over its course: CodeCarbon's machine columns, kept so that a
/// ledger export can fill them as `footprint run --csv` does.
public struct MachineUsage: Sendable, Hashable, Codable {
    public var logicalCPUs: Int
    public var memoryTotalBytes: UInt64
    public var meanMemoryUsedBytes: Double
    /// 0…1, the machine's (or its cgroup's).
    public var meanCPUUtilization: Double
    /// Percent; nil without GPUs.
    public var meanGPUUtilization: Double?
    /// Kernel name, release and machine, as Python's `platform` gives them ("Linux-6.1.0-x86_64").
    public var operatingSystem: String

    public init(
        logicalCPUs: Int, memoryTotalBytes: UInt64, meanMemoryUsedBytes: Double, meanCPUUtilization: Double,
        meanGPUUtilization: Double?, operatingSystem: String
    ) {
        self.logicalCPUs = logicalCPUs
        self.memoryTotalBytes = memoryTotalBytes
        self.meanMemoryUsedBytes = meanMemoryUsedBytes
        self.meanCPUUtilization = meanCPUUtilization
        self.meanGPUUtilization = meanGPUUtilization
        self.operatingSystem = operatingSystem
    }

    /// The names `footprint run --json` gives the same facts.
    enum CodingKeys: String, CodingKey {
        case logicalCPUs = "logical_cpus", memoryTotalBytes = "memory_total_bytes"
        case meanMemoryUsedBytes = "mean_memory_used_bytes", meanCPUUtilization = "mean_cpu_utilization"
        case meanGPUUtilization = "mean_gpu_utilization_percent", operatingSystem = "os"
    }
}

/// Where a run's records go as they happen. Each call must be durable when it returns: a recorder
/// killed between two calls keeps everything written before.
public protocol RunRecorder: Sendable {
    /// Records a run as it starts (status running, no totals yet).
    func begin(_ run: RunRecord) throws
    func sample(_ record: SampleRecord, runID: String)
    func task(_ record: TaskRecord, runID: String)
    /// Tasks that ended together (marks that arrived in one burst), in one durable write where the
    /// recorder can: a commit per task would make a burst of marks wait on the disk.
    func tasks(_ records: [TaskRecord], runID: String)
    func end(_ ending: RunEnding, runID: String)
    /// A forecast of the whole run, made as its epochs end (``EpochForecast``).
    func forecast(_ forecast: EpochForecast, runID: String)
    /// Removes what `begin` wrote for a run that never took place: `footprint run` records the run
    /// before it starts the command (so that a ledger that cannot be written is refused first), and
    /// takes the record back when the command cannot be executed.
    func discard(runID: String)
    /// Where the records are, for the output.
    var location: String { get }
}

extension RunRecorder {
    /// One write per task: for recorders without a cheaper way.
    public func tasks(_ records: [TaskRecord], runID: String) {
        for record in records { task(record, runID: runID) }
    }

    /// Keeps no forecast: for recorders that store only what was measured.
    public func forecast(_ forecast: EpochForecast, runID: String) {}

    /// Keeps the record: for recorders that cannot take one back.
    public func discard(runID: String) {}
}
