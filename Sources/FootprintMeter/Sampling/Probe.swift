import FootprintCore
import FootprintSystem
import Synchronization

/// Reads every sensor once. The seam between the sampler and the machine: tests give the sampler
/// their own probe.
public protocol Probe: AnyObject, Sendable {
    /// A reading of everything, stamped with the monotonic clock.
    func read() -> ProbeReading
}

/// The Linux probe: `/proc/stat`, `/proc/meminfo`, the process tree, RAPL and NVML when present.
public final class LinuxProbe: Probe, @unchecked Sendable {
    // @unchecked: `read` reads open SystemFiles and the RAPL and cgroup sensors, which one thread
    // at a time may do. A probe belongs to one Sampler, which makes every `read` under its `reading`
    // mutex: the sampler thread's ticks, `start()` and `checkpoint()` from the task pipe's thread.
    // `track` swaps the tree reader under `tree`'s own mutex; the rest is immutable after init.

    private let stat: SystemFile?
    private let meminfo: SystemFile?
    private let rapl: RAPLSensor?
    private let tree: Mutex<ProcessTreeReader?>
    private let procRoot: String
    private let gpus: (any GPUSensor)?
    private let cgroup: CgroupSensor?
    private let logicalCPUs: Double
    private let ticksPerSecond: Double
    private let hostMemory: MachineMemory?

    /// Opens the sensors under `root` (`/` outside tests). A missing sensor leaves its part of the
    /// reading empty; ``notes`` say what is missing and what to do.
    public init(
        root: String = "/", trackedPID: Int32? = nil, gpus: (any GPUSensor)? = nil,
        environment: [String: String] = [:], ticksPerSecond: Double = 100
    ) {
        let base = SystemFile.base(ofRoot: root)
        var notes: [String] = []
        stat = try? SystemFile(path: "\(base)/proc/stat", capacity: 16_384)
        meminfo = try? SystemFile(path: "\(base)/proc/meminfo", capacity: 8_192)
        do {
            rapl = try RAPLSensor(powercapRoot: "\(base)/sys/class/powercap")
        } catch {
            rapl = nil
            notes.append(error.description)
        }
        procRoot = "\(base)/proc"
        tree = Mutex(trackedPID.map { ProcessTreeReader(procRoot: "\(base)/proc", rootPID: $0) })
        self.gpus = gpus
        self.ticksPerSecond = ticksPerSecond
        if stat == nil { notes.append("cannot read \(base)/proc/stat: CPU load unknown") }
        // In a container the machine-wide files describe the host: account the container's cgroup.
        if CgroupSensor.inContainer(root: root, environment: environment), let sensor = CgroupSensor(root: root) {
            cgroup = sensor
            notes.append(
                "in a container: machine CPU load and memory from its cgroup \(sensor.version.rawValue) "
                    + "(\([sensor.cpuFile, sensor.memoryFile].compactMap { $0 }.joined(separator: ", ")))")
        } else {
            cgroup = nil
        }
        logicalCPUs = Double((try? stat?.read { MachineCPUTimes.parse($0)?.logicalCPUs }) ?? nil ?? 1)
        hostMemory = try? meminfo?.read { MachineMemory.parse($0) }
        self.notes = notes + (gpus?.notes ?? [])
    }

    /// What could not be opened, and what to do about it.
    public let notes: [String]

    /// Whether CPU energy is measured.
    public var hasRAPL: Bool { rapl != nil }

    /// The GPUs' names.
    public var gpuNames: [String] { gpus?.names ?? [] }

    /// GPUs that failed during the run.
    public var gpuFailures: [String] { (gpus?.failures ?? [:]).sorted { $0.key < $1.key }.map(\.value) }

    /// Starts following the process tree rooted at `pid` (a command started after the probe);
    /// without `includesRoot`, only the descendants of `pid` and those it has reaped; `excluding`
    /// leaves a process and its subtree out (see ``ProcessTreeReader/excludedPID``).
    public func track(pid: Int32, includesRoot: Bool = true, excluding: Int32? = nil) {
        tree.withLock {
            $0 = ProcessTreeReader(procRoot: procRoot, rootPID: pid, includesRoot: includesRoot, excluding: excluding)
        }
    }

    public func read() -> ProbeReading {
        let reader = self.tree.withLock { $0 }
        let tree = reader?.read()
        let time = monotonicSeconds()
        var machineCPU: MachineCPUTimes?
        var memory: MachineMemory?
        if let cgroup {
            // The host's /proc/stat and /proc/meminfo are not read per sample in a container:
            // the cgroup gives the load, and the memory total does not change.
            let usage = cgroup.read()
            memory = hostMemory
            if let nanoseconds = usage.cpuNanoseconds {
                // Busy = the cgroup's CPU time; capacity = elapsed time on every CPU, so utilisation
                // is the container's share of the CPUs it can run on.
                let busy = UInt64(Double(nanoseconds) / 1e9 * ticksPerSecond)
                let capacity = UInt64(time * logicalCPUs * ticksPerSecond)
                machineCPU = MachineCPUTimes(
                    busy: busy, idle: capacity > busy ? capacity - busy : 0,
                    logicalCPUs: Int(logicalCPUs))
            }
            if let bytes = usage.memoryBytes, let host = memory {
                memory = MachineMemory(total: host.total, available: host.total > bytes ? host.total - bytes : 0)
            }
        } else {
            machineCPU = try? stat?.read { MachineCPUTimes.parse($0) }
            memory = try? meminfo?.read { MachineMemory.parse($0) }
        }
        return ProbeReading(
            time: time, machineCPU: machineCPU, rapl: try? rapl?.read(), memory: memory, tree: tree,
            gpus: gpus?.read(treePIDs: tree.map { Set($0.pids) }) ?? [])
    }
}

/// GPUs, read through NVML where it loads.
public protocol GPUSensor: AnyObject, Sendable {
    /// Reads every device; `treePIDs` (the tracked tree, if any) lets the sensor mark the devices it runs on.
    func read(treePIDs: Set<Int32>?) -> [GPUReading]
    /// What could not be read.
    var notes: [String] { get }
    /// Devices that failed during the run, by index, with the reason.
    var failures: [Int: String] { get }
    /// Device names, in index order.
    var names: [String] { get }
    /// Reads every device as ``read(treePIDs:)`` does; with `listingProcesses`, each reading also
    /// lists the compute processes on its device (``GPUReading/processes``), for per-process shares.
    func read(treePIDs: Set<Int32>?, listingProcesses: Bool) -> [GPUReading]
    /// Each device's index, UUID and name, for labelling its series.
    var identities: [GPUIdentity] { get }
}

extension GPUSensor {
    /// A sensor that cannot list processes reads as it always does.
    public func read(treePIDs: Set<Int32>?, listingProcesses: Bool) -> [GPUReading] { read(treePIDs: treePIDs) }

    /// Devices numbered in the order of ``names``, without UUIDs.
    public var identities: [GPUIdentity] {
        names.enumerated().map { GPUIdentity(index: $0.offset, uuid: "", name: $0.element) }
    }
}

/// A GPU as its series are labelled: NVML's index, UUID and name.
public struct GPUIdentity: Sendable, Hashable {
    public var index: Int
    /// `GPU-…`, empty where the sensor has none.
    public var uuid: String
    public var name: String

    public init(index: Int, uuid: String, name: String) {
        self.index = index
        self.uuid = uuid
        self.name = name
    }
}
