import ArgumentParser
import FootprintCore

extension Estimate {
    /// FLOPs = processors × FLOP/s × time × utilisation, and PF/s-days.
    struct Compute: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compute",
            abstract: "Training compute: FLOPs = processors × peak FLOP/s × time × utilization, in PF/s-days too.",
            discussion: """
                Give --flops-per-second, or --hardware (and --precision) to take the datasheet peak. With \
                --hardware the energy at TDP and its CO2e are printed too: an upper bound, since few runs \
                hold TDP. Example (AlexNet, from Amodei & Hernandez 2018): --processors 2 --flops-per-second 1.58e12 --days 5.5 --utilization 0.33
                """)

        @Option(help: "Number of processors, 1 to 10,000,000.") var processors: Int
        @Option(help: "Peak FLOP/s of one processor, up to 1e18.") var flopsPerSecond: Double?
        @Option(help: "Take the peak from the hardware catalog (see `footprint hardware list`).") var hardware: String?
        @Option(help: "Precision for --hardware: fp32, tf32, fp16 (bf16), fp8.") var precision: String = "fp32"
        @Option(help: "Run time in hours, up to 1,000,000.") var hours: Double?
        @Option(help: "Run time in days, instead of --hours; up to 41,666 (1,000,000 hours).") var days: Double?
        @Option(help: "Average share of peak achieved, 0 to 1.") var utilization: Double = 0.33
        @OptionGroup var carbon: CarbonOptions
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

            enum CodingKeys: String, CodingKey {
                case flops, processors, hours, utilization, hardware, pue, location
                case pfSDays = "pf_s_days", flopsPerSecond = "flops_per_second", energyKWh = "energy_kwh", co2eKg =
                    "co2e_kg"
            }
        }

        func run() throws {
            let accelerator = try hardware.map { name throws in try HardwareCatalog.bundled.accelerator(name) }
            let parsedPrecision = try Precision.flag(precision)
            let peak: Double
            switch (flopsPerSecond, accelerator) {
            case (let given?, nil): peak = given
            case (nil, let accelerator?):
                guard let value = accelerator.peak(parsedPrecision) else {
                    throw InvalidInput(
                        "\(accelerator.name) has no published \(parsedPrecision.rawValue) peak; try another --precision"
                    )
                }
                peak = value
            case (nil, nil): throw InvalidInput("give --flops-per-second or --hardware")
            case (_?, _?): throw InvalidInput("give --flops-per-second or --hardware, not both")
            }
            // Without --hardware there is no power, so no energy or CO2e: a place or PUE would be ignored.
            let placeFlags = [
                ("--region", carbon.region != nil), ("--country", carbon.country != nil),
                ("--cloud", carbon.cloud != nil),
                ("--intensity", carbon.intensity != nil), ("--pue", carbon.pue != nil)
            ]
            if accelerator == nil, let given = placeFlags.first(where: \.1)?.0 {
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
