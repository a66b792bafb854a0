import FootprintCore
import FootprintMeter

/// The uncalibrated estimate a calibration is compared with: the life-cycle model of Gitzel et al.
/// 2023 with I from FLOPs, I = forward FLOPs ÷ (peak FLOP/s × utilisation) × TDP, and a training
/// run T = β · I · D · E at the paper's β = 5, on this machine's CPU.
public struct UncalibratedEstimate: Sendable, Hashable, Codable {
    /// The CPU's peak FP32 FLOP/s, all logical CPUs together.
    public var peakFLOPS: Double
    /// How ``peakFLOPS`` was found, in words.
    public var peakSource: String
    /// The CPU's TDP, all sockets together, as the meter models it.
    public var tdpWatts: Double
    public var tdpSource: String
    /// The share of peak assumed achieved.
    public var utilization: Double
    /// Training energy per sample-epoch over inference energy per sample.
    public var beta: Double

    /// The utilisation `estimate lifecycle` assumes (Amodei & Hernandez 2018's AlexNet example).
    public static let defaultUtilization = 0.33

    public init(
        peakFLOPS: Double, peakSource: String, tdpWatts: Double, tdpSource: String,
        utilization: Double = defaultUtilization, beta: Double = LifecycleModel.measuredOverhead
    ) {
        self.peakFLOPS = peakFLOPS
        self.peakSource = peakSource
        self.tdpWatts = tdpWatts
        self.tdpSource = tdpSource
        self.utilization = utilization
        self.beta = beta
    }

    /// The estimate for this machine: the TDP the meter's CPU power model uses (the catalog's, a
    /// given one, or the assumed watts per logical CPU) and the peak of ``peak(of:)``.
    public static func detect(machine: MachineDescription) -> UncalibratedEstimate {
        let peak = peak(of: machine.cpu)
        let model = machine.cpuPowerModel
        return UncalibratedEstimate(
            peakFLOPS: peak.flops, peakSource: peak.source,
            tdpWatts: model.tdpPerSocket.watts * Double(model.sockets), tdpSource: model.tdpSource)
    }

    /// I, joules of one sample's inference.
    public func inferenceJoules(forwardFLOPs: Double) -> Double {
        forwardFLOPs / (peakFLOPS * utilization) * tdpWatts
    }

    /// T, joules of a training run of `samples` × `epochs`.
    public func trainingJoules(forwardFLOPs: Double, samples: Int, epochs: Int) -> Double {
        beta * inferenceJoules(forwardFLOPs: forwardFLOPs) * Double(samples) * Double(epochs)
    }

    /// The clock assumed where the kernel gives none.
    static let assumedGigahertz = 2.0

    /// A CPU's peak FP32 FLOP/s: logical CPUs × clock × FLOPs a cycle of its widest vector unit.
    /// The bundled hardware catalog has no CPU peaks, so it is computed. Each logical CPU counts
    /// as a core with its own vector units: with two hardware threads a core (as most virtual
    /// CPUs are) that doubles the core's peak, which errs toward a lower estimate.
    public static func peak(of cpu: CPUInfo) -> (flops: Double, source: String) {
        let clock: (gigahertz: Double, source: String)
        if let nominal = nominalGigahertz(cpu.modelName) {
            clock = (nominal, "\(Format.significant(nominal)) GHz (its model name's base clock)")
        } else if let megahertz = cpu.megahertz {
            clock = (megahertz / 1000, "\(Format.significant(megahertz / 1000)) GHz (the clock the kernel reports)")
        } else {
            clock = (assumedGigahertz, "\(Format.significant(assumedGigahertz)) GHz (assumed: the kernel gives none)")
        }
        let unit = vectorUnit(cpu.flags)
        let flops = Double(cpu.logicalCPUs) * clock.gigahertz * 1e9 * Double(unit.flopsPerCycle)
        let source =
            "\(cpu.logicalCPUs) logical CPU\(cpu.logicalCPUs == 1 ? "" : "s") × \(clock.source) × "
            + "\(unit.flopsPerCycle) FP32 FLOP a cycle (\(unit.description))"
        return (flops, source)
    }

    /// FP32 FLOPs a cycle of a core's vector units, from the CPU's feature flags.
    static func vectorUnit(_ flags: Set<String>) -> (flopsPerCycle: Int, description: String) {
        if flags.contains("avx512f") && flags.contains("fma") {
            (64, "AVX-512: two 16-lane FMA units, 2 FLOP each")
        } else if flags.contains("avx2") && flags.contains("fma") {
            (32, "AVX2: two 8-lane FMA units, 2 FLOP each")
        } else if flags.contains("avx") {
            (16, "AVX: an 8-lane add and an 8-lane multiply")
        } else if flags.contains("asimd") {
            (16, "NEON: two 4-lane FMA units, 2 FLOP each")
        } else if flags.contains("sse2") {
            (8, "SSE2: a 4-lane add and a 4-lane multiply")
        } else {
            (2, "no vector unit known: one scalar FMA")
        }
    }

    /// "… CPU @ 2.90GHz" → 2.9.
    static func nominalGigahertz(_ modelName: String?) -> Double? {
        guard let modelName, let at = modelName.range(of: "@") else { return nil }
        let text = modelName[at.upperBound...].filter { $0 != " " }.uppercased()
        guard text.hasSuffix("GHZ"), let value = Double(text.dropLast(3)), value > 0 else { return nil }
        return value
    }

    enum CodingKeys: String, CodingKey {
        case utilization, beta
        case peakFLOPS = "peak_flops", peakSource = "peak_source", tdpWatts = "tdp_w", tdpSource = "tdp_source"
    }
}
