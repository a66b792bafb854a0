import FootprintCore
import Foundation
import Testing

@testable import FootprintReport

/// The experiment page, its Markdown and its charts, from results the Core rules judged
/// (ExperimentFixtures), and from the broken ones a run can leave: one point, zero or NaN energy,
/// missing parameters, an experiment stopped before its first configuration.
@Suite struct ExperimentReportTests {
    static let suite = ExperimentFixtures.suite()

    @Test func thePageCarriesEveryExperimentsClaimChartTableRuleVerdictAndFinding() {
        let html = ExperimentReport.render(Self.suite)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        for x in Self.suite.experiments {
            #expect(html.contains("id=\"\(x.name.rawValue)\""), "\(x.name)")
            #expect(html.contains(SVGChart.escape(x.claim)), "\(x.name)")
            #expect(html.contains(SVGChart.escape(x.source)), "\(x.name)")
            #expect(html.contains(SVGChart.escape(x.rule)), "\(x.name)")
            #expect(html.contains("<strong>Verdict: \(x.verdict.rawValue).</strong> \(SVGChart.escape(x.finding))"))
            #expect(html.contains(SVGChart.escape(ExperimentChart.chartTitle(x.name))), "\(x.name)")
            for c in x.configurations { #expect(html.contains(SVGChart.escape(c.label)), "\(x.name): \(c.label)") }
        }
        #expect(html.components(separatedBy: "<svg ").count - 1 == Self.suite.experiments.count)
        // The method in the words every report uses; no script, font or image from outside.
        #expect(html.contains("Energy is modeled from load, not measured: \(MeasurementMethod.tdpLoad.explanation)"))
        for outside in ["<script", "http://", "https://", "@import", "url("] {
            #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains(outside))
        }
        #expect(!html.contains("interrupted: it shows"))
    }

    /// The fixtures give the verdicts a reader must be able to tell apart, and the page styles each.
    @Test func verdictsAreStyledAndCounted() {
        let html = ExperimentReport.render(Self.suite)
        for verdict in Set(Self.suite.experiments.map(\.verdict)) {
            #expect(html.contains("<span class=\"verdict v-\(verdict.rawValue)\">\(verdict.rawValue)</span>"))
            #expect(html.contains("class=\"finding v-\(verdict.rawValue)\""))
        }
    }

    /// A method all configurations share is said once under the table; where they differ, each
    /// row says its own.
    @Test func theMethodColumnAppearsWhereMethodsDiffer() {
        let shared = ConfigurationTable(ExperimentFixtures.result(.precision).configurations)
        #expect(
            !shared.headers.contains("method")
                && shared.methodNote == "Energy of every configuration: modeled:tdp-load.")
        var configurations = ExperimentFixtures.result(.precision).configurations
        configurations[0].method = .rapl
        let mixed = ConfigurationTable(configurations)
        #expect(mixed.headers.contains("method") && mixed.methodNote == nil)
        #expect(
            mixed.rows.map { $0[mixed.headers.firstIndex(of: "method") ?? 0] } == ["measured:rapl", "modeled:tdp-load"])
    }

    @Test func measuredAndMixedMethodsAreSaidAsSuch() {
        let measured = ExperimentFixtures.suite(names: [.epochs], method: .rapl)
        #expect(
            ExperimentReport.methodStatement(measured).hasPrefix(
                "Energy is measured: \(MeasurementMethod.rapl.explanation)"))
        var mixed = measured
        mixed.experiments += ExperimentFixtures.suite(names: [.pruning]).experiments
        #expect(ExperimentReport.methodStatement(mixed).hasPrefix("Energy is partly measured, partly modeled"))
    }

    /// Each chart kind draws what its experiment is about: fitted lines, predicted points, the 80 %
    /// line, log axes where the figures span decades, notes on bars.
    @Test func eachChartShowsItsExperimentsFigure() throws {
        func chart(_ name: ExperimentName) -> String { ExperimentChart.draw(ExperimentFixtures.result(name)).svg() }
        #expect(chart(.trainingSetSize).contains("least-squares line"))
        #expect(chart(.trainingSetSize).contains("predicted, T = β·I·D·E"))
        #expect(chart(.trainingSetSize).contains("stroke-dasharray=\"5 4\""))
        #expect(chart(.epochs).contains("2x64 (R² ") && chart(.epochs).contains("4x128 (R² "))
        let overhead = chart(.trainingVsInference)
        #expect(
            overhead.contains("≈ 80 %") && overhead.contains("D = 1,000 samples")
                && overhead.contains("D = 10,000 samples"))
        #expect(chart(.modelSize).contains("width 25 (ρ "))
        #expect(chart(.sparseVsDeep).contains(", log)") && chart(.sparseVsDeep).contains("acc 91 %"))
        #expect(chart(.transferLearning).contains("fill-opacity=\"0.3\""), "pretraining drawn lighter")
        #expect(chart(.transferLearning).contains("3 layers frozen"))
        #expect(chart(.modelShape).contains("×1.6"))
        #expect(
            chart(.layerType).contains("energy per trainable parameter")
                && chart(.layerType).contains("per forward FLOP"))
        #expect(chart(.precision).contains("436 kB"))
        #expect(chart(.batchSize).contains(">512<"))
        #expect(chart(.pruning).contains("accuracy (strip below)"))
    }

    /// What an interrupted or broken run leaves still renders: no configurations, one point,
    /// zero and NaN energies, parameters missing.
    @Test(arguments: ExperimentName.allCases)
    func brokenResultsRenderWithoutCrashing(name: ExperimentName) throws {
        let notANumber = try Regex("\\b(nan|inf)\\b")
        let usual = ExperimentFixtures.result(name).configurations
        var odd = usual.map { c -> ConfigurationResult in
            var c = c
            c.energy = Spread(exactly: 0)
            return c
        }
        if var first = usual.first {
            first.energy = Spread(median: .nan, minimum: .nan, maximum: .nan)
            first.durationSeconds = .nan
            odd.append(first)
        }
        let bare = usual.map { c -> ConfigurationResult in
            var c = c
            c.parameters = ConfigurationParameters()
            return c
        }
        for configurations in [[], Array(usual.prefix(1)), odd, bare] {
            let result = ExperimentFixtures.result(name, configurations: configurations)
            let svg = ExperimentChart.draw(result).svg()
            #expect(svg.hasPrefix("<svg ") && svg.hasSuffix("</svg>"))
            #expect(svg.firstMatch(of: notANumber) == nil, "\(name): \(configurations.count) configurations")
            let html = ExperimentReport.render(
                ExperimentSuiteResult(
                    runID: "r", engine: .lab, scale: .smoke, machine: "m", repeats: 1, status: .interrupted,
                    started: "2026-11-30T10:00:00Z", experiments: [result]))
            #expect(html.contains("This suite was interrupted"))
        }
    }

    @Test func anExperimentWithNoConfigurationsSaysSo() {
        let suite = ExperimentSuiteResult(
            runID: "r", engine: .pytorch, scale: .standard, machine: "m", repeats: 3, status: .interrupted,
            started: "2026-11-30T10:00:00Z", device: "cuda",
            experiments: [
                ExperimentFixtures.result(.trainingSetSize), ExperimentFixtures.result(.epochs, configurations: [])
            ])
        let html = ExperimentReport.render(suite)
        #expect(html.contains("No configuration of this experiment was measured."))
        #expect(html.contains("device cuda"))
        let markdown = ExperimentReport.markdown(suite, chartPath: { "charts/\($0).svg" })
        #expect(markdown.contains("> **Interrupted.**"))
        #expect(markdown.contains("![Training energy against training-set size](charts/training-set-size.svg)"))
        #expect(!markdown.contains("charts/epochs.svg"))
    }

    @Test func markdownCarriesClaimTableVerdictAndFinding() {
        let markdown = ExperimentReport.markdown(Self.suite, headingLevel: 3)
        for x in Self.suite.experiments {
            #expect(markdown.contains("### \(x.name.rawValue): \(x.verdict.rawValue)\n"))
            #expect(markdown.contains("**Verdict: \(x.verdict.rawValue).** \(MarkdownStatement.md(x.finding))"))
        }
        #expect(markdown.contains("| configuration | parameters | energy [min–max] |"))
        #expect(markdown.contains("predicted β·I·D·E"))
        #expect(!markdown.contains("!["), "no chart links unless asked")
        // Every table row has as many cells as its header.
        for line in markdown.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.replacingOccurrences(of: "\\|", with: "").split(
                separator: "|", omittingEmptySubsequences: false)
            #expect(cells.count >= 4)
        }
    }

    @Test func thePrecisionChartDrawsTheInferenceRunsNotTheTrainingThatMadeTheirWeights() {
        var configurations = ExperimentFixtures.configurations(of: .precision, method: .tdpLoad)
        configurations.insert(
            ConfigurationResult(
                label: "the trained network", parameters: ConfigurationParameters(trainSamples: 100, phase: .train),
                energy: Spread(exactly: 50), durationSeconds: 1, samplesPerSecond: 100, method: .tdpLoad), at: 0)
        let svg = ExperimentChart.draw(ExperimentFixtures.result(.precision, configurations: configurations)).svg()
        #expect(!svg.contains("the trained network"))
        #expect(svg.contains("float16"))
    }

    @Test func chartsAreStandaloneFilesOnePerExperiment() {
        let charts = ExperimentReport.charts(Self.suite)
        #expect(charts.map(\.name) == ExperimentName.allCases.map(\.rawValue))
        for chart in charts {
            #expect(chart.svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(chart.svg.contains("<style>") && chart.svg.contains("width=\"720\""))
        }
        // The same data, the same bytes.
        #expect(ExperimentReport.charts(Self.suite).map(\.svg) == charts.map(\.svg))
    }

    @Test func logarithmicAxesSpanWholeDecades() {
        let scale = PlotScale.automatic([0.2, 160])
        #expect(scale.kind == .log10 && scale.lower == 0.1 && scale.upper == 1_000)
        #expect(PlotScale.automatic([2, 40]).kind == .linear)
        #expect(PlotScale.logarithmic([1, 512], base2: true).ticks.contains(512))
        #expect(PlotScale.linear([-0.2, 0.9]).lower < -0.19)
        #expect(PlotScale.linear([]).upper == 1)
    }

    /// With the run that measured it, the page goes on with the run's own report.
    @Test func thePageCanCarryTheRunBehindIt() {
        let model = RunReportModel(run: ReportTests.run(), samples: ReportTests.samples, tasks: ReportTests.tasks)
        let html = ExperimentReport.render(Self.suite, run: model)
        #expect(html.contains("The run that measured them"))
        #expect(html.contains("Power over time") && html.contains("Methods and sources"))
    }

    /// Writes the page with every experiment for a look in a browser (FOOTPRINT_EXPERIMENT_PAGE=path).
    /// Writes the pages, charts and Markdown a reader looks at: to FOOTPRINT_EXPERIMENT_PAGE's
    /// folder when it is set (to open them in a browser), else to a temporary folder.
    @Test func writesThePagesChartsAndMarkdownAReaderLooksAt() throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("exp-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let path =
            ProcessInfo.processInfo.environment["FOOTPRINT_EXPERIMENT_PAGE"]
            ?? temporary.appendingPathComponent("experiments.html").path
        let model = RunReportModel(run: ReportTests.run(), samples: ReportTests.samples, tasks: ReportTests.tasks)
        try ExperimentReport.render(Self.suite, run: model).write(toFile: path, atomically: true, encoding: .utf8)
        let folder = (path as NSString).deletingLastPathComponent
        for chart in ExperimentReport.charts(Self.suite) {
            try chart.svg.write(toFile: folder + "/\(chart.name).svg", atomically: true, encoding: .utf8)
        }
        try ExperimentReport.markdown(Self.suite, chartPath: { "\($0).svg" }).write(
            toFile: folder + "/experiments.md", atomically: true, encoding: .utf8)
        // What a broken or cut-short suite leaves: one configuration each, zero energies, none.
        var broken = Self.suite
        broken.status = .interrupted
        broken.experiments = Self.suite.experiments.enumerated().map { i, x in
            let configurations: [ConfigurationResult] =
                switch i % 3 {
                case 0: Array(x.configurations.prefix(1))
                case 1:
                    x.configurations.map { c in
                        var c = c
                        c.energy = Spread(exactly: 0)
                        return c
                    }
                default: []
                }
            return ExperimentFixtures.result(x.name, configurations: configurations)
        }
        try ExperimentReport.render(broken).write(toFile: folder + "/broken.html", atomically: true, encoding: .utf8)

        let page = try String(contentsOfFile: path, encoding: .utf8)
        let markdown = try String(contentsOfFile: folder + "/experiments.md", encoding: .utf8)
        for x in Self.suite.experiments {
            #expect(page.contains("id=\"\(x.name.rawValue)\""))
            #expect(markdown.contains("](\(x.name.rawValue).svg)"))
            #expect(FileManager.default.fileExists(atPath: folder + "/\(x.name.rawValue).svg"))
        }
        let brokenPage = try String(contentsOfFile: folder + "/broken.html", encoding: .utf8)
        #expect(brokenPage.contains("This suite was interrupted"))
    }
}
