import FootprintCore
import FootprintReport

/// The frame every dashboard page shares: the report's head and styles, the navigation, and small
/// pieces (links, tables of cells already escaped). Everything from the ledger or the request
/// passes through ``e(_:)`` on its way into a page.
enum DashboardPage {
    static func e(_ text: String) -> String { HTMLReport.e(text) }

    /// The dashboard's own rules, in a `<style>` element of the body so that the reports' pages
    /// (which take no style of ours) carry them too.
    static let style = """
        <style>
        nav.dash{display:flex;flex-wrap:wrap;gap:.4rem 1.1rem;align-items:baseline;border-bottom:1px solid #e2e8f0;padding:0 0 .6rem;margin:-1rem 0 1.2rem}
        nav.dash .brand{font-weight:700;color:#22543d;text-decoration:none} nav.dash a{color:#2b6cb0}
        form.filters{display:flex;flex-wrap:wrap;gap:.5rem .75rem;align-items:flex-end;margin:1rem 0}
        form.filters label{display:flex;flex-direction:column;font-size:.75rem;color:#4a5568;flex:1 1 8rem;min-width:7rem}
        form.filters input,form.filters select{font:inherit;font-size:.9rem;padding:.3rem .4rem;border:1px solid #cbd5e0;border-radius:4px}
        form.filters button,form.login button{font:inherit;padding:.35rem .9rem;border:1px solid #2b6cb0;background:#2b6cb0;color:#fff;border-radius:4px}
        .scroll{overflow-x:auto} td{overflow-wrap:break-word} td.id{font-family:ui-monospace,monospace;font-size:.85em;white-space:nowrap}
        .pages{display:flex;flex-wrap:wrap;gap:.5rem 1rem;color:#4a5568;font-size:.9rem} details summary{cursor:pointer;color:#2b6cb0}
        .problem{background:#fff5f5;border-left:4px solid #c53030;padding:.5rem .8rem}
        @media (max-width:600px){body{margin:1.2rem auto;padding:0 .7rem} h1{font-size:1.3rem} .tile .v{font-size:1.1rem}
        table{display:block;overflow-x:auto} th,td{padding:.3rem .35rem} section{overflow-x:auto} svg.chart{min-width:520px}
        table.cards{display:table;font-size:.85rem} table.cards thead{display:none} table.cards tr{display:block;border-bottom:1px solid #e2e8f0;padding:.35rem 0}
        table.cards td{display:flex;justify-content:space-between;gap:1rem;border:none;padding:.1rem .2rem;text-align:right;white-space:normal}
        table.cards td::before{content:attr(data-label);color:#4a5568;text-align:left;font-size:.8rem;white-space:nowrap}
        table.cards td.inside{display:block;text-align:left} table.cards td.inside::before{content:none}}
        </style>

        """

    /// The links at the top of every page.
    static func navigation() -> String {
        style + "<nav class=\"dash\"><a class=\"brand\" href=\"/\">Footprint</a><a href=\"/\">Runs</a>"
            + "<a href=\"/jobs\">Jobs</a><a href=\"/experiments\">Experiments</a></nav>\n"
    }

    /// A page of the dashboard: head, navigation, `body`, footer.
    static func render(title: String, extraStyle: String = "", body: String) -> String {
        HTMLReport.page(title: title, style: extraStyle) + navigation() + body
            + "<footer>Footprint dashboard: read-only; figures as the ledger holds them.</footer>\n</body></html>\n"
    }

    static func link(_ href: String, _ text: String) -> String {
        "<a href=\"\(e(href))\">\(e(text))</a>"
    }

    /// A path segment, percent-encoded: `/runs/` + ``segment(_:)``.
    static func segment(_ text: String) -> String { RunSelection.encode(text) }

    static func runLink(_ run: RunRecord) -> String { link("/runs/" + segment(run.id), run.id) }

    /// The links to the page before (newer) and after (older) a page of a list at `path`, the
    /// filter kept.
    static func pageLinks(_ path: String, _ selection: RunSelection, defaultLimit: Int, more: Bool) -> String {
        var html = ""
        if selection.offset > 0 {
            let newer = max(selection.offset - selection.limit, 0)
            html += link(path + selection.query(offset: newer, defaultLimit: defaultLimit), "← newer")
        }
        if more {
            html += link(
                path + selection.query(offset: selection.offset + selection.limit, defaultLimit: defaultLimit),
                "older →")
        }
        return html
    }

    /// A table whose cells are HTML already escaped; the columns in `numeric` right-aligned. A row
    /// of one cell spans the table (what a row above holds inside).
    static func table(
        _ headers: [String], _ rows: [[String]], numeric: Set<Int> = [], idColumn: Int? = nil
    )
        -> String
    {
        var html =
            "<div class=\"scroll\"><table class=\"cards\"><thead><tr>"
            + headers.enumerated().map {
                "<th\(numeric.contains($0.offset) ? " class=\"n\"" : "")>\(e($0.element))</th>"
            }.joined() + "</tr></thead><tbody>"
        for row in rows {
            if row.count == 1, headers.count > 1 {
                html += "<tr><td colspan=\"\(headers.count)\" class=\"inside\">\(row[0])</td></tr>"
                continue
            }
            html +=
                "<tr>"
                + row.enumerated().map { cell in
                    let kind =
                        numeric.contains(cell.offset) ? " class=\"n\"" : cell.offset == idColumn ? " class=\"id\"" : ""
                    let label = cell.offset < headers.count ? e(headers[cell.offset]) : ""
                    return "<td\(kind) data-label=\"\(label)\">\(cell.element)</td>"
                }.joined() + "</tr>"
        }
        return html + "</tbody></table></div>\n"
    }

    /// The start of a run as the dashboard shows times: UTC, to the minute.
    static func started(_ seconds: Double) -> String {
        let text = Timestamp.iso8601UTC(seconds)
        return String(text.prefix(16).map { $0 == "T" ? " " : $0 })
    }

    /// A page that says what went wrong, in one line.
    static func problem(_ refusal: DashboardRefusal) -> String {
        render(
            title: "Footprint: \(refusal.status.code)",
            body: "<header><h1>\(refusal.status.code) \(e(refusal.status.reasonPhrase))</h1></header>\n"
                + "<p class=\"problem\">\(e(refusal.message))</p>\n<p><a href=\"/\">All runs</a></p>\n")
    }

    /// The login form of a dashboard with a token; `next` is where a right token leads.
    static func login(next: String, wrong: Bool) -> String {
        render(
            title: "Footprint: sign in",
            body: "<header><h1>Sign in</h1><p class=\"sub\">This dashboard needs its token.</p></header>\n"
                + (wrong ? "<p class=\"problem\">That token is not right.</p>\n" : "")
                + "<form class=\"login filters\" method=\"post\" action=\"/login\">"
                + "<label>token<input type=\"password\" name=\"token\" autocomplete=\"current-password\" autofocus></label>"
                + "<input type=\"hidden\" name=\"next\" value=\"\(e(next))\"><button type=\"submit\">Sign in</button></form>\n"
        )
    }
}
