/// The result of a single-formula method: energy before and after PUE, and emissions.
public struct SingleStageEstimate: Sendable, Hashable {
    /// The method that produced it, e.g. "Strubell et al. 2019".
    public let method: String
    /// Energy at the machines.
    public let itEnergy: Energy
    /// The PUE applied.
    public let pue: PUE
    /// Energy at the facility meter: IT energy × PUE.
    public var facilityEnergy: Energy { pue.facilityEnergy(itEnergy) }
    /// The grid intensity applied.
    public let intensity: GridIntensity
    /// Emissions: facility energy × intensity.
    public var emissions: CarbonMass { intensity.emissions(for: facilityEnergy) }
    /// The formula with the user's figures in it, for the output.
    public let workings: String

    /// The estimate, if its energies and emissions are finite numbers; the guard before printing.
    public func checkedFinite() throws(InvalidInput) -> SingleStageEstimate {
        try EstimateBounds.requireFinite(
            [itEnergy.joules, facilityEnergy.joules, emissions.grams], in: "\(method) estimate")
        return self
    }
}
