/// How a figure was obtained, so a reader can verify it: `measured:…` from a sensor, `modeled:…`
/// from a published model, `imported:…` from another tool's file. The raw values are what the
/// ledger stores and `--json` prints; reading one this version does not know is an error, never a
/// guess (see ``StoredValue``).
public enum MeasurementMethod: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// CPU package energy counters (RAPL).
    case rapl = "measured:rapl"
    /// DRAM energy counters (RAPL DRAM domain).
    case raplDRAM = "measured:rapl-dram"
    /// NVML's total-energy counter.
    case nvmlEnergy = "measured:nvml-energy"
    /// NVML power readings integrated over time.
    case nvmlPower = "measured:nvml-power"
    /// CPU power from TDP and a load curve.
    case tdpLoad = "modeled:tdp-load"
    /// RAM power from memory in use.
    case ramPerGigabyte = "modeled:ram-per-gb"
    /// A CodeCarbon row's figure, imported as it was.
    case importedCodeCarbon = "imported:codecarbon"
    /// Nothing to measure (no GPU).
    case none = "none"

    /// Whether the figure comes from a sensor.
    public var isMeasured: Bool { rawValue.hasPrefix("measured:") }

    /// Whether the figure is an estimate from a model.
    public var isModeled: Bool { rawValue.hasPrefix("modeled:") }

    public var description: String { rawValue }

    /// What the method is, in a reader's words, with the published source of a model: one text
    /// for every report ("measured with the CPU's RAPL package energy counters").
    public var explanation: String {
        switch self {
        case .rapl: "measured with the CPU's RAPL package energy counters"
        case .raplDRAM: "measured with RAPL DRAM energy counters"
        case .nvmlEnergy: "measured with each GPU's NVML total-energy counter"
        case .nvmlPower: "measured by integrating NVML power readings over time"
        case .tdpLoad: "modeled from the CPU's thermal design power and a SPECpower load curve of its utilisation"
        case .ramPerGigabyte: "modeled at 0.3725 W per GB of memory in use (Lannelongue et al. 2021)"
        case .importedCodeCarbon: "taken from a CodeCarbon emissions file"
        case .none: "nothing to measure"
        }
    }
}
