import Foundation
import Testing

@testable import footprint

/// `footprint plan` and `run --start best` refuse what cannot be planned with one line and exit 2,
/// and plan on annual averages when no ledger holds readings.
@Suite struct PlanCommandInputTests {
    @Test(arguments: [
        (
            ["plan", "--duration", "6h", "--deadline", "2020-01-01T00:00Z"],
            "the deadline 2020-01-01T00:00:00Z has passed"
        ),
        (["plan", "--duration", "6h", "--deadline", "2h"], "the job takes 6 h but only 2 h lie between"),
        (["plan", "--duration", "1h", "--not-before", "5h", "--deadline", "3h"], "is not before the deadline"),
        (["plan", "--duration", "1h", "--locations", "DE,Germny"], "did you mean DE (Germany)"),
        (["plan", "--duration", "1h", "--locations", "DE,,FR"], "--locations has an empty entry"),
        (["plan", "--duration", "400d"], "--duration must be more than 0 and at most"),
        (["plan", "--duration", "0"], "--duration must be more than 0"),
        (["plan", "--duration", "soon"], "--duration takes a span such as 6h"),
        (["plan", "--energy-kwh", "3"], "a plan needs the job's length: give --duration"),
        (["plan", "--duration", "1h", "--energy-kwh", "1e12"], "--energy-kwh must be more than 0 and at most"),
        (["plan", "--duration", "1h", "--power-watts", "-3"], "--power-watts must be more than 0"),
        (["plan", "--duration", "1h", "--power-watts", "3", "--energy-kwh", "1"], "not both"),
        (["plan", "--duration", "1h", "--deadline", "yesterday"], "--deadline takes a time such as"),
        (["plan", "--duration", "1h", "--deadline", "900d"], "--deadline must be more than 0 and at most"),
        (["run", "--start", "best", "--", "true"], "--start best needs --deadline"),
        (["run", "--deadline", "8h", "--", "true"], "--deadline and --expected-duration are for --start best"),
        (
            ["run", "--start", "best", "--deadline", "30m", "--expected-duration", "2h", "--", "true"],
            "shorter --expected-duration"
        ),
        (["run", "--start", "soon", "--", "true"], "'soon'")
    ])
    func badPlanInputIsOneLineWithExitCode2(arguments: [String], message: String) throws {
        let result = try CLIRunner.run(arguments + ["--region", "DE"])
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
    }

    @Test func withoutReadingsTheCleanestPlaceWinsOnItsAnnualAverage() throws {
        let none = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).sqlite")
        let result = try CLIRunner.run([
            "plan", "--duration", "6h", "--power-watts", "500", "--region", "DE", "--locations", "FR,SE,aws:eu-north-1",
            "--ledger", none.path, "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let best = try #require(json["best"] as? [String: Any])
        let now = try #require(json["now"] as? [String: Any])
        #expect(json["basis"] as? String == "annual-average")
        #expect(now["location"] as? String == "DE")
        #expect(json["energy_kwh"] as? Double == 3)
        // Sweden's annual average is the lowest of the four.
        #expect(best["location"] as? String == "SE")
        let bestKg = try #require(best["co2e_kg"] as? Double)
        let nowKg = try #require(now["co2e_kg"] as? Double)
        let intensity = try #require(now["intensity_g_per_kwh"] as? Double)
        #expect(abs(nowKg - 3 * intensity / 1_000) < 1e-9)
        let saving = try #require(json["saving_fraction"] as? Double)
        #expect(abs(saving - (nowKg - bestKg) / nowKg) < 1e-9)
        #expect(
            (json["locations"] as? [[String: Any]])?.map { $0["code"] as? String } == [
                "DE", "FR", "SE", "aws:eu-north-1"
            ])
        #expect((json["notes"] as? [String])?.contains { $0.hasPrefix("no ledger yet") } == true)
    }

    @Test func theTextSaysTheEnergysBasisAndEachPlacesBasis() throws {
        let result = try CLIRunner.run(["plan", "--duration", "2h", "--region", "FR", "--locations", "DE"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("best     FR"))
        #expect(result.stdout.contains("saving   none: running here now is as clean as it gets"))
        #expect(result.stdout.contains("this machine's CPU at full load"))
        #expect(result.stdout.contains("basis    DE: annual average (Our World in Data / Ember"))
    }

    @Test func startBestWithoutReadingsStartsAtOnceAndSaysWhy() throws {
        let result = try CLIRunner.run([
            "run", "--start", "best", "--deadline", "2h", "--region", "DE", "--json", "--", "true"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let notes = try #require(json["notes"] as? [String])
        #expect(notes.contains { $0.hasPrefix("planned start ") && $0.contains("annual average") })
        #expect(
            notes.contains {
                $0.hasPrefix("actual start ") && $0.hasSuffix("annual average (Our World in Data / Ember, 2023)")
            })
    }
}

/// Forecast sources that fail leave the plan standing, on the next basis, with a note.
@Suite struct PlanCommandSourceTests {
    @Test func anUnreachableForecastSourceIsANoteAndThePlanGoesOn() throws {
        let none = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).sqlite")
        // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
        let result = try CLIRunner.run(
            ["plan", "--duration", "1h", "--region", "DE", "--ledger", none.path, "--json"],
            environment: ["ELECTRICITYMAPS_API_KEY": "test-key", "FOOTPRINT_ELECTRICITYMAPS_URL": "http://127.0.0.1:9"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["basis"] as? String == "annual-average")
        let notes = try #require(json["notes"] as? [String])
        #expect(notes.contains { $0.hasPrefix("DE: no forecast (") }, "\(notes)")
    }
}

@Suite struct PlannedStartCountdownTests {
    @Test func theCountdownReadsAsAClock() {
        #expect(PlannedStart.countdown(7_198.2) == "1:59:59")
        #expect(PlannedStart.countdown(2.5) == "0:00:03")
        #expect(PlannedStart.countdown(0) == "0:00:00")
        #expect(PlannedStart.countdown(90_061) == "25:01:01")
    }
}
