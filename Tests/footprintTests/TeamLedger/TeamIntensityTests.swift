import Foundation
import Testing

/// `regions import` and `regions show --at` against a team's PostgreSQL ledger: the readings land
/// in the server's `intensity` table and read back from it.
@Suite(.enabled(if: TeamServer.available, TeamServer.skipReason))
struct TeamIntensityTests {
    @Test func importedReadingsLandOnTheServerAndReadBack() throws {
        let scene = try TeamLedgerFaultTests.Scene()
        let file = scene.folder.appendingPathComponent("plain.csv").path
        try "time,zone,intensity\n2026-11-30T00:00Z,DE,400\n2026-11-30T01:00Z,DE,380\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let imported = try scene.footprint(["regions", "import", file, "--factor", "direct", "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try imported.json()["inserted"] as? Int == 2)
        #expect(
            try scene.server.sql("SELECT COUNT(*) FROM intensity WHERE factor = 'direct'", on: scene.database) == "2")

        let again = try scene.footprint(["regions", "import", file, "--factor", "direct", "--json"])
        #expect(try again.json()["replaced"] as? Int == 2)

        let shown = try scene.footprint(["regions", "show", "DE", "--at", "2026-11-30T01:30Z", "--json"])
        #expect(shown.status == 0, "\(shown.stderr)")
        let readings = try shown.json()["readings"] as? [[String: Any]] ?? []
        #expect(readings.map { $0["intensity_g_per_kwh"] as? Double } == [380])
        #expect(readings.first?["factor"] as? String == "direct")
    }
}
