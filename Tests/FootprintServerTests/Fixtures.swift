import FootprintCore
import FootprintMeter
import FootprintServer
import Synchronization

/// Settings with round figures: 400 g/kWh, PUE 1.5, every process its own series unless asked.
func roundSettings(processes: Int = 50, retain: Double = 300) -> ExporterSettings {
    ExporterSettings(
        processes: processes, retain: retain, location: "DE", intensity: 400, intensitySource: "test grid",
        pue: 1.5, pueSource: "test facility", version: "9.9.9", node: "node-a")
}

/// An interval of `seconds` ending at `end`.
func interval(
    end: Double, seconds: Double = 1, cpu: [(String, Double)] = [("package-0", 10)], dram: Double = 2,
    gpus: [GPUEnergy] = [], processes: [ProcessEnergy] = [], problems: [String] = []
) -> FleetInterval {
    FleetInterval(
        start: end - seconds, end: end, wallClockEnd: end,
        cpuZones: cpu.map { ZoneEnergy(zone: $0.0, energy: SeriesEnergy(joules: $0.1, method: .rapl)) },
        dram: SeriesEnergy(joules: dram, method: .raplDRAM), gpus: gpus, processes: processes, problems: problems)
}

func gpu(_ index: Int, joules: Double) -> GPUEnergy {
    GPUEnergy(
        index: index, uuid: "GPU-\(index)", name: "Test GPU",
        energy: SeriesEnergy(joules: joules, method: .nvmlEnergy))
}

func process(
    _ pid: Int32, cpu: Double, comm: String? = nil, container: String? = nil, pod: String? = nil,
    job: JobIdentity? = nil
) -> ProcessEnergy {
    ProcessEnergy(
        pid: pid, startTime: UInt64(pid) * 10, comm: comm ?? "p\(pid)", containerID: container, pod: pod,
        namespace: pod.map { _ in "ml" }, job: job, energy: [.cpu: SeriesEnergy(joules: cpu, method: .rapl)])
}

/// The value of the series `name{labels}` in Prometheus text, nil when absent.
func value(_ text: String, _ series: String) -> Double? {
    for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
        return Double(line.dropFirst(series.count + 1))
    }
    return nil
}

/// The sample lines of one family.
func samples(_ text: String, _ family: String) -> [Substring] {
    text.split(separator: "\n").filter { $0.hasPrefix(family + "{") || $0.hasPrefix(family + " ") }
}

/// A FleetSource that hands out the intervals it is given, one per call.
final class ScriptedFleet: FleetSource {
    private let script: Mutex<[FleetInterval?]>
    let notes: [String]

    init(_ intervals: [FleetInterval?], notes: [String] = []) {
        script = Mutex(intervals)
        self.notes = notes
    }

    func collect() -> FleetInterval? {
        script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }
}

/// Live runs a test sets.
final class ScriptedRuns: LiveRunSource {
    let runs: Mutex<[LiveRun]>
    init(_ runs: [LiveRun] = []) { self.runs = Mutex(runs) }
    func liveRuns() -> [LiveRun] { runs.withLock { $0 } }
}

/// Lines an exporter logged.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    var log: ExporterLog { ExporterLog { line in self.lines.withLock { $0.append(line) } } }
    var all: [String] { lines.withLock { $0 } }
}
