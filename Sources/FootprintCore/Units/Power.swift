/// A rate of energy use, stored in watts.
public struct Power: Sendable, Hashable, Comparable, Codable {
    /// The power in watts.
    public var watts: Double

    /// Creates a power from watts.
    public init(watts: Double) { self.watts = watts }

    /// Creates a power from watts.
    public static func watts(_ value: Double) -> Power { Power(watts: value) }
    /// Creates a power from kilowatts.
    public static func kilowatts(_ value: Double) -> Power { Power(watts: value * 1_000) }

    /// The power in kilowatts.
    public var kilowatts: Double { watts / 1_000 }

    /// No power.
    public static let zero = Power(watts: 0)

    public static func < (lhs: Power, rhs: Power) -> Bool { lhs.watts < rhs.watts }
    public static func + (lhs: Power, rhs: Power) -> Power { Power(watts: lhs.watts + rhs.watts) }
    public static func * (lhs: Power, rhs: Double) -> Power { Power(watts: lhs.watts * rhs) }
    public static func * (lhs: Double, rhs: Power) -> Power { Power(watts: lhs * rhs.watts) }
    /// The energy used at this power over a duration.
    public static func * (lhs: Power, rhs: Duration) -> Energy { Energy(joules: lhs.watts * rhs.seconds) }
}

extension Power: CustomStringConvertible {
    /// The power in µW, mW, W, kW or MW, whichever reads best ("787 µW", not "7.87e-04 W").
    public var description: String {
        switch abs(watts) {
        case 0: return "0 W"
        case ..<1e-3: return Format.significant(watts * 1e6) + " µW"
        case ..<1: return Format.significant(watts * 1e3) + " mW"
        case ..<1_000: return Format.significant(watts) + " W"
        case ..<1_000_000: return Format.significant(watts / 1_000) + " kW"
        default: return Format.significant(watts / 1_000_000) + " MW"
        }
    }
}
