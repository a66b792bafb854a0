import ArgumentParser
import Foundation
import FootprintCore

/// Where the electricity comes from and how efficient the facility is: `--region` or
/// `--intensity`, and `--pue`. Flags win over `FOOTPRINT_REGION`, `FOOTPRINT_INTENSITY` and
/// `FOOTPRINT_PUE`, which win over each command's default.
struct CarbonOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Grid region: country (DE, DEU, Germany), US-CA, CA-QC, SE1, aws:us-east-1, em:ZONE.",
                               valueName: "code"))
    var region: String?

    @Option(help: ArgumentHelp("Grid carbon intensity in g CO2e/kWh, instead of --region.", valueName: "g-per-kwh"))
    var intensity: Double?

    @Option(help: ArgumentHelp("PUE as a number ≥ 1 or a preset (see `footprint regions pue`).", valueName: "pue"))
    var pue: String?

    var environment: [String: String] = ProcessInfo.processInfo.environment

    enum CodingKeys: CodingKey { case region, intensity, pue }

    /// The grid to use, or `fallback` when neither flags nor environment name one.
    func location(fallback: Location) throws -> Location {
        if region != nil, intensity != nil {
            throw InvalidInput("give --region or --intensity, not both")
        }
        if let region { return try Location(region: GridCatalog.bundled.region(region)) }
        if let intensity { return try Location(intensity: intensity, origin: "--intensity") }
        if let region = environment["FOOTPRINT_REGION"], !region.isEmpty {
            return try Location(region: GridCatalog.bundled.region(region))
        }
        if let text = environment["FOOTPRINT_INTENSITY"], !text.isEmpty {
            guard let value = Double(text) else {
                throw InvalidInput("FOOTPRINT_INTENSITY must be a number of g CO2e/kWh; got '\(text)'")
            }
            return try Location(intensity: value, origin: "FOOTPRINT_INTENSITY")
        }
        return fallback
    }

    /// The PUE to use, or `fallback`.
    func facility(fallback: Facility) throws -> Facility {
        if let pue { return try Facility(parsing: pue, origin: "--pue") }
        if let text = environment["FOOTPRINT_PUE"], !text.isEmpty {
            return try Facility(parsing: text, origin: "FOOTPRINT_PUE")
        }
        return fallback
    }
}

/// A resolved grid: its intensity and where the figure comes from.
struct Location: Encodable {
    var code: String?
    var name: String
    var intensity: GridIntensity
    var source: String

    init(region: GridRegion) {
        code = region.code
        name = region.name
        intensity = region.intensity
        source = "\(region.source), \(region.year)"
    }

    init(intensity value: Double, origin: String) throws {
        guard value.isFinite, value >= 0 else {
            throw InvalidInput("\(origin) must be g CO2e/kWh, a number of 0 or more; got \(Format.significant(value))")
        }
        code = nil
        name = "given intensity"
        intensity = .gramsPerKilowattHour(value)
        source = "given by \(origin)"
    }

    init(code: String?, name: String, intensity: GridIntensity, source: String) {
        self.code = code
        self.name = name
        self.intensity = intensity
        self.source = source
    }

    /// The world average, labelled as the fallback it is.
    static let worldAverage: Location = {
        let world = GridCatalog.worldAverage
        return Location(code: world.code, name: "world average (no --region or --intensity given)",
                        intensity: world.intensity, source: "\(world.source)")
    }()

    var label: String {
        (code.map { "\($0) (\(name))" } ?? name) + ": \(intensity) — \(source)"
    }

    enum CodingKeys: String, CodingKey { case code, name, intensity = "intensity_g_per_kwh", source }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(name, forKey: .name)
        try container.encode(intensity.gramsPerKilowattHour, forKey: .intensity)
        try container.encode(source, forKey: .source)
    }
}

/// A resolved PUE and where it comes from.
struct Facility {
    var pue: PUE
    var source: String

    init(pue: PUE, source: String) {
        self.pue = pue
        self.source = source
    }

    init(preset: PUEPreset) {
        self.init(pue: preset.pue, source: "\(preset.name): \(preset.description), \(preset.source)")
    }

    init(parsing text: String, origin: String) throws {
        if let value = Double(text) {
            self.init(pue: try PUE(value), source: "given by \(origin)")
        } else if let preset = PUEPreset.named(text) {
            self.init(preset: preset)
        } else {
            throw InvalidInput("\(origin) '\(text)' is neither a number ≥ 1 nor a preset; presets: "
                + PUEPreset.all.map(\.name).joined(separator: ", "))
        }
    }

    static let dataCentreAverage = Facility(preset: PUEPreset.defaultDataCentre)
}
