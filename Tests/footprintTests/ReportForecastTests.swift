import FootprintCore
import FootprintLedger
import Foundation
import Testing

/// `footprint report` on a run that made forecasts (kept through the ledger's recorder, as
/// `footprint run --epochs` keeps them): the text, JSON, HTML and Markdown show them against what
/// the run used; a run without forecasts shows nothing new.
@Suite(.serialized) struct ReportForecastTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-forecast-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    var ledger: String { folder.appendingPathComponent("ledger.sqlite").path }

    /// A run recorded by `footprint run`, and, when asked, three forecasts kept for it, each a tenth
    /// above the energy it used.
    func recordRun(forecasts: Int) throws -> (id: String, energyJoules: Double, made: [EpochForecast]) {
        let result = try CLIRunner.run([
            "run", "--json", "--ledger", ledger, "--interval", "0.1", "--country", "FR", "--", "sleep", "0.35"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let id = try #require(try result.json()["run_id"] as? String)
        let store = try Ledger(path: ledger)
        let run = try store.run(id)
        let energy = run.energy.joules
        let made = (1...3).map { k in
            EpochForecast(
                madeAt: 0.1 * Double(k), afterEpochs: k, epochs: 4, durationSeconds: run.duration * 1.1,
                energyJoules: energy * 1.1, lowEnergyJoules: energy * 0.95, highEnergyJoules: energy * 1.25,
                co2eGrams: run.emissions.grams * 1.1, excludedWarmUp: k > 1, basis: "spread of \(k) epochs")
        }
        if forecasts > 0 {
            let recorder = LedgerRecorder(ledger: store)
            for f in made.prefix(forecasts) { recorder.forecast(f, runID: id) }
            #expect(recorder.writeFailures.isEmpty)
        }
        return (id, energy, made)
    }

    @Test func jsonCarriesThePredictionAndEveryUpdateInRunJSONsKeys() throws {
        let (id, energy, made) = try recordRun(forecasts: 3)
        let result = try CLIRunner.run(["report", id, "--json", "--ledger", ledger])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let prediction = try #require(json["prediction"] as? [String: Any])
        #expect(
            Set(prediction.keys) == [
                "after_epochs", "epochs", "duration_s", "energy_kwh", "co2e_kg", "low_energy_kwh", "high_energy_kwh"
            ])
        #expect(prediction["after_epochs"] as? Int == 1 && prediction["epochs"] as? Int == 4)
        let kWh = try #require(prediction["energy_kwh"] as? Double)
        #expect(abs(kWh * 3_600_000 - energy * 1.1) <= 1e-9 * max(energy, 1))
        let predictions = try #require(json["predictions"] as? [[String: Any]])
        #expect(predictions.map { $0["after_epochs"] as? Int } == [1, 2, 3])
        let times = predictions.compactMap { $0["made_at_s"] as? Double }
        #expect(times.count == 3 && zip(times, made).allSatisfy { abs($0 - $1.madeAt) < 1e-12 })
        #expect(Set(predictions[0].keys) == Set(prediction.keys).union(["made_at_s"]))
    }

    @Test func textShowsTheFirstAndLastForecastAgainstTheActual() throws {
        let (id, _, _) = try recordRun(forecasts: 3)
        let result = try CLIRunner.run(["report", id, "--ledger", ledger])
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        #expect(text.contains("after 1 of 4 epochs"), "\(text)")
        #expect(!text.contains("after 2 of 4 epochs"), "only the first and the last are listed")
        #expect(text.contains("after 3 of 4 epochs"))
        #expect(text.contains("(+10 %)"), "\(text)")
        #expect(text.contains("actual"))
        #expect(text.contains("within the 95 % interval of 2 of these 2 forecasts"), "\(text)")
        // `runs show` says the run made forecasts and where to see them.
        let shown = try CLIRunner.run(["runs", "show", id, "--ledger", ledger]).stdout
        #expect(shown.contains("forecast   3 made, the last after 3 of 4 epochs: "), "\(shown)")
    }

    @Test func htmlAndMarkdownShowTheForecasts() throws {
        let (id, _, _) = try recordRun(forecasts: 3)
        let page = folder.appendingPathComponent("forecast.html").path
        let result = try CLIRunner.run(["report", id, "--html", page, "--ledger", ledger])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<h2>Forecast vs actual</h2>") && html.contains("aria-label=\"Forecast vs actual\""))
        let markdown = try CLIRunner.run(["report", id, "--markdown", "--ledger", ledger])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.contains("Footprint forecast the whole run from its first epochs: after 1 of 4 epochs"))
        #expect(markdown.stdout.contains("10 % high"))
        #expect(markdown.stdout.contains("The last forecast, after 3 epochs (the first set aside as a warm-up), was"))
    }

    @Test func aRunWithoutForecastsShowsNothingNew() throws {
        let (id, _, _) = try recordRun(forecasts: 0)
        let json = try CLIRunner.run(["report", id, "--json", "--ledger", ledger])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try json.json()
        #expect(object["prediction"] == nil && object["predictions"] == nil)
        let text = try CLIRunner.run(["report", id, "--ledger", ledger])
        #expect(!text.stdout.contains("forecast") && !text.stdout.contains("epochs"))
        #expect(!(try CLIRunner.run(["runs", "show", id, "--ledger", ledger])).stdout.contains("forecast"))
        let page = folder.appendingPathComponent("plain.html").path
        #expect(try CLIRunner.run(["report", id, "--html", page, "--ledger", ledger]).status == 0)
        #expect(!(try String(contentsOfFile: page, encoding: .utf8)).contains("Forecast"))
    }

    /// One forecast: the note speaks of it alone.
    @Test func aLoneForecastIsListedOnce() throws {
        let (id, _, _) = try recordRun(forecasts: 1)
        let text = try CLIRunner.run(["report", id, "--ledger", ledger]).stdout
        #expect(text.components(separatedBy: "after 1 of 4 epochs").count == 2, "\(text)")
        #expect(text.contains("within the 95 % interval of the forecast)"), "\(text)")
    }

    /// A run whose recorder died: its figures are part of what was forecast, so no error is given.
    @Test func anInterruptedRunGetsNoError() throws {
        let store = try Ledger(path: ledger)
        let recorder = LedgerRecorder(ledger: store, batchSeconds: 0)
        // pid 2^22 + 1 is above Linux's pid_max default range: no such process.
        try recorder.begin(
            RunRecord(
                id: "gone-1", project: nil, name: "killed", command: ["train"], host: Host.name(), pid: 4_194_305,
                startedAt: Date().timeIntervalSince1970, intervalSeconds: 1, scope: .machine, locationCode: "FR",
                locationName: "France", intensity: .gramsPerKilowattHour(50), intensitySource: "test", pue: 1,
                pueSource: "test", cpuModel: nil, cpuPowerModel: nil, gpus: [], notes: []))
        recorder.sample(
            SampleRecord(
                t: 1, duration: 1, cpuJoules: 100, cpuProcessJoules: 50, gpuJoules: 0, gpuProcessJoules: 0,
                ramJoules: 10, ramProcessJoules: 5, cpuUtilization: 0.5, processCPUShare: 0.5), runID: "gone-1")
        recorder.forecast(
            EpochForecast(
                madeAt: 1, afterEpochs: 1, epochs: 5, durationSeconds: 5, energyJoules: 550, lowEnergyJoules: 440,
                highEnergyJoules: 660, co2eGrams: 0.0076, excludedWarmUp: false, basis: "one epoch: ±20 % assumed"),
            runID: "gone-1")
        let result = try CLIRunner.run(["report", "gone-1", "--ledger", ledger])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("after 1 of 5 epochs") && result.stdout.contains("measured so far"))
        #expect(result.stdout.contains("the run did not finish"))
        #expect(!result.stdout.contains(" %)"), "\(result.stdout)")
    }
}
