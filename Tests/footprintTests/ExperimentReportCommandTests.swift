import FootprintCore
import FootprintLedger
import Foundation
import Testing

@testable import footprint

/// `footprint report` on a run whose experiments are stored in the ledger: the page, the
/// Markdown, the JSON and the text render them again without re-running anything.
@Suite(.serialized) struct ExperimentReportCommandTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-exp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    var ledger: String { folder.appendingPathComponent("ledger.sqlite").path }

    /// A run recorded by `footprint run`, with the fixture suite stored as its experiments.
    func runWithExperiments() throws -> (id: String, suite: ExperimentSuiteResult) {
        let result = try CLIRunner.run(["run", "--json", "--ledger", ledger, "--interval", "0.1", "--", "true"])
        #expect(result.status == 0, "\(result.stderr)")
        let id = try #require(try result.json()["run_id"] as? String)
        let suite = ExperimentFixtures.suite(runID: id, status: .interrupted)
        try Ledger(path: ledger).recordExperiments(suite)
        return (id, suite)
    }

    @Test func theHTMLReportOfAnExperimentRunRendersItsExperiments() throws {
        let (id, suite) = try runWithExperiments()
        let page = folder.appendingPathComponent("experiments.html").path
        let result = try CLIRunner.run(["report", String(id.prefix(8)), "--html", page, "--ledger", ledger])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("The paper's experiments, re-run on this machine"))
        #expect(html.contains("This suite was interrupted"))
        for x in suite.experiments {
            #expect(html.contains("id=\"\(x.name.rawValue)\""))
            #expect(html.contains("Verdict: \(x.verdict.rawValue).</strong>"))
        }
        // The run's own report follows.
        #expect(html.contains("The run that measured them") && html.contains("Methods and sources"))
    }

    @Test func jsonMarkdownAndTextCarryTheExperiments() throws {
        let (id, suite) = try runWithExperiments()
        let json = try CLIRunner.run(["report", id, "--json", "--ledger", ledger])
        #expect(json.status == 0, "\(json.stderr)")
        let stored = try #require(try json.json()["experiment_suite"] as? [String: Any])
        #expect(stored["run_id"] as? String == id)
        let experiments = try #require(stored["experiments"] as? [[String: Any]])
        #expect(experiments.map { $0["name"] as? String } == suite.experiments.map(\.name.rawValue))

        let markdown = try CLIRunner.run(["report", id, "--markdown", "--ledger", ledger])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.contains("## Energy and carbon statement"))
        #expect(markdown.stdout.contains("## Experiments\n"))
        #expect(markdown.stdout.contains("### training-set-size: confirmed"))

        let text = try CLIRunner.run(["report", id, "--ledger", ledger])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("sparse-vs-deep") && text.stdout.contains("challenged"))
    }

    @Test func theMarkdownShowsEachChartWrittenBesideIt() throws {
        let (id, suite) = try runWithExperiments()
        let docs = folder.appendingPathComponent("docs")
        let output = docs.appendingPathComponent("experiments.md").path
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let charts = docs.appendingPathComponent("experiments/lab").path
        let result = try CLIRunner.run([
            "report", id, "--markdown", "--output", output, "--charts", charts, "--ledger", ledger
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let markdown = try String(contentsOfFile: output, encoding: .utf8)
        for x in suite.experiments where !x.configurations.isEmpty {
            let svg = try String(contentsOfFile: charts + "/\(x.name.rawValue).svg", encoding: .utf8)
            #expect(svg.hasPrefix("<svg"))
            #expect(markdown.contains("](experiments/lab/\(x.name.rawValue).svg)"))
        }
        let refused = try CLIRunner.run(["report", id, "--markdown", "--charts", charts, "--ledger", ledger])
        #expect(refused.status == 2 && refused.stderr.contains("--charts goes with --markdown --output FILE"))
    }

    @Test(arguments: [
        ("docs", "docs/charts", "charts"), ("docs", "charts", "../charts"), ("/a/b", "/a/c/d", "../c/d"),
        ("", "x", "x")
    ])
    func chartLinksAreRelativeToTheMarkdownsFolder(base: String, target: String, link: String) {
        #expect(ReportCommand.relativePath(from: base, to: target) == link)
    }

    /// A run without experiments reports as before: no experiment key, the ordinary page.
    @Test func anOrdinaryRunHasNoExperiments() throws {
        let result = try CLIRunner.run(["run", "--json", "--ledger", ledger, "--", "true"])
        let id = try #require(try result.json()["run_id"] as? String)
        let json = try CLIRunner.run(["report", id, "--json", "--ledger", ledger])
        #expect(json.status == 0 && json.stdout.contains("power_intervals"), "\(json.stderr)")
        #expect(!json.stdout.contains("experiment_suite"))
    }
}
