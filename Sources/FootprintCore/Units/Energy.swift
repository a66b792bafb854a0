/// An amount of energy, stored in joules.
///
/// Footprint keeps every figure in SI units and converts only for display, so a value
/// read from a sensor, a formula or the ledger always means the same thing.
public struct Energy: Sendable, Hashable, Comparable, Codable {
    /// The energy in joules.
    public var joules: Double

    /// Creates an energy from joules.
    public init(joules: Double) { self.joules = joules }

    /// Creates an energy from watt-hours.
    public static func wattHours(_ value: Double) -> Energy { Energy(joules: value * 3_600) }
    /// Creates an energy from kilowatt-hours.
    public static func kilowattHours(_ value: Double) -> Energy { Energy(joules: value * 3_600_000) }
    /// Creates an energy from megawatt-hours.
    public static func megawattHours(_ value: Double) -> Energy { Energy(joules: value * 3_600_000_000) }
    /// Creates an energy from joules.
    public static func joules(_ value: Double) -> Energy { Energy(joules: value) }

    /// The energy in watt-hours.
    public var wattHours: Double { joules / 3_600 }
    /// The energy in kilowatt-hours.
    public var kilowattHours: Double { joules / 3_600_000 }
    /// The energy in megawatt-hours.
    public var megawattHours: Double { joules / 3_600_000_000 }

    /// No energy.
    public static let zero = Energy(joules: 0)

    public static func < (lhs: Energy, rhs: Energy) -> Bool { lhs.joules < rhs.joules }
    public static func + (lhs: Energy, rhs: Energy) -> Energy { Energy(joules: lhs.joules + rhs.joules) }
    public static func - (lhs: Energy, rhs: Energy) -> Energy { Energy(joules: lhs.joules - rhs.joules) }
    public static func * (lhs: Energy, rhs: Double) -> Energy { Energy(joules: lhs.joules * rhs) }
    public static func * (lhs: Double, rhs: Energy) -> Energy { Energy(joules: lhs * rhs.joules) }
    public static func / (lhs: Energy, rhs: Double) -> Energy { Energy(joules: lhs.joules / rhs) }
    /// The ratio of two energies.
    public static func / (lhs: Energy, rhs: Energy) -> Double { lhs.joules / rhs.joules }
    /// The average power over a duration.
    public static func / (lhs: Energy, rhs: Duration) -> Power { Power(watts: lhs.joules / rhs.seconds) }
    public static func += (lhs: inout Energy, rhs: Energy) { lhs.joules += rhs.joules }
}

extension Energy: CustomStringConvertible {
    /// The energy in the unit that reads best: µJ, mJ, J, Wh, kWh or MWh, to three significant figures.
    public var description: String { formatted(digits: 3) }

    /// The energy in the unit that reads best, to `digits` significant figures.
    public func formatted(digits: Int) -> String {
        guard joules != 0 else { return "0 J" }
        let unit = Self.unit(for: abs(joules))
        return Format.significant(unit.value(self), digits: digits) + " " + unit.symbol
    }

    /// A range in one unit, the one that reads best for its larger end: "900–1,100 mWh" would be
    /// "0.9–1.1 Wh", not "3,240 J–1.1 Wh".
    public static func range(_ low: Energy, _ high: Energy, digits: Int = 3) -> String {
        let largest = max(abs(low.joules), abs(high.joules))
        guard largest > 0 else { return "0 J" }
        let unit = unit(for: largest)
        return Format.significant(unit.value(low), digits: digits) + "–"
            + Format.significant(unit.value(high), digits: digits) + " " + unit.symbol
    }

    /// The unit that reads best for an energy of `magnitude` joules: its figure, and its symbol.
    private static func unit(for magnitude: Double) -> (value: (Energy) -> Double, symbol: String) {
        switch magnitude {
        case ..<1e-3: return ({ $0.joules * 1e6 }, "µJ")
        case ..<1: return ({ $0.joules * 1e3 }, "mJ")
        case ..<3_600: return ({ $0.joules }, "J")
        case ..<3_600_000: return ({ $0.wattHours }, "Wh")
        case ..<3_600_000_000: return ({ $0.kilowattHours }, "kWh")
        default: return ({ $0.megawattHours }, "MWh")
        }
    }
}
