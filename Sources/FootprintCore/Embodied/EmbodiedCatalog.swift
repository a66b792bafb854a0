/// The embodied emissions Footprint knows: typical devices with their lives, the die-area model's
/// inputs, and providers' water usage effectiveness. Loaded from the bundled tables.
public struct EmbodiedCatalog: Sendable {
    /// Every device, in table order.
    public let devices: [EmbodiedDevice]
    /// LLMCarbon's per-node CPA and the published dies.
    public let dieArea: DieAreaModel
    /// Providers' published WUE figures.
    public let waterPresets: [WaterPreset]
    private let index: [String: Int]

    /// The catalog of the bundled tables.
    public static let bundled: EmbodiedCatalog = {
        do {
            return try EmbodiedCatalog(
                devices: loadDevices(), dieArea: loadDieArea(), waterPresets: loadWaterPresets())
        } catch {
            // Compiled-in tables, checked by the tests: a failure here is a broken build.
            preconditionFailure("\(error)")
        }
    }()

    public init(devices: [EmbodiedDevice], dieArea: DieAreaModel, waterPresets: [WaterPreset]) {
        var index: [String: Int] = [:]
        for (position, device) in devices.enumerated() {
            for key in [device.id, device.name] + device.aliases {
                index[HardwareCatalog.acceleratorKey(key)] = index[HardwareCatalog.acceleratorKey(key)] ?? position
            }
        }
        self.devices = devices
        self.dieArea = dieArea
        self.waterPresets = waterPresets
        self.index = index
    }

    /// The BLOOM study's accelerator: 150 kg CO2e, 6 years at 85 % (Luccioni et al. 2023).
    public var defaultAccelerator: EmbodiedDevice { devices.first { $0.id == "gpu" } ?? devices[0] }

    /// The BLOOM study's server: 2,500 kg CO2e, 6 years at 85 % (Luccioni et al. 2023).
    public var defaultServer: EmbodiedDevice { devices.first { $0.id == "bloom-server" } ?? devices[0] }

    /// The device named `query` (id, name or alias, ignoring case and separators), or nil.
    public func device(_ query: String) -> EmbodiedDevice? {
        index[HardwareCatalog.acceleratorKey(query)].map { devices[$0] }
    }

    /// The WUE preset named `name`, ignoring case.
    public func waterPreset(_ name: String) -> WaterPreset? {
        waterPresets.first { $0.name.lowercased() == name.lowercased() }
    }
}

extension EmbodiedCatalog {
    static func loadDevices() throws -> [EmbodiedDevice] {
        let table = try DataTable.embedded("embodied")
        let c = try (
            id: table.column("id"), name: table.column("name"), aliases: table.column("aliases"),
            kind: table.column("kind"), kg: table.column("embodied_kg"), years: table.column("lifespan_years"),
            use: table.column("utilization"), source: table.column("source"), note: table.column("note")
        )
        return try table.rows.enumerated().map { line, row in
            guard let kind = EmbodiedDevice.Kind(rawValue: String(row[c.kind])), let kg = row[c.kg].number,
                let years = row[c.years].number, let use = row[c.use].number,
                let life = try? HardwareLife(lifespanYears: years, utilization: use)
            else {
                throw DataTable.Malformed(
                    table: "embodied", line: line + 1,
                    reason: .missingValues("kind, embodied_kg, lifespan_years or utilization"))
            }
            return EmbodiedDevice(
                id: String(row[c.id]), name: String(row[c.name]),
                aliases: row[c.aliases].split(separator: ",").map(String.init), kind: kind,
                embodied: .kilograms(kg), life: life, source: String(row[c.source]), note: String(row[c.note]))
        }
    }

    static func loadDieArea() throws -> DieAreaModel {
        let nodeTable = try DataTable.embedded("embodied-nodes")
        let n = try (
            name: nodeTable.column("node"), cpa: nodeTable.column("kg_per_cm2"), source: nodeTable.column("source")
        )
        let nodes = try nodeTable.rows.enumerated().map { line, row in
            guard let cpa = row[n.cpa].number else {
                throw DataTable.Malformed(table: "embodied-nodes", line: line + 1, reason: .missingValues("kg_per_cm2"))
            }
            return DieAreaModel.Node(
                name: String(row[n.name]), kilogramsPerSquareCentimetre: cpa, source: String(row[n.source]))
        }
        let dieTable = try DataTable.embedded("embodied-dies")
        let d = try (
            accelerator: dieTable.column("accelerator"), area: dieTable.column("die_mm2"),
            node: dieTable.column("node"), source: dieTable.column("source")
        )
        let dies = try dieTable.rows.enumerated().map { line, row in
            guard let area = row[d.area].number, let node = nodes.first(where: { $0.name == row[d.node] }) else {
                throw DataTable.Malformed(
                    table: "embodied-dies", line: line + 1,
                    reason: .missingValues("die_mm2 or a node of embodied-nodes"))
            }
            return DieAreaModel.Die(
                accelerator: String(row[d.accelerator]), squareMillimetres: area, node: node,
                source: String(row[d.source]))
        }
        return DieAreaModel(nodes: nodes, dies: dies)
    }

    static func loadWaterPresets() throws -> [WaterPreset] {
        let table = try DataTable.embedded("wue")
        let c = try (
            name: table.column("name"), litres: table.column("litres_per_kwh"), year: table.column("year"),
            description: table.column("description"), source: table.column("source")
        )
        return try table.rows.enumerated().map { line, row in
            guard let litres = row[c.litres].number, let year = Int(row[c.year]) else {
                throw DataTable.Malformed(
                    table: "wue", line: line + 1, reason: .missingValues("litres_per_kwh or year"))
            }
            return WaterPreset(
                name: String(row[c.name]), litresPerKilowattHour: litres, year: year,
                description: String(row[c.description]), source: String(row[c.source]))
        }
    }
}
