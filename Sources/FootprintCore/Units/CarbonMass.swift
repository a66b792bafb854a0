/// A mass of carbon-dioxide equivalent (CO2e), stored in grams.
public struct CarbonMass: Sendable, Hashable, Comparable, Codable {
    /// The mass in grams of CO2e.
    public var grams: Double

    /// Grams in one avoirdupois pound, exactly.
    public static let gramsPerPound = 453.59237

    /// Creates a mass from grams.
    public init(grams: Double) { self.grams = grams }

    /// Creates a mass from grams.
    public static func grams(_ value: Double) -> CarbonMass { CarbonMass(grams: value) }
    /// Creates a mass from kilograms.
    public static func kilograms(_ value: Double) -> CarbonMass { CarbonMass(grams: value * 1_000) }
    /// Creates a mass from metric tonnes.
    public static func tonnes(_ value: Double) -> CarbonMass { CarbonMass(grams: value * 1_000_000) }
    /// Creates a mass from pounds.
    public static func pounds(_ value: Double) -> CarbonMass { CarbonMass(grams: value * gramsPerPound) }

    /// The mass in kilograms.
    public var kilograms: Double { grams / 1_000 }
    /// The mass in metric tonnes.
    public var tonnes: Double { grams / 1_000_000 }
    /// The mass in pounds.
    public var pounds: Double { grams / Self.gramsPerPound }

    /// No emissions.
    public static let zero = CarbonMass(grams: 0)

    public static func < (lhs: CarbonMass, rhs: CarbonMass) -> Bool { lhs.grams < rhs.grams }
    public static func + (lhs: CarbonMass, rhs: CarbonMass) -> CarbonMass { CarbonMass(grams: lhs.grams + rhs.grams) }
    public static func * (lhs: CarbonMass, rhs: Double) -> CarbonMass { CarbonMass(grams: lhs.grams * rhs) }
    /// The ratio of two masses.
    public static func / (lhs: CarbonMass, rhs: CarbonMass) -> Double { lhs.grams / rhs.grams }
    public static func += (lhs: inout CarbonMass, rhs: CarbonMass) { lhs.grams += rhs.grams }
}

extension CarbonMass: CustomStringConvertible {
    /// The mass in g, kg or t CO2e, whichever reads best.
    public var description: String {
        switch abs(grams) {
        case 0: return "0 g CO2e"
        case ..<1e-3: return Format.significant(grams * 1e6) + " µg CO2e"
        case ..<1: return Format.significant(grams * 1_000) + " mg CO2e"
        case ..<1_000: return Format.significant(grams) + " g CO2e"
        case ..<1_000_000: return Format.significant(kilograms) + " kg CO2e"
        default: return Format.significant(tonnes) + " t CO2e"
        }
    }
}
