import FootprintCore

/// The experiments of a run as people read them: one self-contained HTML page (no scripts, fonts
/// or images from outside; charts as inline SVG), Markdown for a document, and each chart as its
/// own SVG file. Per experiment: the claim and its source, a chart in the spirit of the source's
/// figure, the configurations, the rule, the verdict and the finding.
public enum ExperimentReport {
    /// The page for `suite`; with `run`, the ledger run that measured it follows the experiments
    /// (totals, power over time, what-ifs, methods). `navigation` is put first in the body, unescaped.
    public static func render(
        _ suite: ExperimentSuiteResult, run: RunReportModel? = nil, generator: String = "footprint",
        navigation: String = ""
    ) -> String {
        var html = HTMLReport.page(title: "Footprint experiments: run \(suite.runID)", style: style) + navigation
        html +=
            "<header><h1>The paper's experiments, re-run on this machine</h1><p class=\"sub\">\(e(headerLine(suite)))</p></header>\n"
        if let note = statusNote(suite.status) { html += "<p class=\"warn\">\(e(note))</p>\n" }
        html += "<section class=\"totals\">"
        html += HTMLReport.tile("Engine", suite.engine.rawValue, "device \(suite.device)")
        html += HTMLReport.tile("Scale", suite.scale.rawValue, "\(suite.repeats) repeats after a warm-up")
        html += HTMLReport.tile(
            "Status", suite.status.rawValue,
            "\(suite.experiments.count) experiment\(suite.experiments.count == 1 ? "" : "s")")
        let counts = Verdict.allCases.map { v in (v, suite.experiments.filter { $0.verdict == v }.count) }
        html += HTMLReport.tile(
            "Verdicts", "\(counts[0].1) \(counts[0].0.rawValue)",
            counts.dropFirst().map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", "))
        html += "</section>\n"
        html += "<p class=\"note\">Machine: \(e(suite.machine)).</p>\n"
        html += "<p class=\"method\">\(e(methodStatement(suite)))</p>\n"
        if !suite.experiments.isEmpty {
            html +=
                "<section><h2>Summary</h2>\n<table><thead><tr><th>experiment</th><th>source</th><th>verdict</th></tr></thead><tbody>"
            for x in suite.experiments {
                html +=
                    "<tr><td><a href=\"#\(x.name.rawValue)\">\(e(x.name.rawValue))</a></td><td>\(e(x.source))</td>"
                    + "<td>\(badge(x.verdict))</td></tr>"
            }
            html += "</tbody></table></section>\n"
        } else {
            html += "<p>No experiment was begun.</p>\n"
        }
        for experiment in suite.experiments { html += section(experiment) }
        if let run {
            html +=
                "<h2 class=\"part\">The run that measured them</h2><p class=\"sub\">\(HTMLReport.runLine(run.run))</p>\n"
            html += HTMLReport.body(run, maximumTasks: 40)
        }
        return html + HTMLReport.footer(generator: generator)
    }

    /// One experiment: claim, chart, configurations, rule, verdict and finding.
    static func section(_ x: ExperimentResult) -> String {
        var html =
            "<section class=\"experiment\" id=\"\(e(x.name.rawValue))\"><h2>\(e(x.name.rawValue)) \(badge(x.verdict))</h2>\n"
        html +=
            "<p class=\"claim\"><strong>Claim.</strong> \(e(x.claim)) <span class=\"source\">(\(e(x.source)))</span></p>\n"
        if x.configurations.isEmpty {
            html += "<p class=\"note\">No configuration of this experiment was measured.</p>\n"
        } else {
            html += "<figure>" + ExperimentChart.draw(x).svg() + "</figure>\n"
            let table = ConfigurationTable(x.configurations)
            html +=
                "<div class=\"configurations\">" + HTMLReport.table(table.headers, table.rows, numeric: table.numeric)
                + "</div>"
            if let note = table.methodNote { html += "<p class=\"note\">\(e(note))</p>\n" }
        }
        html += "<p class=\"rule\"><strong>Rule.</strong> \(e(x.rule))</p>\n"
        html +=
            "<p class=\"finding v-\(x.verdict.rawValue)\"><strong>Verdict: \(x.verdict.rawValue).</strong> \(e(x.finding))</p>\n"
        return html + "</section>\n"
    }

    /// Each experiment's chart as a standalone SVG file's text, named by the experiment
    /// ("training-set-size"): for documents that commit them beside their text.
    public static func charts(_ suite: ExperimentSuiteResult) -> [(name: String, svg: String)] {
        suite.experiments.map { ($0.name.rawValue, ExperimentChart.draw($0).svg(standalone: true) + "\n") }
    }

    /// One experiment's chart as inline SVG for a page that carries ``style``; nil for an
    /// experiment with no configuration measured.
    public static func inlineChart(_ x: ExperimentResult) -> String? {
        x.configurations.isEmpty ? nil : ExperimentChart.draw(x).svg()
    }

    /// "Run ID · started … · engine lab · scale smoke · device cpu · 3 repeats · finished".
    static func headerLine(_ suite: ExperimentSuiteResult) -> String {
        "Run \(suite.runID) · started \(suite.started) · engine \(suite.engine.rawValue) · scale \(suite.scale.rawValue) · "
            + "device \(suite.device) · \(suite.repeats) repeat\(suite.repeats == 1 ? "" : "s") · \(suite.status.rawValue)"
    }

    /// What a suite that did not finish covers.
    static func statusNote(_ status: RunStatus) -> String? {
        switch status {
        case .finished: nil
        case .interrupted:
            "This suite was interrupted: it shows the experiments begun before it stopped, the last one judged on "
                + "the configurations it had measured."
        case .running: "This suite is still running: it shows the experiments finished so far."
        }
    }

    /// How the energies were obtained, in the words every report uses, and what each figure is.
    public static func methodStatement(_ suite: ExperimentSuiteResult) -> String {
        let methods = suite.experiments.flatMap { $0.configurations.map(\.method) }
            .reduce(into: [MeasurementMethod]()) { if !$0.contains($1) { $0.append($1) } }
        guard !methods.isEmpty else { return "No configuration was measured, so no energy is reported." }
        let lead =
            if methods.allSatisfy(\.isModeled) {
                "Energy is modeled from load, not measured"
            } else if methods.allSatisfy(\.isMeasured) {
                "Energy is measured"
            } else if methods.contains(where: \.isMeasured) && methods.contains(where: \.isModeled) {
                "Energy is partly measured, partly modeled"
            } else {
                "Energy"
            }
        return lead + ": " + methods.map { "\($0.explanation) (\($0.rawValue))" }.joined(separator: "; ")
            + ". Each figure is the median of \(suite.repeats) repeat\(suite.repeats == 1 ? "" : "s") after a discarded "
            + "warm-up, with the lowest and highest repeat in brackets and as whiskers."
    }

    /// The verdict as a coloured label (the page's `style` colours it).
    public static func badge(_ verdict: Verdict) -> String {
        "<span class=\"verdict v-\(verdict.rawValue)\">\(verdict.rawValue)</span>"
    }

    /// The rules of the experiments page: verdict badges, findings, configuration tables.
    public static let style = """
        .verdict{display:inline-block;padding:.05rem .55rem;border-radius:999px;font-size:.8rem;font-weight:600;vertical-align:middle}
        .v-confirmed.verdict{background:#c6f6d5;color:#22543d} .v-challenged.verdict{background:#fed7d7;color:#822727} .v-inconclusive.verdict{background:#feebc8;color:#7b341e}
        .finding{border-left:4px solid #a0aec0;background:#f7fafc;padding:.5rem .8rem} .finding.v-confirmed{border-color:#38a169} .finding.v-challenged{border-color:#e53e3e} .finding.v-inconclusive{border-color:#dd6b20}
        .claim .source,.rule{color:#4a5568} .rule{font-size:.85rem} .method{color:#2d3748;font-size:.9rem}
        .totals+.note{margin-top:.9rem} figure{margin:.75rem 0} .configurations{overflow-x:auto} .configurations table{font-size:.8rem} .configurations td:nth-child(2){min-width:15rem}
        .experiment{margin-top:2.5rem} h2.part{margin-top:3.5rem;font-size:1.3rem} svg.chart .small{font-size:10px}
        """

    static func e(_ text: String) -> String { SVGChart.escape(text) }
}
