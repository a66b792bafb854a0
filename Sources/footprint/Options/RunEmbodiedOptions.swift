import ArgumentParser
import FootprintCore
import FootprintMeter

/// `--embodied` and `--wue` for a measured run (`footprint run`, `footprint report`): worked out from what
/// the run recorded (its GPUs and its duration) when shown, so that nothing new is stored and a report
/// can show any run, old ones included, with other figures.
struct RunEmbodiedOptions: ParsableArguments {
    @Flag(
        help:
            "Also show the embodied CO2e of the run's GPUs and machine for its duration (Luccioni et al. 2023), beside the energy's."
    )
    var embodied = false
    @Option(
        name: .customLong("embodied-machine"),
        help: ArgumentHelp(
            "With --embodied: the machine the run ran on: bloom-server, server, desktop, laptop, laptop-personal or "
                + "none (default: bloom-server when the run saw GPUs, else server).",
            valueName: "name"))
    var machine: String?
    @OptionGroup var assumptions: EmbodiedOptions
    @OptionGroup var water: WaterOptions

    /// Refuses what would be ignored or cannot be used, before anything is measured.
    func check() throws {
        guard embodied else {
            if let first = ((machine != nil ? ["--embodied-machine"] : []) + assumptions.given).first {
                throw InvalidInput("\(first) needs --embodied: it is a figure of the embodied CO2e")
            }
            _ = try water.water(itEnergy: .zero)
            return
        }
        _ = try machineDevice(hasGPUs: true)
        // --die-area takes the die of the GPUs the run will see; the other figures are checked now.
        if assumptions.dieArea {
            if assumptions.deviceKg != nil { throw InvalidInput("give --device-kg or --die-area, not both") }
            _ = try assumptions.life(base: EmbodiedCatalog.bundled.defaultAccelerator.life)
        } else {
            _ = try assumptions.accelerator(nil)
        }
        _ = try water.water(itEnergy: .zero)
    }

    /// The machine `--embodied-machine` names (nil for none), else the default for a run with or without GPUs.
    func machineDevice(hasGPUs: Bool) throws -> EmbodiedDevice? {
        let catalog = EmbodiedCatalog.bundled
        guard let machine else {
            return try assumptions.applied(to: catalog.defaultMachine(hasGPUs: hasGPUs), server: true)
        }
        if machine.lowercased() == "none" { return nil }
        let machines = catalog.devices.filter { $0.kind != .accelerator }
        guard let device = catalog.device(machine), device.kind != .accelerator else {
            throw InvalidInput(
                .unknownName,
                "--embodied-machine \(Format.quoted(machine)) is not a machine; give one of "
                    + (machines.map(\.id) + ["none"]).joined(separator: ", "))
        }
        return try assumptions.applied(to: device, server: true)
    }

    /// The run's share of its hardware's embodied CO2e, or nil without `--embodied`.
    /// - Parameters:
    ///   - gpus: the GPU names the run recorded (NVML's), each counted as one accelerator.
    ///   - seconds: the run's duration.
    func estimate(gpus: [String], seconds: Double) throws -> EmbodiedEstimate? {
        guard embodied else { return nil }
        // --die-area needs the GPU's die: the first GPU's name, as NVML gave it, finds it in the catalog.
        var accelerator: Accelerator?
        if assumptions.dieArea, let name = gpus.first {
            accelerator = try HardwareCatalog.bundled.accelerator(name)
        }
        let device =
            assumptions.dieArea && gpus.isEmpty
            ? EmbodiedCatalog.bundled.defaultAccelerator : try assumptions.accelerator(accelerator)
        return try EmbodiedEstimate(
            gpus: gpus.count, accelerator: device, machine: try machineDevice(hasGPUs: !gpus.isEmpty), seconds: seconds)
    }
}

extension RunEmbodiedOptions {
    /// The embodied CO2e and water of a run that has ended. The run is measured and recorded by now, so
    /// a figure that cannot be made (a GPU without a published die) becomes a note, not a failure.
    func figures(for summary: inout RunSummary) -> (EmbodiedEstimate?, WaterUse?) {
        do {
            return (
                try estimate(gpus: summary.machine.gpuNames, seconds: summary.duration),
                try water.water(itEnergy: summary.itEnergy)
            )
        } catch let error as UnknownHardware {
            summary.notes.append("embodied CO2e not shown: \(error.description)")
        } catch {
            summary.notes.append("embodied CO2e not shown: \((error as? InvalidInput)?.message ?? "\(error)")")
        }
        return (nil, nil)
    }
}

/// A run's summary with what `--embodied` and `--wue` add: one JSON object, the summary's keys and
/// `embodied` and `water` beside them.
struct RunSummaryWithExtras<Summary: Encodable>: Encodable {
    var summary: Summary
    var embodied: EmbodiedJSON?
    var water: WaterUse?

    enum CodingKeys: String, CodingKey { case embodied, water }

    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(embodied, forKey: .embodied)
        try container.encodeIfPresent(water, forKey: .water)
    }
}
