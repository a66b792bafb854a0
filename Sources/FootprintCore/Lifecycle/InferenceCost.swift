/// I in Gitzel et al. 2023: the energy of one inference of a model on given processors, before PUE.
public struct InferenceCost: Sendable, Hashable {
    /// Energy at the machines for one inference.
    public let itEnergy: Energy
    /// Wall time of one inference on all the processors together, where it can be derived.
    public let duration: Duration?
    /// How the figure was obtained, for the output ("measured", or the FLOP arithmetic).
    public let basis: String

    /// What the inputs are called in errors (``InvalidInput/subject``), for a front end to name its own.
    public enum Subject {
        public static let energy = "inference energy (J)"
        public static let flops = "inference FLOPs"
        public static let processors = "processor count"
        public static let utilization = "utilization"
    }

    /// A measured energy per inference: the paper's preferred way to obtain I.
    public static func measured(_ energy: Energy) throws(InvalidInput) -> InferenceCost {
        _ = try Check.positive(energy.joules, Subject.energy, atMost: EstimateBounds.inferenceJoules)
        return InferenceCost(itEnergy: energy, duration: nil, basis: "measured: \(energy) per inference")
    }

    /// An inference energy obtained another way (a calibration's prediction, a run's measured
    /// task), with its wall time where known and the basis the output shows.
    public static func derived(
        _ energy: Energy, duration: Duration?, basis: String
    ) throws(InvalidInput) -> InferenceCost {
        _ = try Check.positive(energy.joules, Subject.energy, atMost: EstimateBounds.inferenceJoules)
        return InferenceCost(itEnergy: energy, duration: duration, basis: basis)
    }

    /// An inference energy derived from its FLOPs and the hardware's peak, utilisation and TDP:
    /// time = FLOPs / (n · peak · u), energy = time · n · TDP. The processor count cancels out of the
    /// energy but sets the time.
    /// - Throws: ``InvalidInput``: ``InvalidInput/Reason/outOfBounds`` naming one of ``Subject``, or
    ///   ``InvalidInput/Reason/noPublishedPeak`` when `accelerator` has no peak at `precision`
    ///   (``Precision/published(by:)`` lists those it has).
    public static func fromFLOPs(
        _ flops: Double, on accelerator: Accelerator, count: Int = 1,
        precision: Precision, utilization: Double
    ) throws(InvalidInput) -> InferenceCost {
        _ = try Check.positive(flops, Subject.flops, atMost: EstimateBounds.inferenceFLOPs)
        _ = try Check.count(count, Subject.processors, from: 1, atMost: EstimateBounds.processors)
        _ = try Check.fraction(utilization, Subject.utilization)
        guard utilization >= EstimateBounds.leastUtilization else {
            throw InvalidInput(
                .outOfBounds, subject: Subject.utilization,
                "must be at least \(EstimateBounds.leastUtilization) for a FLOP-based inference energy; "
                    + "got \(Format.significant(utilization))")
        }
        guard let peak = accelerator.peak(precision) else {
            throw InvalidInput(.noPublishedPeak, "\(accelerator.name) has no published \(precision.rawValue) peak")
        }
        let seconds = flops / (Double(count) * peak * utilization)
        let energy = accelerator.tdp * Double(count) * .seconds(seconds)
        let basis =
            "\(Format.significant(flops)) FLOP / (\(count) × \(Format.significant(peak / 1e12)) TFLOP/s "
            + "\(precision.rawValue) × \(Format.significant(utilization)) utilization) × \(accelerator.tdp) TDP"
        return InferenceCost(itEnergy: energy, duration: .seconds(seconds), basis: basis)
    }
}
