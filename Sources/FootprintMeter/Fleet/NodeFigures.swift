import FootprintCore

/// The node's energy over one interval, and what dividing it among processes needs.
struct NodeFigures: Sendable {
    var interval: FleetInterval
    /// CPU energy above static power, which processes share by CPU time.
    var dynamicCPU: Energy
    /// Machine busy ticks in the interval, nil where `/proc/stat` could not be read.
    var busyTicks: UInt64?
    /// Memory in use at the end, bytes.
    var memoryUsed: UInt64
    /// Each GPU's energy with the processes on it.
    var gpuShares: [(joules: Double, processes: [GPUProcess])]
    /// The node's GPU method, which its processes' GPU energy carries.
    var gpuMethod: MeasurementMethod
}

extension NodeCollector {
    /// The node's figures between two readings: the accountant's CPU and memory, split into
    /// RAPL's package zones where it measured them; each GPU that answered at both ends.
    func nodeFigures(from before: NodeReading, to now: NodeReading, problems: inout ProblemLog) -> NodeFigures {
        let a = before.reading, b = now.reading
        let dt = max(b.time - a.time, 0)
        let energy = accountant.interval(from: a, to: b)

        var zones: [ZoneEnergy] = []
        if energy.cpu.method == .rapl, let za = a.rapl?.packageZones, let zb = b.rapl?.packageZones, !zb.isEmpty {
            for (zone, total) in zb.sorted(by: { $0.key < $1.key }) {
                let start = za[zone] ?? total
                let joules = total >= start ? Double(total - start) / 1e6 : 0
                zones.append(ZoneEnergy(zone: zone, energy: SeriesEnergy(joules: joules, method: .rapl)))
            }
        } else {
            zones = [
                ZoneEnergy(
                    zone: "package", energy: SeriesEnergy(joules: max(energy.cpu.machine.joules, 0), method: .tdpLoad))
            ]
        }

        var gpus: [GPUEnergy] = []
        var shares: [(joules: Double, processes: [GPUProcess])] = []
        var gpuMethod = MeasurementMethod.nvmlEnergy
        for reading in b.gpus {
            let identity = gpuNames[reading.index] ?? GPUIdentity(index: reading.index, uuid: "", name: "")
            let key = "gpu-\(reading.index)"
            guard let previous = a.gpus.first(where: { $0.index == reading.index }),
                let (joules, method) = EnergyAccountant.gpuEnergy(from: previous, to: reading, seconds: dt)
            else {
                problems.report(
                    key,
                    reading.failure
                        ?? "\(identity.label): no energy reading; left out of the node's figures until it answers again"
                )
                continue
            }
            if method == .nvmlPower { gpuMethod = .nvmlPower }
            gpus.append(
                GPUEnergy(
                    index: reading.index, uuid: identity.uuid, name: identity.name,
                    energy: SeriesEnergy(joules: joules.joules, method: method)))
            if reading.processes == nil {
                problems.report(
                    "gpu-\(reading.index)-processes",
                    "\(identity.label): NVML does not list its processes (an old driver, or no access): its energy goes to no process"
                )
            }
            shares.append((joules.joules, reading.processes ?? []))
        }
        // A device missing from this reading altogether is lost too.
        for missing in a.gpus where !b.gpus.contains(where: { $0.index == missing.index }) {
            problems.report(
                "gpu-\(missing.index)", "GPU \(missing.index): no longer listed; left out of the node's figures")
        }
        problems.settle("gpu-")

        var busy: UInt64?
        if let ca = a.machineCPU, let cb = b.machineCPU, cb.busy >= ca.busy { busy = cb.busy - ca.busy }
        let interval = FleetInterval(
            start: a.time, end: b.time, wallClockEnd: now.wallClock, cpuZones: zones,
            dram: SeriesEnergy(joules: max(energy.ram.machine.joules, 0), method: energy.ram.method), gpus: gpus)
        return NodeFigures(
            interval: interval, dynamicCPU: accountant.dynamicCPU(machine: energy.cpu.machine, seconds: dt),
            busyTicks: busy, memoryUsed: energy.memoryUsed, gpuShares: shares, gpuMethod: gpuMethod)
    }
}

extension GPUIdentity {
    /// How log lines name the device: "GPU 2 (NVIDIA A100-SXM4-40GB)", as the NVML sensor does.
    var label: String { name.isEmpty ? "GPU \(index)" : "GPU \(index) (\(name))" }
}
