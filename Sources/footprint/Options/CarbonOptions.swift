import ArgumentParser
import FootprintCore
import Foundation

/// Where the electricity comes from and how efficient the facility is: `--region`, `--country`,
/// `--cloud` or `--intensity`, and `--pue`. Flags win over `FOOTPRINT_*` variables, which win over
/// `./footprint.toml`, which wins over the user's `config.toml`, which win over each command's default.
struct CarbonOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Grid region: country (DE, DEU, Germany), US-CA, CA-QC, SE1, aws:us-east-1, em:ZONE.",
            valueName: "code"))
    var region: String?

    @Option(help: ArgumentHelp("Country: ISO alpha-2 or alpha-3 code, or name.", valueName: "code"))
    var country: String?

    @Option(
        help: ArgumentHelp(
            "Cloud region as PROVIDER:REGION, e.g. aws:us-east-1, gcp:europe-west4, azure:westeurope.",
            valueName: "provider:region"))
    var cloud: String?

    @Option(
        help: ArgumentHelp(
            "Grid carbon intensity in g CO2e/kWh (0 to 2,000), instead of a place.", valueName: "g-per-kwh"))
    var intensity: Double?

    @Option(
        help: ArgumentHelp("PUE as a number from 1 to 3, or a preset (see `footprint regions pue`).", valueName: "pue"))
    var pue: String?

    /// The settings of the environment and the configuration files, each with its origin.
    var settings: SettingLayers {
        get throws { try ConfigFile.settings(ProcessInfo.processInfo.environment) }
    }

    /// The environment with `footprint.toml` settings beneath it: flags > environment > files.
    var environment: [String: String] {
        get throws { try ConfigFile.effectiveEnvironment(ProcessInfo.processInfo.environment) }
    }

    enum CodingKeys: CodingKey { case region, country, cloud, intensity, pue }

    /// The location settings, in the order a message lists them.
    static let locationKeys = ["region", "country", "cloud", "intensity"]

    /// The location flags given, as settings.
    var locationFlags: [Setting] {
        [("region", region), ("country", country), ("cloud", cloud), ("intensity", intensity.map { "\($0)" })]
            .compactMap { key, value in value.map { Setting(key: key, value: $0, origin: .flag("--" + key)) } }
    }

    /// The grid to use: flags, else the most important of the environment and the files that names
    /// one (a whole layer at a time: a variable's country replaces a file's intensity), else `fallback()`.
    /// Two places in one layer are refused, as two flags are.
    func location(fallback: () -> ResolvedLocation) throws -> ResolvedLocation {
        var chosen = locationFlags
        if chosen.isEmpty { chosen = try settings.firstLayer(setting: Self.locationKeys) }
        if chosen.count > 1 { throw Self.conflict(chosen) }
        guard let setting = chosen.first else { return fallback() }
        return try Self.location(setting)
    }

    /// The grid to use, or `fallback` when neither flags, environment nor files name one.
    func location(fallback: ResolvedLocation) throws -> ResolvedLocation {
        try location(fallback: { fallback })
    }

    /// "give one of --region, …, not --region and --intensity", said the way the settings were given.
    static func conflict(_ settings: [Setting]) -> InvalidInput {
        switch settings[0].origin {
        case .flag:
            return InvalidInput(
                "give one of --region, --country, --cloud and --intensity, not "
                    + settings.map(\.origin.description).joined(separator: " and "))
        case .environment:
            return InvalidInput(
                settings.map(\.origin.description).joined(separator: " and ")
                    + (settings.count == 2 ? " are both set" : " are all set")
                    + "; set one of FOOTPRINT_REGION, FOOTPRINT_COUNTRY, FOOTPRINT_CLOUD and FOOTPRINT_INTENSITY")
        case .file(let path, _, _):
            return InvalidInput(
                "\(path) sets both " + settings.map(\.key).joined(separator: " and ")
                    + "; keep one of region, country, cloud and intensity")
        }
    }

    /// The location one setting names.
    static func location(_ setting: Setting) throws -> ResolvedLocation {
        let origin = setting.origin
        // How the place was chosen, in its name, when the user did not type it on this command line.
        let chosenBy: String? = if case .flag = origin { nil } else { "set by \(origin)" }
        // Fetched only when a place is named: the bundled catalog costs a few ms to load.
        var catalog: GridCatalog { .bundled }
        func lookUp(_ code: String) throws -> GridRegion {
            do {
                return try catalog.region(code)
            } catch {
                // A name the user did not type here needs saying where it was written.
                if case .flag = origin { throw error }
                throw InvalidInput("\(origin): \(advice(for: error))")
            }
        }
        switch setting.key {
        case "intensity":
            let value = try setting.number(of: "g CO2e/kWh, a number from 0 to 2,000")
            return try ResolvedLocation(intensity: value, origin: origin.description)
        case "country":
            let found = try lookUp(setting.value)
            guard found.kind == .country else { throw notA("country", found: found, setting: setting) }
            return ResolvedLocation(region: found, chosenBy: chosenBy)
        case "cloud":
            let code = setting.value.replacingOccurrences(of: "/", with: ":")
            guard code.contains(":") else {
                throw InvalidInput(
                    "\(origin) takes PROVIDER:REGION, e.g. aws:us-east-1; got \(Format.quoted(setting.value))")
            }
            // em:ZONE has a colon too, but an Electricity Maps zone is no cloud provider's region.
            let found = try lookUp(code)
            guard found.kind == .cloudRegion else { throw notA("cloud region", found: found, setting: setting) }
            return ResolvedLocation(region: found, chosenBy: chosenBy)
        default:
            return ResolvedLocation(region: try lookUp(setting.value), chosenBy: chosenBy)
        }
    }

    /// "--country 'US-CA' is a US state, not a country; use --region for it", said the way the setting was given.
    static func notA(_ wanted: String, found: GridRegion, setting: Setting) -> InvalidInput {
        let instead =
            switch setting.origin {
            case .flag: "--region"
            case .environment: "FOOTPRINT_REGION"
            case .file: "region"
            }
        // "an Electricity Maps zone"; every other label ("a US state") takes "a".
        let article = found.kind == .electricityMapsZone ? "an" : "a"
        return InvalidInput(
            "\(setting.origin) \(Format.quoted(setting.value)) is \(article) \(found.kind.label), not a \(wanted); "
                + "use \(instead) for it")
    }

    /// The PUE to use: `--pue`, else the environment or files, else `fallback`.
    func facility(fallback: Facility) throws -> Facility {
        if let pue { return try Facility(parsing: pue, origin: .flag("--pue")) }
        if let setting = try settings["pue"] { return try Facility(parsing: setting.value, origin: setting.origin) }
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

    init(parsing text: String, origin: SettingOrigin) throws {
        if let value = Double(text.trimmingCharacters(in: .whitespaces)) {
            self.init(pue: try PUE(value, origin: origin.description), source: "given by \(origin)")
        } else if let preset = PUEPreset.named(text) {
            self.init(preset: preset)
            if case .flag = origin {} else { source += ", set by \(origin)" }
        } else {
            throw InvalidInput(
                "\(origin) \(Format.quoted(text)) is neither a number from 1 to 3 nor a preset; presets: "
                    + PUEPreset.all.map(\.name).joined(separator: ", "))
        }
    }

    static let dataCentreAverage = Facility(preset: PUEPreset.defaultDataCentre)
}
