import ArgumentParser
import FootprintCore

/// `--embodied` and `--wue` on the energy estimates: the hardware's embodied CO2e and the site's water,
/// each shown beside the energy's CO2e, never added to it.
struct EmbodiedEstimateOptions: ParsableArguments {
    @Flag(
        help:
            "Also show the embodied CO2e of the processors and the servers that hold them (Luccioni et al. 2023), beside the energy's."
    )
    var embodied = false
    @Option(
        help:
            "With --embodied: servers that hold the processors, 0 to 10,000,000 (default: processors ÷ 8, rounded up).")
    var servers: Int?
    @OptionGroup var assumptions: EmbodiedOptions
    @OptionGroup var water: WaterOptions

    /// The embodied share of `processors` used for `hours`, or nil without `--embodied`.
    /// - Throws: when an embodied figure is given without `--embodied`, which would otherwise be ignored.
    func estimate(processors: Int, hours: Double, accelerator: Accelerator? = nil) throws -> EmbodiedEstimate? {
        guard embodied else {
            if let first = ((servers != nil ? ["--servers"] : []) + assumptions.given).first {
                throw InvalidInput("\(first) needs --embodied: it is a figure of the embodied CO2e")
            }
            return nil
        }
        let catalog = EmbodiedCatalog.bundled
        let serverCount =
            try servers.map { value throws(InvalidInput) in
                try EmbodiedOptions.count(value, "--servers", from: 0)
            } ?? EmbodiedEstimate.servers(for: processors)
        return try EmbodiedEstimate(
            accelerator: try assumptions.accelerator(accelerator, catalog: catalog), count: processors,
            server: try assumptions.applied(to: catalog.defaultServer, server: true), servers: serverCount,
            hours: hours)
    }
}
