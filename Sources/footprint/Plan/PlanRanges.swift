import FootprintCore

extension PlausibleRange {
    /// A planned job's length: a month at most, as no forecast and no deadline reach further.
    static let jobLength = PlausibleRange(
        quantity: "job length", lower: 0, upper: 31 * 86_400, includesLower: false, unit: "s")

    /// How far ahead a plan may look: a deadline or earliest start at most 62 days from now.
    static let planHorizon = PlausibleRange(
        quantity: "time from now", lower: 0, upper: 62 * 86_400, includesLower: false, unit: "s")

    /// A planned job's energy. BLOOM's training took 433 MWh and GPT-3's an estimated 1,287 MWh
    /// (Patterson et al. 2021): 10 GWh is more than any published training run.
    static let jobEnergy = PlausibleRange(
        quantity: "job energy", lower: 0, upper: 10_000_000, includesLower: false, unit: "kWh")

    /// A planned job's mean power: 10 MW is a large training cluster.
    static let jobPower = PlausibleRange(
        quantity: "job power", lower: 0, upper: 10_000_000, includesLower: false, unit: "W")
}
