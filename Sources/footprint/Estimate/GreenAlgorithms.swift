import ArgumentParser
import FootprintCore

extension Estimate {
    /// Lannelongue et al. 2021: E = t · (n_c · P_c · u_c + n_m · P_m) · PUE · PSF.
    struct GreenAlgorithms: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "green-algorithms",
            abstract: "Green Algorithms: E = hours × (cores × watts × usage + GB × W/GB) × PUE × PSF.",
            discussion: """
                PUE 1.67 (Uptime Institute 2019 average) and the world average 475 g CO2e/kWh (IEA 2019), \
                the Green Algorithms calculator's defaults, unless --pue, --region or --intensity say otherwise.
                """)

        @Option(help: "Run time in hours, up to 1,000,000.") var hours: Double
        @Option(help: "Number of cores (or GPUs), 1 to 10,000,000.") var cores: Int
        @Option(help: "Power of one core at full load, watts (TDP / cores for a CPU), up to 100,000.") var coreWatts:
            Double
        @Option(help: "Core usage factor, above 0 and at most 1.") var usage: Double = 1
        @Option(name: .customLong("memory-gb"), help: "Memory available, GB, 0 to 10,000,000.") var memoryGigabytes:
            Double = 0
        @Option(name: .customLong("memory-watts-per-gb"), help: "Memory power per GB, watts, 0 to 10.")
        var memoryWattsPerGigabyte: Double = GreenAlgorithmsMethod.memoryWattsPerGigabyte
        @Option(help: "Pragmatic scaling factor: how many times the job ran, up to 1,000,000.") var psf: Double = 1
        @OptionGroup var carbon: CarbonOptions
        @OptionGroup var water: WaterOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let method = try GreenAlgorithmsMethod(
                hours: hours, cores: cores, corePower: .watts(coreWatts), usage: usage,
                memoryGigabytes: memoryGigabytes, memoryPowerPerGigabyte: .watts(memoryWattsPerGigabyte),
                scalingFactor: psf)
            let facility = try carbon.facility(
                fallback: PUEPreset.named("average-2019").map(Facility.init(preset:))
                    ?? .dataCentreAverage)
            let location = try carbon.location(
                fallback: ResolvedLocation(
                    code: nil, name: "world average (Green Algorithms default)",
                    intensity: GreenAlgorithmsMethod.defaultIntensity,
                    source: "IEA Global Energy & CO2 Status Report 2019, as used by Lannelongue et al. 2021"))
            let estimate = try method.estimate(pue: facility.pue, intensity: location.intensity).checkedFinite()
            try EstimateOutput.show(
                estimate, facility: facility, location: location, json: json,
                water: try water.water(itEnergy: estimate.itEnergy))
        }
    }
}
