import Foundation
import Testing

@Suite struct CodeCarbonCSVTests {
    /// The field order of `EmissionsData` in codecarbon 3.3.2 (output_methods/emissions_data.py).
    static let codecarbonHeader =
        "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,"
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
        let first = try CLIRunner.run([
            "run", "--quiet", "--csv", csv, "--country", "DE", "--project", "p, \"q\"", "--", "true"
        ])
        #expect(first.status == 0, "\(first.stderr)")
        let json = try CLIRunner.run([
            "run", "--json", "--csv", csv, "--cloud", "aws:eu-west-1", "--pue", "1.2", "--", "true"
        ]).json()
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

@Suite struct RunsCommandTests {
    @Test func exportCodeCarbonImportAndCompare() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-runs-\(UUID().uuidString)")
        let env = ["FOOTPRINT_DATA_DIR": data.path]
        #expect(
            try CLIRunner.run(["run", "--quiet", "--country", "DE", "--name", "first", "--", "true"], environment: env)
                .status == 0)
        #expect(
            try CLIRunner.run(["run", "--quiet", "--country", "FR", "--name", "second", "--", "true"], environment: env)
                .status == 0)
        let exported = try CLIRunner.run(["runs", "export", "--format", "codecarbon"], environment: env)
        let lines = exported.stdout.split(separator: "\n")
        #expect(String(lines[0]) == CodeCarbonCSVTests.codecarbonHeader)
        #expect(lines.count == 3)
        // Exported rows import into another ledger.
        let file = data.appendingPathComponent("export.csv")
        try Data(exported.stdout.utf8).write(to: file)
        let other = ["FOOTPRINT_DATA_DIR": data.appendingPathComponent("other").path]
        let imported = try CLIRunner.run(["runs", "import", file.path], environment: other)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Imported 2 runs"))
        let listed = try CLIRunner.run(["runs", "--json"], environment: env)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let ids = rows.compactMap { $0["id"] as? String }
        let compared = try CLIRunner.run(["runs", "compare"] + ids, environment: env)
        #expect(compared.status == 0)
        #expect(compared.stdout.contains("vs first"))
        #expect(compared.stdout.contains("DE") && compared.stdout.contains("FR"))
        let one = try CLIRunner.run(["runs", "compare", ids[0]], environment: env)
        #expect(one.status == 2)
    }

    /// One builder writes both: a run exported from the ledger reads as `run --csv` wrote it, the
    /// machine columns included (only the timestamp differs: CodeCarbon stamps the time of writing).
    @Test func ledgerExportMatchesTheRowTheRunWrote() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-same-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let env = ["FOOTPRINT_DATA_DIR": data.path]
        let csv = data.appendingPathComponent("emissions.csv").path
        let ran = try CLIRunner.run(
            [
                "run", "--quiet", "--csv", csv, "--region", "aws:eu-west-1", "--pue", "1.3", "--project", "same",
                "--", "true"
            ], environment: env)
        #expect(ran.status == 0, "\(ran.stderr)")
        let exported = try CLIRunner.run(["runs", "export", "--format", "codecarbon"], environment: env)
        let header = CodeCarbonCSVTests.codecarbonHeader.split(separator: ",").map(String.init)
        func row(_ text: String) throws -> [String: String] {
            let lines = text.split(separator: "\n")
            try #require(lines.count == 2, "\(text)")
            return Dictionary(
                uniqueKeysWithValues: zip(
                    header, lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
        var written = try row(try String(contentsOfFile: csv, encoding: .utf8)), fromLedger = try row(exported.stdout)
        for key in ["cpu_count", "ram_total_size", "cpu_utilization_percent", "os"] {
            #expect(!(fromLedger[key] ?? "").isEmpty, "\(key) is kept in the ledger")
        }
        written["timestamp"] = nil
        fromLedger["timestamp"] = nil
        #expect(fromLedger == written)
    }

    @Test func badImportIsAUsageErrorThatListsTheLines() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let file = data.appendingPathComponent("bad.csv")
        try Data("timestamp,run_id,duration,emissions,energy_consumed\n2024-01-01T00:00:00,a,1,x,1\n".utf8).write(
            to: file)
        let result = try CLIRunner.run(["runs", "import", file.path], environment: ["FOOTPRINT_DATA_DIR": data.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("line 2: emissions 'x'"))
        #expect(result.stderr.contains("fix them, or add --skip-bad to import the other rows"), "\(result.stderr)")
        let empty = try CLIRunner.run(["runs", "--json"], environment: ["FOOTPRINT_DATA_DIR": data.path])
        #expect(empty.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || empty.stdout.contains("[]"))
    }

    @Test func deleteAsksUnlessTold() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-delete-\(UUID().uuidString)")
        let env = ["FOOTPRINT_DATA_DIR": data.path]
        _ = try CLIRunner.run(["run", "--quiet", "--", "true"], environment: env)
        let rows = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try CLIRunner.run(["runs", "--json"], environment: env).stdout.utf8)) as? [[String: Any]])
        let id = try #require(rows.first?["id"] as? String)
        let refused = try CLIRunner.run(["runs", "delete", id], environment: env)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--yes"))
        let deleted = try CLIRunner.run(["runs", "delete", id, "--yes"], environment: env)
        #expect(deleted.stdout.contains("Deleted 1 run."))
    }
}
