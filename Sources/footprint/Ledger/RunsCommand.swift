import ArgumentParser
import FootprintCore
import FootprintLedger
import FootprintReport
import Foundation

/// `footprint runs`: the runs in the ledger.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List, show, export and delete the runs in the ledger.",
        subcommands: [List.self, Show.self, Compare.self, Export.self, Import.self, Delete.self, Recompute.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract:
                "Runs, newest first, with their totals (the latest \(defaultLimit) unless --limit or --all), "
                + "or one job across its nodes (--job ID).")
        @OptionGroup var ledger: LedgerOptions
        @Option(help: "Only this project's runs.") var project: String?
        @Option(
            help: ArgumentHelp("Only runs started on or after this date (YYYY-MM-DD, local time).", valueName: "date"))
        var since: String?
        @Option(
            help: ArgumentHelp(
                "Show at most this many runs, 1–\(maximumLimit) (default: \(defaultLimit); with --json: all).",
                valueName: "n"))
        var limit: Int?
        @Flag(help: "Show every run.") var all = false
        @Option(
            help: ArgumentHelp(
                "Show one job across its nodes as one run instead: energy by node and component (each node counted "
                    + "once), each rank's share, tasks merged by name.", valueName: "id"))
        var job: String?
        @Flag(help: "With --job, list every task, not only the \(TaskLines.shown) that used the most energy.")
        var allTasks = false
        @Flag(help: "Print JSON.") var json = false

        static let defaultLimit = 50
        static let maximumLimit = 10_000_000

        func run() throws {
            if let limit, !(1...Self.maximumLimit).contains(limit) {
                throw InvalidInput("--limit takes 1 to \(Self.maximumLimit) runs; got \(limit)")
            }
            if limit != nil && all { throw InvalidInput("give --limit N or --all, not both") }
            if let job {
                guard project == nil, since == nil, limit == nil, !all else {
                    throw InvalidInput("--job shows one job: drop --project, --since, --limit and --all")
                }
                return try withUserErrors {
                    let store = try ledger.open(.read)
                    let (account, runs) = try JobView.load(job, from: store)
                    if json { return try JSONOutput.print(JobAccountJSON(account)) }
                    print(JobView.text(account, runs: runs, allTasks: allTasks))
                }
            }
            if allTasks { throw InvalidInput("--all-tasks lists a job's tasks: add --job ID") }
            let filter = RunFilter(project: project, since: try since.map(RunsCommand.parseDate))
            try withUserErrors {
                if try ledger.defaultLedgerIsMissing() {
                    if json { return try JSONOutput.print([RunJSON]()) }
                    return print("No runs yet. Measure one with `footprint run -- COMMAND`.")
                }
                let store = try ledger.open(.read)
                // JSON is for scripts, which want every match unless they ask for fewer.
                let shown = all ? nil : limit ?? (json ? nil : Self.defaultLimit)
                let runs = try store.runs(filter, limit: shown)
                if json { return try JSONOutput.print(runs.map { RunJSON($0) }) }
                let totals = try store.totals(filter)
                guard !runs.isEmpty else {
                    if filter.isEmpty { return print("No runs yet. Measure one with `footprint run -- COMMAND`.") }
                    let everything = try store.totals()
                    return print(
                        "No runs\(describe(filter)); the ledger has \(Format.count(everything.count)) "
                            + "run\(everything.count == 1 ? "" : "s") in all (`footprint runs` without filters lists them)."
                    )
                }
                // A job column only where a listed run belongs to a job: the table stays as wide as
                // it was for everyone else.
                let jobs = runs.contains { $0.job != nil }
                var table = TextTable(
                    ["id", "started", "name", "project"] + (jobs ? ["job"] : [])
                        + ["status", "duration", "energy", "CO2e"],
                    alignments: [.left, .left, .left, .left] + (jobs ? [.left] : []) + [.left, .right, .right, .right])
                for run in runs {
                    table.add(
                        [
                            run.id, Timestamp.localNoZone(run.startedAt).replacingOccurrences(of: "T", with: " "),
                            Terminal.clip(run.name, 32), Terminal.clip(run.project ?? "", 24)
                        ] + (jobs ? [Terminal.clip(run.job?.id ?? "", 16)] : []) + [
                            run.status.rawValue, "\(FootprintCore.Duration.seconds(run.duration))", "\(run.energy)",
                            "\(run.emissions)"
                        ])
                }
                print(table.render())
                if totals.count > runs.count {
                    print("… \(Format.count(totals.count - runs.count)) more; --all or --limit N")
                }
                print(
                    Terminal.dim(
                        "\(Format.count(totals.count)) run\(totals.count == 1 ? "" : "s")"
                            + "\(filter.isEmpty ? "" : " matching"): \(totals.energy), \(totals.emissions)"))
            }
        }

        func describe(_ filter: RunFilter) -> String {
            var text = ""
            if let project { text += " of project '\(Terminal.sanitized(project))'" }
            if let since { text += " started on or after \(Terminal.sanitized(since))" }
            return text
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "One run: components, methods, tasks, location, how it was priced and its earlier figures.")
        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "A run id, or the start of one.") var id: String
        @Flag(help: "List every task, not only the \(TaskLines.shown) that used the most energy.") var allTasks = false
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try withUserErrors { try show() }
        }

        func show() throws {
            let store = try ledger.open(.read)
            let run = try store.run(id)
            let tasks = try store.tasks(of: run.id)
            // Tasks of a run priced by the hour at their own intervals, as `report` prices them;
            // the samples are read only then.
            let pricing =
                run.pricing != nil && !tasks.isEmpty ? run.recordedPricing(samples: try store.samples(of: run.id)) : nil
            if json {
                var object = RunJSON(run, tasks: tasks, pricing: pricing)
                object.sampleCount = try store.sampleCount(of: run.id)
                return try JSONOutput.print(object)
            }
            let safe = Terminal.sanitized
            var lines = [
                Terminal.bold(safe(run.name)) + "  \(safe(run.id))",
                "  status     \(run.status.rawValue)" + (run.exitCode.map { " (exit code \($0))" } ?? ""),
                "  started    \(Timestamp.localNoZone(run.startedAt).replacingOccurrences(of: "T", with: " ")) on \(safe(run.host)), for \(FootprintCore.Duration.seconds(run.duration))",
                "  energy     \(run.energy) at the facility (PUE \(Format.significant(run.pue))), \(run.emissions)"
            ]
            for component in Component.allCases {
                let energy = run.components[component] ?? .zero
                let method = run.methods[component]
                guard component.isReported(method: method, energy: energy) else { continue }
                lines.append(
                    "  \(component.rawValue.uppercased().padding(toLength: 9, withPad: " ", startingAt: 0))  \(energy)  \(method?.rawValue ?? "")"
                )
            }
            lines += TaskLines.render(
                tasks.map { task in
                    let footprint = run.facilityFootprint(of: task, pricing: pricing)
                    return .init(
                        name: task.name, duration: task.duration, energy: footprint.energy,
                        emissions: footprint.emissions)
                }, all: allTasks)
            let forecasts = try store.forecasts(runID: run.id)
            if let last = forecasts.last {
                lines.append(
                    "  forecast   \(forecasts.count) made, the last after \(last.afterEpochs) of \(last.epochs) epochs: "
                        + "\(Energy.joules(last.energyJoules)) (footprint report \(run.id) sets them against the actual)"
                )
            }
            lines.append("  scope      \(run.scope.rawValue)")
            lines.append(
                "  grid       \((run.locationCode.map { "\($0) " } ?? ""))\(run.locationName ?? ""): \(run.intensity) — \(run.intensitySource ?? "")"
            )
            lines[lines.count - 1] = safe(lines[lines.count - 1])
            let history = try (store as? any RunPricingStore)?.pricingHistory(of: run.id) ?? []
            lines += PricingText.lines(run, history: history)
            if let job = run.job { lines.append("  job        \(safe(JobText.line(job)))") }
            if let project = run.project { lines.append("  project    \(safe(project))") }
            if !run.command.isEmpty { lines.append("  command    \(safe(run.command.joined(separator: " ")))") }
            if let cpu = run.cpuModel { lines.append("  CPU        \(safe(cpu))") }
            for gpu in run.gpus { lines.append("  GPU        \(safe(gpu))") }
            for note in run.notes { lines.append(Terminal.dim("  note       \(safe(note))")) }
            print(lines.joined(separator: "\n"))
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete runs with their samples and tasks (asks first; refuses a run still being recorded).")
        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "Run ids, or the starts of them.") var ids: [String]
        @Flag(help: "Do not ask.") var yes = false
        @Flag(
            help: "Also delete runs still marked running by footprint on another machine (this one cannot check them).")
        var otherHosts = false
        @Flag(help: "Print what was deleted as JSON ({\"deleted\": [ids]}); needs --yes.") var json = false

        func run() throws {
            guard !ids.isEmpty else { throw InvalidInput("name the runs to delete: footprint runs delete ID…") }
            try withUserErrors { try delete() }
        }

        func delete() throws {
            let store = try ledger.open(.write)
            var runs: [RunRecord] = []
            for id in ids {
                let run = try store.run(id)
                if !runs.contains(where: { $0.id == run.id }) { runs.append(run) }
            }
            // Checked before asking: a live run would be refused after the user said yes.
            if let live = runs.first(where: { Ledger.refusesToDelete($0, includingRunningOnOtherHosts: otherHosts) }) {
                throw Ledger.liveRunRefusal(live)
            }
            if !yes {
                guard !json, isatty(STDIN_FILENO) == 1 else {
                    throw InvalidInput(
                        "not deleting without a terminal to ask on; add --yes to delete \(runs.count) run(s)")
                }
                print(
                    "Delete \(runs.count) run(s): "
                        + runs.map { "\($0.id) (\(Terminal.sanitized($0.name)))" }.joined(separator: ", ")
                        + "? [y/N] ", terminator: "")
                guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                    return print("Nothing deleted.")
                }
            }
            let count = try store.delete(runs.map(\.id), includingRunningOnOtherHosts: otherHosts)
            if json { return try JSONOutput.print(["deleted": runs.map(\.id)]) }
            print("Deleted \(count) run\(count == 1 ? "" : "s").")
        }
    }

    static func parseDate(_ text: String) throws -> Double {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        let parts = fields.compactMap { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) ? Int32($0) : nil }
        let refusal = InvalidInput(
            "--since takes a date as YYYY-MM-DD (years 1970–9999); got '\(Terminal.sanitized(text))'")
        // Years bounded so that mktime cannot overflow into "every run" (-1) or nonsense.
        guard fields.count == 3, parts.count == 3, (1970...9999).contains(parts[0]), (1...12).contains(parts[1]),
            (1...31).contains(parts[2])
        else { throw refusal }
        var components = tm()
        components.tm_year = parts[0] - 1900
        components.tm_mon = parts[1] - 1
        components.tm_mday = parts[2]
        components.tm_isdst = -1
        let time = mktime(&components)
        // mktime moves a day the month does not have (2024-02-30) into the next month; that is a typo.
        guard components.tm_mon == parts[1] - 1, components.tm_mday == parts[2] else {
            throw InvalidInput(
                "--since: \(Terminal.sanitized(text)) is not a day of the calendar; give a date as YYYY-MM-DD")
        }
        return Double(time)
    }
}

/// Runs `body`, turning a ledger's refusal of the user's input (a mistyped id or path, a live run,
/// a bad import) into the usage error it is (exit 2).
func withUserErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as LedgerError {
        throw error.asUserError()
    }
}
