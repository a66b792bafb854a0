import Foundation

/// Power usage effectiveness: facility energy divided by IT energy (≥ 1).
public struct PUE: Sendable, Hashable, Codable, Comparable {
    /// The ratio, 1.0 for a machine with no facility overhead.
    public let value: Double

    /// The recorded source of the PUE a measured run gets when none is given: what the figure is,
    /// for every reader of the record (advice for the terminal is the terminal summary's to add).
    public static let assumedSource = "1.0: no facility overhead assumed"

    /// Creates a PUE, rejecting values outside ``PlausibleRange/pue`` (1–3) or not finite: a facility
    /// cannot use less than its IT load, and none uses three times it.
    /// - Parameter origin: where the number came from ("--pue", "./footprint.toml: pue"), for the error.
    public init(_ value: Double, origin: String? = nil) throws(OutOfRange) {
        self.value = try PlausibleRange.pue.check(value, origin: origin)
    }

    /// Decodes a PUE with the same check as ``init(_:origin:)``: a stored figure is input too.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.value = try PlausibleRange.pue.check(try container.decode(Double.self, forKey: .value))
    }

    enum CodingKeys: String, CodingKey { case value }

    /// The facility energy for an IT energy.
    public func facilityEnergy(_ it: Energy) -> Energy { it * value }

    /// No facility overhead: a personal computer.
    public static let none = PUE(unchecked: 1.0)

    init(unchecked value: Double) { self.value = value }

    public static func < (lhs: PUE, rhs: PUE) -> Bool { lhs.value < rhs.value }
}

/// A named, sourced PUE figure.
public struct PUEPreset: Sendable, Hashable {
    /// The name used on the command line (`--pue google`).
    public let name: String
    /// The PUE.
    public let pue: PUE
    /// What the figure describes.
    public let description: String
    /// Year the figure describes.
    public let year: Int
    /// Where it comes from.
    public let source: String

    /// Patterson et al. 2021 give each model's training the PUE of its data centre.
    private static let pattersonTable4 =
        "Patterson et al. 2021, Carbon Emissions and Large Neural Network Training, Table 4"

    /// The bundled presets.
    public static let all: [PUEPreset] = [
        PUEPreset(
            name: "personal-computer", pue: .none, description: "a desktop or laptop: no facility overhead",
            year: 2024, source: "definition (no cooling or power distribution beyond the machine)"),
        PUEPreset(
            name: "average-2018", pue: PUE(unchecked: 1.58), description: "industry average data centre",
            year: 2018, source: "Uptime Institute Global Data Center Survey 2018 (as used by Strubell et al. 2019)"),
        PUEPreset(
            name: "average-2019", pue: PUE(unchecked: 1.67), description: "industry average data centre",
            year: 2019, source: "Uptime Institute Global Data Center Survey 2019 (Green Algorithms default)"),
        PUEPreset(
            name: "average-2023", pue: PUE(unchecked: 1.58), description: "industry average data centre",
            year: 2023, source: "Uptime Institute Global Data Center Survey 2023"),
        PUEPreset(
            name: "average-2024", pue: PUE(unchecked: 1.56), description: "industry average data centre",
            year: 2024, source: "Uptime Institute Global Data Center Survey 2024"),
        PUEPreset(
            name: "google", pue: PUE(unchecked: 1.10), description: "Google fleet-wide yearly average",
            year: 2023, source: "Google Environmental Report 2024"),
        // Patterson et al. 2021, Table 4, give each model the PUE of the data centre it trained in.
        PUEPreset(
            name: "google-t5", pue: PUE(unchecked: 1.12), description: "Google data centre that trained T5",
            year: 2019, source: pattersonTable4),
        PUEPreset(
            name: "google-meena", pue: PUE(unchecked: 1.09), description: "Google data centre that trained Meena",
            year: 2019, source: pattersonTable4),
        PUEPreset(
            name: "google-gshard", pue: PUE(unchecked: 1.09),
            description: "Google data centre that trained GShard-600B",
            year: 2020, source: pattersonTable4),
        PUEPreset(
            name: "google-switch", pue: PUE(unchecked: 1.10),
            description: "Google data centre that trained Switch Transformer",
            year: 2020, source: pattersonTable4),
        PUEPreset(
            name: "azure-gpt3", pue: PUE(unchecked: 1.10),
            description: "Microsoft Azure data centre that trained GPT-3",
            year: 2020, source: pattersonTable4),
        PUEPreset(
            name: "aws", pue: PUE(unchecked: 1.15), description: "Amazon Web Services global average",
            year: 2024, source: "Amazon 2024 Sustainability Report")
    ]

    /// The default for estimates of data-centre work: the latest industry average.
    public static let defaultDataCentre = all[4]

    /// Finds a preset by name, case-insensitively.
    public static func named(_ name: String) -> PUEPreset? {
        all.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}
