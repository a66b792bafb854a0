/// The consolidated life-cycle model of Gitzel et al. 2023 (section 3):
///
/// - inference: I = f(M, PT) · PUE
/// - training: T = β · I · D · E
/// - architecture search: CT = Σ_h T_h over H tuning runs
/// - life cycle: L = CT + T + e · I
/// - carbon: CO2e = EC · EF for any of these energies.
///
/// All inputs are checked on creation; ``estimate()`` cannot fail.
public struct LifecycleModel: Sendable, Hashable {
    /// One training run: D samples for E epochs.
    public struct TrainingRun: Sendable, Hashable {
        /// D, training samples per epoch.
        public let samples: Double
        /// E, epochs.
        public let epochs: Double

        /// Creates a run, rejecting zero, negative, non-finite and implausibly large figures
        /// (``EstimateBounds/samples``, ``EstimateBounds/epochs``).
        public init(samples: Double, epochs: Double) throws(InvalidInput) {
            self.samples = try Check.positive(samples, "training samples (D)", atMost: EstimateBounds.samples)
            self.epochs = try Check.positive(epochs, "epochs (E)", atMost: EstimateBounds.epochs)
        }
    }

    /// What the inputs are called in errors (``InvalidInput/subject``), for a front end to name its own.
    public enum Subject {
        public static let overhead = "overhead β"
    }

    /// The paper's measured training/inference energy ratio: 80 % of training energy is overhead.
    public static let measuredOverhead = 5.0

    /// I before PUE.
    public let inference: InferenceCost
    /// β, training energy per sample-epoch over inference energy.
    public let overhead: Double
    /// The final training run.
    public let training: TrainingRun
    /// The H tuning runs of architecture search.
    public let tuningRuns: [TrainingRun]
    /// Whether the final training is one of the tuning runs (the paper's "if not part of CT").
    public let finalTrainingInSearch: Bool
    /// e, inferences expected over the model's life.
    public let inferences: Double
    /// The facility's PUE.
    public let pue: PUE
    /// EF, the grid's emission factor.
    public let intensity: GridIntensity

    /// Creates the model, checking every figure.
    public init(
        inference: InferenceCost, overhead: Double = measuredOverhead, training: TrainingRun,
        tuningRuns: [TrainingRun] = [], finalTrainingInSearch: Bool = false, inferences: Double = 0,
        pue: PUE, intensity: GridIntensity
    ) throws(InvalidInput) {
        guard overhead.isFinite, overhead >= 1, overhead <= EstimateBounds.overhead else {
            throw InvalidInput(
                .outOfBounds, subject: Subject.overhead,
                "must be from 1 (training includes the forward pass) to "
                    + "\(Format.significant(EstimateBounds.overhead)); got \(Format.significant(overhead))")
        }
        _ = try Check.count(tuningRuns.count, "tuning runs (H)", from: 0, atMost: EstimateBounds.tuningRuns)
        self.inference = inference
        self.overhead = overhead
        self.training = training
        self.tuningRuns = tuningRuns
        self.finalTrainingInSearch = finalTrainingInSearch
        self.inferences = try Check.nonNegative(inferences, "inferences (e)", atMost: EstimateBounds.inferences)
        self.pue = pue
        self.intensity = try GridIntensity.gramsPerKilowattHour(
            Check.nonNegative(intensity.gramsPerKilowattHour, "grid intensity (g/kWh)"))
    }

    /// I, per inference, at the facility meter.
    public var facilityInferenceEnergy: Energy { pue.facilityEnergy(inference.itEnergy) }

    /// T for one run, at the facility meter.
    public func trainingEnergy(_ run: TrainingRun) -> Energy {
        facilityInferenceEnergy * (overhead * run.samples * run.epochs)
    }

    /// Evaluates every stage.
    public func estimate() -> LifecycleEstimate {
        let i = facilityInferenceEnergy
        let search = tuningRuns.reduce(Energy.zero) { $0 + trainingEnergy($1) }
        let final = finalTrainingInSearch ? .zero : trainingEnergy(training)
        let use = i * inferences
        let stage = { (name: LifecycleEstimate.StageName, energy: Energy, formula: String) in
            LifecycleEstimate.Stage(
                name: name, facilityEnergy: energy, itEnergy: energy / pue.value,
                emissions: intensity.emissions(for: energy), formula: formula)
        }
        let searchFormula =
            tuningRuns.isEmpty
            ? "no tuning runs (H = 0)"
            : "CT = Σ T_h over H = \(tuningRuns.count) runs"
        let trainingFormula =
            finalTrainingInSearch
            ? "counted in the search (final run is one of the H)"
            : "T = β · I · D · E = \(Format.significant(overhead)) × \(i) × \(Format.significant(training.samples)) × "
                + "\(Format.significant(training.epochs))"
        return LifecycleEstimate(
            inferenceEnergy: i,
            stages: [
                stage(.search, search, searchFormula),
                stage(.training, final, trainingFormula),
                stage(.inference, use, "e · I = \(Format.significant(inferences)) × \(i)")
            ],
            intensity: intensity, pue: pue,
            breakEvenInferences: trainingEnergy(training) / i)
    }
}
