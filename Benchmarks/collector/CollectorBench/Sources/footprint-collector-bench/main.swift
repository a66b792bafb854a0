import FootprintCore
import FootprintMeter

#if canImport(Glibc)
import Glibc
#endif

// Times `NodeCollector.collect()` on this machine's /proc, /sys and GPUs, as `footprint exporter`
// calls it once per interval. Usage: footprint-collector-bench [CALLS] [PAUSE_MS]
// Prints the processes seen, the first interval (every process's container, pod and job read) and
// the median, 90th percentile and CPU time of the calls after it.
let arguments = CommandLine.arguments.dropFirst()
let calls = arguments.first.flatMap { Int($0) } ?? 100
let pauseMilliseconds = arguments.dropFirst().first.flatMap { Int($0) } ?? 20

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    return user + system
}

func rest() {
    var time = timespec(tv_sec: 0, tv_nsec: pauseMilliseconds * 1_000_000)
    nanosleep(&time, nil)
}

let gpus: (any GPUSensor)? = try? NVMLSensor(environment: [:])
let accountant = EnergyAccountant(
    cpuModel: CPUPowerModel(tdpPerSocket: .watts(100), sockets: 1, tdpSource: "benchmark"),
    ticksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK))), pageSize: UInt64(sysconf(Int32(_SC_PAGESIZE))))
let collector = NodeCollector(gpus: gpus, accountant: accountant, environment: [:])
for note in collector.notes { print("note: \(note)") }

var start = monotonicSeconds()
_ = collector.collect()
let baseline = monotonicSeconds() - start
rest()
start = monotonicSeconds()
let first = collector.collect()
let firstInterval = monotonicSeconds() - start

var times: [Double] = []
var processes: [Int] = []
let cpuBefore = cpuSeconds()
for _ in 0..<calls {
    rest()
    let begin = monotonicSeconds()
    let interval = collector.collect()
    times.append(monotonicSeconds() - begin)
    processes.append(interval?.processes.count ?? 0)
}
let cpuUsed = cpuSeconds() - cpuBefore
times.sort()
func milliseconds(_ seconds: Double) -> String {
    let value = (seconds * 1e5).rounded() / 100
    return "\(value) ms"
}
var procEntries = 0
if let directory = opendir("/proc") {
    while let entry = readdir(directory) {
        if entry.pointee.d_name.0 >= 0x31 && entry.pointee.d_name.0 <= 0x39 { procEntries += 1 }
    }
    closedir(directory)
}
print(
    "processes in /proc: \(procEntries); with energy in an interval: median \(processes.sorted()[processes.count / 2])")
print("baseline call: \(milliseconds(baseline)); first interval (identities read): \(milliseconds(firstInterval))")
print("first interval's problems: \(first?.problems ?? [])")
print(
    "\(calls) calls after it: median \(milliseconds(times[times.count / 2])), "
        + "p90 \(milliseconds(times[times.count * 9 / 10])), CPU time \(milliseconds(cpuUsed / Double(calls))) per call"
)
print("at a 1 s interval: \((cpuUsed / Double(calls) * 1e4).rounded() / 100) % of one core")
