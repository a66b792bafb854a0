import Foundation
import Testing

/// `footprint regions fetch` as a user runs it, where no API answers: every way it can fail is one
/// line and the right exit code. The answers themselves are tested against fixture servers in
/// FootprintGridTests.
@Suite struct RegionsFetchCommandTests {
    /// No keys from the machine running the tests, and a ledger of the test's own.
    func fetch(_ arguments: [String], environment: [String: String] = [:]) throws -> CLIRunner.Result {
        let ledger = FileManager.default.temporaryDirectory.appendingPathComponent("fetch-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: ledger) }
        let keys = ["ELECTRICITYMAPS_API_KEY": "", "WATTTIME_USERNAME": "", "WATTTIME_PASSWORD": ""]
        return try CLIRunner.run(
            ["regions", "fetch"] + arguments + ["--ledger", ledger.path], environment: keys.merging(environment) { $1 })
    }

    @Test func aMissingKeyIsOneLineSayingWhatToSet() throws {
        let result = try fetch(["DE", "--source", "electricitymaps"])
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "error: Electricity Maps needs an API key: set ELECTRICITYMAPS_API_KEY or electricitymaps_api_key in footprint.toml\n"
        )
        let wattTime = try fetch(["CAISO_NORTH", "--source", "watttime", "--forecast"])
        #expect(wattTime.status == 2)
        #expect(wattTime.stderr.contains("WATTTIME_USERNAME and WATTTIME_PASSWORD"))
    }

    @Test func withoutAKeyAZoneOutsideBritainSaysWhichKeyWouldServeIt() throws {
        let result = try fetch(["DE"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("covers Great Britain only"))
        #expect(result.stderr.contains("set ELECTRICITYMAPS_API_KEY for zones outside Great Britain"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func anAPIThatIsNotThereFailsWithTheSystemsWords() throws {
        let result = try fetch(
            ["GB", "--source", "uk", "--forecast"],
            environment: ["FOOTPRINT_UK_CARBON_INTENSITY_URL": "http://127.0.0.1:9"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "error: The UK National Grid's Carbon Intensity API could not be reached at http://127.0.0.1:9: connection refused\n"
        )
    }

    @Test func badFlagsAreUsageErrors() throws {
        let cases: [([String], String)] = [
            (["GB", "--source", "nowhere"], "--source must be one of electricitymaps, uk, watttime"),
            (["GB", "--history"], "--history needs --from"),
            (["GB", "--history", "--from", "yesterday"], "is not a time"),
            (
                ["GB", "--history", "--from", "2026-11-30T12:00Z", "--to", "2026-11-30T06:00Z"],
                "--from must be before --to"
            ),
            (["GB", "--history", "--from", "2020-01-01T00:00Z", "--to", "2026-01-01T00:00Z"], "more than a year"),
            (["GB", "--forecast", "--latest"], "give one of --history, --forecast and --latest"),
            (["GB", "--from", "2026-11-30T12:00Z"], "--from and --to go with --history"),
            (["GB", "--source", "uk", "--factor", "direct"], "--factor is for Electricity Maps only"),
            (["GB", "--factor", "marginal"], "--factor must be lifecycle or direct")
        ]
        for (arguments, expected) in cases {
            let result = try fetch(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
        }
    }
}
