/// How long a device serves and how much of that time it works: what its embodied emissions are
/// shared over (Luccioni et al. 2023 take 6 years at 85 % for BLOOM's GPUs and servers).
public struct HardwareLife: Sendable, Hashable {
    /// Years in service.
    public var lifespanYears: Double
    /// The share of the lifespan in use, above 0 and at most 1.
    public var utilization: Double

    /// Hours in a year of the lifespan: 365 × 24, as the BLOOM study counts them (its 3.64 t comes out
    /// with 8,760 h a year, and 3.63 t with 8,766).
    public static let hoursPerYear = 8_760.0

    /// A life, its numbers checked against ``PlausibleRange/lifespanYears`` and ``PlausibleRange/lifetimeUtilization``.
    public init(lifespanYears: Double, utilization: Double) throws(OutOfRange) {
        self.lifespanYears = try PlausibleRange.lifespanYears.check(lifespanYears)
        self.utilization = try PlausibleRange.lifetimeUtilization.check(utilization)
    }

    /// Hours the device works over its life: the hours its embodied emissions are spread over.
    public var workingHours: Double { lifespanYears * Self.hoursPerYear * utilization }

    /// The share of `embodied` that `hours` of use carry: embodied × hours ÷ (lifespan × utilization).
    public func share(of embodied: CarbonMass, hours: Double) -> CarbonMass {
        embodied * (hours / workingHours)
    }
}

extension PlausibleRange {
    /// Embodied emissions of one device. A laptop is about 200 kg CO2e and a GPU server a few tonnes
    /// (2,500 kg in the BLOOM study, 3,660 kg Boavizta's generic server), so 100 t is no single device.
    public static let embodiedKilograms = PlausibleRange(
        quantity: "embodied emissions", lower: 0, upper: 100_000, unit: "kg CO2e")

    /// Years a device serves. Data-centre hardware is written off in 3 to 6 years, and few computers
    /// run for more than 15; 30 is a typo, not a lifespan.
    public static let lifespanYears = PlausibleRange(
        quantity: "lifespan", lower: 0, upper: 30, includesLower: false, unit: "years")

    /// The share of its lifespan a device is in use: BLOOM's cluster 0.85, Boavizta's laptops 0.3.
    public static let lifetimeUtilization = PlausibleRange(
        quantity: "lifetime utilization", lower: 0, upper: 1, includesLower: false,
        meaning: "the share of the lifespan the hardware is in use")

    /// Water usage effectiveness, litres per kWh of IT energy. The largest providers report 0.1 to 0.5,
    /// the US average was about 1.8 (Shehabi et al. 2016), and evaporative cooling in a hot dry place a
    /// few litres; 20 is no data centre.
    public static let waterUsageEffectiveness = PlausibleRange(
        quantity: "WUE", lower: 0, upper: 20, unit: "L/kWh", meaning: "litres of water per kWh of IT energy")
}
