import FootprintCore
import FootprintMeter
import Synchronization

/// A made-up node of a given size: two CPU zones, DRAM, one GPU and `processes` processes (every
/// fourth in a container, every eighth in a two-rank job), with steady figures. It stands in for the
/// sensors where the exporter's cost is measured without them, and in tests of the HTTP side.
public final class SyntheticFleet: FleetSource {
    public let processCount: Int
    private let last = Mutex<Double?>(nil)
    private let clock: @Sendable () -> Double

    public init(processes: Int, clock: @escaping @Sendable () -> Double = monotonicSeconds) {
        processCount = processes
        self.clock = clock
    }

    public var notes: [String] { ["using a synthetic node of \(processCount) processes, not this machine's sensors"] }

    public func collect() -> FleetInterval? {
        let now = clock()
        guard
            let start = last.withLock({ last in
                defer { last = now }; return last
            })
        else { return nil }
        let seconds = max(now - start, 0)
        func energy(_ watts: Double, _ method: MeasurementMethod) -> SeriesEnergy {
            SeriesEnergy(joules: watts * seconds, method: method)
        }
        let processes = (0..<processCount).map { index in
            let pid = Int32(1000 + index)
            let container = index % 4 == 0 ? String(repeating: String(index % 10), count: 64) : nil
            let job =
                index % 8 == 0
                ? JobIdentity(scheduler: .manual, id: "job-\(index % 3)", rank: index % 2) : nil
            var components: [Component: SeriesEnergy] = [
                .cpu: energy(0.5 + Double(index % 7), .rapl), .ram: energy(0.1, .ramPerGigabyte)
            ]
            if index % 16 == 0 { components[.gpu] = energy(20, .nvmlEnergy) }
            return ProcessEnergy(
                pid: pid, startTime: UInt64(index), comm: "worker-\(index)", containerID: container,
                pod: container.map { _ in "pod-\(index)" }, namespace: container.map { _ in "default" }, job: job,
                energy: components)
        }
        return FleetInterval(
            start: start, end: now, wallClockEnd: 0,
            cpuZones: [
                ZoneEnergy(zone: "package-0", energy: energy(60, .rapl)),
                ZoneEnergy(zone: "package-1", energy: energy(55, .rapl))
            ],
            dram: energy(8, .raplDRAM),
            gpus: [
                GPUEnergy(
                    index: 0, uuid: "GPU-00000000-0000-0000-0000-000000000000", name: "Synthetic GPU",
                    energy: energy(150, .nvmlEnergy))
            ],
            processes: processes)
    }
}
