import FootprintCore

/// Everything the collector reads at one instant.
struct NodeReading: Sendable {
    /// Machine CPU time, memory, RAPL totals and GPUs (with their processes), as the meter's probe reads them.
    var reading: ProbeReading
    /// Seconds since 1970 at the reading.
    var wallClock: Double
    /// Seconds since boot at the start of the process scan.
    var bootSeconds: Double
    /// Every process.
    var processes: ProcessScan
}

extension NodeCollector {
    /// Reads every sensor once, noting what failed.
    func read(_ state: inout State, _ problems: inout ProblemLog) -> NodeReading {
        let time = monotonicSeconds()
        let machineCPU = try? state.stat?.read { MachineCPUTimes.parse($0) }
        let memory = try? state.meminfo?.read { MachineMemory.parse($0) }
        var rapl: RAPLSensor.Reading?
        if let sensor = state.rapl {
            do {
                rapl = try sensor.read()
            } catch {
                problems.report("rapl", "RAPL counters unreadable (\(error)): CPU energy modeled from load meanwhile")
            }
        }
        problems.settle("rapl")
        let gpus = self.gpus?.read(treePIDs: nil, listingProcesses: true) ?? []
        let boot = bootSeconds()
        let processes = ProcessScan.read(
            procRoot: procRoot, limit: processLimit, kept: &state.statFiles, keepLimit: keptFiles)
        if !processes.listed {
            problems.report("proc-list", "cannot list the processes of \(procRoot): no per-process energy until it can")
        }
        problems.settle("proc-list")
        if processes.truncated {
            problems.report(
                "truncated",
                "more than \(processLimit) processes: those past the first \(processLimit) get no energy of their own")
        }
        problems.settle("truncated")
        return NodeReading(
            reading: ProbeReading(
                time: time, machineCPU: machineCPU ?? nil, rapl: rapl, memory: memory ?? nil, gpus: gpus),
            wallClock: Timestamp.now(), bootSeconds: boot, processes: processes)
    }
}
