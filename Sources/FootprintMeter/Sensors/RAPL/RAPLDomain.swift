/// One RAPL power domain exposed by the Linux powercap framework.
public struct RAPLDomain: Sendable, Hashable {
    /// What the domain measures.
    public enum Kind: Sendable, Hashable {
        /// A whole CPU package (socket), cores and uncore included.
        case package(socket: Int)
        /// The cores of a package (part of `package`).
        case core
        /// The uncore, typically the integrated GPU (part of `package`).
        case uncore
        /// The memory attached to a package.
        case dram
        /// The whole platform (laptops and recent desktops): package, DRAM and more.
        case psys

        /// Classifies a powercap `name` file: "package-0", "core", "uncore", "dram", "psys".
        init?(name: String) {
            switch name {
            case "core": self = .core
            case "uncore": self = .uncore
            case "dram": self = .dram
            case "psys": self = .psys
            default:
                guard name.hasPrefix("package-"), let socket = Int(name.dropFirst("package-".count)) else { return nil }
                self = .package(socket: socket)
            }
        }
    }

    /// The zone directory, e.g. `/sys/class/powercap/intel-rapl:0`.
    public let zone: String
    /// The powercap name of the domain.
    public let name: String
    /// The classified kind.
    public let kind: Kind
    /// The counter's range in µJ: it wraps to 0 after this value.
    public let maxEnergyRange: UInt64
}
