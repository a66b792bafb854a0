import FootprintCore
import Foundation
import Testing

/// Hourly pricing against a team's PostgreSQL ledger: a run delivered from the spool keeps its
/// annual figure until `runs recompute` prices it on the server, which keeps the old one.
@Suite(.enabled(if: TeamServer.available, TeamServer.skipReason))
struct TeamPricingTests {
    @Test func recomputePricesADeliveredRunOnTheServer() throws {
        let scene = try TeamLedgerFaultTests.Scene()
        let ran = try scene.footprint([
            "run", "--region", "DE", "--scope", "machine", "--interval", "0.1", "--json", "--", "sleep", "0.3"
        ])
        #expect(ran.status == 0, "\(ran.stderr)")
        let json = try ran.json()
        let id = try #require(json["run_id"] as? String)
        let energy = try #require(json["energy_kwh"] as? Double)
        #expect((json["location"] as? [String: Any])?["basis_kind"] as? String == "annual")

        let hour = 3_600.0
        let thisHour = (Date().timeIntervalSince1970 / hour).rounded(.down) * hour
        let rows = (-1...2).map { "\(Timestamp.iso8601UTC(thisHour + Double($0) * hour)),DE,250" }
        let file = scene.folder.appendingPathComponent("hours.csv").path
        try (["time,zone,intensity"] + rows).joined(separator: "\n").write(
            toFile: file, atomically: true, encoding: .utf8)
        let imported = try scene.footprint(["regions", "import", file])
        #expect(imported.status == 0, "\(imported.stderr)")

        let recomputed = try scene.footprint(["runs", "recompute", id, "--json"])
        #expect(recomputed.status == 0, "\(recomputed.stderr)")
        let run = try #require((try recomputed.json()["runs"] as? [[String: Any]])?.first)
        #expect(run["changed"] as? Bool == true, "\(run)")
        let priced = try #require(run["co2e_kg"] as? Double)
        #expect(abs(priced - energy * 0.25) <= 1e-9 * max(priced, 1e-12), "\(run)")
        let shown = try scene.footprint(["runs", "show", id])
        #expect(shown.stdout.contains("priced     250 g CO2e/kWh over the run, hourly (imported from hours.csv"))
        #expect(shown.stdout.contains("earlier    ") && shown.stdout.contains("by footprint runs recompute"))
    }
}
