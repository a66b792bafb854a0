/// The JSON form of an ``EmbodiedEstimate``, shared by `estimate embodied`, `--embodied` on the other
/// estimates and runs, and `report --json`: the totals, then each part with the assumptions it used.
public struct EmbodiedJSON: Encodable, Sendable, Hashable {
    public var embodiedKg: Double
    public var acceleratorsKg: Double
    public var serversKg: Double
    public var accelerators: PartJSON?
    public var servers: PartJSON?
    /// How the figures are made.
    public var method: String

    public struct PartJSON: Encodable, Sendable, Hashable {
        public var name: String
        public var count: Int
        public var hours: Double
        public var deviceHours: Double
        public var perDeviceKg: Double
        public var lifespanYears: Double
        public var utilization: Double
        public var co2eKg: Double
        public var source: String
        public var workings: String

        init(_ part: EmbodiedEstimate.Part) {
            name = part.device.name
            count = part.count
            hours = part.hours
            deviceHours = part.deviceHours
            perDeviceKg = part.device.embodied.kilograms
            lifespanYears = part.device.life.lifespanYears
            utilization = part.device.life.utilization
            co2eKg = part.emissions.kilograms
            source = part.device.source
            workings = part.workings
        }

        enum CodingKeys: String, CodingKey {
            case name, count, hours, utilization, source, workings
            case deviceHours = "device_hours", perDeviceKg = "per_device_kg", lifespanYears = "lifespan_years"
            case co2eKg = "co2e_kg"
        }
    }

    /// The method's one-line statement.
    public static let method =
        "embodied × device-hours ÷ (lifespan × 8,760 h × utilization), per Luccioni et al. 2023; "
        + "not included in co2e_kg"

    public init(_ estimate: EmbodiedEstimate) {
        embodiedKg = estimate.emissions.kilograms
        acceleratorsKg = estimate.accelerators?.emissions.kilograms ?? 0
        serversKg = estimate.servers?.emissions.kilograms ?? 0
        accelerators = estimate.accelerators.map(PartJSON.init)
        servers = estimate.servers.map(PartJSON.init)
        method = Self.method
    }

    enum CodingKeys: String, CodingKey {
        case accelerators, servers, method
        case embodiedKg = "embodied_kg", acceleratorsKg = "accelerators_kg", serversKg = "servers_kg"
    }
}
