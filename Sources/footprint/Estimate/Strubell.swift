import ArgumentParser
import FootprintCore

extension Estimate {
    /// Strubell et al. 2019: p_t = 1.58 · t · (p_c + p_r + g · p_g) / 1000.
    struct Strubell: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "strubell",
            abstract: "Strubell et al. 2019: kWh = PUE × hours × (CPU + RAM + GPUs × GPU watts) / 1000.",
            discussion:
                "PUE 1.58 and 0.954 lb CO2e/kWh (the paper's) unless --pue, --region or --intensity say otherwise.")

        @Option(help: "Training time in hours, up to 1,000,000.") var hours: Double
        @Option(help: "Number of GPUs, 0 to 10,000,000.") var gpus: Int = 0
        @Option(help: "Average power of one GPU, watts, 0 to 100,000.") var gpuWatts: Double = 0
        @Option(help: "Average CPU power, watts, 0 to 100,000.") var cpuWatts: Double = 0
        @Option(help: "Average RAM power, watts, 0 to 100,000.") var ramWatts: Double = 0
        @Option(
            help: "Total average power, watts, as the paper's Table 3 reports it (instead of the parts); up to 1e9.")
        var totalWatts: Double?
        @OptionGroup var carbon: CarbonOptions
        @OptionGroup var extras: EmbodiedEstimateOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let method: StrubellMethod
            if let totalWatts {
                guard gpus == 0, gpuWatts == 0, cpuWatts == 0, ramWatts == 0 else {
                    throw InvalidInput(
                        "give --total-watts or the parts (--gpus, --gpu-watts, --cpu-watts, --ram-watts), not both")
                }
                method = try StrubellMethod(hours: hours, totalPower: .watts(totalWatts))
            } else {
                // Half a GPU pair counts 0 W and would be refused as "total power 0", which the user never typed.
                if gpus > 0 && gpuWatts == 0 {
                    throw InvalidInput("--gpus \(gpus) needs --gpu-watts, the average power of one GPU")
                }
                if gpuWatts > 0 && gpus == 0 { throw InvalidInput("--gpu-watts needs --gpus, the number of GPUs") }
                if gpus == 0 && cpuWatts == 0 && ramWatts == 0 {
                    throw InvalidInput(
                        "give the power drawn: --total-watts W, or the parts (--gpus N --gpu-watts W, --cpu-watts, --ram-watts)"
                    )
                }
                method = try StrubellMethod(
                    hours: hours, gpus: gpus, gpuPower: .watts(gpuWatts),
                    cpuPower: .watts(cpuWatts), ramPower: .watts(ramWatts))
            }
            let facility = try carbon.facility(
                fallback: Facility(
                    pue: StrubellMethod.paperPUE, source: "Strubell et al. 2019 (Uptime Institute 2018 average)"))
            let location = try carbon.location(
                fallback: ResolvedLocation(
                    code: nil, name: "US average (Strubell et al. 2019)", intensity: StrubellMethod.paperIntensity,
                    source: "US EPA, 0.954 lb CO2e/kWh, as used by Strubell et al. 2019"))
            // The GPUs are the devices counted; a total power names none.
            if extras.embodied && gpus == 0 {
                throw InvalidInput(
                    "--embodied counts the GPUs: give --gpus N (and --gpu-watts), not only a total power")
            }
            let estimate = try method.estimate(pue: facility.pue, intensity: location.intensity).checkedFinite()
            try EstimateOutput.show(
                estimate, facility: facility, location: location, json: json,
                embodied: try extras.estimate(processors: gpus, hours: hours),
                water: try extras.water.water(itEnergy: estimate.itEnergy))
        }
    }
}
