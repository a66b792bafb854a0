import ArgumentParser
import FootprintCore
import FootprintLedger
import Foundation

/// `footprint ledger push|pull`: runs copied between ledgers, a local file and a team's server (or
/// two files: one user's ledgers merged). Idempotent: what the target has is not copied again.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Copy runs between ledgers: push a local ledger's runs to a team's server, pull a project's back.",
        subcommands: [Push.self, Pull.self])

    struct Push: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "push",
            abstract: "Copy this ledger's runs (or one project's) to another: a team's server or a ledger file.")
        @OptionGroup var ledger: LedgerOptions
        @Option(help: ArgumentHelp("The ledger to copy to: postgres://USER@HOST:PORT/DB or a file.", valueName: "url"))
        var to: String
        @Option(help: "Only this project's runs.") var project: String?
        @Flag(help: "Print what was copied as JSON.") var json = false

        func run() throws {
            let environment = try ConfigFile.effectiveEnvironment(ProcessInfo.processInfo.environment)
            let source = try withUserErrors { try ledger.open(.read, environment: environment) }
            let target = try LedgerCommand.open(to, flag: "--to", ledger: ledger, .create, environment: environment)
            try LedgerCommand.copy(
                RunFilter(project: project), from: source, to: target, verb: ("Pushed", "push"), json: json)
        }
    }

    struct Pull: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pull",
            abstract: "Copy one project's runs from another ledger (a team's server or a file) into this one.")
        @OptionGroup var ledger: LedgerOptions
        @Option(
            help: ArgumentHelp("The ledger to copy from: postgres://USER@HOST:PORT/DB or a file.", valueName: "url"))
        var from: String
        @Option(help: "The project whose runs to copy.") var project: String
        @Flag(help: "Print what was copied as JSON.") var json = false

        func run() throws {
            let environment = try ConfigFile.effectiveEnvironment(ProcessInfo.processInfo.environment)
            let source = try LedgerCommand.open(from, flag: "--from", ledger: ledger, .read, environment: environment)
            let target = try withUserErrors { try ledger.open(.create, environment: environment) }
            try LedgerCommand.copy(
                RunFilter(project: project), from: source, to: target, verb: ("Pulled", "pull"), json: json)
        }
    }

    /// The other ledger (`--to`, `--from`), never the one `--ledger` names.
    static func open(
        _ location: String, flag: String, ledger: LedgerOptions, _ access: Ledger.Access,
        environment: [String: String]
    ) throws -> any RunBundleStore {
        guard !location.isEmpty else { throw InvalidInput("\(flag) is empty; give a postgres:// URL or a ledger file") }
        if location == ledger.location(environment: environment) {
            throw InvalidInput(
                "\(flag) names the ledger itself; give another ledger to copy \(flag == "--to" ? "to" : "from")")
        }
        return try LedgerOptions.open(location, passwordFile: ledger.passwordFile, access, environment: environment)
    }

    /// What `push --json` and `pull --json` print.
    struct Summary: Encodable {
        var from, to: String
        var runs, newRuns, samplesAdded, unchanged, repriced: Int
        /// The intensity readings read from the source, and those the target took (new or newer).
        var intensityReadings, intensityReadingsStored: Int

        enum CodingKeys: String, CodingKey {
            case from, to, runs, unchanged, repriced
            case newRuns = "new_runs", samplesAdded = "samples_added"
            case intensityReadings = "intensity_readings", intensityReadingsStored = "intensity_readings_stored"
        }
    }

    static func copy(
        _ filter: RunFilter, from source: any RunBundleStore, to target: any RunBundleStore,
        verb: (past: String, present: String), json: Bool
    ) throws {
        let counts = try withUserErrors { try LedgerTransfer.copy(filter, from: source, to: target) }
        // The readings runs were priced with go with them (all of them: a project's runs may
        // be priced again later with any).
        var readings = LedgerTransfer.IntensityCounts()
        if let from = source as? any IntensityStore, let to = target as? any IntensityStore {
            readings = try withUserErrors { try LedgerTransfer.copyIntensities(from: from, to: to) }
        }
        if json {
            return try JSONOutput.print(
                Summary(
                    from: source.location, to: target.location, runs: counts.runs, newRuns: counts.newRuns,
                    samplesAdded: counts.samplesAdded, unchanged: counts.unchanged, repriced: counts.repriced,
                    intensityReadings: readings.readings, intensityReadingsStored: readings.stored))
        }
        let of = filter.project.map { " of project '\(Terminal.sanitized($0))'" } ?? ""
        let runs = { (n: Int) in "\(Format.count(n)) run\(n == 1 ? "" : "s")" }
        let readingsLine =
            readings.readings == 0
            ? ""
            : " \(Format.count(readings.readings)) intensity reading\(readings.readings == 1 ? "" : "s"), "
                + "\(Format.count(readings.stored)) of them new or newer there."
        guard counts.runs > 0 else {
            return print("No runs\(of) in \(source.location) to \(verb.present).\(readingsLine)")
        }
        if counts.addedNothing {
            return print(
                "Nothing to \(verb.present): \(counts.runs == 1 ? "the run" : "all \(runs(counts.runs))")\(of) "
                    + "\(counts.runs == 1 ? "is" : "are") in \(target.location) already.\(readingsLine)")
        }
        var line =
            "\(verb.past) \(runs(counts.runs))\(of) from \(source.location) to \(target.location): "
            + "\(Format.count(counts.newRuns)) new, \(Format.count(counts.samplesAdded)) "
            + "sample\(counts.samplesAdded == 1 ? "" : "s") added"
        if counts.repriced > 0 { line += ", \(runs(counts.repriced)) priced again" }
        if counts.unchanged > 0 { line += "; \(runs(counts.unchanged)) had nothing new" }
        print(line + "." + readingsLine)
    }
}
