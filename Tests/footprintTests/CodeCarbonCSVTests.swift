import Foundation
import Testing

@Suite struct CodeCarbonCSVTests {
    /// The field order of `EmissionsData` in codecarbon 3.3.2 (output_methods/emissions_data.py).
    static let codecarbonHeader = "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,"
        + "cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,"
        + "country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,"
        + "cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,"
        + "cpu_utilization_percent,gpu_utilization_percent,ram_utilization_percent,ram_used_gb,on_cloud,pue,wue"

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func appendsRowsUnderCodeCarbonsHeader() throws {
        let csv = try folder().appendingPathComponent("emissions.csv").path
        let first = try CLIRunner.run(["run", "--quiet", "--csv", csv, "--country", "DE", "--project", "p, \"q\"", "--", "true"])
        #expect(first.status == 0, "\(first.stderr)")
        let json = try CLIRunner.run(["run", "--json", "--csv", csv, "--cloud", "aws:eu-west-1", "--pue", "1.2", "--", "true"]).json()
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(String(lines[0]) == Self.codecarbonHeader)
        // Python's csv module quoting: the project name with a comma and quotes survives.
        #expect(lines[1].contains(",\"p, \"\"q\"\"\","))
        #expect(lines[1].contains(",Germany,DEU,"))
        let last = lines[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let header = Self.codecarbonHeader.split(separator: ",").map(String.init)
        let row = Dictionary(uniqueKeysWithValues: zip(header, last))
        #expect(row["cloud_provider"] == "aws")
        #expect(row["cloud_region"] == "eu-west-1")
        #expect(row["on_cloud"] == "Y")
        #expect(row["pue"] == "1.2")
        #expect(row["run_id"] == json["run_id"] as? String)
        // Same units: kWh and kg.
        let close = { (a: Double?, b: Double?) in
            guard let a, let b else { return false }
            return abs(a - b) <= 1e-12 * max(abs(a), abs(b))
        }
        #expect(close(Double(row["energy_consumed"] ?? ""), json["energy_kwh"] as? Double))
        #expect(close(Double(row["emissions"] ?? ""), json["co2e_kg"] as? Double))
    }

    @Test func aForeignFileIsRefusedBeforeTheRunAndLeftAlone() throws {
        let csv = try folder().appendingPathComponent("other.csv").path
        try Data("a,b,c\n1,2,3\n".utf8).write(to: URL(fileURLWithPath: csv))
        let marker = try folder().appendingPathComponent("ran").path
        let result = try CLIRunner.run(["run", "--csv", csv, "--", "touch", marker])
        #expect(result.status == 2)
        #expect(result.stderr.contains("not CodeCarbon 3.x's emissions.csv"))
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == "a,b,c\n1,2,3\n")
        #expect(!FileManager.default.fileExists(atPath: marker), "the command must not run")
    }
}
