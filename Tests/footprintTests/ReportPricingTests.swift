import FootprintCore
import FootprintLedger
import Foundation
import Testing

/// `footprint report` on a run recorded by `footprint run` and priced again by the hour through
/// the ledger's `reprice`: the priced figure, its basis, the intensity chart and the figure it
/// replaced, in JSON, text, Markdown and HTML (drawn by headless Chromium where it is installed).
@Suite(.serialized) struct ReportPricingTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-priced-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    var ledger: String { folder.appendingPathComponent("ledger.sqlite").path }

    /// Records a short run, then prices it again from two readings of France's grid: 20 g/kWh for
    /// the first half of its samples, 80 g/kWh after. Returns its id, the new and the old CO2e.
    func recordAndReprice() throws -> (id: String, grams: Double, oldGrams: Double) {
        let result = try CLIRunner.run([
            "run", "--json", "--ledger", ledger, "--interval", "0.1", "--country", "FR", "--", "sleep", "0.35"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let id = try #require(try result.json()["run_id"] as? String)
        let store = try Ledger(path: ledger)
        let run = try store.run(id)
        let samples = try store.samples(of: id)
        #expect(samples.count >= 2)
        let middle = run.startedAt + (samples.map(\.t).max() ?? 0) / 2
        let readings = [
            IntensityReading(
                zone: "FR", start: run.startedAt - 3_600, end: middle, intensity: .gramsPerKilowattHour(20),
                factor: .lifecycle, kind: .actual, source: "Electricity Maps", recordedAt: run.startedAt),
            IntensityReading(
                zone: "FR", start: middle, end: run.startedAt + 3_600, intensity: .gramsPerKilowattHour(80),
                factor: .lifecycle, kind: .actual, source: "Electricity Maps", recordedAt: run.startedAt)
        ]
        let pricing = HourlyPricing.price(
            samples: samples, startedAt: run.startedAt, scope: run.scope, readings: readings, annual: run.intensity,
            annualSource: run.intensitySource ?? "source not recorded")
        try store.reprice(
            id,
            RunRepricing(
                pricing, facilityEnergy: run.energy, pricedAt: run.endedAt + 60, reason: "footprint runs recompute"))
        return (id, pricing.emissions(for: run.energy).grams, run.emissions.grams)
    }

    @Test func reportJSONCarriesThePricedFigureItsBasisAndTheOneItReplaced() throws {
        let (id, grams, oldGrams) = try recordAndReprice()
        #expect(grams > 0 && grams < oldGrams, "France's annual average is above 80 g/kWh")
        let result = try CLIRunner.run(["report", id, "--json", "--ledger", ledger])
        #expect(result.status == 0, "\(result.stderr)")
        let run = try #require(try result.json()["run"] as? [String: Any])
        let co2e = try #require(run["co2e_kg"] as? Double)
        #expect(abs(co2e * 1_000 - grams) <= 1e-9 * grams)
        let location = try #require(run["location"] as? [String: Any])
        #expect(location["basis"] as? String == "hourly (Electricity Maps, life-cycle average)")
        #expect(location["basis_kind"] as? String == "hourly" && location["hourly_share"] as? Double == 1)
        let priced = try #require(location["priced_intensity_g_per_kwh"] as? Double)
        #expect(priced >= 20 - 1e-9 && priced <= 80 + 1e-9)
        #expect(run["planned"] is NSNull)
        let history = try #require(run["pricing_history"] as? [[String: Any]])
        #expect(history.count == 1)
        #expect(history.first?["basis_kind"] as? String == "annual")
        #expect(history.first?["reason"] as? String == "footprint runs recompute")
        let old = try #require(history.first?["co2e_kg"] as? Double)
        #expect(abs(old * 1_000 - oldGrams) <= 1e-9 * oldGrams)
        // `runs show --json` carries the basis too.
        let shown = try CLIRunner.run(["runs", "show", id, "--json", "--ledger", ledger])
        #expect(shown.status == 0, "\(shown.stderr)")
        let shownLocation = try shown.json()["location"] as? [String: Any]
        #expect(shownLocation?["basis_kind"] as? String == "hourly")
        // `runs --json` names the basis too (no history there).
        let runs = try CLIRunner.run(["runs", "--json", "--ledger", ledger])
        let listed = try #require(
            (try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])?.first)
        #expect((listed["location"] as? [String: Any])?["basis_kind"] as? String == "hourly")
        #expect(listed["pricing_history"] == nil)
    }

    @Test func textMarkdownAndHTMLNameTheBasisAndDrawTheHours() throws {
        let (id, _, _) = try recordAndReprice()
        let text = try CLIRunner.run(["report", id, "--ledger", ledger])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("hourly (Electricity Maps, life-cycle average)"), "\(text.stdout)")
        #expect(text.stdout.contains("earlier") && text.stdout.contains("footprint runs recompute"), "\(text.stdout)")
        let markdown = try CLIRunner.run(["report", id, "--markdown", "--ledger", ledger])
        #expect(markdown.stdout.contains("The emissions were priced by the hour"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("| Earlier CO2e |"))
        let page = folder.appendingPathComponent("priced.html")
        let html = try CLIRunner.run(["report", id, "--html", page.path, "--ledger", ledger])
        #expect(html.status == 0, "\(html.stderr)")
        let written = try String(contentsOf: page, encoding: .utf8)
        #expect(written.contains("Grid intensity over the run") && written.contains("Pricing history"))
        #expect(written.components(separatedBy: "<svg").count - 1 >= 3, "power, cumulative CO2e and intensity")

        guard let chromium = ServeBrowserTests.chromium else { return }
        _ = chromium
        let profile = folder.appendingPathComponent("chromium")
        let shots =
            ProcessInfo.processInfo.environment["FOOTPRINT_SCREENSHOTS"].map { URL(fileURLWithPath: $0) }
            ?? folder.appendingPathComponent("shots")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let dom = try ServeBrowserTests.dom(page.absoluteString, profile: profile)
        #expect(dom.contains("aria-label=\"Grid intensity over the run\""))
        for (size, width, height) in [("desktop", 1280, 2600), ("phone", 400, 4200)] {
            let png = try ServeBrowserTests.screenshot(
                page.absoluteString, width: width, height: height,
                to: shots.appendingPathComponent("priced-report-\(size).png"), profile: profile)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "the report at \(size) width is a PNG")
        }
    }

    /// A run of `run --start best`, priced by the hour at its end: its report sets the plan beside
    /// what it met, in JSON, text, Markdown and HTML.
    @Test func aPlannedRunsReportShowsThePlanBesideWhatItMet() throws {
        let now = Date().timeIntervalSince1970
        let cleanFrom = now + 1.5
        let readings =
            PlanLedgerTests.readings(
                "DE", from: now - PlanLedgerTests.hour, [500], kind: .forecast,
                length: cleanFrom - (now - PlanLedgerTests.hour))
            + PlanLedgerTests.readings("DE", from: cleanFrom, [120, 120, 120, 120], kind: .forecast)
        let ledger = try PlanLedgerTests.ledger(readings)
        let recorded = try CLIRunner.run([
            "run", "--start", "best", "--deadline", "3h", "--expected-duration", "1h", "--region", "DE", "--ledger",
            ledger, "--json", "--", "true"
        ])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let id = try #require(try recorded.json()["run_id"] as? String)
        let report = try CLIRunner.run(["report", id, "--json", "--ledger", ledger])
        let run = try #require(try report.json()["run"] as? [String: Any])
        let planned = try #require(run["planned"] as? [String: Any])
        #expect(planned["intensity_g_per_kwh"] as? Double == 120)
        #expect((planned["basis"] as? String)?.hasPrefix("forecast") == true, "\(planned)")
        let text = try CLIRunner.run(["report", id, "--ledger", ledger])
        #expect(
            text.stdout.contains("  planned    start ") && text.stdout.contains("at 120 g CO2e/kWh"), "\(text.stdout)")
        // The run starts at the planned start or a moment after it, so it meets the plan's 120 g or, where
        // its first interval reaches back into the 500 g hour, a little more: either way the sentence says so.
        let comparison = { (page: String) in page.contains("the same as planned") || page.contains("than planned") }
        #expect(
            text.stdout.contains("  actual     start ") && text.stdout.contains("The run met ")
                && comparison(text.stdout), "\(text.stdout)")
        let markdown = try CLIRunner.run(["report", id, "--markdown", "--ledger", ledger])
        #expect(markdown.stdout.contains("| Planned start |") && markdown.stdout.contains("| Actual start |"))
        let page = folder.appendingPathComponent("planned.html")
        #expect(try CLIRunner.run(["report", id, "--html", page.path, "--ledger", ledger]).status == 0)
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("Planned vs actual start") && html.contains("The run met ") && comparison(html))
    }
}
