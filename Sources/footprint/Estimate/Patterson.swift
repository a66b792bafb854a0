import ArgumentParser
import FootprintCore

extension Estimate {
    /// Patterson et al. 2021: MWh = hours × processors × average watts × PUE.
    struct Patterson: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "patterson",
            abstract: "Patterson et al. 2021: MWh = hours × processors × average power × PUE.",
            discussion: """
                Use measured average power per processor, not TDP, as the paper does. Example (GPT-3): \
                --hours 355.2 --processors 10000 --watts 330 --pue 1.1 --intensity 429
                """)

        @Option(help: "Training time in hours, up to 1,000,000.") var hours: Double
        @Option(help: "Number of processors, 1 to 10,000,000.") var processors: Int
        @Option(help: "Average power of one processor, watts, up to 100,000.") var watts: Double
        @OptionGroup var carbon: CarbonOptions
        @OptionGroup var extras: EmbodiedEstimateOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let method = try PattersonMethod(hours: hours, processors: processors, averagePower: .watts(watts))
            let facility = try carbon.facility(fallback: .dataCentreAverage)
            let location = try carbon.location(fallback: .worldAverage)
            let estimate = try method.estimate(pue: facility.pue, intensity: location.intensity).checkedFinite()
            try EstimateOutput.show(
                estimate, facility: facility, location: location, json: json,
                embodied: try extras.estimate(processors: processors, hours: hours),
                water: try extras.water.water(itEnergy: estimate.itEnergy))
        }
    }
}
