import FootprintCore
import FootprintMeter
import Synchronization

/// Samples the node on its own schedule, adds each interval to the ``ExporterState`` and publishes
/// the rendering that scrapes read: scrapes never sample.
public final class ExporterSampler: Sendable {
    let source: any FleetSource
    let runs: any LiveRunSource
    public let snapshot: MetricsSnapshot
    let interval: Double
    let log: ExporterLog
    private let state: Mutex<ExporterState>
    private let problems = ProblemsOnce()

    /// - Parameters:
    ///   - interval: seconds between samples.
    public init(
        source: any FleetSource, runs: any LiveRunSource, settings: ExporterSettings, interval: Double,
        log: ExporterLog
    ) {
        self.source = source
        self.runs = runs
        self.interval = interval
        self.log = log
        state = Mutex(ExporterState(settings: settings))
        // Three intervals missed in a row, and two seconds more for a slow /proc, mean sampling has stopped.
        snapshot = MetricsSnapshot(staleAfter: 3 * interval + 2)
    }

    /// One round: reads the sensors and the live runs, adds them up and publishes the rendering.
    public func sample(now: Double = monotonicSeconds()) {
        let fleet = source.collect()
        let live = runs.liveRuns()
        for problem in fleet?.problems ?? [] where problems.isNew(problem) { log(problem) }
        let (prometheus, openMetrics) = state.withLock { state in
            state.ingest(fleet, runs: live, now: now)
            return (MetricsText.prometheus(state.registry), MetricsText.openMetrics(state.registry))
        }
        snapshot.publish(prometheus: prometheus, openMetrics: openMetrics, sampledAt: now)
    }

    /// Samples every interval until the task is cancelled, at a steady cadence: a slow round shortens
    /// the wait after it instead of shifting every later sample.
    public func run() async {
        for note in source.notes where problems.isNew(note) { log(note) }
        let clock = ContinuousClock()
        var next = clock.now
        while !Task.isCancelled {
            sample()
            next = next.advanced(by: .seconds(interval))
            let now = clock.now
            // Behind by more than a whole interval (the machine was suspended): start afresh from now.
            if next < now { next = now.advanced(by: .seconds(interval)) }
            do {
                try await Task.sleep(until: next, clock: clock)
            } catch {
                return
            }
        }
    }
}
