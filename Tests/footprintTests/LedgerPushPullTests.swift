import FootprintCore
import FootprintLedger
import Foundation
import Testing

/// `footprint ledger push|pull` between two ledger files (one user's ledgers merged): the same code
/// that moves runs to and from a team's server, idempotent, with its refusals.
@Suite struct LedgerPushPullTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "footprint-push-\(UUID().uuidString)")
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    var env: [String: String] { ["FOOTPRINT_DATA_DIR": folder.path] }

    func record(into ledger: String, project: String) throws {
        let result = try CLIRunner.run(
            ["run", "--quiet", "--ledger", ledger, "--project", project, "--interval", "0.05", "--", "sleep", "0.2"],
            environment: env)
        try #require(result.status == 0, "\(result.stderr)")
    }

    func runs(_ ledger: String) throws -> [[String: Any]] {
        let listed = try CLIRunner.run(["runs", "--json", "--ledger", ledger], environment: env)
        return try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    }

    @Test func aSecondPushAddsNothingAndSaysSo() throws {
        let (mine, merged) = (path("mine.sqlite"), path("merged.sqlite"))
        try record(into: mine, project: "a")
        try record(into: mine, project: "b")
        let first = try CLIRunner.run(["ledger", "push", "--ledger", mine, "--to", merged], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("Pushed 2 runs from \(mine) to \(merged): 2 new, "), "\(first.stdout)")
        let second = try CLIRunner.run(["ledger", "push", "--ledger", mine, "--to", merged, "--json"], environment: env)
        let counts = try second.json()
        #expect(counts["runs"] as? Int == 2 && counts["new_runs"] as? Int == 0 && counts["samples_added"] as? Int == 0)
        let third = try CLIRunner.run(["ledger", "push", "--ledger", mine, "--to", merged], environment: env)
        #expect(third.stdout == "Nothing to push: all 2 runs are in \(merged) already.\n")
        let pushed = try runs(merged).compactMap { $0["id"] as? String }.sorted()
        #expect(pushed == (try runs(mine).compactMap { $0["id"] as? String }.sorted()))
        let shown = try CLIRunner.run(["runs", "show", "--json", "--ledger", merged, pushed[0]], environment: env)
        let original = try CLIRunner.run(["runs", "show", "--json", "--ledger", mine, pushed[0]], environment: env)
        #expect(try shown.json()["sample_count"] as? Int == original.json()["sample_count"] as? Int)
    }

    /// A run priced by the hour goes with its price, its history and its samples' intensities, and
    /// the intensity readings with it; a new price reaches a ledger that had the run, and a
    /// CodeCarbon export gives the priced figure.
    @Test func aPushCarriesPricesAndReadings() throws {
        let (mine, merged) = (path("mine.sqlite"), path("merged.sqlite"))
        let ledger = try Ledger(path: mine)
        let run = RunRecord(
            id: "priced-1", project: "p", name: "train", command: ["python", "train.py"], host: "node-1", pid: 1,
            startedAt: 1_800_000_000, intervalSeconds: 1, scope: .machine, locationCode: "DE",
            locationName: "Germany", intensity: .gramsPerKilowattHour(400), intensitySource: "test", pue: 1,
            pueSource: "test", cpuModel: nil, cpuPowerModel: nil, gpus: [], status: .finished, exitCode: 0,
            duration: 2, components: [.cpu: .joules(3_600_000)], methods: [.cpu: .rapl],
            energy: .joules(3_600_000), emissions: .grams(400), notes: [])
        let samples = (1...2).map {
            SampleRecord(
                t: Double($0), duration: 1, cpuJoules: 1_800_000, cpuProcessJoules: 0, gpuJoules: 0,
                gpuProcessJoules: 0, ramJoules: 0, ramProcessJoules: 0, cpuUtilization: 1, processCPUShare: 0)
        }
        try ledger.store(RunBundle(run: run, samples: samples, tasks: [], forecasts: [], experiments: nil))
        let basis = PricingBasis(
            kind: .hourly, hourlySources: ["Electricity Maps"], factor: .lifecycle,
            annualSource: "Our World in Data / Ember, 2023", hourlyShare: 1)
        func price(_ grams: Double, at pricedAt: Double) throws {
            try ledger.reprice(
                "priced-1",
                RunRepricing(
                    emissions: .grams(grams), basis: basis,
                    sampleIntensities: [
                        .init(t: 1, gramsPerKilowattHour: grams - 50), .init(t: 2, gramsPerKilowattHour: grams + 50)
                    ],
                    pricedAt: pricedAt, reason: "footprint runs recompute"))
        }
        try price(250, at: 1_800_000_100)
        let readings = (0..<3).map { hour in
            IntensityReading(
                zone: "DE", start: 1_800_000_000 + Double(hour) * 3_600, end: 1_800_003_600 + Double(hour) * 3_600,
                intensity: .gramsPerKilowattHour(250), factor: .lifecycle, kind: .actual, source: "Electricity Maps",
                recordedAt: 1_800_000_050)
        }
        _ = try ledger.storeIntensities(readings)

        let first = try CLIRunner.run(["ledger", "push", "--ledger", mine, "--to", merged, "--json"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let counts = try first.json()
        #expect(counts["new_runs"] as? Int == 1 && counts["samples_added"] as? Int == 2, "\(counts)")
        #expect(counts["intensity_readings"] as? Int == 3 && counts["intensity_readings_stored"] as? Int == 3)
        #expect(counts["repriced"] as? Int == 0)

        try price(300, at: 1_800_000_200)
        let second = try CLIRunner.run(["ledger", "push", "--ledger", mine, "--to", merged], environment: env)
        #expect(
            second.stdout
                == "Pushed 1 run from \(mine) to \(merged): 0 new, 0 samples added, 1 run priced again. "
                + "3 intensity readings, 0 of them new or newer there.\n", "\(second.stdout)")
        let copy = try Ledger(path: merged, access: .read)
        #expect(try copy.run("priced-1").pricing == basis && copy.run("priced-1").emissions == .grams(300))
        #expect(try copy.samples(of: "priced-1").map(\.intensity) == [250, 350])
        #expect(try copy.pricingHistory(of: "priced-1").map(\.emissions) == [.grams(400), .grams(250)])
        #expect(try copy.intensityCoverage().map(\.count) == [3])

        // CodeCarbon's emissions column (kg) holds the priced figure, not the annual one.
        let export = try CLIRunner.run(
            ["runs", "export", "--format", "codecarbon", "--ledger", merged], environment: env)
        let lines = export.stdout.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let column = try #require(lines.first?.firstIndex(of: "emissions"))
        #expect(lines.count == 2 && Double(lines[1][column]) == 0.3, "\(export.stdout)")
    }

    @Test func aPullTakesOneProject() throws {
        let (team, mine) = (path("team.sqlite"), path("mine.sqlite"))
        try record(into: team, project: "a")
        try record(into: team, project: "b")
        let result = try CLIRunner.run(
            ["ledger", "pull", "--ledger", mine, "--from", team, "--project", "b"], environment: env)
        #expect(result.status == 0 && result.stdout.hasPrefix("Pulled 1 run of project 'b' from \(team)"))
        #expect(try runs(mine).map { $0["project"] as? String } == ["b"])
    }

    @Test(arguments: [
        (["ledger", "push", "--to", "SELF"], "--to names the ledger itself"),
        (["ledger", "pull", "--from", "OTHER"], "Missing expected argument '--project"),
        (["ledger", "push", "--to", "postgres://u@h:99999/db"], "postgres://"),
        (["runs", "--password-file", "/nonexistent"], "--password-file is for a postgres:// ledger")
    ])
    func aMistakeIsAUsageError(_ arguments: [String], _ message: String) throws {
        let ledger = path("ledger.sqlite")
        try record(into: ledger, project: "p")
        let line = arguments.map { $0 == "SELF" ? ledger : $0 == "OTHER" ? path("other.sqlite") : $0 }
        let result = try CLIRunner.run(line + ["--ledger", ledger], environment: env)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// A password in the URL is never printed, nor put in the spool's name, whatever fails: here
    /// nothing listens on the port, so the run is kept in the spool and the commands fail.
    @Test func aPasswordInTheURLIsNeverPrinted() throws {
        let url = "postgres://alice:s3cr3t-pw@127.0.0.1:1/team"
        let run = try CLIRunner.run(["run", "--json", "--ledger", url, "--", "true"], environment: env)
        #expect(run.status == 0, "the run is measured and kept: \(run.stderr)")
        let notes = try #require(try run.json()["notes"] as? [String])
        #expect(notes.contains { $0.contains("this run is kept in the local spool") }, "\(notes)")
        var outputs = [run.stdout, run.stderr]
        for command in [["runs"], ["runs", "show", "x"], ["report", "x"], ["ledger", "push", "--to", url]] {
            let ledger = command.contains("push") ? path("ledger.sqlite") : url
            if command.contains("push") { try record(into: ledger, project: "p") }
            let result = try CLIRunner.run(command + ["--ledger", ledger], environment: env)
            #expect(
                result.status == 1 && result.stderr.contains("postgres://alice@127.0.0.1:1/team"), "\(result.stderr)")
            outputs += [result.stdout, result.stderr]
        }
        for output in outputs { #expect(!output.contains("s3cr3t"), "\(output)") }
        let spool = try FileManager.default.contentsOfDirectory(atPath: path("spool"))
        #expect(!spool.isEmpty && spool.allSatisfy { !$0.contains("s3cr3t") && !$0.contains("alice:") }, "\(spool)")
    }
}
