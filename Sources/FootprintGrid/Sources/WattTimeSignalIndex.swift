/// WattTime's signal index for a region: where the current marginal emissions rate stands among
/// those of the recent past, as a percentile (0 the cleanest, 100 the dirtiest). A rank, not an
/// intensity: it has no unit, and nothing sums it with grams per kWh.
public struct WattTimeSignalIndex: Sendable, Hashable, Codable {
    /// WattTime's region ("CAISO_NORTH").
    public var region: String
    /// The instant the index describes, seconds since 1970.
    public var time: Double
    /// The percentile, 0–100.
    public var percentile: Double
    /// The signal ranked: "co2_moer".
    public var signal: String

    public init(region: String, time: Double, percentile: Double, signal: String) {
        self.region = region
        self.time = time
        self.percentile = percentile
        self.signal = signal
    }
}
