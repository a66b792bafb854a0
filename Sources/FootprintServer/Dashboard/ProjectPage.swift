import FootprintCore
import FootprintReport

/// `/projects/{name}`: a project's energy and CO2e over time, by user and by host, and its top runs.
enum ProjectPage {
    static func render(_ summary: ProjectSummary) -> String {
        let e = DashboardPage.e
        let name = summary.project
        var html = "<header><h1>Project \(e(name))</h1><p class=\"sub\">\(Format.count(summary.total.runs)) runs"
        if let first = summary.runs.first, let last = summary.runs.last {
            html +=
                " from \(e(DashboardPage.started(first.startedAt))) to \(e(DashboardPage.started(last.startedAt))) UTC"
        }
        html += " · " + DashboardPage.link("/?project=" + RunSelection.encode(name), "list them") + "</p></header>\n"
        html += "<section class=\"totals\">"
        html += HTMLReport.tile("Energy at the facility", "\(summary.total.energy)", "all runs")
        html += HTMLReport.tile("CO2e", "\(summary.total.emissions)", "all runs")
        html += HTMLReport.tile(
            "Runs", Format.count(summary.total.runs),
            "\(summary.byUser.count) user\(summary.byUser.count == 1 ? "" : "s"), "
                + "\(summary.byHost.count) host\(summary.byHost.count == 1 ? "" : "s")")
        html += "</section>\n"
        html += ProjectReport.charts(summary.runs)
        html += groups("By user", summary.byUser, parameter: "user", color: "#2f855a", project: name)
        html += groups("By host", summary.byHost, parameter: "host", color: "#6b46c1", project: name)
        html += "<section><h2>Top runs by energy</h2>\n" + RunsPage.table(summary.topRuns) + "</section>\n"
        return DashboardPage.render(title: "Footprint: project \(name)", body: html)
    }

    /// One grouping as bars of energy and a table linking to the group's runs.
    static func groups(
        _ title: String, _ groups: [ProjectSummary.Group], parameter: String, color: String, project: String
    ) -> String {
        guard !groups.isEmpty else { return "" }
        var html = "<section><h2>\(DashboardPage.e(title))</h2>\n"
        html += SVGChart.bars(
            groups.prefix(12).map { ($0.name, $0.energy.joules, "\($0.energy), \($0.emissions)") },
            title: "\(title): energy at the facility", color: color)
        html += DashboardPage.table(
            [parameter, "runs", "energy", "CO2e"],
            groups.map { group in
                // Runs without a user cannot be filtered for: "unknown" is no one's name.
                let label =
                    parameter == "user" && group.name == ProjectSummary.unknownUser
                    ? DashboardPage.e(group.name)
                    : DashboardPage.link(
                        "/?project=\(RunSelection.encode(project))&\(parameter)=\(RunSelection.encode(group.name))",
                        group.name)
                return [
                    label, Format.count(group.runs), DashboardPage.e("\(group.energy)"),
                    DashboardPage.e("\(group.emissions)")
                ]
            }, numeric: [1, 2, 3])
        return html + "</section>\n"
    }
}
