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

    @Option(help: ArgumentHelp("Country: ISO alpha-2 or alpha-3 code, or name.", valueName: "code"))
    var country: String?

    @Option(help: ArgumentHelp("Cloud region as PROVIDER:REGION, e.g. aws:us-east-1, gcp:europe-west4, azure:westeurope.",
                               valueName: "provider:region"))
    var cloud: String?

    @Option(help: ArgumentHelp("Grid carbon intensity in g CO2e/kWh, instead of a place.", valueName: "g-per-kwh"))
    var intensity: Double?

    @Option(help: ArgumentHelp("PUE as a number ≥ 1 or a preset (see `footprint regions pue`).", valueName: "pue"))
    var pue: String?

    /// The environment with `footprint.toml` settings beneath it: flags > environment > files.
    var environment: [String: String] {
        get throws { try ConfigFile.effectiveEnvironment(ProcessInfo.processInfo.environment) }
    }

    enum CodingKeys: CodingKey { case region, country, cloud, intensity, pue }

    /// The grid to use: flags, then `FOOTPRINT_COUNTRY`, `FOOTPRINT_REGION`, `FOOTPRINT_CLOUD` or
    /// `FOOTPRINT_INTENSITY`, then `fallback()`.
    func location(fallback: () -> ResolvedLocation) throws -> ResolvedLocation {
        let flags = [("--region", region), ("--country", country), ("--cloud", cloud),
                     ("--intensity", intensity.map { "\($0)" })].filter { $0.1 != nil }
        if flags.count > 1 {
            throw InvalidInput("give one of --region, --country, --cloud and --intensity, not " + flags.map(\.0).joined(separator: " and "))
        }
        if let intensity { return try ResolvedLocation(intensity: intensity, origin: "--intensity") }
        if let found = try place(region: region, country: country, cloud: cloud, origin: "--") { return found }
        let environment = try self.environment
        if let found = try place(region: environment["FOOTPRINT_REGION"], country: environment["FOOTPRINT_COUNTRY"],
                                 cloud: environment["FOOTPRINT_CLOUD"], origin: "FOOTPRINT_") {
            return found
        }
        if let text = environment["FOOTPRINT_INTENSITY"], !text.isEmpty {
            guard let value = Double(text) else {
                throw InvalidInput("FOOTPRINT_INTENSITY must be a number of g CO2e/kWh; got '\(text)'")
            }
            return try ResolvedLocation(intensity: value, origin: "FOOTPRINT_INTENSITY")
        }
        return fallback()
    }

    /// The grid to use, or `fallback` when neither flags nor environment name one.
    func location(fallback: ResolvedLocation) throws -> ResolvedLocation {
        try location(fallback: { fallback })
    }

    private func place(region: String?, country: String?, cloud: String?, origin: String) throws -> ResolvedLocation? {
        // Fetched only when a place is named: the bundled catalog costs a few ms to load.
        var catalog: GridCatalog { .bundled }
        if let region, !region.isEmpty { return ResolvedLocation(region: try catalog.region(region)) }
        if let country, !country.isEmpty {
            let found = try catalog.region(country)
            guard found.kind == .country else {
                throw InvalidInput("\(origin == "--" ? "--country" : "FOOTPRINT_COUNTRY") '\(country)' is a \(found.kind.label), "
                    + "not a country; use --region for it")
            }
            return ResolvedLocation(region: found)
        }
        if let cloud, !cloud.isEmpty {
            let code = cloud.replacingOccurrences(of: "/", with: ":")
            guard code.contains(":") else {
                throw InvalidInput("--cloud takes PROVIDER:REGION, e.g. aws:us-east-1; got '\(cloud)'")
            }
            return ResolvedLocation(region: try catalog.region(code))
        }
        return nil
    }

    /// The PUE to use, or `fallback`.
    func facility(fallback: Facility) throws -> Facility {
        if let pue { return try Facility(parsing: pue, origin: "--pue") }
        if let text = try environment["FOOTPRINT_PUE"], !text.isEmpty {
            return try Facility(parsing: text, origin: "FOOTPRINT_PUE")
        }
        return fallback
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
