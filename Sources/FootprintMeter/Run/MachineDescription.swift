import FootprintCore

/// What the meter knows about this machine's CPU, and the power model it uses for it.
public struct MachineDescription: Sendable {
    /// `/proc/cpuinfo`.
    public let cpu: CPUInfo
    /// The CPU model, where the catalog knows it.
    public let catalogCPU: CPUModel?
    /// The load model for modeled CPU power (and idle power under RAPL).
    public let cpuPowerModel: CPUPowerModel

    /// Watts per logical CPU assumed when the CPU model is unknown and no TDP is given.
    public static let assumedWattsPerLogicalCPU = 10.0

    /// Reads `/proc/cpuinfo` under `root` and looks the model up; `tdpOverride` (watts per socket)
    /// wins over the catalog.
    public static func detect(root: String = "/", tdpOverride: Double? = nil,
                              catalog: HardwareCatalog? = nil) -> MachineDescription {
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        let info = CPUInfo.parse((try? SystemFile.text("\(base)/proc/cpuinfo")) ?? "")
        let known = info.modelName.flatMap { name in
            catalog.map { $0.cpu(name) } ?? HardwareCatalog.bundledCPU(name)
        }
        let model: CPUPowerModel
        if let tdpOverride {
            model = CPUPowerModel(tdpPerSocket: .watts(tdpOverride), sockets: info.sockets, tdpSource: "given TDP")
        } else if let known {
            model = CPUPowerModel(tdpPerSocket: known.tdp, sockets: info.sockets,
                                  tdpSource: "\(known.name) TDP, \(CPUModel.source)")
        } else {
            let watts = assumedWattsPerLogicalCPU * Double(info.logicalCPUs)
            model = CPUPowerModel(
                tdpPerSocket: .watts(watts), sockets: 1,
                tdpSource: "assumed \(Int(assumedWattsPerLogicalCPU)) W per logical CPU: '\(info.modelName ?? "unknown")' "
                    + "is not in the catalog (set --cpu-tdp)")
        }
        return MachineDescription(cpu: info, catalogCPU: known, cpuPowerModel: model)
    }
}
