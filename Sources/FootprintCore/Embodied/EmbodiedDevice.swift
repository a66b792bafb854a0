/// A device with the carbon emitted to make it, and the life over which that is shared out.
public struct EmbodiedDevice: Sendable, Hashable {
    /// What the device is to a run.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// One GPU or other ML accelerator.
        case accelerator
        /// The machine accelerators sit in.
        case server
        /// A computer on its own: a desktop or a laptop.
        case machine
    }

    /// A short stable identifier, e.g. `bloom-server`.
    public var id: String
    /// What the figure describes, e.g. "HPE Apollo 6500 Gen10 Plus (BLOOM study)".
    public var name: String
    /// Other names that find it.
    public var aliases: [String]
    public var kind: Kind
    /// Emissions of making one device.
    public var embodied: CarbonMass
    /// The life over which the embodied emissions are shared, and the share of it in use.
    public var life: HardwareLife
    /// Where the figures come from.
    public var source: String
    /// What a reader should know about them.
    public var note: String

    public init(
        id: String, name: String, aliases: [String] = [], kind: Kind, embodied: CarbonMass, life: HardwareLife,
        source: String, note: String = ""
    ) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.kind = kind
        self.embodied = embodied
        self.life = life
        self.source = source
        self.note = note
    }
}
