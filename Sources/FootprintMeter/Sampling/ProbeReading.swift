/// One raw reading of every sensor, all counters cumulative and monotonic.
///
/// The sampler keeps only the previous reading; every interval's energy is the difference of two
/// readings, so counters integrate exactly however late a tick comes.
public struct ProbeReading: Sendable, Hashable {
    /// Monotonic clock, seconds.
    public var time: Double
    /// Machine CPU ticks.
    public var machineCPU: MachineCPUTimes?
    /// RAPL totals in µJ, when readable.
    public var rapl: RAPLSensor.Reading?
    /// Machine memory.
    public var memory: MachineMemory?
    /// The tracked process tree, when there is one.
    public var tree: ProcessTreeReader.Reading?
    /// One entry per GPU.
    public var gpus: [GPUReading]

    public init(
        time: Double, machineCPU: MachineCPUTimes? = nil, rapl: RAPLSensor.Reading? = nil,
        memory: MachineMemory? = nil, tree: ProcessTreeReader.Reading? = nil, gpus: [GPUReading] = []
    ) {
        self.time = time
        self.machineCPU = machineCPU
        self.rapl = rapl
        self.memory = memory
        self.tree = tree
        self.gpus = gpus
    }
}

/// One GPU's reading.
public struct GPUReading: Sendable, Hashable {
    /// Device index as NVML numbers it.
    public var index: Int
    /// Total energy since the driver loaded, mJ, where the device has the counter.
    public var energyMillijoules: UInt64?
    /// Instantaneous power, mW, for devices without the counter.
    public var powerMilliwatts: UInt32?
    /// GPU utilisation, percent.
    public var utilizationPercent: UInt32?
    /// Whether the tracked process tree runs on this device.
    public var usedByTree: Bool
    /// Set when the device stopped answering; its energy stops counting from here.
    public var failure: String?
    /// The compute processes on the device, when the reading was asked to list them and NVML could
    /// (nil otherwise: an old driver, or a container that hides other processes).
    public var processes: [GPUProcess]?

    public init(
        index: Int, energyMillijoules: UInt64? = nil, powerMilliwatts: UInt32? = nil,
        utilizationPercent: UInt32? = nil, usedByTree: Bool = false, failure: String? = nil,
        processes: [GPUProcess]? = nil
    ) {
        self.index = index
        self.energyMillijoules = energyMillijoules
        self.powerMilliwatts = powerMilliwatts
        self.utilizationPercent = utilizationPercent
        self.usedByTree = usedByTree
        self.failure = failure
        self.processes = processes
    }
}

/// A compute process on a GPU, as NVML lists it.
public struct GPUProcess: Sendable, Hashable {
    /// The process id (in the pid namespace of the driver: the host's).
    public var pid: Int32
    /// GPU memory it uses, bytes; nil where NVML cannot say (`NVML_VALUE_NOT_AVAILABLE`, containers
    /// without the host's pid namespace, Windows' WDDM mode).
    public var usedMemoryBytes: UInt64?

    public init(pid: Int32, usedMemoryBytes: UInt64? = nil) {
        self.pid = pid
        self.usedMemoryBytes = usedMemoryBytes
    }
}
