import ArgumentParser
import FootprintCore
import FootprintLedger
import Foundation

extension RunsCommand {
    /// `footprint runs export`: the ledger's runs as JSON or CSV.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export runs as JSON, CSV, or CodeCarbon 3.x's emissions.csv (one row per run).")

        enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json, codecarbon }

        @OptionGroup var ledger: LedgerOptions
        @Option(help: "csv, json or codecarbon.") var format: Format
        @Option(help: "Only this project's runs.") var project: String?
        @Option(help: ArgumentHelp("Write to this file instead of stdout.", valueName: "path")) var output: String?

        /// footprint's own CSV columns: one run per row, SI and display units named in the header.
        static let columns = ["id", "name", "project", "status", "exit_code", "started_at", "duration_s", "scope",
                              "energy_kwh", "co2e_kg", "cpu_kwh", "gpu_kwh", "ram_kwh", "cpu_method", "gpu_method",
                              "ram_method", "pue", "location_code", "intensity_g_per_kwh", "host", "command"]

        func run() throws {
            let runs = try ledger.open().runs(project: project)
            let text: String
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                text = String(decoding: try encoder.encode(runs.map { RunJSON($0) }), as: UTF8.self) + "\n"
            case .csv:
                var lines = [Self.columns.joined(separator: ",")]
                for run in runs {
                    let kWh = { (c: Component) in "\((run.components[c] ?? .zero).kilowattHours)" }
                    let cells: [String] = [
                        run.id, run.name, run.project ?? "", run.status.rawValue, run.exitCode.map { "\($0)" } ?? "",
                        Timestamp.iso8601UTC(run.startedAt), "\(run.duration)", run.scope, "\(run.energy.kilowattHours)",
                        "\(run.emissions.kilograms)", kWh(.cpu), kWh(.gpu), kWh(.ram), run.methods[.cpu] ?? "",
                        run.methods[.gpu] ?? "", run.methods[.ram] ?? "", "\(run.pue)", run.locationCode ?? "",
                        "\(run.intensity.gramsPerKilowattHour)", run.host, run.command.joined(separator: " "),
                    ]
                    lines.append(cells.map(CodeCarbonFormat.escape).joined(separator: ","))
                }
                text = lines.joined(separator: "\n") + "\n"
            case .codecarbon:
                // Oldest first, as CodeCarbon appends.
                let rows = runs.reversed().map { run in
                    let values = CodeCarbonImport.originalValues(of: run) ?? Self.codecarbonValues(run)
                    return CodeCarbonFormat.columns.map { CodeCarbonFormat.escape(values[$0] ?? "") }.joined(separator: ",")
                }
                text = ([CodeCarbonFormat.header] + rows).joined(separator: "\n") + "\n"
            }
            if let output {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output))
                } catch {
                    throw CommandFailure(message: "cannot write \(output): \(error.localizedDescription)")
                }
            } else {
                print(text, terminator: "")
            }
        }
    }
}

extension RunsCommand.Export {
    /// A footprint run in CodeCarbon's columns, through the builder `run --csv` uses; runs recorded
    /// before the ledger kept machine facts leave those cells empty.
    static func codecarbonValues(_ run: LedgerRun) -> [String: String] {
        CodeCarbonFormat.values(CodeCarbonRun(
            timestamp: run.endedAt, project: run.project, runID: run.id, name: run.name, duration: run.duration,
            components: run.components, pue: run.pue, energy: run.energy, emissions: run.emissions,
            locationCode: run.locationCode, scope: run.scope, cpuModel: run.cpuModel, gpuNames: run.gpus,
            machine: run.machine))
    }
}
