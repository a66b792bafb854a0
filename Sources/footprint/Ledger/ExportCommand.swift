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
    /// A footprint run in CodeCarbon's columns and units (kWh, kg, W, s); what the ledger does not
    /// keep (CPU count, RAM size, coordinates) is left empty.
    static func codecarbonValues(_ run: LedgerRun) -> [String: String] {
        let d = run.duration
        let kWh = { (c: Component) in ((run.components[c] ?? .zero) * run.pue).kilowattHours }
        let watts = { (c: Component) in d > 0 ? (run.components[c] ?? .zero).joules / d : 0 }
        var provider = "", region = ""
        if let code = run.locationCode, code.contains(":") {
            let parts = code.split(separator: ":", maxSplits: 1).map(String.init)
            (provider, region) = (parts[0], parts.count > 1 ? parts[1] : "")
        }
        return [
            "timestamp": Timestamp.localNoZone(run.endedAt), "project_name": run.project ?? "codecarbon",
            "run_id": run.id, "experiment_id": run.name, "duration": "\(d)",
            "emissions": "\(run.emissions.kilograms)", "emissions_rate": "\(d > 0 ? run.emissions.kilograms / d : 0)",
            "cpu_power": "\(watts(.cpu))", "gpu_power": "\(watts(.gpu))", "ram_power": "\(watts(.ram))",
            "cpu_energy": "\(kWh(.cpu))", "gpu_energy": "\(kWh(.gpu))", "ram_energy": "\(kWh(.ram))",
            "energy_consumed": "\(run.energy.kilowattHours)", "water_consumed": "0.0",
            "country_name": run.locationName ?? "", "country_iso_code": "", "region": "",
            "cloud_provider": provider, "cloud_region": region, "os": "", "python_version": "", "codecarbon_version": "",
            "cpu_count": "", "cpu_model": run.cpuModel ?? "", "gpu_count": "\(run.gpus.count)",
            "gpu_model": run.gpus.first.map { "\(run.gpus.count) x \($0)" } ?? "", "longitude": "", "latitude": "",
            "ram_total_size": "", "tracking_mode": run.scope, "cpu_utilization_percent": "",
            "gpu_utilization_percent": "", "ram_utilization_percent": "", "ram_used_gb": "",
            "on_cloud": provider.isEmpty ? "N" : "Y", "pue": "\(run.pue)", "wue": "0.0",
        ]
    }
}
