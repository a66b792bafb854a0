/// Something everyday with a known footprint, to make a CO2e figure tangible.
public struct CarbonEquivalent: Sendable, Hashable {
    /// What one unit is, e.g. "km driven in an average passenger car".
    public let unit: String
    /// CO2e of one unit.
    public let perUnit: CarbonMass
    /// Where the figure comes from.
    public let source: String

    /// How many units `mass` amounts to.
    public func count(for mass: CarbonMass) -> Double { mass / perUnit }

    /// The bundled equivalents, smallest unit first.
    public static let all: [CarbonEquivalent] = [
        CarbonEquivalent(
            unit: "km driven by an average passenger car", perUnit: .grams(400 / 1.609344),
            source: "US EPA, Greenhouse Gas Emissions from a Typical Passenger Vehicle (2023): 400 g CO2/mile"),
        CarbonEquivalent(
            unit: "tree-months of CO2 uptake", perUnit: .kilograms(11.0 / 12),
            source: "Lannelongue et al. 2021, Green Algorithms: a mature tree absorbs about 11 kg CO2 a year"),
        CarbonEquivalent(
            unit: "round-trip flights New York–San Francisco, one passenger", perUnit: .pounds(1_984),
            source: "Strubell et al. 2019, Table 1"),
        CarbonEquivalent(
            unit: "years of an average human life", perUnit: .pounds(11_023),
            source: "Strubell et al. 2019, Table 1"),
        CarbonEquivalent(
            unit: "years of an average American life", perUnit: .pounds(36_156),
            source: "Strubell et al. 2019, Table 1"),
        CarbonEquivalent(
            unit: "lifetimes of an average car, fuel included", perUnit: .pounds(126_000),
            source: "Strubell et al. 2019, Table 1")
    ]

    /// The equivalents that read best for `mass`: those giving counts from 0.1 to 100,000.
    public static func readable(for mass: CarbonMass) -> [(equivalent: CarbonEquivalent, count: Double)] {
        all.map { ($0, $0.count(for: mass)) }.filter { $0.1 >= 0.1 && $0.1 < 100_000 }
    }
}
