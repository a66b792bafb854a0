/// The grid a figure was converted with, and why that one: a region the user named, a given
/// intensity, the system time zone's country, or the world-average fallback.
public struct ResolvedLocation: Sendable, Hashable, Encodable {
    /// The region code, when the intensity comes from a known region.
    public var code: String?
    /// A readable name, saying how the location was chosen when it was not named.
    public var name: String
    /// The intensity used.
    public var intensity: GridIntensity
    /// Where the figure comes from.
    public var source: String

    public init(code: String?, name: String, intensity: GridIntensity, source: String) {
        self.code = code
        self.name = name
        self.intensity = intensity
        self.source = source
    }

    /// A known region, optionally with how it was chosen ("from the system time zone Europe/Berlin").
    public init(region: GridRegion, chosenBy: String? = nil) {
        // Sources that name their year already ("Our World in Data / Ember 2023") do not repeat it.
        let source = region.source.contains(String(region.year)) ? region.source : "\(region.source), \(region.year)"
        self.init(
            code: region.code, name: region.name + (chosenBy.map { ", \($0)" } ?? ""),
            intensity: region.intensity, source: source)
    }

    /// An intensity given as a number, checked against ``PlausibleRange/gridIntensity``.
    /// - Parameter origin: where the number came from ("--intensity", "./footprint.toml: intensity").
    public init(intensity value: Double, origin: String) throws(OutOfRange) {
        self.init(
            code: nil, name: "given intensity", intensity: try GridIntensity(checked: value, origin: origin),
            source: "given by \(origin)")
    }

    /// The world average, labelled as the fallback it is.
    public static let worldAverage = ResolvedLocation(
        code: GridCatalog.worldAverage.code, name: "world average, as no location was given or found",
        intensity: GridCatalog.worldAverage.intensity, source: GridCatalog.worldAverage.source)

    /// One line for terminals: "DE (Germany): 381 g CO2e/kWh — Our World in Data / Ember, 2023".
    public var label: String {
        (code.map { "\($0) (\(name))" } ?? name) + ": \(intensity) — \(source)"
    }

    enum CodingKeys: String, CodingKey { case code, name, intensity = "intensity_g_per_kwh", source }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(name, forKey: .name)
        try container.encode(intensity.gramsPerKilowattHour, forKey: .intensity)
        try container.encode(source, forKey: .source)
    }
}
