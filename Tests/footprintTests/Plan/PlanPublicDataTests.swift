import Foundation
import Testing

/// The public example data the planning guide walks through (Electricity Maps' hourly files for
/// January 2024, in `Examples/intensity/`) imports as the guide shows, and every place it names is
/// planned on its history profile.
@Suite struct PlanPublicDataTests {
    static let files = ["DE_2024-01_hourly.csv", "GB_2024-01_hourly.csv", "US-CAL-CISO_2024-01_hourly.csv"].map {
        CLIRunner.examples.appendingPathComponent("intensity").appendingPathComponent($0).path
    }

    /// No network here: the UK National Grid's API, asked for Great Britain, is pointed at a closed port.
    static let offline = ["FOOTPRINT_UK_URL": "http://127.0.0.1:9"]

    @Test func theGuidesExampleImportsAndPlansOnItsHistory() throws {
        let ledger = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: ledger) }
        let imported = try CLIRunner.run(["regions", "import"] + Self.files + ["--ledger", ledger.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect((imported.stdout + imported.stderr).contains("Imported 4,032 readings from 3 files"))

        let shown = try CLIRunner.run([
            "regions", "show", "em:US-CAL-CISO", "--at", "2024-01-15T20:00Z", "--ledger", ledger.path
        ])
        #expect(shown.status == 0, "\(shown.stderr)")
        // The file's row for that hour: 173.76 direct, 237.13 life-cycle.
        #expect(shown.stdout.contains("237"), "\(shown.stdout)")

        let planned = try CLIRunner.run(
            [
                "plan", "--duration", "3h", "--power-watts", "2800", "--region", "GB", "--locations",
                "DE,em:US-CAL-CISO", "--deadline", "24h", "--ledger", ledger.path, "--json"
            ], environment: Self.offline)
        #expect(planned.status == 0, "\(planned.stderr)")
        let json = try planned.json()
        let places = try #require(json["locations"] as? [[String: Any]])
        #expect(places.map { $0["code"] as? String } == ["GB", "DE", "em:US-CAL-CISO"])
        #expect(places.allSatisfy { $0["basis"] as? String == "history-profile" }, "\(places)")
        let best = try #require(json["best"] as? [String: Any])
        let now = try #require(json["now"] as? [String: Any])
        let bestIntensity = try #require(best["intensity_g_per_kwh"] as? Double)
        let nowIntensity = try #require(now["intensity_g_per_kwh"] as? Double)
        #expect(bestIntensity <= nowIntensity)
        // January 2024's hours lie between these in all three grids (life-cycle factors).
        #expect((20...700).contains(bestIntensity))
    }
}
