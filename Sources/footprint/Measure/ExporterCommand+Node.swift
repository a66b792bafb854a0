import FootprintCore
import FootprintMeter
import FootprintServer
import Foundation

extension ExporterCommand {
    /// The node's sensors: RAPL or the CPU's TDP load curve, memory, and NVML's GPUs when a driver
    /// is there. A GPU library that cannot be opened is logged and the exporter serves the rest.
    static func nodeSource(environment: [String: String], log: ExporterLog) -> any FleetSource {
        var gpus: (any GPUSensor)?
        do {
            gpus = try NVMLSensor(environment: environment)
        } catch {
            // No driver is the common case on CPU nodes: say nothing. Anything else is news.
            if error.reason != .noDriverLibrary { log(error.description) }
        }
        let machine = MachineDescription.detect()
        let accountant = EnergyAccountant(
            cpuModel: machine.cpuPowerModel, ticksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK))),
            pageSize: UInt64(sysconf(Int32(_SC_PAGESIZE))))
        return NodeCollector(gpus: gpus, accountant: accountant, environment: environment)
    }
}
