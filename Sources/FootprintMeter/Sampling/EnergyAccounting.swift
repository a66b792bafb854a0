import FootprintCore

/// Energy of one component over an interval: the machine's and the tracked tree's share.
public struct ComponentEnergy: Sendable, Hashable {
    /// What the whole machine used.
    public var machine: Energy
    /// What is attributed to the tracked process tree.
    public var attributed: Energy
    /// How the machine figure was obtained.
    public var method: MeasurementMethod

    public static func zero(_ method: MeasurementMethod) -> ComponentEnergy {
        ComponentEnergy(machine: .zero, attributed: .zero, method: method)
    }
}

/// The energy of one sampling interval, by component.
public struct IntervalEnergy: Sendable, Hashable {
    /// Start and end, monotonic seconds.
    public var start: Double, end: Double
    public var cpu: ComponentEnergy
    public var gpu: ComponentEnergy
    public var ram: ComponentEnergy
    /// Machine CPU utilisation over the interval, 0…1.
    public var cpuUtilization: Double
    /// The tree's share of busy CPU time, 0…1.
    public var treeCPUShare: Double
    /// Memory in use on the machine at the end of the interval, bytes.
    public var memoryUsed: UInt64 = 0
    /// Memory on the machine, bytes.
    public var memoryTotal: UInt64 = 0
    /// Mean utilisation of the GPUs read, percent; nil without GPUs.
    public var gpuUtilization: Double?

    /// Length in seconds.
    public var duration: Double { end - start }

    /// A component's figures.
    public subscript(component: Component) -> ComponentEnergy {
        switch component {
        case .cpu: cpu
        case .gpu: gpu
        case .ram: ram
        }
    }
}

/// Turns two consecutive ``ProbeReading``s into the energy of the interval between them.
///
/// Pure arithmetic, no I/O: DESIGN.md's "Energy accounting". CPU: RAPL ΔE, or P(u)·Δt from the
/// load model; the tree gets its share of busy CPU time applied to dynamic power (power above idle).
/// RAM: RAPL DRAM ΔE, or 0.3725 W/GB of memory in use; the tree gets its share of used memory.
/// GPU: NVML's energy counter ΔE, or power × Δt; the tree gets the devices it runs on.
public struct EnergyAccountant: Sendable {
    /// The CPU model, used for the modeled figure and for idle power under RAPL.
    public let cpuModel: CPUPowerModel
    /// The RAM model.
    public let ramModel: RAMPowerModel
    /// Clock ticks per second (`sysconf(_SC_CLK_TCK)`).
    public let ticksPerSecond: Double
    /// Page size in bytes.
    public let pageSize: UInt64

    public init(
        cpuModel: CPUPowerModel, ramModel: RAMPowerModel = RAMPowerModel(), ticksPerSecond: Double = 100,
        pageSize: UInt64 = 4_096
    ) {
        self.cpuModel = cpuModel
        self.ramModel = ramModel
        self.ticksPerSecond = ticksPerSecond
        self.pageSize = pageSize
    }

    public func interval(from a: ProbeReading, to b: ProbeReading) -> IntervalEnergy {
        let dt = max(b.time - a.time, 0)
        let seconds = Duration.seconds(dt)

        // CPU utilisation and the tree's share of busy time.
        var utilization = 0.0, share = 0.0
        if let ca = a.machineCPU, let cb = b.machineCPU {
            let busy = Double(cb.busy &- ca.busy), total = Double(cb.total &- ca.total)
            if cb.busy >= ca.busy, cb.total > ca.total { utilization = min(busy / total, 1) }
            if let ta = a.tree, let tb = b.tree, tb.ticks >= ta.ticks, busy > 0, cb.busy >= ca.busy {
                share = min(Double(tb.ticks - ta.ticks) / busy, 1)
            }
        }

        var cpu: ComponentEnergy
        if let ra = a.rapl, let rb = b.rapl, rb.packageMicrojoules >= ra.packageMicrojoules {
            let machine = Energy.joules(Double(rb.packageMicrojoules - ra.packageMicrojoules) / 1e6)
            cpu = ComponentEnergy(
                machine: machine, attributed: dynamicCPU(machine: machine, seconds: dt) * share, method: .rapl)
        } else {
            let machine = cpuModel.power(utilization: utilization) * seconds
            cpu = ComponentEnergy(
                machine: machine, attributed: dynamicCPU(machine: machine, seconds: dt) * share, method: .tdpLoad)
        }

        var ram: ComponentEnergy
        // Mean of both ends: the tree's memory at the end is 0 once the command has exited.
        let endPages = b.tree?.residentPages ?? 0
        // In Double: page counts are the kernel's, but integer sums of them could trap.
        let treePages = a.tree.map { Double($0.residentPages) / 2 + Double(endPages) / 2 } ?? Double(endPages)
        let treeBytes = treePages * Double(pageSize)
        let usedBytes = b.memory?.used ?? 0
        let memoryShare = usedBytes > 0 ? min(treeBytes / Double(usedBytes), 1) : 0
        if let da = a.rapl?.dramMicrojoules, let db = b.rapl?.dramMicrojoules, db >= da {
            let machine = Energy.joules(Double(db - da) / 1e6)
            ram = ComponentEnergy(machine: machine, attributed: machine * memoryShare, method: .raplDRAM)
        } else {
            let machine = ramModel.power(bytes: usedBytes) * seconds
            ram = ComponentEnergy(machine: machine, attributed: machine * memoryShare, method: .ramPerGigabyte)
        }

        var gpu = ComponentEnergy.zero(b.gpus.isEmpty ? .none : .nvmlEnergy)
        var usedPowerFallback = false
        for now in b.gpus {
            guard let before = a.gpus.first(where: { $0.index == now.index }),
                let (energy, method) = Self.gpuEnergy(from: before, to: now, seconds: dt)
            else { continue }
            if method == .nvmlPower { usedPowerFallback = true }
            gpu.machine += energy
            if now.usedByTree { gpu.attributed += energy }
        }
        if usedPowerFallback { gpu.method = .nvmlPower }

        let rates = b.gpus.compactMap(\.utilizationPercent)
        return IntervalEnergy(
            start: a.time, end: b.time, cpu: cpu, gpu: gpu, ram: ram,
            cpuUtilization: utilization, treeCPUShare: share, memoryUsed: usedBytes,
            memoryTotal: b.memory?.total ?? 0,
            gpuUtilization: rates.isEmpty ? nil : Double(rates.reduce(0, +)) / Double(rates.count))
    }

    /// CPU energy above static power over `seconds`: what running work adds, and what a process's
    /// share of busy CPU time is applied to. Static power is the model's idle share of TDP, never
    /// more than the machine used (under RAPL the measured figure can be below the model's idle).
    public func dynamicCPU(machine: Energy, seconds: Double) -> Energy {
        machine - .joules(min(cpuModel.idlePower.watts * max(seconds, 0), machine.joules))
    }

    /// One GPU's energy between two of its readings and how it was obtained: the energy counter's
    /// difference, else the trapezoid of its power readings over `seconds`; nil when the device
    /// failed at either end or gave neither (then it counts nothing, rather than something false).
    public static func gpuEnergy(
        from before: GPUReading, to now: GPUReading, seconds: Double
    ) -> (Energy, MeasurementMethod)? {
        guard now.failure == nil, before.failure == nil else { return nil }
        if let e1 = now.energyMillijoules, let e0 = before.energyMillijoules, e1 >= e0 {
            return (.joules(Double(e1 - e0) / 1e3), .nvmlEnergy)
        }
        guard let p1 = now.powerMilliwatts else { return nil }
        // Trapezoid between the two power readings where both exist.
        let p0 = before.powerMilliwatts ?? p1
        return (.joules((Double(p0) + Double(p1)) / 2 / 1e3 * max(seconds, 0)), .nvmlPower)
    }
}
