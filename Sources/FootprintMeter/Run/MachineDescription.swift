import FootprintCore
import FootprintSystem

/// What the meter knows about this machine's CPU, and the power model it uses for it.
public struct MachineDescription: Sendable {
    /// `/proc/cpuinfo`.
    public let cpu: CPUInfo
    /// The CPU model, where the catalog knows it.
    public let catalogCPU: CPUModel?
    /// The load model for modeled CPU power (and idle power under RAPL).
    public let cpuPowerModel: CPUPowerModel

    /// Watts per logical CPU assumed when the CPU model is unknown and no TDP is given, and for a
    /// virtual machine's share of a chip the catalog knows: about what a server chip has per hardware
    /// thread (Xeon Platinum 8175M, 240 W over 48 threads: 5 W; Xeon E5-2686 v4, 145 W over 36: 4 W),
    /// rounded up so that the model errs high rather than low.
    public static let assumedWattsPerLogicalCPU = 10.0

    /// The most TDP per logical CPU a server chip, as virtual machines run on, has: about 13 W
    /// (Xeon Gold 5222, 105 W over 8 threads; EPYC 72F3, 180 W over 16: 11 W). More than 15 W per vCPU
    /// means the TDP was for the whole chip, not this guest's share of it.
    public static let plausibleWattsPerVirtualCPU = 15.0

    /// The most TDP per logical CPU any current chip has: about 29 W, a two-thread desktop chip (Intel
    /// Celeron G5900, 58 W over 2 threads). More than 30 W per logical CPU is not this machine's CPU.
    public static let plausibleWattsPerLogicalCPU = 30.0

    /// Reads `/proc/cpuinfo` under `root` and chooses the CPU's TDP: `tdpOverride`, else the catalog's,
    /// else ``assumedWattsPerLogicalCPU`` per logical CPU.
    ///
    /// On bare metal a TDP is per socket. On a virtual machine the sockets `/proc/cpuinfo` lists are
    /// virtual, and the guest has only some of a chip's hardware threads: a given TDP is the guest's
    /// whole share (datasheet TDP × logical CPUs here ÷ the chip's threads), and a catalog TDP, which is
    /// the whole chip's, is only an upper bound on the share, which is assumed as for an unknown CPU.
    /// - Parameters:
    ///   - tdpOrigin: where `tdpOverride` came from ("--cpu-tdp"), for the model's source line.
    public static func detect(
        root: String = "/", tdpOverride: Double? = nil, tdpOrigin: String? = nil,
        catalog: HardwareCatalog? = nil
    ) -> MachineDescription {
        let base = SystemFile.base(ofRoot: root)
        var info = CPUInfo.parse((try? SystemFile.text("\(base)/proc/cpuinfo")) ?? "")
        // Xen guests say so here on every architecture, where the cpuinfo flag is x86-only.
        if !info.isVirtualMachine, let type = try? SystemFile.text("\(base)/sys/hypervisor/type"),
            type.contains(where: { !$0.isWhitespace })
        {
            info.isVirtualMachine = true
        }
        let known = info.modelName.flatMap { name in
            catalog.map { $0.cpu(name) } ?? HardwareCatalog.bundledCPU(name)
        }
        let vm = info.isVirtualMachine
        let assumed = assumedWattsPerLogicalCPU * Double(info.logicalCPUs)
        let model: CPUPowerModel
        if let tdpOverride {
            let given = "\(Format.significant(tdpOverride)) W given by \(tdpOrigin ?? "the caller")"
            model =
                vm
                ? CPUPowerModel(
                    tdpPerSocket: .watts(tdpOverride), sockets: 1,
                    tdpSource: given + " as this virtual machine's share of its host's CPU")
                : CPUPowerModel(
                    tdpPerSocket: .watts(tdpOverride), sockets: info.sockets,
                    tdpSource: given + " per socket" + (info.sockets > 1 ? " × \(info.sockets) sockets" : ""))
        } else if let known, !vm {
            model = CPUPowerModel(
                tdpPerSocket: known.tdp, sockets: info.sockets,
                tdpSource: "\(known.name) TDP, \(CPUModel.source)")
        } else if let known {
            let chips = known.tdp.watts * Double(info.sockets)
            model = CPUPowerModel(
                tdpPerSocket: .watts(min(assumed, chips)), sockets: 1,
                tdpSource: "assumed \(Int(assumedWattsPerLogicalCPU)) W per vCPU: this virtual machine's share of the "
                    + "\(known.name) (\(Format.significant(known.tdp.watts)) W TDP for the whole chip) is not known "
                    + "(set --cpu-tdp to \(Format.significant(known.tdp.watts)) × \(info.logicalCPUs) ÷ the chip's hardware threads)"
            )
        } else {
            model = CPUPowerModel(
                tdpPerSocket: .watts(assumed), sockets: 1,
                tdpSource:
                    "assumed \(Int(assumedWattsPerLogicalCPU)) W per logical CPU: '\(info.modelName ?? "unknown")' "
                    + "is not in the catalog (set --cpu-tdp)")
        }
        return MachineDescription(cpu: info, catalogCPU: known, cpuPowerModel: model)
    }

    /// Modeled TDP per logical CPU: the whole model's TDP over the logical CPUs it covers.
    public var wattsPerLogicalCPU: Double {
        cpuPowerModel.tdpPerSocket.watts * Double(cpuPowerModel.sockets) / Double(max(cpu.logicalCPUs, 1))
    }

    /// A note for the summary when the model gives more power per logical CPU than any CPU has per
    /// hardware thread (``plausibleWattsPerVirtualCPU`` on a virtual machine, else
    /// ``plausibleWattsPerLogicalCPU``): almost always a whole chip's TDP given for a guest's share.
    public var implausiblePowerNote: String? {
        let bound = cpu.isVirtualMachine ? Self.plausibleWattsPerVirtualCPU : Self.plausibleWattsPerLogicalCPU
        let perCPU = wattsPerLogicalCPU
        guard perCPU > bound else { return nil }
        let total = cpuPowerModel.tdpPerSocket.watts * Double(cpuPowerModel.sockets)
        let n = cpu.logicalCPUs
        return "CPU power model: \(Format.significant(perCPU)) W of TDP per logical CPU "
            + "(\(Format.significant(total)) W over \(n)), more than the \(Format.significant(bound)) W per hardware thread "
            + "that \(cpu.isVirtualMachine ? "server " : "")CPUs stay under; on a virtual machine or in a container that "
            + "lists part of the host's CPUs, set --cpu-tdp to this guest's share: chip TDP × \(n) ÷ the chip's hardware threads"
    }
}
