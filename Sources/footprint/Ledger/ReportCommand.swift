import ArgumentParser
import FootprintCore
import FootprintLedger
import FootprintReport
import Foundation

/// `footprint report`: a run or a project as HTML, Markdown or terminal text.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report a run (HTML with charts, a Markdown energy statement, or text), or a project's runs.",
        discussion: """
            footprint report ID                   text summary with tasks and what-ifs
            footprint report ID --html FILE       one self-contained HTML file (charts as inline SVG); for a
                                                  run of `lab experiment`, its experiments
            footprint report ID --markdown        an energy statement for a paper's appendix
            footprint report ID --markdown -o FILE  the statement written to a file
            footprint report ID --json            the report's figures as JSON
            footprint report --project P --html FILE
            footprint report --job ID --html FILE a job across its nodes (each node counted once), its ranks and
                                                  tasks merged by name; --markdown for its statement
            """)

    @OptionGroup var ledger: LedgerOptions
    @Argument(help: "A run id, or the start of one.") var id: String?
    @Option(help: "Report on every run of this project instead.") var project: String?
    @Option(help: ArgumentHelp("Report on one job across its nodes instead (HTML or Markdown).", valueName: "id"))
    var job: String?
    @Option(help: ArgumentHelp("Write an HTML report to this file.", valueName: "file")) var html: String?
    @Flag(help: "Print a Markdown energy statement (or write it to --output FILE).") var markdown = false
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write the Markdown statement to this file instead of printing it.", valueName: "file"))
    var output: String?
    @Option(
        help: ArgumentHelp(
            "With --markdown --output FILE, for a run of `lab experiment`: write each experiment's chart as an SVG "
                + "file into this folder and show it in the Markdown.", valueName: "folder"))
    var charts: String?
    @Flag(help: "Print the report as JSON; with --html or --output, a JSON summary of the files written.") var json =
        false
    @Flag(help: "In the text summary, list every task, not only the \(TaskLines.shown) that used the most energy.")
    var allTasks = false
    @OptionGroup var extras: RunEmbodiedOptions

    func run() throws {
        // Every check on the arguments before the ledger is opened.
        if output != nil && !markdown { throw InvalidInput("--output writes the Markdown statement: add --markdown") }
        if charts != nil && output == nil {
            throw InvalidInput("--charts goes with --markdown --output FILE, whose Markdown shows the charts")
        }
        if json && markdown && output == nil {
            throw InvalidInput("--json and --markdown both print: write the statement to a file with --output FILE")
        }
        try extras.check()
        if let job {
            if extras.embodied || extras.water.wue != nil {
                throw InvalidInput("--embodied and --wue report one run: give its id instead of --job")
            }
            return try reportJob(job)
        }
        switch (id, project) {
        case (nil, _?) where html == nil: throw InvalidInput("a project report is HTML: add --html FILE")
        case (nil, _?) where markdown: throw InvalidInput("a project report is HTML only: drop --markdown")
        case (nil, nil): throw InvalidInput("name a run (footprint report ID) or a project (--project P --html FILE)")
        case (_?, _?): throw InvalidInput("give a run id or --project, not both")
        case (nil, _?) where extras.embodied || extras.water.wue != nil:
            throw InvalidInput("--embodied and --wue report one run: give its id instead of --project")
        default: break
        }
        let store = try withUserErrors { try ledger.open(.read) }
        var written: [WrittenFile] = []
        if let project, let html {
            let runs = try store.runs(project: project)
            guard !runs.isEmpty else {
                throw InvalidInput("no runs of project '\(project)'; `footprint runs` lists them")
            }
            written.append(
                try write(
                    ProjectReport.render(project: project, runs: runs), to: html, format: "html", runs: runs.map(\.id)))
        } else if let id {
            // A mistyped id is the user's to fix (exit 2), as in `runs show`.
            let run = try withUserErrors { try store.run(id) }
            var model = RunReportModel(
                run: run, samples: try store.samples(of: run.id), tasks: try store.tasks(of: run.id),
                forecasts: try store.forecasts(runID: run.id))
            // The figures the run carried before, where the ledger keeps them.
            if let pricing = store as? any RunPricingStore {
                model.pricingHistory = try pricing.pricingHistory(of: run.id)
            }
            // Worked out now from what the run recorded: its GPUs and duration, and its IT energy.
            model.embodied = try extras.estimate(gpus: run.gpus, seconds: run.duration)
            model.water = try extras.water.water(itEnergy: run.itEnergy)
            // A run of `lab experiment` keeps its results: the report renders them again.
            let experiments = try store.experiments(runID: run.id)
            if let html {
                let page = experiments.map { ExperimentReport.render($0, run: model) } ?? HTMLReport.render(model)
                written.append(try write(page, to: html, format: "html", runs: [run.id]))
            }
            if markdown {
                // The version, so that a paper's readers know which methods made the figures.
                var statement = MarkdownStatement.render(model, tool: "Footprint \(Footprint.configuration.version)")
                if let experiments {
                    let chartPath = try charts.map { folder in
                        try writeCharts(experiments, into: folder, relativeTo: output ?? ".", written: &written)
                    }
                    statement +=
                        "\n## Experiments\n\n"
                        + ExperimentReport.markdown(experiments, headingLevel: 3, chartPath: chartPath)
                }
                if let output {
                    written.append(try write(statement, to: output, format: "markdown", runs: [run.id]))
                } else {
                    print(statement, terminator: "")
                }
            }
            if written.isEmpty && !markdown {
                if json {
                    try JSONOutput.print(ReportJSON(model, experiments: experiments))
                } else {
                    print(text(model, experiments: experiments))
                }
            }
        }
        if json && !written.isEmpty { try JSONOutput.print(WrittenJSON(written: written)) }
    }

    /// `--job ID`: the job as HTML and/or Markdown.
    func reportJob(_ jobID: String) throws {
        guard id == nil, project == nil else { throw InvalidInput("give a run id, --project or --job, one of them") }
        guard html != nil || markdown else {
            throw InvalidInput(
                "a job report is HTML or Markdown: add --html FILE or --markdown (footprint runs --job ID prints it as text)"
            )
        }
        if charts != nil { throw InvalidInput("--charts is for a run of `lab experiment`: drop it") }
        let store = try withUserErrors { try ledger.open(.read) }
        let (account, runs) = try withUserErrors { try JobView.load(jobID, from: store) }
        var written: [WrittenFile] = []
        if let html {
            written.append(
                try write(JobReport.render(account, runs: runs), to: html, format: "html", runs: account.runIDs))
        }
        if markdown {
            let statement = JobReport.markdown(account, tool: "Footprint \(Footprint.configuration.version)")
            if let output {
                written.append(try write(statement, to: output, format: "markdown", runs: account.runIDs))
            } else {
                print(statement, terminator: "")
            }
        }
        if json { try JSONOutput.print(WrittenJSON(written: written)) }
    }

    /// Writes each experiment's chart as `NAME.svg` into `folder` and returns how the Markdown
    /// file at `markdownPath` reaches a chart of a given name.
    func writeCharts(
        _ suite: ExperimentSuiteResult, into folder: String, relativeTo markdownPath: String,
        written: inout [WrittenFile]
    ) throws -> (String) -> String {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw FileProblem.describing(error) ?? FileProblem(error, path: folder, access: .write)
        }
        for chart in ExperimentReport.charts(suite) {
            written.append(
                try write(chart.svg, to: folder + "/" + chart.name + ".svg", format: "svg", runs: [suite.runID]))
        }
        let link = Self.relativePath(from: (markdownPath as NSString).deletingLastPathComponent, to: folder)
        return { name in (link.isEmpty ? "" : link + "/") + name + ".svg" }
    }

    /// The path of `target` seen from the folder `base`, both taken from the working folder.
    static func relativePath(from base: String, to target: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        func components(_ path: String) -> [String] {
            let absolute = path.hasPrefix("/") ? path : current + "/" + path
            return URL(fileURLWithPath: absolute).standardizedFileURL.pathComponents.filter { $0 != "/" }
        }
        let from = components(base.isEmpty ? "." : base), to = components(target)
        let shared = zip(from, to).prefix { $0 == $1 }.count
        return (Array(repeating: "..", count: from.count - shared) + to[shared...]).joined(separator: "/")
    }

    /// Writes one report, saying so on stderr unless the summary goes to stdout as JSON.
    func write(_ text: String, to path: String, format: String, runs: [String]) throws -> WrittenFile {
        let data = Data(text.utf8)
        try FileProblem.write(data, to: path)
        if !json { Terminal.standardError("wrote \(path)") }
        return WrittenFile(path: path, format: format, bytes: data.count, runIDs: runs)
    }

    func text(_ m: RunReportModel, experiments: ExperimentSuiteResult? = nil) -> String {
        var lines = [
            Terminal.bold(Terminal.sanitized(m.run.name)) + "  \(m.run.id)",
            "  energy     \(m.run.energy) at the facility, \(m.run.emissions), in \(FootprintCore.Duration.seconds(m.run.duration))"
        ]
        if let missing = m.noMeasurement {
            // Nothing to compare: what-ifs of nothing would read as "0 g, 0×".
            lines[1] = "  energy     " + missing
            lines.append("")
            for (key, value) in m.methods {
                lines.append(Terminal.dim("  \(key.padding(toLength: 9, withPad: " ", startingAt: 0))  \(value)"))
            }
            return lines.joined(separator: "\n")
        }
        if m.isPartial {
            lines.append("  status     \(m.run.status.rawValue): the figures cover only the part measured")
        }
        lines += PricingLines.render(m)
        if let experiments {
            lines.append("")
            for x in experiments.experiments {
                lines.append(
                    "  \(x.name.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0))  \(x.verdict.rawValue)")
            }
            lines.append(
                Terminal.dim("  (footprint report \(m.run.id) --html FILE shows the claims, charts and findings)"))
        }
        lines += TaskLines.render(
            m.taskTotals.map {
                .init(name: $0.name, duration: $0.duration, energy: $0.energy, emissions: $0.emissions)
            },
            all: allTasks)
        let forecasts = ForecastLines.render(m.shownForecastOutcomes)
        if !forecasts.isEmpty { lines += [""] + forecasts }
        lines.append("")
        var table = TextTable(
            ["what if", "PUE", "grid", "CO2e", "vs measured"], alignments: [.left, .right, .right, .right, .right])
        for w in m.whatIfs() {
            table.add([
                Terminal.clip(w.label, 48), Format.significant(w.pue), "\(w.intensity)", "\(w.emissions)",
                m.run.emissions.grams > 0 ? Format.significant(w.ratio) + "×" : "–"
            ])
        }
        lines += table.render().split(separator: "\n").map { "  " + $0 }
        lines.append("")
        // The grid's figure is under the totals already (PricingLines).
        for (key, value) in m.methods where key != "grid" {
            lines.append(Terminal.dim("  \(key.padding(toLength: 9, withPad: " ", startingAt: 0))  \(value)"))
        }
        if let embodied = m.embodied { lines += [""] + EmbodiedOutput.lines(embodied, besideOperational: true) }
        if let water = m.water { lines += EmbodiedOutput.lines(water, itEnergy: m.itEnergy) }
        return lines.joined(separator: "\n")
    }
}
