import FootprintCore
import FootprintReport

/// `/experiments`: the suites `lab experiment` measured, newest first: each experiment's verdict
/// and chart; the run's page has the claims, configurations and findings in full.
enum ExperimentsPage {
    static let defaultLimit = 5
    static let maximumLimit = 50
    /// How many of the newest runs are looked through for suites.
    static let scannedRuns = 5_000

    static func render(
        _ suites: [(run: RunRecord, suite: ExperimentSuiteResult)], selection: RunSelection, more: Bool
    )
        -> String
    {
        let e = DashboardPage.e
        var html =
            "<header><h1>Experiments</h1><p class=\"sub\">The paper's experiments as <code>footprint lab experiment</code> "
            + "re-ran them, newest first.</p></header>\n" + RunsPage.form(selection.filter, action: "/experiments")
        if suites.isEmpty {
            html += "<p>No run of these measured experiments.</p>\n"
        }
        for (index, (run, suite)) in suites.enumerated() {
            html +=
                "<section class=\"suite\"><h2>" + DashboardPage.link("/runs/" + DashboardPage.segment(run.id), run.name)
            html += "</h2>\n<p class=\"sub\">\(e(DashboardPage.started(run.startedAt))) UTC · \(e(run.host)) · engine "
            html += "\(e(suite.engine.rawValue)) · scale \(e(suite.scale.rawValue)) · \(e(suite.status.rawValue))</p>\n"
            html += DashboardPage.table(
                ["experiment", "source", "verdict"],
                suite.experiments.map { x in
                    [
                        DashboardPage.link(
                            "/runs/" + DashboardPage.segment(run.id) + "#" + x.name.rawValue, x.name.rawValue),
                        e(x.source), ExperimentReport.badge(x.verdict)
                    ]
                })
            let charts = suite.experiments.compactMap { x in
                ExperimentReport.inlineChart(x).map {
                    "<figure><figcaption>\(e(x.name.rawValue)) \(ExperimentReport.badge(x.verdict))</figcaption>\($0)</figure>"
                }
            }
            if !charts.isEmpty {
                // The newest suite's charts open, the older ones a click away.
                html +=
                    "<details\(index == 0 ? " open" : "")><summary>\(charts.count) chart\(charts.count == 1 ? "" : "s")</summary>\(charts.joined())</details>\n"
            }
            html += "</section>\n"
        }
        html +=
            "<p class=\"pages\">"
            + DashboardPage.pageLinks("/experiments", selection, defaultLimit: defaultLimit, more: more)
        return DashboardPage.render(
            title: "Footprint: experiments", extraStyle: ExperimentReport.style, body: html + "</p>\n")
    }
}
