import ArgumentParser
import FootprintCore
import Foundation

/// The figures embodied emissions are amortised with, each overriding the BLOOM study's default
/// (Luccioni et al. 2023: 150 kg CO2e a GPU, 2,500 kg a server, 6 years, 85 % in use).
struct EmbodiedOptions: ParsableArguments {
    @Option(
        name: .customLong("device-kg"),
        help: ArgumentHelp(
            "Embodied kg CO2e of one accelerator, 0 to 100,000 (default 150, Luccioni et al. 2023 for BLOOM's A100s).",
            valueName: "kg"))
    var deviceKg: Double?
    @Flag(
        name: .customLong("die-area"),
        help:
            "Take the accelerator's embodied CO2e from its die area × its process node's CO2e per cm² (LLMCarbon, Faiz et al. 2024), where both are published: the die alone, a lower bound."
    )
    var dieArea = false
    @Option(
        name: .customLong("server-kg"),
        help: ArgumentHelp(
            "Embodied kg CO2e of one server, 0 to 100,000 (default 2,500, BLOOM's HPE Apollo 6500 nodes).",
            valueName: "kg"))
    var serverKg: Double?
    @Option(
        help: ArgumentHelp("Hardware lifespan in years, above 0 and up to 30 (default 6, BLOOM's).", valueName: "years")
    )
    var lifespanYears: Double?
    @Option(
        help: ArgumentHelp(
            "Share of its lifespan the hardware is in use, above 0 and at most 1 (default 0.85, BLOOM's).",
            valueName: "share"))
    var lifetimeUtilization: Double?

    /// A device count from a flag: a whole number from `minimum` to 10,000,000 (``EstimateBounds/processors``).
    static func count(_ value: Int, _ flag: String, from minimum: Int) throws(InvalidInput) -> Int {
        guard value >= minimum, value <= EstimateBounds.processors else {
            throw InvalidInput(
                .outOfBounds, subject: flag, "must be a whole number from \(minimum) to 10,000,000; got \(value)")
        }
        return value
    }

    /// The flags given, for "needs --embodied".
    var given: [String] {
        [
            ("--device-kg", deviceKg != nil), ("--die-area", dieArea), ("--server-kg", serverKg != nil),
            ("--lifespan-years", lifespanYears != nil), ("--lifetime-utilization", lifetimeUtilization != nil)
        ].filter(\.1).map(\.0)
    }

    /// The lifespan and utilization given, the other taken from `base`; nil when neither is given.
    func life(base: HardwareLife) throws -> (HardwareLife, origin: String)? {
        guard lifespanYears != nil || lifetimeUtilization != nil else { return nil }
        let years = try lifespanYears.map { value throws(OutOfRange) in
            try PlausibleRange.lifespanYears.check(value, origin: "--lifespan-years")
        }
        let share = try lifetimeUtilization.map { value throws(OutOfRange) in
            try PlausibleRange.lifetimeUtilization.check(value, origin: "--lifetime-utilization")
        }
        let origin = [years.map { _ in "--lifespan-years" }, share.map { _ in "--lifetime-utilization" }]
            .compactMap { $0 }.joined(separator: " and ")
        return (
            try HardwareLife(lifespanYears: years ?? base.lifespanYears, utilization: share ?? base.utilization),
            origin
        )
    }

    /// The accelerator's figures: `--device-kg`, else `--die-area` for `accelerator`, else the BLOOM
    /// study's 150 kg; the life from the flags, else the catalog's.
    func accelerator(_ accelerator: Accelerator?, catalog: EmbodiedCatalog = .bundled) throws -> EmbodiedDevice {
        var device = catalog.defaultAccelerator
        if let accelerator { device.name = accelerator.name }
        if dieArea {
            if deviceKg != nil { throw InvalidInput("give --device-kg or --die-area, not both") }
            guard let accelerator else {
                throw InvalidInput("--die-area needs --hardware: the accelerator whose die it takes")
            }
            guard let die = catalog.dieArea.die(of: accelerator) else {
                let known = catalog.dieArea.dies.keys.sorted().joined(separator: ", ")
                throw InvalidInput(
                    .unknownName,
                    "\(accelerator.name) has no published die area and process node; --die-area knows \(known); "
                        + "or give --device-kg")
            }
            device.embodied = die.embodied
            device.source =
                "die-area model (LLMCarbon, Faiz et al. 2024): \(die.workings), the die alone; \(die.source); "
                + "\(die.node.source)"
        }
        let kg = try deviceKg.map { value throws(OutOfRange) in
            try PlausibleRange.embodiedKilograms.check(value, origin: "--device-kg")
        }
        return device.replacing(
            embodied: kg.map { (.kilograms($0), "--device-kg") }, life: try life(base: device.life))
    }

    /// `device` with `--server-kg` (when `server` is true) and the life flags applied.
    func applied(to device: EmbodiedDevice, server: Bool) throws -> EmbodiedDevice {
        let kg =
            try server
            ? serverKg.map { value throws(OutOfRange) in
                try PlausibleRange.embodiedKilograms.check(value, origin: "--server-kg")
            } : nil
        return device.replacing(embodied: kg.map { (.kilograms($0), "--server-kg") }, life: try life(base: device.life))
    }
}

/// `--wue`: litres of water per kWh of IT energy, a number or a provider's published figure.
struct WaterOptions: ParsableArguments {
    @Option(
        name: .customLong("wue"),
        help: ArgumentHelp(
            "Water usage effectiveness, L/kWh of IT energy (0 to 20), or a preset: "
                + EmbodiedCatalog.bundled.waterPresets.map(\.name).joined(separator: ", ")
                + "; prints the litres of water beside the CO2e.",
            valueName: "l-per-kwh"))
    var wue: String?

    /// The water of `itEnergy`, or nil without `--wue`.
    func water(itEnergy: Energy) throws -> WaterUse? {
        guard let wue else { return nil }
        let catalog = EmbodiedCatalog.bundled
        if let value = Double(wue.trimmingCharacters(in: .whitespaces)) {
            let checked = try PlausibleRange.waterUsageEffectiveness.check(value, origin: "--wue")
            return WaterUse(itEnergy: itEnergy, litresPerKilowattHour: checked, source: "given by --wue")
        }
        guard let preset = catalog.waterPreset(wue) else {
            throw InvalidInput(
                .unknownName,
                "--wue \(Format.quoted(wue)) is neither a number from 0 to 20 (L/kWh) nor a preset; presets: "
                    + catalog.waterPresets.map(\.name).joined(separator: ", "))
        }
        return WaterUse(
            itEnergy: itEnergy, litresPerKilowattHour: preset.litresPerKilowattHour,
            source: "\(preset.name): \(preset.description), \(preset.source)")
    }
}
