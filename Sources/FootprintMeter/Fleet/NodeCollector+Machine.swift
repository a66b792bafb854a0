import FootprintCore
import FootprintSystem

#if canImport(Glibc)
import Glibc
#endif

extension NodeCollector {
    /// This machine's collector, as `footprint exporter` opens it: its GPUs through NVML where a
    /// driver loads, its CPU's power model (``MachineDescription``: the catalog's TDP or
    /// `tdpOverride`), and the kernel's clock tick and page size.
    /// - Parameters:
    ///   - tdpOverride: the CPU's TDP in watts per socket, set by hand.
    ///   - tdpOrigin: where `tdpOverride` came from, for the model's source line.
    public convenience init(
        root: String = "/", environment: [String: String], tdpOverride: Double? = nil, tdpOrigin: String? = nil
    ) {
        let machine = MachineDescription.detect(root: root, tdpOverride: tdpOverride, tdpOrigin: tdpOrigin)
        let gpus = NVMLSensor.openIfPresent(environment: environment)
        let accountant = EnergyAccountant(
            cpuModel: machine.cpuPowerModel, ticksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK))),
            pageSize: UInt64(sysconf(Int32(_SC_PAGESIZE))))
        let base = SystemFile.base(ofRoot: root)
        // What the modeled CPU figure rests on, where RAPL will not measure it.
        var opening = gpus.note.map { [$0] } ?? []
        if (try? RAPLSensor(powercapRoot: "\(base)/sys/class/powercap")) == nil {
            opening.append("CPU power modeled: \(machine.cpuPowerModel.tdpSource)")
            if let implausible = machine.implausiblePowerNote { opening.append(implausible) }
        }
        self.init(root: root, gpus: gpus.sensor, accountant: accountant, environment: environment, notes: opening)
    }
}
