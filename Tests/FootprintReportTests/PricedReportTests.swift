import FootprintCore
import Foundation
import Testing

@testable import FootprintReport

/// Reports of a run priced by the hour: the cumulative CO2e, the tasks, the basis, the intensity
/// chart, the planned start and the pricing history, from hand-made records.
@Suite struct PricedReportTests {
    /// The intensities ReportTests' three samples were priced at, g CO2e/kWh.
    static let hourly = [100.0, 200.0, 600.0]
    static let basis = PricingBasis(
        kind: .hourly, hourlySources: ["Electricity Maps"], factor: .lifecycle,
        annualSource: "Our World in Data / Ember, 2023", hourlyShare: 1)

    /// ReportTests' run (process scope, 1,120 J a second, PUE 1.5) with each second at its hour's
    /// intensity: 1,680 J × (100 + 200 + 600) g/kWh.
    static func pricedRun() -> RunRecord {
        var run = ReportTests.run()
        run.pricing = basis
        run.emissions = .grams(hourly.reduce(0) { $0 + 1_680 / 3_600_000 * $1 })
        return run
    }

    static var pricedSamples: [SampleRecord] {
        zip(ReportTests.samples, hourly).map { sample, intensity in
            var priced = sample
            priced.intensity = intensity
            return priced
        }
    }

    static var pricedModel: RunReportModel {
        RunReportModel(run: pricedRun(), samples: pricedSamples, tasks: ReportTests.tasks)
    }

    static let planned = PlannedStartRecord(
        start: 1_800_000_000 - 120, end: 1_800_000_000 + 3_480, deadline: 1_800_010_000,
        intensity: .gramsPerKilowattHour(250), nowIntensity: .gramsPerKilowattHour(450),
        basis: "forecast (Electricity Maps)")

    @Test func cumulativeEmissionsEndAtTheRunsPricedFigure() throws {
        let m = Self.pricedModel
        let last = try #require(m.cumulativeEmissions.points.last)
        #expect(abs(last.y - m.run.emissions.grams) < 1e-12)
        // Not the annual 400 g/kWh throughout (which would be 4/3 of it).
        #expect(abs(last.y - GridIntensity.gramsPerKilowattHour(400).emissions(for: .joules(5_040)).grams) > 1e-6)
        // The first second at 100 g/kWh.
        #expect(abs(m.cumulativeEmissions.points[1].y - 1_680 / 3_600_000 * 100) < 1e-12)
    }

    @Test func anUnpricedRunIsChartedAtItsAnnualFigureAsBefore() throws {
        let m = RunReportModel(run: ReportTests.run(), samples: ReportTests.samples, tasks: ReportTests.tasks)
        #expect(m.recordedPricing == nil && m.intensitySteps.isEmpty)
        let last = try #require(m.cumulativeEmissions.points.last)
        #expect(abs(last.y - m.run.emissions.grams) < 1e-12)
        #expect(m.pricingBasis.label == "annual average (Our World in Data / Ember, 2023)")
        #expect(!HTMLReport.render(m).contains("Grid intensity over the run"))
    }

    @Test func tasksArePricedByTheirOwnSamples() {
        let totals = Self.pricedModel.taskTotals
        // Epoch 1 (0–1.5 s) holds the sample ending at 1 s (100 g/kWh); epoch 2 those at 2 and 3 s.
        let energy = 1_680.0 * 1.5
        #expect(abs(totals[0].emissions.grams - energy / 3_600_000 * 100) < 1e-12)
        #expect(abs(totals[1].emissions.grams - energy / 3_600_000 * 400) < 1e-12)
        // Not both at the run's mean of 300 g/kWh.
        #expect(totals[0].emissions < totals[1].emissions)
    }

    @Test func theReportNamesTheBasisAndThePricedMeanBesideTheAnnual() {
        let m = Self.pricedModel
        #expect(m.pricingBasis.label == "hourly (Electricity Maps, life-cycle average)")
        #expect(m.run.pricedIntensity.gramsPerKilowattHour.isApproximately(300))
        let html = HTMLReport.render(m)
        #expect(html.contains("at 300 g CO2e/kWh, hourly (Electricity Maps, life-cycle average)"))
        #expect(html.contains("Grid intensity over the run") && html.contains("annual average, 400 g CO2e/kWh"))
        // What-ifs at the run's own place keep its hours: as measured 1×, PUE 1.1 at 300 g/kWh too.
        let whatIfs = m.whatIfs()
        #expect(whatIfs[0].ratio.isApproximately(1) && whatIfs[0].intensity == m.run.pricedIntensity)
        #expect(whatIfs.filter { $0.group == "facility" }.allSatisfy { $0.intensity == m.run.pricedIntensity })
        #expect(m.gridText.contains("annual average 400 g CO2e/kWh (Our World in Data / Ember, 2023, Germany)"))
        let statement = MarkdownStatement.render(m)
        #expect(
            statement.contains(
                "| Grid intensity | 300 g CO2e/kWh, hourly (Electricity Maps, life-cycle average); annual average 400 g CO2e/kWh (Our World in Data / Ember, 2023) |"
            ))
        #expect(
            statement.contains("priced by the hour") && statement.contains("from Electricity Maps (life-cycle average)")
        )
        #expect(!statement.contains("not the grid's mix during the run"))
        // Sources by name, never a file.
        #expect(!statement.contains(".tsv") && !statement.contains(".csv"))
    }

    @Test func theIntensityChartStepsThroughTheHoursTheRunMet() {
        let m = Self.pricedModel
        #expect(m.intensitySteps.map(\.gramsPerKilowattHour) == Self.hourly)
        #expect(m.intensitySteps.map(\.start) == [0, 1, 2])
        let svg = IntensityChart.svg(m)
        #expect(svg.contains("aria-label=\"Grid intensity over the run\""))
        // One stretch of steps (no gap), the annual average as a dashed line, no planned line.
        #expect(svg.components(separatedBy: "<path ").count - 1 == 1)
        #expect(svg.contains("stroke-dasharray") && !svg.contains("planned,"))
        // A gap in the samples breaks the line.
        var samples = Self.pricedSamples
        samples[2].t = 10
        let gapped = RunReportModel(run: Self.pricedRun(), samples: samples, tasks: [])
        #expect(IntensityChart.svg(gapped).components(separatedBy: "<path ").count - 1 == 2)
    }

    @Test func aLongRunsMergedIntervalsKeepItsEmissions() throws {
        let count = 3 * RunReportModel.chartIntervalLimit + 7
        let samples: [SampleRecord] = (1...count).map { (t: Int) -> SampleRecord in
            let intensity: Double? = t % 3 == 0 ? nil : Double(100 + t % 11 * 40)
            return SampleRecord(
                t: Double(t), duration: 1, cpuJoules: Double(t % 5), cpuProcessJoules: Double(t % 7), gpuJoules: 0,
                gpuProcessJoules: 0, ramJoules: 1, ramProcessJoules: 1, cpuUtilization: 0.5, processCPUShare: 0.5,
                intensity: intensity)
        }
        var run = ReportTests.run()
        run.pricing = Self.basis
        func facilityJoules(_ s: SampleRecord) -> Double { (s.cpuProcessJoules + s.ramProcessJoules) * 1.5 }
        run.energy = .joules(samples.map(facilityJoules).reduce(0, +))
        // The run's figure as the ledger would hold it, with the unpriced samples at the annual 400.
        let grams: [Double] = samples.map { facilityJoules($0) / 3_600_000 * ($0.intensity ?? 400) }
        run.emissions = .grams(grams.reduce(0, +))
        let m = RunReportModel(run: run, samples: samples, tasks: [])
        #expect(m.chartIntervals.count <= RunReportModel.chartIntervalLimit + 1)
        let last = try #require(m.cumulativeEmissions.points.last)
        // Unpriced samples are charted at the run's priced mean (every sample priced, it ends at the
        // run's figure, as cumulativeEmissionsEndAtTheRunsPricedFigure checks).
        let fallback = run.pricedIntensity.gramsPerKilowattHour
        let parts: [Double] = samples.map { facilityJoules($0) / 3_600_000 * ($0.intensity ?? fallback) }
        let expected = parts.reduce(0, +)
        #expect(abs(last.y - expected) < 1e-9 * max(expected, 1))
    }

    @Test func aPlannedRunShowsThePlanBesideWhatItMet() throws {
        var run = Self.pricedRun()
        run.planned = Self.planned
        let m = RunReportModel(run: run, samples: Self.pricedSamples, tasks: ReportTests.tasks)
        let comparison = try #require(m.plannedComparison)
        #expect(comparison.differenceFromPlan.isApproximately(50))
        #expect(comparison.differenceFromNow.isApproximately(-150))
        #expect(comparison.startText == "2 min after the planned start")
        #expect(
            comparison.summary
                == "The run met 300 g CO2e/kWh, 50 g CO2e/kWh (20 %) more than planned and 150 g CO2e/kWh (33.3 %) less than starting at once."
        )
        let html = HTMLReport.render(m)
        #expect(html.contains("Planned vs actual start") && html.contains("starting at once"))
        #expect(html.contains("planned, 250 g CO2e/kWh"))
        let statement = MarkdownStatement.render(m)
        #expect(
            statement.contains(
                "| Planned start | 2027-01-15T07:58:00Z at 250 g CO2e/kWh, from forecast (Electricity Maps); at once: 450 g CO2e/kWh |"
            ))
        #expect(
            statement.contains(
                "| Actual start | 2027-01-15T08:00:00Z (2 min after the planned start), 300 g CO2e/kWh over the run |"))
        #expect(statement.contains("The start was planned for the cleanest window"))
        // A run started at once has none of it.
        #expect(Self.pricedModel.plannedComparison == nil)
        #expect(!HTMLReport.render(Self.pricedModel).contains("Planned vs actual"))
        #expect(!MarkdownStatement.render(Self.pricedModel).contains("Planned start"))
    }

    @Test func thePricingHistoryListsEarlierFigures() {
        var m = Self.pricedModel
        let annual = GridIntensity.gramsPerKilowattHour(400).emissions(for: .joules(5_040))
        m.pricingHistory = [
            RunPriceRecord(replacedAt: 1_800_003_600, emissions: annual, basis: nil, reason: "footprint runs recompute")
        ]
        let html = HTMLReport.render(m)
        #expect(html.contains("Pricing history") && html.contains("footprint runs recompute"))
        #expect(
            html.contains(
                "<li>\(annual), annual average (Our World in Data / Ember, 2023); replaced 2027-01-15T09:00:00Z (footprint runs recompute)</li>"
            ))
        let statement = MarkdownStatement.render(m)
        #expect(
            statement.contains(
                "| Earlier CO2e | \(annual), annual average (Our World in Data / Ember, 2023); replaced 2027-01-15T09:00:00Z (footprint runs recompute) |"
            ))
        #expect(!HTMLReport.render(Self.pricedModel).contains("Pricing history"))
    }

    @Test func runJSONCarriesTheBasisThePlanAndTheHistory() throws {
        var run = Self.pricedRun()
        run.planned = Self.planned
        var m = RunReportModel(run: run, samples: Self.pricedSamples, tasks: ReportTests.tasks)
        m.pricingHistory = [
            RunPriceRecord(
                replacedAt: 1_800_003_600, emissions: .grams(0.5), basis: nil, reason: "at the end of the run")
        ]
        let object = try #require(
            JSONSerialization.jsonObject(with: JSONEncoder().encode(ReportJSON(m))) as? [String: Any])
        let json = try #require(object["run"] as? [String: Any])
        let location = try #require(json["location"] as? [String: Any])
        #expect(location["basis"] as? String == "hourly (Electricity Maps, life-cycle average)")
        #expect(location["basis_kind"] as? String == "hourly")
        #expect(location["hourly_share"] as? Double == 1)
        #expect((location["priced_intensity_g_per_kwh"] as? Double)?.isApproximately(300) == true)
        #expect(location["intensity_g_per_kwh"] as? Double == 400)
        let planned = try #require(json["planned"] as? [String: Any])
        #expect(planned["start"] as? String == "2027-01-15T07:58:00Z")
        #expect(planned["intensity_g_per_kwh"] as? Double == 250)
        #expect(planned["now_intensity_g_per_kwh"] as? Double == 450)
        #expect(planned["basis"] as? String == "forecast (Electricity Maps)")
        let history = try #require(json["pricing_history"] as? [[String: Any]])
        #expect(history.first?["basis_kind"] as? String == "annual")
        #expect(history.first?["co2e_kg"] as? Double == 0.0005)
        // Tasks priced by their own samples in JSON too.
        let tasks = try #require(json["tasks"] as? [[String: String]])
        #expect(Double(tasks[0]["co2e_kg"] ?? "").map { abs($0 - 2_520.0 / 3_600_000 * 100 / 1_000) < 1e-15 } == true)
        // An older run: annual basis, planned null, no history key outside a report.
        let plain = try #require(
            JSONSerialization.jsonObject(with: JSONEncoder().encode(RunJSON(ReportTests.run()))) as? [String: Any])
        #expect((plain["location"] as? [String: Any])?["basis_kind"] as? String == "annual")
        #expect(plain["planned"] is NSNull)
        #expect(plain["pricing_history"] == nil)
    }
}

extension Double {
    fileprivate func isApproximately(_ other: Double) -> Bool { abs(self - other) < 1e-9 * Swift.max(1, abs(other)) }
}
