/// A CPU model and its thermal design power.
public struct CPUModel: Sendable, Hashable, Codable {
    /// The model name as published, e.g. "Intel Xeon Platinum 8375C".
    public var name: String
    /// Thermal design power of one package.
    public var tdp: Power
    /// Where the figure comes from.
    public static let source = "CodeCarbon cpu_power.csv (Intel ARK, AMD product pages)"
}
