import FootprintCore
import FootprintLedger
import FootprintReport

/// `/`: the runs a filter lets through, newest first, a page at a time, with their totals.
enum RunsPage {
    static let defaultLimit = 50
    static let maximumLimit = 1_000

    static func render(_ selection: RunSelection, runs: [RunRecord], totals: RunTotals) -> String {
        let e = DashboardPage.e
        var html = "<header><h1>Runs</h1><p class=\"sub\">"
        html +=
            selection.filter.isEmpty
            ? "Every run of the ledger, newest first."
            : "The runs the filter lets through, newest first; <a href=\"/\">every run</a>."
        html += "</p></header>\n" + form(selection.filter)
        html += "<section class=\"totals\">"
        html += HTMLReport.tile(
            "Runs", Format.count(totals.count), selection.filter.isEmpty ? "in the ledger" : "matching")
        html += HTMLReport.tile(
            "Energy at the facility", "\(totals.energy)", "all \(selection.filter.isEmpty ? "" : "matching ")runs")
        html += HTMLReport.tile("CO2e", "\(totals.emissions)", "all \(selection.filter.isEmpty ? "" : "matching ")runs")
        html += "</section>\n"
        guard !runs.isEmpty else {
            html +=
                totals.count == 0
                ? "<p>No runs\(selection.filter.isEmpty ? " yet: measure one with <code>footprint run -- COMMAND</code>" : " match this filter")."
                    + "</p>\n"
                : "<p>No runs on this page; <a href=\"/\(e(selection.query(offset: 0, defaultLimit: defaultLimit)))\">the first page</a>.</p>\n"
            return DashboardPage.render(title: "Footprint: runs", body: html)
        }
        html += "<section>" + table(runs) + pages(selection, shown: runs.count, total: totals.count) + "</section>\n"
        return DashboardPage.render(title: "Footprint: runs", body: html)
    }

    /// The filter as a form of GET fields: the page's address is the filter.
    static func form(_ filter: RunFilter, action: String = "/") -> String {
        let values = Dictionary(uniqueKeysWithValues: RunSelection.pairs(filter))
        func field(_ name: String, _ hint: String) -> String {
            "<label>\(name)<input name=\"\(name)\" value=\"\(DashboardPage.e(values[name] ?? ""))\" placeholder=\"\(hint)\"></label>"
        }
        var html = "<form class=\"filters\" method=\"get\" action=\"\(action)\">"
        html += field("project", "any") + field("user", "any") + field("host", "any") + field("job", "any")
        html += field("since", "YYYY-MM-DD") + field("until", "YYYY-MM-DD")
        html += "<label>status<select name=\"status\"><option value=\"\">any</option>"
        for status in RunStatus.allCases {
            html +=
                "<option\(filter.status == status ? " selected" : "")>\(status.rawValue)</option>"
        }
        return html + "</select></label><button type=\"submit\">Filter</button></form>\n"
    }

    /// The runs as rows; a user or job column only where a run has one, as `footprint runs` does.
    static func table(_ runs: [RunRecord]) -> String {
        let link = DashboardPage.link, e = DashboardPage.e
        let users = runs.contains { $0.user != nil }, jobs = runs.contains { $0.job != nil }
        let headers =
            ["id", "started (UTC)", "name", "project"] + (users ? ["user"] : []) + ["host"] + (jobs ? ["job"] : [])
            + ["status", "duration", "energy", "CO2e"]
        let rows = runs.map { run in
            [
                DashboardPage.runLink(run), e(DashboardPage.started(run.startedAt)),
                e(Format.clipped(run.name, to: 60)),
                run.project.map { link("/projects/" + DashboardPage.segment($0), $0) } ?? ""
            ] + (users ? [run.user.map { link("/?user=" + RunSelection.encode($0), $0) } ?? ""] : [])
                + [link("/?host=" + RunSelection.encode(run.host), run.host)]
                + (jobs ? [run.job.map { link("/jobs/" + DashboardPage.segment($0.id), $0.id) } ?? ""] : [])
                + [
                    e(run.status.rawValue), e("\(FootprintCore.Duration.seconds(run.duration))"), e("\(run.energy)"),
                    e("\(run.emissions)")
                ]
        }
        let count = headers.count
        return DashboardPage.table(headers, rows, numeric: [count - 3, count - 2, count - 1], idColumn: 0)
    }

    /// "Runs 51–100 of 230 · newer · older".
    static func pages(_ selection: RunSelection, shown: Int, total: Int) -> String {
        var html =
            "<p class=\"pages\"><span>Runs \(Format.count(selection.offset + 1))–\(Format.count(selection.offset + shown)) of \(Format.count(total))</span>"
        html += DashboardPage.pageLinks(
            "/", selection, defaultLimit: defaultLimit, more: selection.offset + shown < total)
        return html + "</p>\n"
    }
}
