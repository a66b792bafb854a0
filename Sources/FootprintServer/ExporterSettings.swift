import FootprintCore

/// What the exporter needs besides the sensors: how many processes get their own series, how long
/// an unchanged series stays, the place's grid intensity and PUE, and who it is.
public struct ExporterSettings: Sendable, Hashable {
    /// Processes with their own series, the most energy first; the rest share one.
    public var processes: Int
    /// Seconds a series that nothing updated stays before it is dropped.
    public var retain: Double
    /// The `location` label: a region code, or the location's name.
    public var location: String
    /// Grid intensity in g CO2e/kWh, and where it comes from.
    public var intensity: Double
    public var intensitySource: String
    /// The facility's PUE, and where it comes from.
    public var pue: Double
    public var pueSource: String
    /// The `footprint_exporter_info` labels.
    public var version: String
    public var node: String

    public init(
        processes: Int = 50, retain: Double = 300, location: String, intensity: Double, intensitySource: String,
        pue: Double, pueSource: String, version: String, node: String
    ) {
        self.processes = processes
        self.retain = retain
        self.location = location
        self.intensity = intensity
        self.intensitySource = intensitySource
        self.pue = pue
        self.pueSource = pueSource
        self.version = version
        self.node = node
    }

    /// Settings for a resolved location and PUE.
    public init(
        processes: Int = 50, retain: Double = 300, location: ResolvedLocation, pue: PUE, pueSource: String,
        version: String, node: String
    ) {
        self.init(
            processes: processes, retain: retain, location: location.code ?? location.name,
            intensity: location.intensity.gramsPerKilowattHour, intensitySource: location.source, pue: pue.value,
            pueSource: pueSource, version: version, node: node)
    }
}

extension PlausibleRange {
    /// Processes with series of their own: 0 (all summed) to 10,000, a bound on what one node's
    /// scrape carries (several series each).
    public static let exporterProcesses = PlausibleRange(quantity: "processes", lower: 0, upper: 10_000)
    /// How long an unchanged series stays: 0 to a week, longer than any scrape gap worth bridging.
    public static let exporterRetention = PlausibleRange(
        quantity: "retention", lower: 0, upper: 604_800, unit: "s")
}
