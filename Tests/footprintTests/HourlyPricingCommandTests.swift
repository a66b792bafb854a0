import FootprintCore
import Foundation
import Testing

/// Runs priced by the hour end to end on the built binary: readings imported with `regions import`
/// (a plain time,zone,intensity CSV) around the present hour, then `run`, `runs show` and
/// `runs recompute` on a ledger of the test's own.
@Suite struct HourlyPricingCommandTests {
    static let hour = 3_600.0

    /// A fresh folder with a ledger path in it (the ledger is created by the first command).
    func ledger() throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-pricing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder, folder.appendingPathComponent("ledger.sqlite").path)
    }

    /// Imports `figure` for DE over the hour before the present one, the present one and the next
    /// two: whenever the test runs, its runs lie inside.
    func importReadings(_ figure: Int, into ledger: (folder: URL, path: String), name: String) throws {
        let thisHour = (Date().timeIntervalSince1970 / Self.hour).rounded(.down) * Self.hour
        let rows = (-1...2).map { "\(Timestamp.iso8601UTC(thisHour + Double($0) * Self.hour)),DE,\(figure)" }
        let file = ledger.folder.appendingPathComponent(name).path
        try (["time,zone,intensity"] + rows).joined(separator: "\n").write(
            toFile: file, atomically: true, encoding: .utf8)
        let imported = try CLIRunner.run(["regions", "import", file, "--ledger", ledger.path])
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    /// A short run of the whole machine (so that it has energy to price) in DE.
    func measure(_ ledger: String, extra: [String] = []) throws -> [String: Any] {
        let result = try CLIRunner.run(
            ["run", "--region", "DE", "--scope", "machine", "--interval", "0.1", "--ledger", ledger, "--json"] + extra
                + ["--", "sleep", "0.3"])
        #expect(result.status == 0, "\(result.stderr)")
        return try result.json()
    }

    static func location(_ json: [String: Any]) throws -> [String: Any] {
        try #require(json["location"] as? [String: Any])
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return false }
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-12)
    }

    @Test func aRunTheLedgersReadingsCoverIsPricedAtThem() throws {
        let ledger = try ledger()
        try importReadings(200, into: ledger, name: "de-hours.csv")
        let json = try measure(ledger.path)
        let location = try Self.location(json)
        #expect(location["basis_kind"] as? String == "hourly")
        #expect(
            location["basis"] as? String == "hourly (imported from de-hours.csv, life-cycle average)", "\(location)")
        #expect(location["hourly_share"] as? Double == 1)
        #expect(Self.close(location["priced_intensity_g_per_kwh"] as? Double, 200))
        // The annual figure stays what it is, beside the priced one.
        #expect(location["intensity_g_per_kwh"] as? Double != 200)
        let energy = try #require(json["energy_kwh"] as? Double)
        #expect(energy > 0)
        #expect(Self.close(json["co2e_kg"] as? Double, energy * 0.2), "\(json)")

        let id = try #require(json["run_id"] as? String)
        let shown = try CLIRunner.run(["runs", "show", id, "--ledger", ledger.path])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(
            shown.stdout.contains("priced     200 g CO2e/kWh over the run, hourly (imported from de-hours.csv"),
            "\(shown.stdout)")
        // The annual figure it was recorded with, replaced at the end of the run.
        #expect(
            shown.stdout.contains("earlier    ") && shown.stdout.contains("at the end of the run"), "\(shown.stdout)")
        let listed = try CLIRunner.run(["runs", "--json", "--ledger", ledger.path])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(Self.close(runs.first?["co2e_kg"] as? Double, energy * 0.2))
    }

    @Test func aRunNoReadingCoversIsPricedAtTheAnnualAverageAndSaysWhose() throws {
        let ledger = try ledger()
        let json = try measure(ledger.path)
        let location = try Self.location(json)
        #expect(location["basis_kind"] as? String == "annual")
        #expect(location["basis"] as? String == "annual average (Our World in Data / Ember, 2023)", "\(location)")
        #expect(location["hourly_share"] as? Double == 0)
        let annual = try #require(location["intensity_g_per_kwh"] as? Double)
        #expect(location["priced_intensity_g_per_kwh"] as? Double == annual)
        let energy = try #require(json["energy_kwh"] as? Double)
        #expect(Self.close(json["co2e_kg"] as? Double, energy * annual / 1_000))
        // No source is configured for DE here: nothing failed, so no note about it.
        let notes = try #require(json["notes"] as? [String])
        #expect(!notes.contains { $0.hasPrefix("priced at the annual average") }, "\(notes)")
    }

    @Test func aSourceThatCannotBeReachedLeavesTheAnnualFigureWithANote() throws {
        let ledger = try ledger()
        let result = try CLIRunner.run(
            [
                "run", "--region", "GB", "--scope", "machine", "--interval", "0.1", "--ledger", ledger.path, "--json",
                "--", "true"
            ], environment: ["FOOTPRINT_UK_CARBON_INTENSITY_URL": "http://127.0.0.1:9"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(try Self.location(json)["basis_kind"] as? String == "annual")
        let notes = try #require(json["notes"] as? [String])
        #expect(
            notes.contains { $0.hasPrefix("priced at the annual average: no hourly reading of GB covers ") },
            "\(notes)")
    }

    @Test func recomputeAfterAnImportPricesTheRunAgainAndKeepsTheOldFigure() throws {
        let ledger = try ledger()
        let json = try measure(ledger.path)
        let id = try #require(json["run_id"] as? String)
        let annualCO2e = try #require(json["co2e_kg"] as? Double)
        let energy = try #require(json["energy_kwh"] as? Double)

        try importReadings(100, into: ledger, name: "later.csv")
        let recomputed = try CLIRunner.run(["runs", "recompute", id, "--ledger", ledger.path, "--json"])
        #expect(recomputed.status == 0, "\(recomputed.stderr)")
        let runs = try #require(try recomputed.json()["runs"] as? [[String: Any]])
        let run = try #require(runs.first)
        #expect(run["changed"] as? Bool == true)
        #expect(Self.close(run["old_co2e_kg"] as? Double, annualCO2e))
        #expect(Self.close(run["co2e_kg"] as? Double, energy * 0.1), "\(run)")
        #expect(run["basis"] as? String == "hourly (imported from later.csv, life-cycle average)")

        let shown = try CLIRunner.run(["runs", "show", id, "--ledger", ledger.path])
        #expect(shown.stdout.contains("priced     100 g CO2e/kWh over the run, hourly (imported from later.csv"))
        #expect(
            shown.stdout.contains("earlier    \(CarbonMass.kilograms(annualCO2e)), annual average (Our World in Data")
                && shown.stdout.contains("by footprint runs recompute"), "\(shown.stdout)")

        // The same readings again: the figure stands, and the history gains nothing.
        let again = try CLIRunner.run(["runs", "recompute", id, "--ledger", ledger.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("stays") && again.stdout.contains("its figure stands"), "\(again.stdout)")
        let reshown = try CLIRunner.run(["runs", "show", id, "--ledger", ledger.path])
        #expect(reshown.stdout.components(separatedBy: "earlier    ").count == 2, "\(reshown.stdout)")
    }

    @Test func recomputeRefusesAnUnknownRunAndAnEmptyListInOneLine() throws {
        let ledger = try ledger()
        _ = try measure(ledger.path)
        for (arguments, expected) in [
            (["runs", "recompute", "nosuchrun", "--ledger", ledger.path], "nosuchrun"),
            (["runs", "recompute", "--ledger", ledger.path], "name the runs to price again")
        ] {
            let result = try CLIRunner.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(result.stderr)")
            #expect(result.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1)
        }
    }

    @Test func aRunWithoutReadingsStaysAsItIsAndRecomputeSaysWhy() throws {
        let ledger = try ledger()
        let json = try measure(ledger.path)
        let id = try #require(json["run_id"] as? String)
        let result = try CLIRunner.run(["runs", "recompute", id, "--ledger", ledger.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("stays, annual average (Our World in Data / Ember, 2023)"), "\(result.stdout)")
        #expect(result.stdout.contains("no hourly reading of DE covers "), "\(result.stdout)")
    }

    @Test func monitorIsPricedByTheHourAsRunIs() throws {
        let ledger = try ledger()
        try importReadings(150, into: ledger, name: "monitor.csv")
        let result = try CLIRunner.run([
            "monitor", "--duration", "0.3", "--interval", "0.1", "--region", "DE", "--ledger", ledger.path, "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(try Self.location(json)["basis_kind"] as? String == "hourly")
        let energy = try #require(json["energy_kwh"] as? Double)
        #expect(Self.close(json["co2e_kg"] as? Double, energy * 0.15), "\(json)")
    }

    @Test func recomputeRefusesARunStillBeingRecorded() throws {
        let ledger = try ledger()
        let running = try CLIRunner.start(["run", "--region", "DE", "--ledger", ledger.path, "--", "sleep", "30"])
        defer {
            running.terminate()
            running.waitUntilExit()
        }
        // The run's row is written before its command starts; wait until it is there.
        var id: String?
        for _ in 0..<200 where id == nil {
            let listed = try CLIRunner.run(["runs", "--json", "--ledger", ledger.path])
            let runs = (try? JSONSerialization.jsonObject(with: Data(listed.stdout.utf8))) as? [[String: Any]]
            id = runs?.first?["id"] as? String
            if id == nil { usleep(50_000) }
        }
        let live = try #require(id)
        let result = try CLIRunner.run(["runs", "recompute", live, "--ledger", ledger.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("it is still being recorded"), "\(result.stderr)")
        #expect(result.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1)
    }
}
