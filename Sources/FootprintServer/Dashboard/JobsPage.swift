import FootprintCore
import FootprintReport

/// `/jobs`: multi-node jobs, one row each (accounted across its nodes, each node counted once),
/// its nodes inside the row.
enum JobsPage {
    static let defaultLimit = 20
    static let maximumLimit = 200
    /// How many of the newest runs are looked through for jobs.
    static let scannedRuns = 5_000

    static func render(_ jobs: [JobAccount], selection: RunSelection, more: Bool) -> String {
        let e = DashboardPage.e
        var html =
            "<header><h1>Jobs</h1><p class=\"sub\">Jobs of the newest runs\(selection.filter.isEmpty ? "" : " the filter lets through"), "
            + "newest first; each node counted once.</p></header>\n" + RunsPage.form(selection.filter, action: "/jobs")
        guard !jobs.isEmpty else {
            return DashboardPage.render(
                title: "Footprint: jobs",
                body: html + "<p>No run of these belongs to a job (a Slurm, Kubernetes or torchrun job).</p>\n")
        }
        var rows: [[String]] = []
        for job in jobs {
            let ranks = job.nodes.reduce(0) { $0 + $1.ranks.count }
            rows.append([
                DashboardPage.link("/jobs/" + DashboardPage.segment(job.jobID), job.jobID),
                e(job.name ?? ""), e(job.scheduler.rawValue), e(DashboardPage.started(job.startedAt)),
                "\(job.nodes.count)", "\(ranks)", e("\(FootprintCore.Duration.seconds(job.duration))"),
                e("\(job.energy)"), e("\(job.emissions)")
            ])
            rows.append([
                "<details><summary>\(job.nodes.count) node\(job.nodes.count == 1 ? "" : "s")</summary>\(nodes(job))</details>"
            ])
        }
        let table = DashboardPage.table(
            ["job", "name", "scheduler", "started (UTC)", "nodes", "ranks", "duration", "energy", "CO2e"], rows,
            numeric: [4, 5, 6, 7, 8])
        html += "<section>" + table
        html +=
            "<p class=\"pages\">" + DashboardPage.pageLinks("/jobs", selection, defaultLimit: defaultLimit, more: more)
        return DashboardPage.render(title: "Footprint: jobs", body: html + "</p></section>\n")
    }

    /// A job's nodes: energy, CO2e, IT energy by component, and the ranks with their runs.
    static func nodes(_ job: JobAccount) -> String {
        let e = DashboardPage.e
        return DashboardPage.table(
            ["node", "energy", "CO2e", "IT by component", "ranks (run)"],
            job.nodes.map { node in
                [
                    e(node.name), e("\(node.energy)"), e("\(node.emissions)"),
                    e(
                        Component.allCases.compactMap { c in
                            node.components[c].flatMap { $0.joules > 0 ? "\(c.rawValue.uppercased()) \($0)" : nil }
                        }.joined(separator: ", ")),
                    node.ranks.map { rank in
                        e(rank.rank.map { "rank \($0)" } ?? "rank –") + " ("
                            + DashboardPage.link(
                                "/runs/" + DashboardPage.segment(rank.runID), String(rank.runID.prefix(8)))
                            + ")"
                    }.joined(separator: ", ")
                ]
            }, numeric: [1, 2])
    }
}
