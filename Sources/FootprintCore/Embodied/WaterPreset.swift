/// A published water usage effectiveness: litres of water a data-centre site uses per kWh of IT energy
/// (The Green Grid's WUE).
public struct WaterPreset: Sendable, Hashable {
    /// The name used on the command line (`--wue microsoft-2023`).
    public var name: String
    public var litresPerKilowattHour: Double
    /// The year the figure describes.
    public var year: Int
    /// What the figure describes.
    public var description: String
    public var source: String

    public init(name: String, litresPerKilowattHour: Double, year: Int, description: String, source: String) {
        self.name = name
        self.litresPerKilowattHour = litresPerKilowattHour
        self.year = year
        self.description = description
        self.source = source
    }
}

/// Water used on site for an amount of IT energy: WUE × IT kWh.
public struct WaterUse: Sendable, Hashable, Encodable {
    /// Litres.
    public var litres: Double
    /// The WUE applied, L/kWh.
    public var litresPerKilowattHour: Double
    /// Where the WUE comes from.
    public var source: String

    /// The water of `itEnergy` at `litresPerKilowattHour`. WUE divides by IT energy, not facility energy,
    /// so IT energy is what it multiplies.
    public init(itEnergy: Energy, litresPerKilowattHour: Double, source: String) {
        self.litres = itEnergy.kilowattHours * litresPerKilowattHour
        self.litresPerKilowattHour = litresPerKilowattHour
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case litres, source
        case litresPerKilowattHour = "wue_l_per_kwh"
    }
}
