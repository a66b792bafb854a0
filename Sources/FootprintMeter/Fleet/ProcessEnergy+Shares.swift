import FootprintCore

extension NodeCollector {
    /// Each process that used something in the interval, with its share of the node's figures.
    /// Its identity is read here the first time, and kept in `tracked` for the rest of its life.
    func processEnergy(
        _ used: [ProcessUse], tracked: inout [Int32: TrackedProcess], node: NodeFigures
    ) -> [ProcessEnergy] {
        let cpuShares = ProcessShares.cpu(ticks: used.map(\.ticks), machineBusy: node.busyTicks)
        let pageSize = Double(accountant.pageSize)
        let ramShares = ProcessShares.ram(
            residentBytes: used.map { Double($0.residentPages) * pageSize }, used: node.memoryUsed)
        var gpuJoules: [Int32: Double] = [:]
        for device in node.gpuShares {
            for (pid, share) in ProcessShares.gpu(device.processes) {
                gpuJoules[pid, default: 0] += device.joules * share
            }
        }
        let cpuMethod = node.interval.cpuZones.first?.energy.method ?? .tdpLoad
        let ramMethod = node.interval.dram.method
        let dynamic = max(node.dynamicCPU.joules, 0), ram = node.interval.dram.joules

        var result: [ProcessEnergy] = []
        for (index, process) in used.enumerated() {
            let gpu = gpuJoules[process.pid]
            guard process.ticks > 0 || process.residentPages > 0 || gpu != nil else { continue }
            var energy: [Component: SeriesEnergy] = [:]
            if process.ticks > 0 { energy[.cpu] = SeriesEnergy(joules: dynamic * cpuShares[index], method: cpuMethod) }
            if process.residentPages > 0 {
                energy[.ram] = SeriesEnergy(joules: ram * ramShares[index], method: ramMethod)
            }
            if let gpu { energy[.gpu] = SeriesEnergy(joules: gpu, method: node.gpuMethod) }
            let identity = tracked[process.pid]?.identity ?? ProcessIdentity.read(procRoot: procRoot, pid: process.pid)
            tracked[process.pid]?.identity = identity
            result.append(
                ProcessEnergy(
                    pid: process.pid, startTime: process.startTime, comm: identity.comm,
                    containerID: identity.containerID, pod: identity.pod, namespace: identity.namespace,
                    job: identity.job, podUID: identity.podUID, energy: energy))
        }
        return result
    }
}
