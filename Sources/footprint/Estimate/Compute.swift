import ArgumentParser
import FootprintCore
import FootprintModels

extension Estimate {
    /// FLOPs = processors × FLOP/s × time × utilisation, and PF/s-days; or, from a model and a
    /// token count, the FLOPs, device-hours, wall-clock time, energy and CO2e of training it.
    struct Compute: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compute",
            abstract:
                "Training compute: FLOPs = processors × peak FLOP/s × time × utilization, or from --model and --tokens.",
            discussion: """
                Give --flops-per-second, or --hardware (and --precision) to take the datasheet peak. With \
                --hardware the energy at TDP and its CO2e are printed too: an upper bound, since few runs \
                hold TDP. Example (AlexNet, from Amodei & Hernandez 2018): --processors 2 --flops-per-second 1.58e12 --days 5.5 --utilization 0.33

                With --model (a Hugging Face config.json, or any model counted per token) and --tokens, the time \
                follows instead: FLOPs = tokens × training FLOPs per token (--flop-count exact, 3 × forward at \
                the context, or 6nd, 6 × parameters); device-hours = FLOPs ÷ (peak × utilization); wall-clock = \
                device-hours ÷ --count; energy = device-hours × --power (default TDP) × PUE; CO2e for the place. \
                Example (Llama 2 7B, Touvron et al. 2023): --model config.json --tokens 2e12 --hardware \
                a100-sxm4-80gb --count 2048 --utilization 0.44 --pue 1.1 --intensity 385

                A model counted per sample (a spec or an ONNX file) trains on --samples instead (samples × epochs), \
                at 3 × its forward FLOPs per sample.
                """)

        @Option(name: [.long, .customLong("count")], help: "Number of processors (GPUs), 1 to 10,000,000.")
        var processors: Int
        @Option(help: "Peak FLOP/s of one processor, up to 1e18.") var flopsPerSecond: Double?
        @Option(help: "Take the peak from the hardware catalog (see `footprint hardware list`).") var hardware: String?
        @Option(help: "Precision for --hardware: fp32, tf32, fp16 (bf16), fp8; default fp32, bf16 with --model.")
        var precision: String?
        @Option(help: "Run time in hours, up to 1,000,000.") var hours: Double?
        @Option(help: "Run time in days, instead of --hours; up to 41,666 (1,000,000 hours).") var days: Double?
        @Option(help: "Average share of peak achieved, 0 to 1.") var utilization: Double = 0.33
        @OptionGroup var carbon: CarbonOptions
        @Option(help: "A model to train: a Hugging Face config.json (or a spec or ONNX file counted per token).")
        var model: String?
        @Option(help: "Tokens to train --model on, up to 1e15.") var tokens: Double?
        @Option(
            help:
                "Samples to train a --model counted per sample (a spec or ONNX file) on: samples × epochs, up to 1e15.")
        var samples: Double?
        @Option(help: "Average power of one device in watts with --model, up to 100,000 (default: its TDP).")
        var power: Double?
        @Option(
            help: "Training FLOPs per token with --model: exact (3 × forward at the context) or 6nd (6 × parameters).")
        var flopCount: FLOPCount?
        @OptionGroup var modelOptions: ModelOptions
        @OptionGroup var extras: EmbodiedEstimateOptions
        @Flag(help: "Print JSON.") var json = false

        struct Output: Encodable {
            var flops: Double
            var pfSDays: Double
            var processors: Int
            var flopsPerSecond: Double
            var hours: Double
            var utilization: Double
            var hardware: String?
            var energyKWh: Double?
            var co2eKg: Double?
            var pue: Double?
            var location: ResolvedLocation?
            /// With --embodied: the processors' and servers' embodied CO2e, beside `co2e_kg`.
            var embodied: EmbodiedJSON?
            /// With --wue: the site's water for the energy at TDP.
            var water: WaterUse?

            enum CodingKeys: String, CodingKey {
                case flops, processors, hours, utilization, hardware, pue, location, embodied, water
                case pfSDays = "pf_s_days", flopsPerSecond = "flops_per_second", energyKWh = "energy_kwh", co2eKg =
                    "co2e_kg"
            }
        }

        /// The peak FLOP/s of one processor, from --flops-per-second or the catalog's --hardware at
        /// `precision`, and the accelerator when named.
        func peak(precision: Precision) throws -> (flops: Double, accelerator: Accelerator?) {
            let accelerator = try hardware.map { name throws in try HardwareCatalog.bundled.accelerator(name) }
            switch (flopsPerSecond, accelerator) {
            case (let given?, nil): return (given, nil)
            case (nil, let accelerator?):
                guard let value = accelerator.peak(precision) else {
                    throw InvalidInput(
                        "\(accelerator.name) has no published \(precision.rawValue) peak; try another --precision")
                }
                return (value, accelerator)
            case (nil, nil): throw InvalidInput("give --flops-per-second or --hardware")
            case (_?, _?): throw InvalidInput("give --flops-per-second or --hardware, not both")
            }
        }

        func run() throws {
            if let model {
                if extras.embodied || extras.water.wue != nil {
                    throw InvalidInput(
                        "--embodied and --wue are for a compute estimate of --hours or --days; with --model, "
                            + "take its device-hours to `footprint estimate embodied`")
                }
                return try runModel(model)
            }
            let modelFlags = [
                ("--tokens", tokens != nil), ("--samples", samples != nil), ("--power", power != nil),
                ("--flop-count", flopCount != nil),
                ("--context", modelOptions.context != nil),
                ("--dim", !modelOptions.dimensions.isEmpty)
            ]
            if let given = modelFlags.first(where: \.1)?.0 {
                throw InvalidInput("\(given) needs --model: it describes the model to train")
            }
            let (peak, accelerator) = try peak(precision: try Precision.flag(precision ?? "fp32"))
            // Without --hardware there is no power, so no energy or CO2e: a place or PUE would be ignored.
            if accelerator == nil, let given = carbonFlags.first(where: \.1)?.0 {
                throw InvalidInput(
                    "\(given) needs --hardware: with --flops-per-second only compute is estimated, "
                        + "no energy or CO2e")
            }
            let time: Double
            switch (hours, days) {
            case (let h?, nil): time = h
            case (nil, let d?):
                guard d.isFinite, d > 0, d * 24 <= EstimateBounds.hours else {
                    throw InvalidInput(
                        "--days must be a number greater than 0 and at most "
                            + "\(Format.significant(EstimateBounds.hours / 24, digits: 6)); got \(Format.significant(d))"
                    )
                }
                time = d * 24
            case (nil, nil): throw InvalidInput("give --hours or --days")
            case (_?, _?): throw InvalidInput("give --hours or --days, not both")
            }
            let estimate = try ComputeEstimate(
                processors: processors, peakFLOPS: peak, hours: time, utilization: utilization)

            var output = Output(
                flops: estimate.flops, pfSDays: estimate.petaflopSecondDays, processors: processors,
                flopsPerSecond: peak, hours: time, utilization: utilization, hardware: accelerator?.name)
            var energyLines: [String] = []
            let embodied = try extras.estimate(processors: processors, hours: time, accelerator: accelerator)
            if extras.water.wue != nil && accelerator == nil {
                throw InvalidInput("--wue needs --hardware: with --flops-per-second no energy is estimated")
            }
            if let accelerator {
                let facility = try carbon.facility(fallback: .dataCentreAverage)
                let location = try carbon.location(fallback: .worldAverage)
                let energy = facility.pue.facilityEnergy(accelerator.tdp * Double(processors) * estimate.duration)
                let emissions = location.intensity.emissions(for: energy)
                output.energyKWh = energy.kilowattHours
                output.co2eKg = emissions.kilograms
                output.pue = facility.pue.value
                output.location = location
                energyLines = [
                    "  energy     \(energy) at TDP (\(accelerator.tdp) × \(processors), PUE \(Format.significant(facility.pue.value))) — an upper bound",
                    "  CO2e       \(emissions)",
                    "  grid       \(location.label)"
                ]
                let itEnergy = accelerator.tdp * Double(processors) * estimate.duration
                if let water = try extras.water.water(itEnergy: itEnergy) {
                    output.water = water
                    energyLines += EmbodiedOutput.lines(water, itEnergy: itEnergy)
                }
            }
            if let embodied {
                output.embodied = EmbodiedJSON(embodied)
                energyLines += EmbodiedOutput.lines(embodied, besideOperational: accelerator != nil)
            }
            try EstimateBounds.requireFinite(
                [output.flops, output.pfSDays, output.energyKWh ?? 0, output.co2eKg ?? 0], in: "compute estimate")
            if json { return try JSONOutput.print(output) }
            print(
                ([
                    Terminal.bold("Compute (processors × peak × time × utilization)"),
                    "  FLOPs      \(Format.significant(estimate.flops)) FLOP",
                    "  PF/s-days  \(Format.significant(estimate.petaflopSecondDays))",
                    "  workings   \(processors) × \(Format.significant(peak)) FLOP/s × \(Format.significant(time * 3600, digits: 6)) s × \(Format.significant(utilization))"
                ] + energyLines).joined(separator: "\n"))
        }
    }
}
