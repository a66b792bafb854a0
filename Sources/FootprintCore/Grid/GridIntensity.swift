/// The carbon intensity of electricity: grams of CO2e emitted per kilowatt-hour consumed.
public struct GridIntensity: Sendable, Hashable, Comparable, Codable {
    /// Grams of CO2e per kWh.
    public var gramsPerKilowattHour: Double

    /// Creates an intensity from g CO2e/kWh.
    public init(gramsPerKilowattHour: Double) { self.gramsPerKilowattHour = gramsPerKilowattHour }

    /// Creates an intensity from a number a user gave, in g CO2e/kWh.
    /// - Throws: ``OutOfRange`` outside ``PlausibleRange/gridIntensity`` (0–2,000), naming `origin`.
    public init(checked value: Double, origin: String? = nil) throws(OutOfRange) {
        self.init(gramsPerKilowattHour: try PlausibleRange.gridIntensity.check(value, origin: origin))
    }

    /// Creates an intensity from g CO2e/kWh.
    public static func gramsPerKilowattHour(_ value: Double) -> GridIntensity {
        GridIntensity(gramsPerKilowattHour: value)
    }

    /// Creates an intensity from pounds of CO2e per kWh (the unit of Strubell et al. 2019).
    public static func poundsPerKilowattHour(_ value: Double) -> GridIntensity {
        GridIntensity(gramsPerKilowattHour: value * CarbonMass.gramsPerPound)
    }

    /// Creates an intensity from kg CO2e/kWh, i.e. t CO2e/MWh (the unit of Patterson et al. 2021).
    public static func kilogramsPerKilowattHour(_ value: Double) -> GridIntensity {
        GridIntensity(gramsPerKilowattHour: value * 1_000)
    }

    /// The emissions of using `energy` on this grid.
    public func emissions(for energy: Energy) -> CarbonMass {
        CarbonMass(grams: energy.kilowattHours * gramsPerKilowattHour)
    }

    public static func < (lhs: GridIntensity, rhs: GridIntensity) -> Bool {
        lhs.gramsPerKilowattHour < rhs.gramsPerKilowattHour
    }
}

extension GridIntensity: CustomStringConvertible {
    /// For example "381 g CO2e/kWh".
    public var description: String { Format.significant(gramsPerKilowattHour) + " g CO2e/kWh" }
}
