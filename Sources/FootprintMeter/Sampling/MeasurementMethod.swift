/// How a figure was obtained, so a reader can verify it: `measured:…` or `modeled:…`.
public struct MeasurementMethod: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// CPU package energy counters (RAPL).
    public static let rapl = MeasurementMethod(rawValue: "measured:rapl")
    /// DRAM energy counters (RAPL DRAM domain).
    public static let raplDRAM = MeasurementMethod(rawValue: "measured:rapl-dram")
    /// NVML's total-energy counter.
    public static let nvmlEnergy = MeasurementMethod(rawValue: "measured:nvml-energy")
    /// NVML power readings integrated over time.
    public static let nvmlPower = MeasurementMethod(rawValue: "measured:nvml-power")
    /// CPU power from TDP and a load curve.
    public static let tdpLoad = MeasurementMethod(rawValue: "modeled:tdp-load")
    /// RAM power from memory in use.
    public static let ramPerGigabyte = MeasurementMethod(rawValue: "modeled:ram-per-gb")
    /// Nothing to measure (no GPU).
    public static let none = MeasurementMethod(rawValue: "none")

    /// Whether the figure comes from a sensor.
    public var isMeasured: Bool { rawValue.hasPrefix("measured:") }

    public var description: String { rawValue }
}
