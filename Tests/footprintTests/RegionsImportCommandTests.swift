import Foundation
import Testing

/// `footprint regions import` and `regions show --at/--history`, end to end on the built binary,
/// with files in the shapes Electricity Maps' data portal and a plain time,zone,intensity CSV use.
@Suite struct RegionsImportCommandTests {
    static let header =
        "Datetime (UTC),Country,Zone name,Zone id,Carbon intensity gCO₂eq/kWh (direct),"
        + "Carbon intensity gCO₂eq/kWh (Life cycle),Carbon-free energy percentage (CFE%),"
        + "Renewable energy percentage (RE%),Data source,Data estimated,Data estimation method"

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-regions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// An hourly Electricity Maps file of Germany for 2026-11-30 and -31…, `hours` long: life-cycle
    /// 300 + hour, direct 200 + hour.
    func germany(in folder: URL, hours: Int = 48, name: String = "DE_2026_hourly.csv") throws -> String {
        let start = 1_795_996_800.0
        let rows = (0..<hours).map { h in
            let time = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: start + Double(h) * 3_600))
                .replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
            return "\(time),Germany,Germany,DE,\(200 + h),\(300 + h),50,45,entsoe.eu,false,"
        }
        let path = folder.appendingPathComponent(name).path
        try (Self.header + "\n" + rows.joined(separator: "\n") + "\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func importsAnElectricityMapsFileAndShowsTheHourCoveringAnInstant() throws {
        let dir = try folder()
        let ledger = dir.appendingPathComponent("ledger.sqlite").path
        let file = try germany(in: dir)
        let imported = try CLIRunner.run(["regions", "import", file, "--ledger", ledger, "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let json = try imported.json()
        #expect(json["inserted"] as? Int == 96 && json["replaced"] as? Int == 0 && json["bad_rows"] as? Int == 0)
        let files = json["files"] as? [[String: Any]]
        #expect(files?.first?["zones"] as? [String] == ["DE"])
        #expect(files?.first?["factors"] as? [String] == ["lifecycle", "direct"])
        #expect(files?.first?["from"] as? String == "2026-11-30T00:00:00Z")
        #expect(files?.first?["to"] as? String == "2026-12-02T00:00:00Z")
        #expect(files?.first?["source"] as? String == "imported from DE_2026_hourly.csv")

        let at = try CLIRunner.run([
            "regions", "show", "Germany", "--at", "2026-11-30T14:30Z", "--ledger", ledger, "--json"
        ])
        #expect(at.status == 0, "\(at.stderr)")
        let shown = try at.json()
        #expect(shown["basis"] as? String == "hourly" && shown["zone"] as? String == "DE")
        let readings = shown["readings"] as? [[String: Any]] ?? []
        #expect(readings.map { $0["factor"] as? String } == ["lifecycle", "direct"])
        #expect(readings.map { $0["intensity_g_per_kwh"] as? Double } == [314, 214])
        #expect(readings.first?["start"] as? String == "2026-11-30T14:00:00Z")

        let text = try CLIRunner.run(["regions", "show", "DE", "--at", "2026-11-30T14:30Z", "--ledger", ledger])
        #expect(text.status == 0)
        #expect(text.stdout.contains("life-cycle average") && text.stdout.contains("imported from DE_2026_hourly.csv"))
        #expect(text.stdout.contains("314") && text.stdout.contains("annual average"))

        // Importing it again: every reading replaces the one it matches, and says so.
        let again = try CLIRunner.run(["regions", "import", file, "--ledger", ledger])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("Imported 96 readings from 1 file"))
        #expect(again.stdout.contains("0 new; 96 replaced older readings"))
        #expect(again.stdout.contains("factors   life-cycle average, direct average"))
    }

    @Test func anInstantWithoutAnHourlyValueFallsBackToTheAnnualAverage() throws {
        let dir = try folder()
        let ledger = dir.appendingPathComponent("ledger.sqlite").path
        _ = try CLIRunner.run(["regions", "import", try germany(in: dir, hours: 2), "--ledger", ledger])
        let result = try CLIRunner.run(["regions", "show", "DE", "--at", "2027-01-01T00:00Z", "--ledger", ledger])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("No hourly value in the ledger covers 2027-01-01T00:00:00Z for DE"))
        #expect(result.stdout.contains("annual average"))
        let json = try CLIRunner.run([
            "regions", "show", "DE", "--at", "2027-01-01T00:00Z", "--ledger", ledger, "--json"
        ])
        #expect(try json.json()["basis"] as? String == "annual average")
        // No ledger at all (nothing imported yet): the same, not an error.
        let fresh = try CLIRunner.run(
            ["regions", "show", "DE", "--at", "2027-01-01T00:00Z"],
            environment: ["FOOTPRINT_DATA_DIR": try folder().path])
        #expect(fresh.status == 0 && fresh.stdout.contains("No hourly value"), "\(fresh.stderr)")
    }

    @Test func showWithoutTheHourlyFlagsIsUnchanged() throws {
        let result = try CLIRunner.run(["regions", "show", "DE"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("DE — Germany\n  intensity   "))
        #expect(result.stdout.contains("  vs world    ") && !result.stdout.contains("hourly"))
    }

    @Test func historyShowsATableSparklinesAndJSON() throws {
        let dir = try folder()
        let ledger = dir.appendingPathComponent("ledger.sqlite").path
        _ = try CLIRunner.run(["regions", "import", try germany(in: dir, hours: 24), "--ledger", ledger])
        let hours = try CLIRunner.run(["regions", "show", "DE", "--history", "--ledger", ledger])
        #expect(hours.status == 0, "\(hours.stderr)")
        #expect(hours.stdout.contains("2026-11-30T23:00:00Z"))
        #expect(hours.stdout.contains("▁") && hours.stdout.contains("█"))
        #expect(hours.stdout.contains("48 readings of DE from 2026-11-30T00:00:00Z to 2026-12-01T00:00:00Z"))

        let narrowed = try CLIRunner.run([
            "regions", "show", "DE", "--history", "--from", "2026-11-30T10:00Z", "--to", "2026-11-30T12:00Z",
            "--factor", "direct", "--ledger", ledger, "--json"
        ])
        #expect(narrowed.status == 0, "\(narrowed.stderr)")
        let readings = try narrowed.json()["readings"] as? [[String: Any]] ?? []
        #expect(readings.map { $0["intensity_g_per_kwh"] as? Double } == [210, 211])

        // A longer history is summarised by day.
        let long = try folder()
        let longLedger = long.appendingPathComponent("ledger.sqlite").path
        _ = try CLIRunner.run(["regions", "import", try germany(in: long, hours: 24 * 5), "--ledger", longLedger])
        let days = try CLIRunner.run(["regions", "show", "DE", "--history", "--ledger", longLedger])
        #expect(days.stdout.contains("life-cycle average: mean (low–high)"))
        #expect(days.stdout.contains("2026-12-01 ") && !days.stdout.contains("2026-12-01T"))
    }

    @Test func badRowsImportNothingUnlessSkipped() throws {
        let dir = try folder()
        let ledger = dir.appendingPathComponent("ledger.sqlite").path
        let file = dir.appendingPathComponent("plain.csv").path
        try
            "time,zone,intensity\n2026-11-30T00:00Z,FR,60\n2026-11-30T01:00Z,FR,-5\nnot a time,FR,60\n2026-11-30T02:00Z,FR,58\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try CLIRunner.run(["regions", "import", file, "--ledger", ledger])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("nothing imported") && refused.stderr.split(separator: "\n").count == 1)
        #expect(refused.stderr.contains("line 3: the intensity must be from 0 to 2,000 g CO2e/kWh; got -5"))
        #expect(refused.stderr.contains("line 4: time 'not a time'"))
        #expect(refused.stderr.contains("--skip-bad"))
        #expect(!FileManager.default.fileExists(atPath: ledger), "nothing may be written")

        let skipped = try CLIRunner.run(["regions", "import", file, "--skip-bad", "--ledger", ledger])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stderr.contains("skipped") && skipped.stderr.contains("line 3:"))
        #expect(skipped.stdout.contains("2 new"))
        #expect(skipped.stdout.contains("life-cycle average (the default; --factor to say otherwise)"))
        let held = try CLIRunner.run(["regions", "show", "FR", "--history", "--ledger", ledger, "--json"])
        #expect((try held.json()["readings"] as? [[String: Any]])?.count == 2)
    }

    @Test func badInputIsOneLineAndExitTwo() throws {
        let dir = try folder()
        let ledger = dir.appendingPathComponent("ledger.sqlite").path
        let unknown = dir.appendingPathComponent("unknown.csv").path
        try "time,zone,intensity\n2026-11-30T00:00Z,Germny,400\n2026-11-30T01:00Z,Germny,400\n".write(
            toFile: unknown, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["regions", "import", unknown, "--ledger", ledger], "unknown zone 'Germny'; did you mean DE (Germany)"),
            (["regions", "import", dir.path, "--ledger", ledger], "give the CSV file itself"),
            (["regions", "import", dir.appendingPathComponent("none.csv").path, "--ledger", ledger], "none.csv"),
            (
                ["regions", "import", unknown, "--factor", "average"],
                "--factor must be one of lifecycle, direct, marginal"
            ),
            (["regions", "import"], "give one or more CSV files"),
            (["regions", "show", "DE", "--at", "noon"], "--at must be a date and time such as 2026-11-30T14:00Z"),
            (["regions", "show", "DE", "--at", "2026-11-30T14:00Z", "--history"], "give --at or --history, not both"),
            (["regions", "show", "DE", "--from", "2026-11-30T14:00Z"], "--from and --to go with --history"),
            (["regions", "show", "Germny", "--history"], "did you mean")
        ]
        for (arguments, expected) in cases {
            let result = try CLIRunner.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal") && !result.stderr.contains("Stack"), "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: ledger))
    }
}
