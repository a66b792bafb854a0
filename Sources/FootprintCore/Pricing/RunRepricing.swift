/// A new price for a recorded run, as a ledger writes it: the run's new CO2e and basis, each
/// sample's intensity, and why. The figure it replaces goes to the run's pricing history.
public struct RunRepricing: Sendable, Hashable {
    /// The run's new emissions (facility energy × its intervals' intensities).
    public var emissions: CarbonMass
    public var basis: PricingBasis
    /// Each sample's intensity by its `t`; samples not named keep theirs.
    public var sampleIntensities: [SampleIntensity]
    /// When it was priced, seconds since 1970.
    public var pricedAt: Double
    /// Why: "at the end of the run", "footprint runs recompute".
    public var reason: String

    public init(
        emissions: CarbonMass, basis: PricingBasis, sampleIntensities: [SampleIntensity], pricedAt: Double,
        reason: String
    ) {
        self.emissions = emissions
        self.basis = basis
        self.sampleIntensities = sampleIntensities
        self.pricedAt = pricedAt
        self.reason = reason
    }

    /// A run's pricing as the ledger writes it.
    public init(_ pricing: RunPricing, facilityEnergy: Energy, pricedAt: Double, reason: String) {
        self.init(
            emissions: pricing.emissions(for: facilityEnergy), basis: pricing.basis,
            sampleIntensities: pricing.sampleIntensities, pricedAt: pricedAt, reason: reason)
    }
}

/// A figure a run carried before it was priced again: one entry of its pricing history.
public struct RunPriceRecord: Sendable, Hashable, Codable {
    /// When the figure was replaced, seconds since 1970.
    public var replacedAt: Double
    /// The emissions the run carried until then.
    public var emissions: CarbonMass
    /// How they were priced; nil for a figure from before the ledger kept the basis (an annual one).
    public var basis: PricingBasis?
    /// Why it was replaced (the new pricing's reason).
    public var reason: String

    public init(replacedAt: Double, emissions: CarbonMass, basis: PricingBasis?, reason: String) {
        self.replacedAt = replacedAt
        self.emissions = emissions
        self.basis = basis
        self.reason = reason
    }
}
