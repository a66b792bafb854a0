import ArgumentParser
import FootprintCore

/// `footprint hardware`: the accelerator and CPU catalog.
struct HardwareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hardware",
        abstract: "List and show processors with their TDP and peak FLOP/s.",
        subcommands: [List.self, Show.self, Embodied.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List accelerators (and CPUs with --cpus).")
        @Flag(help: "List the CPU models too (about 4,900).") var cpus = false
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let catalog = HardwareCatalog.bundled
            if json {
                return try JSONOutput.print(
                    HardwareJSON(
                        accelerators: catalog.accelerators.map(AcceleratorJSON.init),
                        cpus: cpus ? catalog.cpus.map(CPUJSON.init) : nil))
            }
            var table = TextTable(
                ["id", "name", "TDP", "memory", "fp32", "tf32", "fp16/bf16", "fp8"],
                alignments: [.left, .left, .right, .right, .right, .right, .right, .right])
            for a in catalog.accelerators {
                table.add(
                    [
                        a.id, a.name, "\(Format.significant(a.tdp.watts)) W",
                        "\(Format.significant(a.memoryGigabytes)) GB"
                    ]
                        + Precision.allCases.map { a.peak($0).map { Format.significant($0 / 1e12) } ?? "–" })
            }
            print(table.render())
            print(Terminal.dim("Dense peak TFLOP/s from each datasheet; `footprint hardware show ID` for sources."))
            if cpus {
                var cpuTable = TextTable(["CPU", "TDP"], alignments: [.left, .right])
                for cpu in catalog.cpus { cpuTable.add([cpu.name, "\(Format.significant(cpu.tdp.watts)) W"]) }
                print("\n" + cpuTable.render())
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one accelerator or CPU.")
        @Argument(help: "An accelerator id or name (a100, \"H100 SXM\") or a CPU model name.") var name: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            switch try HardwareCatalog.bundled.hardware(name) {
            case .accelerator(let a):
                if json { return try JSONOutput.print(AcceleratorJSON(a)) }
                var lines = [
                    Terminal.bold(a.name),
                    "  id          \(a.id) (\(a.kind.rawValue), \(a.vendor), \(a.year))",
                    "  TDP         \(a.tdp)"
                ]
                if let average = a.averagePower { lines.append("  average     \(average) (measured in production)") }
                lines.append("  memory      \(Format.significant(a.memoryGigabytes)) GB")
                for precision in Precision.allCases {
                    guard let peak = a.peak(precision) else { continue }
                    lines.append(
                        "  \(precision.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) "
                            + "\(Format.significant(peak / 1e12)) TFLOP/s dense, "
                            + "\(Format.significant(peak / 1e9 / a.tdp.watts)) GFLOP/s per W at TDP")
                }
                if !a.note.isEmpty { lines.append("  note        \(a.note)") }
                lines.append("  source      \(a.source)")
                if !a.aliases.isEmpty { lines.append("  also        \(a.aliases.joined(separator: ", "))") }
                print(lines.joined(separator: "\n"))
            case .cpu(let cpu):
                if json { return try JSONOutput.print(CPUJSON(cpu)) }
                print(
                    [Terminal.bold(cpu.name), "  TDP         \(cpu.tdp)", "  source      \(CPUModel.source)"]
                        .joined(separator: "\n"))
            }
        }
    }
}

struct HardwareJSON: Encodable {
    var accelerators: [AcceleratorJSON]
    var cpus: [CPUJSON]?
}

struct AcceleratorJSON: Encodable {
    var id, name, kind, vendor, source, note: String
    var year: Int
    var aliases: [String]
    var tdpWatts: Double
    var averageWatts: Double?
    var memoryGB: Double
    var peakTFLOPS: [String: Double]

    init(_ a: Accelerator) {
        (id, name, kind, vendor, source, note) = (a.id, a.name, a.kind.rawValue, a.vendor, a.source, a.note)
        (year, aliases, tdpWatts, averageWatts, memoryGB) = (
            a.year, a.aliases, a.tdp.watts, a.averagePower?.watts, a.memoryGigabytes
        )
        peakTFLOPS = Dictionary(uniqueKeysWithValues: a.peakFLOPS.map { ($0.key.rawValue, $0.value / 1e12) })
    }

    enum CodingKeys: String, CodingKey {
        case id, name, kind, vendor, source, note, year, aliases
        case tdpWatts = "tdp_watts", averageWatts = "average_watts", memoryGB = "memory_gb", peakTFLOPS = "peak_tflops"
    }
}

struct CPUJSON: Encodable {
    var name: String
    var tdpWatts: Double
    init(_ cpu: CPUModel) { (name, tdpWatts) = (cpu.name, cpu.tdp.watts) }
    enum CodingKeys: String, CodingKey { case name, tdpWatts = "tdp_watts" }
}
