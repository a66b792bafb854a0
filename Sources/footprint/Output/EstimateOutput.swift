import FootprintCore

/// Rendering shared by the estimate commands.
enum EstimateOutput {
    /// Prints a single-stage estimate as text or, with `json`, as ``SingleStageJSON``.
    /// `embodied` and `water`, when asked for, come beside the energy's CO2e, not added to it.
    static func show(
        _ estimate: SingleStageEstimate, facility: Facility, location: ResolvedLocation, json: Bool,
        embodied: EmbodiedEstimate? = nil, water: WaterUse? = nil
    ) throws {
        if json {
            var output = SingleStageJSON(estimate, facility: facility, location: location)
            output.embodied = embodied.map(EmbodiedJSON.init)
            output.water = water
            try JSONOutput.print(output)
        } else {
            var lines = [estimate.render(facility: facility, location: location)]
            if let embodied { lines += EmbodiedOutput.lines(embodied, besideOperational: true) }
            if let water { lines += EmbodiedOutput.lines(water, itEnergy: estimate.itEnergy) }
            print(lines.joined(separator: "\n"))
        }
    }

    /// Lines of everyday equivalents for an amount of CO2e.
    static func equivalents(_ mass: CarbonMass) -> [String] {
        CarbonEquivalent.readable(for: mass).prefix(3).map {
            "  ≈ \(Format.significant($0.count)) \($0.equivalent.unit)"
        }
    }

    /// The JSON form of the equivalents.
    static func equivalentsJSON(_ mass: CarbonMass) -> [EquivalentJSON] {
        CarbonEquivalent.all.map { EquivalentJSON(unit: $0.unit, count: $0.count(for: mass), source: $0.source) }
    }

    struct EquivalentJSON: Encodable {
        var unit: String
        var count: Double
        var source: String
    }

    /// JSON for a location and facility.
    struct PUEJSON: Encodable {
        var value: Double
        var source: String
        init(_ facility: Facility) {
            value = facility.pue.value
            source = facility.source
        }
    }
}

/// The JSON object every single-stage method prints.
struct SingleStageJSON: Encodable {
    var method: String
    var energyKWh: Double
    var itEnergyKWh: Double
    var co2eKg: Double
    var co2eLb: Double
    var pue: Double
    var pueSource: String
    var location: ResolvedLocation
    var workings: String
    var equivalents: [EstimateOutput.EquivalentJSON]
    /// The hardware's embodied CO2e, with `--embodied`: beside `co2e_kg`, not in it.
    var embodied: EmbodiedJSON?
    /// The site's water, with `--wue`.
    var water: WaterUse?

    init(_ estimate: SingleStageEstimate, facility: Facility, location: ResolvedLocation) {
        method = estimate.method
        energyKWh = estimate.facilityEnergy.kilowattHours
        itEnergyKWh = estimate.itEnergy.kilowattHours
        co2eKg = estimate.emissions.kilograms
        co2eLb = estimate.emissions.pounds
        pue = estimate.pue.value
        pueSource = facility.source
        self.location = location
        workings = estimate.workings
        equivalents = EstimateOutput.equivalentsJSON(estimate.emissions)
    }

    enum CodingKeys: String, CodingKey {
        case method, pue, location, workings, equivalents, embodied, water
        case energyKWh = "energy_kwh", itEnergyKWh = "it_energy_kwh", co2eKg = "co2e_kg", co2eLb = "co2e_lb"
        case pueSource = "pue_source"
    }
}

extension SingleStageEstimate {
    /// The terminal rendering of a single-stage estimate.
    func render(facility: Facility, location: ResolvedLocation) -> String {
        var lines = [
            Terminal.bold(method),
            "  energy     \(facilityEnergy) at the facility (\(itEnergy) at the machines × PUE \(Format.significant(pue.value)))",
            "  CO2e       \(emissions) (\(Format.significant(emissions.pounds)) lb)",
            "  workings   \(workings) = \(facilityEnergy.formatted(digits: 4))",
            "  grid       \(location.label)",
            "  PUE        \(Format.significant(pue.value)) — \(facility.source)"
        ]
        lines += EstimateOutput.equivalents(emissions)
        return lines.joined(separator: "\n")
    }
}
