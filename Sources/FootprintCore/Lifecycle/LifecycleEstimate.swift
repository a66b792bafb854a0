/// The evaluated life-cycle model: energy and CO2e per stage and in total.
public struct LifecycleEstimate: Sendable, Hashable {
    /// The three stages of the life cycle of Gitzel et al. 2023.
    public enum StageName: String, Sendable, Hashable, CaseIterable {
        case search, training, inference

        /// A heading for the stage.
        public var title: String {
            switch self {
            case .search: "Architecture search (CT)"
            case .training: "Final training (T)"
            case .inference: "Inference in use (e · I)"
            }
        }
    }

    /// One stage's figures.
    public struct Stage: Sendable, Hashable {
        /// Which stage.
        public let name: StageName
        /// Energy at the facility meter.
        public let facilityEnergy: Energy
        /// Energy at the machines.
        public let itEnergy: Energy
        /// Emissions.
        public let emissions: CarbonMass
        /// The formula with the figures in it.
        public let formula: String
    }

    /// I, one inference at the facility meter.
    public let inferenceEnergy: Energy
    /// Search, training, inference, in that order.
    public let stages: [Stage]
    /// The grid intensity used.
    public let intensity: GridIntensity
    /// The PUE used.
    public let pue: PUE
    /// How many inferences use as much energy as one final training: T / I.
    public let breakEvenInferences: Double

    /// L = CT + T + e · I at the facility meter.
    public var totalEnergy: Energy { stages.reduce(.zero) { $0 + $1.facilityEnergy } }
    /// Total emissions.
    public var totalEmissions: CarbonMass { stages.reduce(.zero) { $0 + $1.emissions } }

    /// The stage with the largest energy.
    public var dominant: Stage? { stages.max { $0.facilityEnergy < $1.facilityEnergy } }

    /// A stage's share of the total energy, 0…1 (0 when the total is 0).
    public func share(of stage: Stage) -> Double {
        totalEnergy.joules > 0 ? stage.facilityEnergy / totalEnergy : 0
    }

    /// The stage by name.
    public func stage(_ name: StageName) -> Stage? { stages.first { $0.name == name } }

    /// The estimate, if every energy, emission and ratio in it is a finite number; the guard
    /// before printing.
    public func checkedFinite() throws(InvalidInput) -> LifecycleEstimate {
        let figures =
            [inferenceEnergy.joules, totalEnergy.joules, totalEmissions.grams, breakEvenInferences]
            + stages.flatMap { [$0.facilityEnergy.joules, $0.itEnergy.joules, $0.emissions.grams, share(of: $0)] }
        try EstimateBounds.requireFinite(figures, in: "life-cycle estimate")
        return self
    }
}
