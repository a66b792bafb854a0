import ArgumentParser
import FootprintCore

extension HardwareCommand {
    /// `footprint hardware embodied`: the devices with embodied emissions, the published dies of the
    /// die-area model and the WUE presets, each with its source.
    struct Embodied: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "embodied",
            abstract: "List the embodied CO2e of devices, the dies of the die-area model and the WUE presets.")
        @Flag(help: "Print JSON.") var json = false

        struct Output: Encodable {
            var devices: [Device]
            var dies: [Die]
            var wuePresets: [Water]

            struct Device: Encodable {
                var id, name, kind, source: String
                var embodiedKg, lifespanYears, utilization: Double
                enum CodingKeys: String, CodingKey {
                    case id, name, kind, source, utilization
                    case embodiedKg = "embodied_kg", lifespanYears = "lifespan_years"
                }
            }

            struct Die: Encodable {
                var accelerator, node, source: String
                var dieMm2, kgPerCm2, embodiedKg: Double
                enum CodingKeys: String, CodingKey {
                    case accelerator, node, source
                    case dieMm2 = "die_mm2", kgPerCm2 = "kg_per_cm2", embodiedKg = "embodied_kg"
                }
            }

            struct Water: Encodable {
                var name, description, source: String
                var year: Int
                var litresPerKWh: Double
                enum CodingKeys: String, CodingKey {
                    case name, description, source, year
                    case litresPerKWh = "l_per_kwh"
                }
            }

            enum CodingKeys: String, CodingKey {
                case devices, dies
                case wuePresets = "wue_presets"
            }
        }

        func run() throws {
            let catalog = EmbodiedCatalog.bundled
            let dies = catalog.dieArea.dies.values.sorted { $0.accelerator < $1.accelerator }
            if json {
                return try JSONOutput.print(
                    Output(
                        devices: catalog.devices.map {
                            .init(
                                id: $0.id, name: $0.name, kind: $0.kind.rawValue, source: $0.source,
                                embodiedKg: $0.embodied.kilograms, lifespanYears: $0.life.lifespanYears,
                                utilization: $0.life.utilization)
                        },
                        dies: dies.map {
                            .init(
                                accelerator: $0.accelerator, node: $0.node.name, source: $0.source,
                                dieMm2: $0.squareMillimetres, kgPerCm2: $0.node.kilogramsPerSquareCentimetre,
                                embodiedKg: $0.embodied.kilograms)
                        },
                        wuePresets: catalog.waterPresets.map {
                            .init(
                                name: $0.name, description: $0.description, source: $0.source, year: $0.year,
                                litresPerKWh: $0.litresPerKilowattHour)
                        }))
            }
            var devices = TextTable(
                ["id", "device", "kind", "embodied", "life"], alignments: [.left, .left, .left, .right, .right])
            for d in catalog.devices {
                devices.add([
                    d.id, d.name, d.kind.rawValue, "\(Format.significant(d.embodied.kilograms, digits: 4)) kg",
                    "\(Format.significant(d.life.lifespanYears)) y at \(Format.percent(d.life.utilization))"
                ])
            }
            var dieTable = TextTable(
                ["accelerator", "die", "node", "die CO2e"], alignments: [.left, .right, .left, .right])
            for die in dies {
                dieTable.add([
                    die.accelerator, "\(Format.significant(die.squareMillimetres, digits: 4)) mm²", die.node.name,
                    "\(Format.significant(die.embodied.kilograms)) kg"
                ])
            }
            var water = TextTable(["--wue", "L/kWh", "what"], alignments: [.left, .right, .left])
            for preset in catalog.waterPresets {
                water.add([preset.name, Format.significant(preset.litresPerKilowattHour), preset.description])
            }
            print(devices.render())
            print(
                Terminal.dim(
                    "Sources: Luccioni et al. 2023 (gpu, bloom-server); Boavizta (the others). --json for each row's."))
            print("\n" + dieTable.render())
            print(Terminal.dim("Die area × CO2e per cm² of the node (LLMCarbon, Faiz et al. 2024): the die alone."))
            print("\n" + water.render())
            print(Terminal.dim("Each provider's published figure; --json for the sources."))
        }
    }
}
