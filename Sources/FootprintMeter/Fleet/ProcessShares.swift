/// How a node's energy over one interval is divided among its processes. Every function returns
/// shares that sum to at most 1, so that the processes' energy never exceeds the node's, however
/// the kernel's figures disagree with each other (two files read microseconds apart, resident
/// pages of shared libraries counted in every process that maps them).
enum ProcessShares {
    /// Each process's share of the machine's busy CPU time: its ticks over the machine's busy ticks,
    /// or over the processes' summed ticks where that is larger (the per-process files are read a
    /// little after `/proc/stat`, and a process's ticks can run ahead of the machine's count).
    static func cpu(ticks: [UInt64], machineBusy: UInt64?) -> [Double] {
        let total = ticks.reduce(0.0) { $0 + Double($1) }
        let denominator = max(Double(machineBusy ?? 0), total)
        guard denominator > 0 else { return ticks.map { _ in 0 } }
        return ticks.map { Double($0) / denominator }
    }

    /// Each process's share of memory in use: its resident bytes over the bytes in use, or over
    /// the processes' summed resident bytes where that is larger (shared pages count in each).
    static func ram(residentBytes: [Double], used: UInt64) -> [Double] {
        let total = residentBytes.reduce(0, +)
        let denominator = max(Double(used), total)
        guard denominator > 0 else { return residentBytes.map { _ in 0 } }
        return residentBytes.map { $0 / denominator }
    }

    /// Each listed process's share of a GPU's energy, by pid: in proportion to the GPU memory it
    /// uses when NVML gives that for every process on the device (memory is what NVML can say per
    /// process; a process holding more of the device's memory typically runs more of its work),
    /// else equally. The device's idle draw is divided too: it is there because they hold it.
    static func gpu(_ processes: [GPUProcess]) -> [Int32: Double] {
        // A pid listed twice (a process on two MIG instances of one device) is one process.
        var memory: [Int32: UInt64] = [:]
        var memoryKnown = true
        for process in processes {
            guard let bytes = process.usedMemoryBytes else {
                memoryKnown = false
                memory[process.pid, default: 0] &+= 0
                continue
            }
            memory[process.pid, default: 0] &+= bytes
        }
        guard !memory.isEmpty else { return [:] }
        let total = memory.values.reduce(0.0) { $0 + Double($1) }
        if memoryKnown, total > 0 {
            return memory.mapValues { Double($0) / total }
        }
        let equal = 1 / Double(memory.count)
        return memory.mapValues { _ in equal }
    }
}
