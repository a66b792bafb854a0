/// The share of the hardware's embodied emissions that some hours of use carry: for each kind of
/// device, embodied × device-hours ÷ (lifespan × utilization), the amortisation of Luccioni et al. 2023.
/// Kept apart from the energy's CO2e: it is another scope of emissions, shown beside it, never summed
/// into it unasked.
public struct EmbodiedEstimate: Sendable, Hashable {
    /// Devices of one kind, used for the same hours.
    public struct Part: Sendable, Hashable {
        /// The device, with the figures used (a flag's figure replaces the catalog's).
        public var device: EmbodiedDevice
        public var count: Int
        /// Hours each device is used.
        public var hours: Double

        /// count × hours.
        public var deviceHours: Double { Double(count) * hours }

        /// The share of the devices' embodied emissions these hours carry.
        public var emissions: CarbonMass { device.life.share(of: device.embodied, hours: deviceHours) }

        /// "384 × 2,820 h × 150 kg ÷ (6 years × 8,760 h × 0.85)".
        public var workings: String {
            "\(Format.count(count)) × \(Format.significant(hours, digits: 4)) h × "
                + "\(Format.significant(device.embodied.kilograms, digits: 4)) kg ÷ "
                + "(\(Format.significant(device.life.lifespanYears)) years × "
                + "\(Format.count(Int(HardwareLife.hoursPerYear))) h × \(Format.significant(device.life.utilization)))"
        }
    }

    /// The accelerators (GPUs), or the machines themselves for a desktop or laptop; nil when none.
    public var accelerators: Part?
    /// The servers that hold the accelerators, or machines on their own; nil when none.
    public var servers: Part?

    /// Accelerators' share plus servers' share.
    public var emissions: CarbonMass { (accelerators?.emissions ?? .zero) + (servers?.emissions ?? .zero) }

    /// Both parts, their counts and hours checked.
    /// - Throws: ``InvalidInput`` (`.outOfBounds`) for a count or hours outside ``EstimateBounds``.
    public init(accelerators: Part?, servers: Part?) throws(InvalidInput) {
        for part in [accelerators, servers].compactMap({ $0 }) {
            _ = try Check.count(
                part.count, "\(part.device.kind.rawValue) count", from: 0, atMost: EstimateBounds.processors)
            _ = try Check.nonNegative(part.hours, "hours", atMost: EstimateBounds.hours)
        }
        self.accelerators = accelerators
        self.servers = servers
    }

    /// `count` accelerators in `servers` servers, all used for `hours`: the BLOOM study's sum.
    public init(
        accelerator: EmbodiedDevice, count: Int, server: EmbodiedDevice, servers: Int, hours: Double
    ) throws(InvalidInput) {
        try self.init(
            accelerators: count > 0 ? Part(device: accelerator, count: count, hours: hours) : nil,
            servers: servers > 0 ? Part(device: server, count: servers, hours: hours) : nil)
    }

    /// Accelerators per server when a command is not told how many servers hold them: the BLOOM
    /// study's HPE Apollo 6500 nodes hold 8 A100s each (384 GPUs in 48 nodes), as do DGX and HGX systems.
    public static let acceleratorsPerServer = 8

    /// The servers `accelerators` need at ``acceleratorsPerServer`` a server, rounded up.
    public static func servers(for accelerators: Int) -> Int {
        accelerators <= 0 ? 0 : (accelerators + acceleratorsPerServer - 1) / acceleratorsPerServer
    }
}

extension EmbodiedDevice {
    /// The device with figures given instead of the catalog's, each origin said in its source.
    public func replacing(
        embodied: (CarbonMass, origin: String)? = nil, life: (HardwareLife, origin: String)? = nil
    ) -> EmbodiedDevice {
        var device = self
        var given: [String] = []
        if let embodied {
            device.embodied = embodied.0
            given.append("\(Format.significant(embodied.0.kilograms, digits: 4)) kg CO2e given by \(embodied.origin)")
        }
        if let life {
            device.life = life.0
            given.append("life given by \(life.origin)")
        }
        if !given.isEmpty { device.source = given.joined(separator: "; ") + "; otherwise " + source }
        return device
    }
}
