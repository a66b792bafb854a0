import FootprintCore
import FootprintLedger
import Foundation
import Testing

/// `footprint plan` and `run --start best` on readings seeded into a ledger, laid out from the
/// present hour so that the answer does not depend on when the test runs.
@Suite struct PlanLedgerTests {
    static let hour = 3_600.0

    /// A fresh ledger holding `readings`.
    static func ledger(_ readings: [IntensityReading]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).sqlite")
            .path
        let ledger = try Ledger(path: path, access: .create)
        _ = try ledger.storeIntensities(readings)
        return path
    }

    static func readings(
        _ zone: String, from start: Double, _ figures: [Double], kind: IntensityKind, length: Double = hour
    ) -> [IntensityReading] {
        figures.enumerated().map { index, figure in
            IntensityReading(
                zone: zone, start: start + Double(index) * length, end: start + Double(index + 1) * length,
                intensity: .gramsPerKilowattHour(figure), factor: .lifecycle, kind: kind,
                source: "seeded by the test", recordedAt: start)
        }
    }

    /// The start of the present hour.
    static var thisHour: Double { (Date().timeIntervalSince1970 / hour).rounded(.down) * hour }

    static func window(_ json: [String: Any], _ key: String) throws -> [String: Any] {
        try #require(json[key] as? [String: Any])
    }

    @Test func waitingForTheForecastsCleanHoursSavesThreeQuarters() throws {
        let base = Self.thisHour
        let figures = (0..<30).map { (5...7).contains($0) ? 100.0 : 400.0 }
        let ledger = try Self.ledger(Self.readings("DE", from: base, figures, kind: .forecast))
        let result = try CLIRunner.run([
            "plan", "--duration", "2h", "--energy-kwh", "10", "--deadline", "24h", "--region", "DE", "--ledger", ledger,
            "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let best = try Self.window(json, "best")
        let now = try Self.window(json, "now")
        #expect(json["basis"] as? String == "forecast")
        #expect(best["start"] as? String == Timestamp.iso8601UTC(base + 5 * Self.hour))
        #expect(best["end"] as? String == Timestamp.iso8601UTC(base + 7 * Self.hour))
        #expect(best["intensity_g_per_kwh"] as? Double == 100)
        #expect(best["co2e_kg"] as? Double == 1)
        #expect(now["intensity_g_per_kwh"] as? Double == 400)
        #expect(now["co2e_kg"] as? Double == 4)
        #expect(json["saving_fraction"] as? Double == 0.75)
    }

    @Test func whenNowIsCleanestThePlanSaysSoAndSavesNothing() throws {
        let base = Self.thisHour
        let figures = (0..<30).map { $0 < 3 ? 100.0 : 500.0 }
        let ledger = try Self.ledger(Self.readings("FR", from: base, figures, kind: .forecast))
        let result = try CLIRunner.run([
            "plan", "--duration", "1h", "--power-watts", "1000", "--deadline", "12h", "--region", "FR", "--locations",
            "DE", "--ledger", ledger
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("best     FR"), "\(result.stdout)")
        #expect(result.stdout.contains("100 g CO2e/kWh  100 g CO2e"), "\(result.stdout)")
        #expect(result.stdout.contains("saving   none: running here now is as clean as it gets"), "\(result.stdout)")
        #expect(result.stdout.contains("basis    FR: forecast (seeded by the test; life-cycle average)"))
        #expect(result.stdout.contains("basis    DE: annual average"))
    }

    @Test func withoutAForecastTheHistoryProfilesUsualCleanHourIsChosen() throws {
        let base = Self.thisHour
        let start = base - 14 * 24 * Self.hour
        // Two weeks of actual figures: 500, except the hour of the week that comes 3 hours from now.
        let figures = (0..<(14 * 24)).map { index in index % 168 == 3 ? 50.0 : 500.0 }
        let ledger = try Self.ledger(Self.readings("DE", from: start + 0 * Self.hour, figures, kind: .actual))
        let result = try CLIRunner.run([
            "plan", "--duration", "1h", "--energy-kwh", "2", "--deadline", "12h", "--region", "DE", "--ledger", ledger,
            "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let best = try Self.window(json, "best")
        #expect(json["basis"] as? String == "history-profile")
        #expect(best["start"] as? String == Timestamp.iso8601UTC(base + 3 * Self.hour))
        #expect(best["co2e_kg"] as? Double == 0.1)
        #expect(
            (best["basis_detail"] as? String)?.contains("mean by hour of week of 2 weeks of actual readings") == true)
    }

    @Test func startBestWaitsForTheCleanStartAndReportsPlannedAndActual() throws {
        // The clean figures begin a second and a half from now: the wait is short.
        let now = Date().timeIntervalSince1970
        let cleanFrom = now + 1.5
        let readings =
            Self.readings("DE", from: now - Self.hour, [500], kind: .forecast, length: cleanFrom - (now - Self.hour))
            + Self.readings("DE", from: cleanFrom, [120, 120, 120, 120], kind: .forecast)
        let ledger = try Self.ledger(readings)
        let result = try CLIRunner.run([
            "run", "--start", "best", "--deadline", "3h", "--expected-duration", "1h", "--region", "DE", "--ledger",
            ledger, "--json", "--", "true"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("footprint: waiting until "), "\(result.stderr)")
        let notes = try #require(try result.json()["notes"] as? [String])
        #expect(
            notes.contains { $0.hasPrefix("planned start ") && $0.contains(": 120 g CO2e/kWh over 60 min, forecast") })
        #expect(notes.contains { $0.contains("starting at once: ") })
        // The actual intensity is the run's, as it was priced: by the hour, at the forecast it met.
        #expect(
            notes.contains {
                $0.hasPrefix("actual start ")
                    && $0.contains(": 120 g CO2e/kWh over the run's ")
                    && $0.hasSuffix(", hourly (seeded by the test, life-cycle average)")
            }, "\(notes)")
        let json = try result.json()
        let planned = try #require(json["planned"] as? [String: Any])
        #expect(planned["intensity_g_per_kwh"] as? Double == 120)
        // Starting at once would have met a second and a half of the dirtier hour.
        #expect((planned["now_intensity_g_per_kwh"] as? Double ?? 0) > 120)
        #expect((planned["basis"] as? String)?.hasPrefix("forecast") == true, "\(planned)")
        #expect(planned["start"] as? String != nil && planned["end"] as? String != nil)
        let location = try #require(json["location"] as? [String: Any])
        #expect(location["basis_kind"] as? String == "hourly")
        // The ledger keeps the plan with the run.
        let id = try #require(json["run_id"] as? String)
        let shown = try CLIRunner.run(["runs", "show", id, "--ledger", ledger])
        #expect(shown.stdout.contains("planned    start ") && shown.stdout.contains(": 120 g CO2e/kWh over 60 min"))
    }

    @Test func ctrlCWhileWaitingExits130AndRecordsNothing() throws {
        let base = Self.thisHour
        // Clean only from 5 hours on: the wait is long, and interrupted.
        let figures = (0..<30).map { $0 >= 5 ? 10.0 : 900.0 }
        let ledger = try Self.ledger(Self.readings("DE", from: base, figures, kind: .forecast))
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = [
            "run", "--start", "best", "--deadline", "12h", "--region", "DE", "--ledger", ledger, "--", "true"
        ]
        process.environment = CLIRunner.isolated([:])
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Interrupted once it says it is waiting: the signals are blocked and waited for by then.
        var said = Data()
        while !String(decoding: said, as: UTF8.self).contains("Ctrl-C cancels") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += chunk
        }
        process.interrupt()
        process.waitUntilExit()
        said += errors.fileHandleForReading.readDataToEndOfFile()
        let text = String(decoding: said, as: UTF8.self)
        #expect(process.terminationStatus == 130, "\(text)")
        #expect(text.contains("cancelled before the planned start; nothing ran and nothing was recorded"), "\(text)")
        let runs = try CLIRunner.run(["runs", "--ledger", ledger, "--json"])
        #expect(runs.status == 0, "\(runs.stderr)")
        let listed = try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [Any]
        #expect(listed?.isEmpty == true, "\(runs.stdout)")
    }
}
