import FootprintCore
import Foundation
import Testing

@testable import FootprintReport

/// A run's forecasts in its report: checked against what the run used, drawn as "Forecast vs
/// actual" with their intervals as a band, told in the Markdown statement; nothing for a run without.
@Suite struct ForecastReportTests {
    /// The fixture run used 5,040 J in 3 s; forecasts after each of its 3 epochs.
    static func forecast(after epochs: Int, energy: Double, spread: Double, duration: Double) -> EpochForecast {
        EpochForecast(
            madeAt: Double(epochs), afterEpochs: epochs, epochs: 3, durationSeconds: duration, energyJoules: energy,
            lowEnergyJoules: energy - spread, highEnergyJoules: energy + spread,
            co2eGrams: GridIntensity.gramsPerKilowattHour(400).emissions(for: .joules(energy)).grams,
            excludedWarmUp: false, basis: epochs == 1 ? "one epoch: ±20 % assumed" : "spread of \(epochs) epochs")
    }

    static let forecasts = [
        forecast(after: 1, energy: 5_544, spread: 1_100, duration: 3.3),
        forecast(after: 2, energy: 4_800, spread: 100, duration: 2.85)
    ]

    func model(_ run: RunRecord = ReportTests.run(), forecasts: [EpochForecast] = Self.forecasts) -> RunReportModel {
        RunReportModel(run: run, samples: ReportTests.samples, tasks: ReportTests.tasks, forecasts: forecasts)
    }

    @Test func eachForecastIsCheckedAgainstWhatTheRunUsed() throws {
        let outcomes = model().forecastOutcomes
        #expect(outcomes.count == 2)
        let first = try #require(outcomes.first), last = try #require(outcomes.last)
        #expect(abs(try #require(first.energyError) - 0.1) < 1e-12)
        #expect(abs(try #require(first.durationError) - 0.1) < 1e-12)
        #expect(abs(try #require(first.emissionsError) - 0.1) < 1e-12)
        #expect(first.actualWithinInterval == true)
        #expect(last.actualWithinInterval == false)
        #expect(abs(try #require(last.energyError) + 0.047619) < 1e-6)
        #expect(first.intervalText == "4.44–6.64 kJ" || first.intervalText == "1.23–1.85 Wh")
        #expect(ForecastOutcome.percent(0.1) == "+10 %" && ForecastOutcome.percent(-0.0476) == "−4.8 %")
        #expect(ForecastOutcome.percent(-1e-9) == "0 %" && ForecastOutcome.offBy(2e-8) == "exact")
        // The first and the last are shown; one forecast is shown once.
        #expect(model().shownForecastOutcomes.map(\.forecast.afterEpochs) == [1, 2])
        #expect(model(forecasts: [Self.forecasts[0]]).shownForecastOutcomes.count == 1)
    }

    /// The forecast after the last epoch is the energy through it: what the run used afterwards is
    /// named, and the first forecast is also checked against the part it forecast.
    @Test func workAfterTheLastEpochIsSetApart() throws {
        let forecasts = Self.forecasts + [Self.forecast(after: 3, energy: 4_536, spread: 0, duration: 2.8)]
        let after = try #require(WorkAfterLastEpoch(model(forecasts: forecasts).forecastOutcomes))
        #expect(abs(after.energy.joules - 504) < 1e-9)
        #expect(abs(after.share - 0.1) < 1e-12)
        #expect(abs(after.firstForecastError - (5_544.0 / 4_536 - 1)) < 1e-12)
        // Without a forecast after the last epoch, or for a run that did not finish: nothing to say.
        #expect(WorkAfterLastEpoch(model().forecastOutcomes) == nil)
        var run = ReportTests.run()
        run.status = .interrupted
        #expect(WorkAfterLastEpoch(model(run, forecasts: forecasts).forecastOutcomes) == nil)
    }

    /// An interrupted run's figures are part of what was forecast: no error is worked out.
    @Test func anUnfinishedRunGivesNoError() throws {
        var run = ReportTests.run()
        run.status = .interrupted
        let outcome = try #require(model(run).forecastOutcomes.first)
        #expect(outcome.energyError == nil && outcome.durationError == nil && outcome.actualWithinInterval == nil)
        let sentences = ForecastOutcome.sentences(model(run).shownForecastOutcomes).joined(separator: " ")
        #expect(sentences.contains("did not finish"))
        #expect(!sentences.contains("% high"))
    }

    @Test func theHTMLReportDrawsForecastsAgainstTheActual() throws {
        let html = HTMLReport.render(model())
        #expect(html.contains("<h2>Forecast vs actual</h2>"))
        #expect(html.contains("aria-label=\"Forecast vs actual\""))
        // Both forecasts as points, their interval as one band, the actual as a line with its figure.
        let chart = ForecastChart.svg(model().forecastOutcomes)
        #expect(chart.components(separatedBy: "</circle>").count - 1 == 2)
        #expect(chart.contains("fill-opacity=\"0.18\""))
        #expect(chart.contains("actual, \(ReportTests.run().energy)"))
        #expect(chart.contains("after 1 of 3 epochs, at 1 s"))
        #expect(chart.contains("+10 % vs actual"))
        // The table: the first and last forecasts, then the actual.
        #expect(html.contains("<td>after 2 of 3 epochs</td>") && html.contains("<td>actual</td>"))
        #expect(html.contains("spread of 2 epochs"))
        #expect(HTMLReport.render(model()) == HTMLReport.render(model()))
    }

    @Test func aRunWithoutForecastsShowsNothingNew() {
        let plain = RunReportModel(run: ReportTests.run(), samples: ReportTests.samples, tasks: ReportTests.tasks)
        #expect(HTMLReport.render(model(forecasts: [])) == HTMLReport.render(plain))
        #expect(!HTMLReport.render(plain).contains("Forecast"))
        #expect(MarkdownStatement.render(model(forecasts: [])) == MarkdownStatement.render(plain))
        #expect(!MarkdownStatement.render(plain).contains("forecast"))
    }

    @Test func theMarkdownStatementSaysWhatTheForecastSaidAndHowFarOffItWas() {
        let text = MarkdownStatement.render(model())
        #expect(text.contains("Footprint forecast the whole run from its first epochs: after 1 of 3 epochs"))
        #expect(text.contains("the forecast's energy was 10 % high and its duration 10 % high"))
        #expect(text.contains("The last forecast, after 2 epochs, was"))
        #expect(text.contains("4.8 % low"))
    }

    /// A hundred epochs: every forecast is drawn and marked, but only the epoch numbers that fit side
    /// by side are written, the last among them.
    @Test func epochNumbersThatWouldOverlapAreLeftOut() throws {
        let many = (1...100).map { Self.forecast(after: $0, energy: 5_000, spread: 50, duration: 3) }.map {
            var f = $0
            f.madeAt = Double(f.afterEpochs) * 0.03
            f.epochs = 100
            return f
        }
        let chart = ForecastChart.svg(model(forecasts: many).forecastOutcomes)
        #expect(chart.components(separatedBy: "</circle>").count - 1 == 100)
        let numbers = chart.components(separatedBy: "class=\"epoch\">").dropFirst().compactMap {
            Int($0.prefix { $0.isNumber })
        }
        #expect(numbers.contains(100))
        #expect(numbers.count < 100 && numbers.count >= 10, "\(numbers)")
    }
}
