import ArgumentParser
import FootprintCore

/// `footprint regions`: grid carbon intensity by place, and PUE presets.
struct RegionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regions",
        abstract: "List and show grid carbon intensities and PUE presets.",
        subcommands: [List.self, Show.self, PUEList.self, Import.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List regions, lowest intensity first.")
        @Option(help: "Only this kind: \(GridRegion.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var kind: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            var regions = GridCatalog.bundled.regions
            if let kind {
                guard let parsed = GridRegion.Kind(rawValue: kind.lowercased()) else {
                    throw InvalidInput(
                        "--kind must be one of " + GridRegion.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                            + "; got \(Format.quoted(kind)).")
                }
                regions = regions.filter { $0.kind == parsed }
            }
            regions.sort { ($0.intensity, $0.code) < ($1.intensity, $1.code) }
            if json { return try JSONOutput.print(regions.map(RegionJSON.init)) }
            var table = TextTable(
                ["code", "name", "kind", "g CO2e/kWh", "year"], alignments: [.left, .left, .left, .right, .right])
            for region in regions {
                table.add([
                    region.code, region.name, region.kind.label,
                    Format.fixed(region.intensity.gramsPerKilowattHour, decimals: 0), "\(region.year)"
                ])
            }
            print(table.render())
            print(
                Terminal.dim(
                    "\(regions.count) \(regions.count == 1 ? "region" : "regions"). `footprint regions show CODE` for the source of a figure."
                ))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one region's intensity and its source.")
        @Argument(help: "A code or name: DE, DEU, Germany, US-CA, CA-QC, SE1, aws:eu-west-1, em:US-CAL-CISO.")
        var code: String
        @OptionGroup var hourly: HourlyShowOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try hourly.checkFlags()
            let region = try GridCatalog.bundled.region(code)
            if hourly.isRequested { return try hourly.show(region, json: json) }
            if json { return try JSONOutput.print(RegionJSON(region)) }
            var lines = [
                Terminal.bold("\(region.code) — \(region.name)"),
                "  intensity   \(region.intensity) (\(region.year))",
                "  kind        \(region.kind.label)",
                "  source      \(region.source)"
            ]
            if !region.aliases.isEmpty { lines.append("  also        \(region.aliases.joined(separator: ", "))") }
            let world = GridCatalog.worldAverage.intensity.gramsPerKilowattHour
            lines.append(
                "  vs world    \(Format.significant(region.intensity.gramsPerKilowattHour / world))× the world average (\(GridCatalog.worldAverage.intensity))"
            )
            print(lines.joined(separator: "\n"))
        }
    }

    struct PUEList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pue", abstract: "List the PUE presets and their sources.")
        @Flag(help: "Print JSON.") var json = false

        struct PresetJSON: Encodable {
            var name, description, source: String
            var pue: Double
            var year: Int
        }

        func run() throws {
            if json {
                return try JSONOutput.print(
                    PUEPreset.all.map {
                        PresetJSON(
                            name: $0.name, description: $0.description, source: $0.source, pue: $0.pue.value,
                            year: $0.year)
                    })
            }
            var table = TextTable(
                ["preset", "PUE", "year", "what", "source"], alignments: [.left, .right, .right, .left, .left])
            for preset in PUEPreset.all {
                table.add([
                    preset.name, Format.fixed(preset.pue.value, decimals: 2), "\(preset.year)", preset.description,
                    preset.source
                ])
            }
            print(table.render())
        }
    }
}

struct RegionJSON: Encodable {
    var code, name, kind, source: String
    var country: String?
    var aliases: [String]
    var intensityGPerKWh: Double
    var year: Int

    init(_ r: GridRegion) {
        (code, name, kind, source, country, aliases) = (r.code, r.name, r.kind.rawValue, r.source, r.country, r.aliases)
        (intensityGPerKWh, year) = (r.intensity.gramsPerKilowattHour, r.year)
    }

    enum CodingKeys: String, CodingKey {
        case code, name, kind, source, country, aliases, year
        case intensityGPerKWh = "intensity_g_per_kwh"
    }
}
