import FootprintCore
import FootprintSystem
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The node's sensors read for `footprint exporter`: CPU energy per RAPL package zone, DRAM, each
/// GPU, and every process's share of them, one ``FleetInterval`` per call of ``collect()``.
///
/// Node figures follow ``EnergyAccountant`` (RAPL, else the TDP load curve; RAPL DRAM, else
/// 0.3725 W per GB in use; NVML's energy counter, else power × time). Each process gets:
/// - CPU: its share of the machine's busy CPU time applied to dynamic power (power above idle),
///   as the accountant attributes a tree;
/// - RAM: its share of memory in use, by resident pages;
/// - GPU: a share of each device it runs on (``ProcessShares/gpu(_:)``: by used GPU memory, else equally).
/// A process's method for each component is the node's. Processes are told apart by pid and start
/// time, so a reused pid is a new process; one that exited between two readings just stops.
/// Its container, pod, namespace and job are read once, when it first uses something.
public final class NodeCollector: FleetSource, Sendable {
    /// What could not be opened at start, and what to do about it.
    public let notes: [String]

    let procRoot: String
    let accountant: EnergyAccountant
    let gpus: (any GPUSensor)?
    let gpuNames: [Int: GPUIdentity]
    let processLimit: Int
    let bootSeconds: @Sendable () -> Double
    let keptFiles: Int
    private let state: Mutex<State>

    /// What one call leaves for the next.
    struct State: Sendable {
        let stat: SystemFile?
        let meminfo: SystemFile?
        let rapl: RAPLSensor?
        var previous: NodeReading?
        /// The processes of the previous reading, by pid.
        var processes: [Int32: TrackedProcess] = [:]
        /// Problems reported and not yet over, so that each is logged once per occurrence.
        var ongoing: Set<String> = []
        /// The processes' stat files, kept open from one scan to the next (``ProcessScan``).
        var statFiles: [Int32: SystemFile] = [:]
    }

    /// Opens the sensors under `root` (`/` outside tests; a folder that holds the host's `proc` and
    /// `sys` in a container). `gpus` is the NVML sensor, nil without GPUs.
    /// - Parameters:
    ///   - processLimit: the most processes read per interval.
    ///   - notes: what the caller could not open (a GPU library that failed), listed first in ``notes``.
    ///   - bootSeconds: seconds since boot now (`CLOCK_BOOTTIME`, the clock of a process's start
    ///     time): a process not seen before that started before the previous reading was missed by
    ///     it, and its past CPU time is not this interval's. Tests give their own.
    public init(
        root: String = "/", gpus: (any GPUSensor)?, accountant: EnergyAccountant, environment: [String: String],
        processLimit: Int = 65_536, bootSeconds: (@Sendable () -> Double)? = nil, notes opening: [String] = []
    ) {
        let base = SystemFile.base(ofRoot: root)
        var notes = opening
        procRoot = "\(base)/proc"
        let stat = try? SystemFile(path: "\(procRoot)/stat", capacity: 16_384)
        let meminfo = try? SystemFile(path: "\(procRoot)/meminfo", capacity: 8_192)
        if stat == nil { notes.append("cannot read \(procRoot)/stat: CPU load unknown, CPU energy shares zero") }
        if meminfo == nil { notes.append("cannot read \(procRoot)/meminfo: memory in use unknown") }
        var rapl: RAPLSensor?
        do {
            rapl = try RAPLSensor(powercapRoot: "\(base)/sys/class/powercap")
        } catch {
            notes.append(error.description)
        }
        if CgroupSensor.inContainer(root: root, environment: environment) {
            notes.append(
                "in a container: the node's processes are seen only in the host's pid namespace "
                    + "(Kubernetes hostPID: true, docker --pid=host)")
        }
        self.notes = notes + (gpus?.notes ?? [])
        self.accountant = accountant
        self.gpus = gpus
        gpuNames = Dictionary((gpus?.identities ?? []).map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a })
        self.processLimit = max(processLimit, 0)
        keptFiles = ProcessScan.keepLimit()
        self.bootSeconds = bootSeconds ?? { Self.bootClock() }
        state = Mutex(State(stat: stat, meminfo: meminfo, rapl: rapl))
    }

    public func collect() -> FleetInterval? {
        state.withLock { state in
            var problems = ProblemLog(ongoing: state.ongoing)
            let now = read(&state, &problems)
            let before = state.previous
            state.previous = now
            guard let before else {
                // The baseline's problems are logged with the first interval, which meets them again.
                state.processes = track(now.processes, previous: [:], since: nil).tracked
                return nil
            }
            let node = nodeFigures(from: before, to: now, problems: &problems)
            var (tracked, used) = track(now.processes, previous: state.processes, since: before.bootSeconds)
            var interval = node.interval
            interval.processes = processEnergy(used, tracked: &tracked, node: node)
            interval.problems = problems.lines
            state.processes = tracked
            state.ongoing = problems.ongoing
            return interval
        }
    }

    /// Seconds since boot, the clock `/proc/PID/stat`'s start times count in.
    static func bootClock() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_BOOTTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
