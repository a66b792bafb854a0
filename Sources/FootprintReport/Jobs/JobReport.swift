import FootprintCore

/// A job across its nodes as one report: HTML (totals, energy by node and component, the ranks,
/// the tasks merged by name, how the nodes were counted) and a Markdown statement for a paper.
public enum JobReport {
    /// `navigation` is put first in the body, unescaped.
    public static func render(
        _ job: JobAccount, runs: [RunRecord], generator: String = "footprint", navigation: String = ""
    ) -> String {
        let e = HTMLReport.e
        let ranks = job.nodes.flatMap(\.ranks)
        var html = HTMLReport.page(title: "Footprint job report: \(job.jobID)") + navigation
        html += "<header><h1>Job \(e(job.jobID))\(job.name.map { $0 == job.jobID ? "" : " (\(e($0)))" } ?? "")</h1>"
        html +=
            "<p class=\"sub\">\(e(job.scheduler.rawValue)) · started \(e(Timestamp.iso8601UTC(job.startedAt))) · "
            + "\(job.nodes.count) node\(job.nodes.count == 1 ? "" : "s") · \(ranks.count) rank\(ranks.count == 1 ? "" : "s")</p></header>\n"
        if runs.contains(where: { $0.status == .running }) {
            html +=
                "<p class=\"warn\">A run of this job is still recording: the figures cover what it recorded so far.</p>\n"
        }
        let it = job.nodes.reduce(Energy.zero) { $0 + $1.itEnergy }
        html += "<section class=\"totals\">"
        html += HTMLReport.tile("Energy at the facility", "\(job.energy)", "IT \(it), each node counted once")
        html += HTMLReport.tile(
            "CO2e", "\(job.emissions)", "at each run's priced intensity (its hours, where it was priced by the hour)")
        html += HTMLReport.tile(
            "Duration", "\(FootprintCore.Duration.seconds(job.duration))", "first start to last end")
        html += HTMLReport.tile("Nodes", "\(job.nodes.count)", "\(ranks.count) ranks, \(job.runIDs.count) runs")
        html += "</section>\n"
        let shown = Component.allCases.filter { c in job.nodes.contains { ($0.components[c]?.joules ?? 0) > 0 } }
        html += "<section><h2>Energy by node and component</h2>\n"
        if shown.isEmpty {
            html += "<p>No energy was recorded on any node.</p>\n"
        } else {
            html += SVGChart.stackedBars(
                job.nodes.map { node in
                    (node.name, shown.map { node.components[$0]?.joules ?? 0 }, "\(node.itEnergy)")
                },
                segments: shown.map { ($0.rawValue.uppercased(), RunReportModel.componentColors[$0] ?? "#4a5568") },
                title: "IT energy by node and component")
            html +=
                "<p class=\"note\">IT energy, before PUE. A node's energy is its machine energy counted once per instant, "
                + "however many ranks measured it.</p>\n"
        }
        html += "</section>\n<section><h2>Nodes</h2>\n"
        html += HTMLReport.table(
            ["node", "energy", "CO2e"] + Component.allCases.map { "\($0.rawValue.uppercased()) (IT)" },
            job.nodes.map { node in
                [node.name, "\(node.energy)", "\(node.emissions)"]
                    + Component.allCases.map { "\(node.components[$0] ?? .zero)" }
            }, numeric: [1, 2, 3, 4, 5])
        html += "</section>\n<section><h2>Ranks</h2>\n"
        html += HTMLReport.table(
            ["node", "rank", "local rank", "run", "process energy", "share of node"],
            job.nodes.flatMap { node in
                node.ranks.map { rank in
                    [
                        node.name, rank.rank.map(String.init) ?? "–", rank.localRank.map(String.init) ?? "–",
                        rank.runID, "\(rank.processEnergy)", Format.percent(rank.share)
                    ]
                }
            }, numeric: [1, 2, 4, 5])
        html += "</section>\n"
        if !job.tasks.isEmpty {
            html += "<section><h2>Tasks, merged by name</h2>\n"
            html += SVGChart.bars(
                job.tasks.map { ($0.name, $0.energy.joules, "\($0.energy)") }, title: "Energy by task",
                color: "#4a5568")
            html += HTMLReport.table(
                ["task", "merged", "from", "to", "energy", "CO2e"],
                job.tasks.map { task in
                    [
                        task.name, "\(task.count)", "\(FootprintCore.Duration.seconds(task.start))",
                        "\(FootprintCore.Duration.seconds(task.end))", "\(task.energy)", "\(task.emissions)"
                    ]
                }, numeric: [1, 2, 3, 4, 5])
            html += "</section>\n"
        }
        html += "<section><h2>How the nodes were counted</h2>\n<p class=\"note\">\(e(countingNote))</p></section>\n"
        html += HTMLReport.footer(generator: generator)
        return html
    }

    /// Why a job's energy is not the sum of its runs'.
    static let countingNote =
        "Every rank measures the whole machine it runs on, so the runs of a node each hold the node's energy; "
        + "summing them counts the node once per rank. Here the runs of a node are taken in order of local rank, "
        + "and each interval a run sampled counts only for the part of it that no lower-ranked run on that node "
        + "had sampled already. Each rank's process energy is what was attributed to its own processes; "
        + "its share is that energy over its node's."

    /// An energy statement for the job, for a paper's appendix.
    public static func markdown(_ job: JobAccount, tool: String = "Footprint") -> String {
        let md = MarkdownStatement.md, cell = MarkdownStatement.cell
        let ranks = job.nodes.flatMap(\.ranks)
        var text = "## Energy and carbon statement\n\n"
        text +=
            "Job \(md(job.jobID)) (\(md(job.scheduler.rawValue))) ran on \(job.nodes.count) "
            + "node\(job.nodes.count == 1 ? "" : "s") as \(ranks.count) rank\(ranks.count == 1 ? "" : "s") for "
            + "\(FootprintCore.Duration.seconds(job.duration)), from \(Timestamp.iso8601UTC(job.startedAt)); "
            + "each rank was measured with \(md(tool)). It used \(job.energy) at the facility and emitted "
            + "\(job.emissions). \(md(countingNote))\n\n"
        text += "| Node | Energy (facility) | CO2e |"
        text += Component.allCases.map { " \($0.rawValue.uppercased()) (IT) |" }.joined() + "\n"
        text += "|---|---:|---:|" + String(repeating: "---:|", count: Component.allCases.count) + "\n"
        for node in job.nodes {
            text += "| \(cell(md(node.name))) | \(node.energy) | \(node.emissions) |"
            text += Component.allCases.map { " \(node.components[$0] ?? .zero) |" }.joined() + "\n"
        }
        text += "| Total | \(job.energy) | \(job.emissions) |" + String(repeating: " |", count: 3) + "\n"
        text += "\n| Node | Rank | Local rank | Run | Process energy | Share of node |\n|---|---:|---:|---|---:|---:|\n"
        for node in job.nodes {
            for rank in node.ranks {
                text +=
                    "| \(cell(md(node.name))) | \(rank.rank.map(String.init) ?? "–") | "
                    + "\(rank.localRank.map(String.init) ?? "–") | \(md(rank.runID)) | \(rank.processEnergy) | "
                    + "\(Format.percent(rank.share)) |\n"
            }
        }
        if !job.tasks.isEmpty {
            text += "\n| Phase | Tasks merged | Span | Energy (facility) | CO2e |\n|---|---:|---:|---:|---:|\n"
            for task in job.tasks {
                text +=
                    "| \(cell(md(task.name))) | \(task.count) | \(FootprintCore.Duration.seconds(task.duration)) | "
                    + "\(task.energy) | \(task.emissions) |\n"
            }
        }
        return text
    }
}
