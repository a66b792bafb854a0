import FootprintCore
import FootprintMeter
import Prometheus

/// The exporter's figures: node intervals and live runs added up into Prometheus series.
///
/// Pure apart from its registry: no I/O and no clock of its own (``ingest(_:runs:now:)`` is given the
/// time), so that every rule is tested with scripted intervals. Counters only ever receive the
/// non-negative joules of an interval, or the increase of a run's running total, so they never go
/// backwards, whatever the sensors do (a GPU that disappears, a process that exits). Series that
/// nothing updated for ``ExporterSettings/retain`` seconds are dropped, so cardinality stays bounded.
public struct ExporterState: Sendable {
    public let settings: ExporterSettings
    /// The swift-prometheus registry the series live in.
    public let registry: PrometheusCollectorRegistry
    private var book: SeriesBook
    /// Every process seen within the retention time, by pid and start time, with its energy so far.
    private var processes: [ProcessKey: ProcessRecord] = [:]

    private struct ProcessKey: Hashable, Sendable {
        var pid: Int32
        var startTime: UInt64
    }

    private struct ProcessRecord: Sendable {
        var joules: Double
        var seen: Double
    }

    /// The `comm` of the series that sums the processes outside the top ones.
    public static let otherProcesses = "other"

    public init(settings: ExporterSettings) {
        self.settings = settings
        registry = PrometheusCollectorRegistry()
        book = SeriesBook(registry: registry)
        // The figures that do not change while the exporter runs.
        book.set(.exporterInfo, [settings.version, settings.node], 1, now: 0)
        book.set(.gridIntensity, [settings.location, settings.intensitySource], settings.intensity, now: 0)
        book.set(.pue, [settings.pueSource], settings.pue, now: 0)
    }

    /// Series registered now.
    public var seriesCount: Int { book.count }

    /// Adds one interval of the node (nil: none yet, as after the collector's first call) and the
    /// runs in progress, then drops the series left unchanged for the retention time.
    /// - Parameter now: the caller's monotonic clock, seconds; the retention time is measured on it.
    public mutating func ingest(_ interval: FleetInterval?, runs: [LiveRun], now: Double) {
        if let interval { add(interval, runs: runs, now: now) }
        for run in runs { add(run, now: now) }
        let oldest = now - settings.retain
        // The constant gauges stay; the watts gauges describe the latest interval only.
        let constant: Set<String> = [
            ExporterMetric.exporterInfo.name, ExporterMetric.gridIntensity.name, ExporterMetric.pue.name
        ]
        let watts: Set<String> = [
            ExporterMetric.nodeCPUWatts.name, ExporterMetric.nodeDRAMWatts.name, ExporterMetric.nodeGPUWatts.name
        ]
        book.drop { key, entry in
            if constant.contains(key.metric) { return false }
            if watts.contains(key.metric), interval != nil { return entry.updated < now }
            return entry.updated < oldest
        }
        processes = processes.filter { $0.value.seen >= oldest }
    }

    private mutating func add(_ interval: FleetInterval, runs: [LiveRun], now: Double) {
        let seconds = interval.duration
        func watts(_ joules: Double) -> Double { seconds > 0 ? max(joules, 0) / seconds : 0 }
        var itJoules = 0.0
        for zone in interval.cpuZones {
            let labels = [zone.zone, zone.energy.method.rawValue]
            book.add(.nodeCPUJoules, labels, zone.energy.joules, now: now)
            book.set(.nodeCPUWatts, labels, watts(zone.energy.joules), now: now)
            itJoules += Self.usable(zone.energy.joules)
        }
        let dram = [interval.dram.method.rawValue]
        book.add(.nodeDRAMJoules, dram, interval.dram.joules, now: now)
        book.set(.nodeDRAMWatts, dram, watts(interval.dram.joules), now: now)
        itJoules += Self.usable(interval.dram.joules)
        for gpu in interval.gpus {
            let labels = [String(gpu.index), gpu.uuid, gpu.name, gpu.energy.method.rawValue]
            book.add(.nodeGPUJoules, labels, gpu.energy.joules, now: now)
            book.set(.nodeGPUWatts, labels, watts(gpu.energy.joules), now: now)
            itJoules += Self.usable(gpu.energy.joules)
        }
        // g = kWh × PUE × g/kWh.
        let grams = Energy(joules: itJoules).kilowattHours * settings.pue * settings.intensity
        book.add(.nodeCO2eGrams, [settings.location], grams, now: now)
        addProcesses(interval.processes, runs: runs, now: now)
    }

    /// Processes, containers and jobs. The top processes by energy so far get their own series and
    /// the rest share one: a process's interval goes to its own series while it is among the top
    /// ones and to the shared one otherwise, so the series always add up to what the processes used.
    private mutating func addProcesses(_ list: [ProcessEnergy], runs: [LiveRun], now: Double) {
        var totals: [(key: ProcessKey, joules: Double)] = []
        totals.reserveCapacity(list.count)
        for process in list {
            let key = ProcessKey(pid: process.pid, startTime: process.startTime)
            let joules = process.energy.values.reduce(0) { $0 + Self.usable($1.joules) }
            let total = (processes[key]?.joules ?? 0) + joules
            processes[key] = ProcessRecord(joules: total, seen: now)
            totals.append((key, total))
        }
        var top: Set<ProcessKey> = []
        if settings.processes > 0 {
            // Ties broken by pid, so that the choice does not depend on the collector's order.
            let ranked = totals.sorted {
                $0.joules != $1.joules ? $0.joules > $1.joules : $0.key.pid < $1.key.pid
            }
            top = Set(ranked.prefix(settings.processes).map { $0.key })
        }
        var projects: [String: String] = [:]
        for run in runs {
            if let job = run.job, let project = run.project { projects[job.id] = projects[job.id] ?? project }
        }
        for process in list {
            let isTop = top.contains(ProcessKey(pid: process.pid, startTime: process.startTime))
            let container = process.containerID ?? ""
            for (component, energy) in process.energy {
                let common = [component.rawValue, energy.method.rawValue]
                let who =
                    isTop ? [String(process.pid), process.comm, container] : ["", Self.otherProcesses, ""]
                book.add(.processJoules, common + who, energy.joules, now: now)
                if let id = process.containerID {
                    book.add(
                        .containerJoules, common + [id, process.pod ?? "", process.namespace ?? ""],
                        energy.joules, now: now)
                }
                if let job = process.job {
                    book.add(
                        .jobJoules, common + [job.id, job.rank.map(String.init) ?? "", projects[job.id] ?? ""],
                        energy.joules, now: now)
                }
            }
        }
    }

    /// A run's running totals per task and component.
    private mutating func add(_ run: LiveRun, now: Double) {
        for task in run.tasks {
            for (component, energy) in task.energy {
                book.raise(
                    .runJoules,
                    [component.rawValue, energy.method.rawValue, run.runID, run.name, run.project ?? "", task.task],
                    to: energy.joules, now: now)
            }
        }
    }

    /// Joules that may be added to a counter: finite and not negative.
    private static func usable(_ joules: Double) -> Double { joules.isFinite && joules > 0 ? joules : 0 }
}
