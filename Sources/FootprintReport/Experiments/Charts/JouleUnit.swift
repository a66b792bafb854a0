import FootprintCore

/// An energy unit that reads well for joules up to some size: experiments are in joules (a table
/// or an axis in one unit, its figures comparable at a glance), never in watt-hours.
struct JouleUnit: Sendable, Hashable {
    var symbol: String
    /// Multiplies joules into this unit.
    var factor: Double

    /// The unit for values whose largest is `joules`: nJ up to MJ.
    static func reading(_ joules: Double) -> JouleUnit {
        let magnitude = joules.isFinite ? abs(joules) : 0
        return switch magnitude {
        case 0: JouleUnit(symbol: "J", factor: 1)
        case ..<1e-6: JouleUnit(symbol: "nJ", factor: 1e9)
        case ..<1e-3: JouleUnit(symbol: "µJ", factor: 1e6)
        case ..<1: JouleUnit(symbol: "mJ", factor: 1e3)
        case ..<1e4: JouleUnit(symbol: "J", factor: 1)
        case ..<1e7: JouleUnit(symbol: "kJ", factor: 1e-3)
        default: JouleUnit(symbol: "MJ", factor: 1e-6)
        }
    }

    /// The unit for the largest of `values`.
    static func reading(_ values: [Double]) -> JouleUnit { reading(values.filter(\.isFinite).map(abs).max() ?? 0) }

    /// "12.3 J".
    func text(_ joules: Double) -> String { Format.significant(joules * factor) + " " + symbol }

    /// A spread in this unit: "12.3 J [11.9–12.8]", the range left out when the repeats agree.
    func text(_ spread: Spread) -> String {
        let median = text(spread.median)
        guard spread.maximum != spread.minimum else { return median }
        return median + " [" + Format.significant(spread.minimum * factor) + "–"
            + Format.significant(spread.maximum * factor) + "]"
    }

    /// The spread in this unit, for a chart's scale.
    func scaled(_ spread: Spread) -> Spread {
        Spread(median: spread.median * factor, minimum: spread.minimum * factor, maximum: spread.maximum * factor)
    }
}
