/// I in Gitzel et al. 2023: the energy of one inference of a model on given processors, before PUE.
public struct InferenceCost: Sendable, Hashable {
    /// Energy at the machines for one inference.
    public let itEnergy: Energy
    /// Wall time of one inference on all the processors together, where it can be derived.
    public let duration: Duration?
    /// How the figure was obtained, for the output ("measured", or the FLOP arithmetic).
    public let basis: String

    /// A measured energy per inference: the paper's preferred way to obtain I.
    public static func measured(_ energy: Energy) throws(InvalidInput) -> InferenceCost {
        _ = try Check.positive(energy.joules, "inference energy (J)", atMost: EstimateBounds.inferenceJoules)
        return InferenceCost(itEnergy: energy, duration: nil, basis: "measured: \(energy) per inference")
    }

    /// An inference energy derived from its FLOPs and the hardware's peak, utilisation and TDP:
    /// time = FLOPs / (n · peak · u), energy = time · n · TDP. The processor count cancels out of the
    /// energy but sets the time.
    public static func fromFLOPs(
        _ flops: Double, on accelerator: Accelerator, count: Int = 1,
        precision: Precision, utilization: Double
    ) throws(InvalidInput) -> InferenceCost {
        _ = try Check.positive(flops, "inference FLOPs", atMost: EstimateBounds.inferenceFLOPs)
        _ = try Check.count(count, "processor count", from: 1, atMost: EstimateBounds.processors)
        _ = try Check.fraction(utilization, "utilization")
        guard utilization >= EstimateBounds.leastUtilization else {
            throw InvalidInput(
                "utilization must be at least \(EstimateBounds.leastUtilization) for a FLOP-based inference energy; "
                    + "got \(Format.significant(utilization))")
        }
        guard let peak = accelerator.peak(precision) else {
            let defined = Precision.allCases.filter { accelerator.peak($0) != nil }.map(\.rawValue)
            throw InvalidInput(
                "\(accelerator.name) has no published \(precision.rawValue) peak; "
                    + "use --precision \(defined.joined(separator: " or "))")
        }
        let seconds = flops / (Double(count) * peak * utilization)
        let energy = accelerator.tdp * Double(count) * .seconds(seconds)
        let basis =
            "\(Format.significant(flops)) FLOP / (\(count) × \(Format.significant(peak / 1e12)) TFLOP/s "
            + "\(precision.rawValue) × \(Format.significant(utilization)) utilization) × \(accelerator.tdp) TDP"
        return InferenceCost(itEnergy: energy, duration: .seconds(seconds), basis: basis)
    }
}
