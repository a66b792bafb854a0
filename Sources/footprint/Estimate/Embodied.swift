import ArgumentParser
import FootprintCore

extension Estimate {
    /// The embodied emissions of hardware for the hours it is used (Luccioni et al. 2023).
    struct Embodied: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "embodied",
            abstract: "Embodied CO2e of hardware: its manufacture, shared over the hours it is used.",
            discussion: """
                CO2e = embodied × device-hours ÷ (lifespan × 8,760 h × utilization), for the accelerators and the \
                servers that hold them. Defaults are the BLOOM study's (Luccioni et al. 2023): 150 kg CO2e a GPU, \
                2,500 kg a server of 8 GPUs, 6 years, 85 % in use; each flag below replaces one and the output names \
                what was used. --hardware also takes a server, desktop or laptop of Boavizta's (server, desktop, \
                laptop, laptop-personal), with its own life. Example (BLOOM): --hardware a100-sxm4-80gb --count 384 \
                --hours 2820.29 --servers 48
                """)

        @Option(
            help: ArgumentHelp(
                "An accelerator (see `footprint hardware list`), or gpu, bloom-server, server, desktop, laptop, laptop-personal.",
                valueName: "name"))
        var hardware: String
        @Option(help: "Number of devices, 1 to 10,000,000.") var count: Int = 1
        @Option(help: "Hours each device is used, up to 1,000,000.") var hours: Double
        @Option(help: "Servers that hold the accelerators, 0 to 10,000,000 (default: the count ÷ 8, rounded up).")
        var servers: Int?
        @OptionGroup var assumptions: EmbodiedOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let estimate = try Self.estimate(
                hardware: hardware, count: count, hours: hours, servers: servers, assumptions: assumptions)
            if json {
                try JSONOutput.print(EmbodiedJSON(estimate))
            } else {
                print(
                    ([Terminal.bold("Embodied emissions: making the hardware, shared over the hours used")]
                        + EmbodiedOutput.lines(estimate))
                        .joined(separator: "\n"))
            }
        }

        /// The estimate the flags describe, every figure checked.
        static func estimate(
            hardware: String, count: Int, hours: Double, servers: Int?, assumptions: EmbodiedOptions
        ) throws -> EmbodiedEstimate {
            _ = try EmbodiedOptions.count(count, "--count", from: 1)
            guard hours.isFinite, hours > 0, hours <= EstimateBounds.hours else {
                throw InvalidInput(
                    .outOfBounds, subject: "--hours",
                    "must be a number greater than 0 and at most 1,000,000; got \(Format.significant(hours))")
            }
            let catalog = EmbodiedCatalog.bundled
            let accelerator: EmbodiedDevice
            let found: EmbodiedHardware
            do throws(UnknownHardware) {
                found = try catalog.hardware(hardware)
            } catch {
                throw InvalidInput(
                    .unknownName,
                    error.description + (error.suggestions.isEmpty ? "." : "")
                        + " Run `footprint hardware list` for the known accelerators, or give one of "
                        + catalog.devices.map(\.id).joined(separator: ", ") + " (`footprint hardware embodied`).")
            }
            switch found {
            case .accelerator(let found):
                accelerator = try assumptions.accelerator(found, catalog: catalog)
            case .device(let device) where device.kind == .accelerator:
                accelerator = try assumptions.accelerator(nil, catalog: catalog).renamed(device)
            case .device(let device):
                // A server or a computer on its own: it is the machines, with nothing inside to count.
                if let flag = [
                    ("--servers", servers != nil), ("--device-kg", assumptions.deviceKg != nil),
                    ("--die-area", assumptions.dieArea)
                ].first(where: \.1)?.0 {
                    throw InvalidInput(
                        "\(flag) is for accelerators; \(device.id) is a \(device.kind.rawValue): give its figure with --server-kg"
                    )
                }
                return try EmbodiedEstimate(
                    accelerator: catalog.defaultAccelerator, count: 0,
                    server: try assumptions.applied(to: device, server: true), servers: count, hours: hours)
            }
            let serverCount =
                try servers.map { value throws(InvalidInput) in
                    try EmbodiedOptions.count(value, "--servers", from: 0)
                } ?? EmbodiedEstimate.servers(for: count)
            let server = try assumptions.applied(to: catalog.defaultServer, server: true)
            return try EmbodiedEstimate(
                accelerator: accelerator, count: count, server: server, servers: serverCount, hours: hours)
        }
    }
}

extension EmbodiedDevice {
    /// This device's figures under `other`'s name, for an accelerator the user named by its table id.
    fileprivate func renamed(_ other: EmbodiedDevice) -> EmbodiedDevice {
        var device = self
        device.name = other.name
        return device
    }
}
