import ArgumentParser
import FootprintCore
import FootprintLedger
import FootprintMeter
import Foundation

extension Scope: ExpressibleByArgument {}

/// Options shared by `footprint run` and `footprint monitor`.
struct MeterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds between samples, 0.05 to 3600 (default 1).", valueName: "seconds"))
    var interval: Double?
    @Option(
        help: ArgumentHelp(
            "CPU TDP in watts (0.5 to 1000), instead of the catalog's. Bare metal: the datasheet TDP of one socket. "
                + "VM, or a container that sees only some of the host's CPUs: this guest's share of the chip, "
                + "datasheet TDP × logical CPUs here ÷ the chip's hardware threads (225 W × 2 ÷ 128 = 3.5).",
            valueName: "watts"))
    var cpuTdp: Double?
    @Option(help: "A name for the run.") var name: String?
    @Option(help: "The project the run belongs to.") var project: String?
    @OptionGroup var carbon: CarbonOptions
    @Flag(help: "No live line and no summary (the exit code and --json still come).") var quiet = false
    @Flag(
        help:
            "Print the run summary as one JSON object on the last line of stdout (for run, after the command's own output)."
    )
    var json = false
    @Option(
        help: ArgumentHelp("Append the run to a CSV file in CodeCarbon 3.x's emissions.csv format.", valueName: "path"))
    var csv: String?
    @OptionGroup var ledger: LedgerOptions

    /// Writes what the run's options ask for: JSON or text summary, then the CSV row. The summary
    /// comes first, so that a CSV file that fails at the end (a full disk) does not cost it. A run
    /// recorded into a ledger file is priced by the hour first, where readings of its hours are had;
    /// a run `--start best` planned gets its planned and actual intensity, then `planNotes`.
    /// - Throws: ``CommandFailure`` (exit code 1) when the row cannot be appended: the run is
    ///   measured and recorded, so that is no longer a usage error.
    func report(
        _ summary: RunSummary, scope: Scope, recorder: (any RunRecorder)?, allTasks: Bool = false,
        extras: RunEmbodiedOptions? = nil, planNotes: [String] = []
    ) throws {
        var summary = summary
        // A server's runs are delivered from the spool in the background: `runs recompute` prices them.
        if let ledger = (recorder as? LedgerRecorder)?.ledger { summary.priceByTheHour(in: ledger) }
        summary.notes += PlannedStart.versusActual(summary) + planNotes
        summary.notes += LedgerOptions.notes(of: recorder)
        let (embodied, water) = extras.map { $0.figures(for: &summary) } ?? (nil, nil)
        if json {
            if embodied != nil || water != nil {
                try JSONOutput.print(
                    RunSummaryWithExtras(summary: summary, embodied: embodied.map(EmbodiedJSON.init), water: water),
                    oneLine: true)
            } else {
                try JSONOutput.print(summary, oneLine: true)
            }
        } else if !quiet {
            var text = RunReport.text(summary, scope: scope, allTasks: allTasks)
            if let embodied {
                text += "\n" + EmbodiedOutput.lines(embodied, besideOperational: true).joined(separator: "\n")
            }
            if let water {
                text += "\n" + EmbodiedOutput.lines(water, itEnergy: summary.itEnergy).joined(separator: "\n")
            }
            Terminal.standardError(text)
        }
        if let csv {
            do {
                try CodeCarbonCSV.append(summary, to: csv)
            } catch {
                let reason = (error as? InvalidInput)?.withCSVAdvice.message ?? "\(error)"
                throw CommandFailure(
                    message: "\(reason); the run is in the ledger "
                        + "(footprint runs export --format codecarbon writes it as a row)")
            }
        }
    }

    func configuration(defaultName: String, scope: Scope, command: [String]) throws -> RunMeter.Configuration {
        if let csv {
            do {
                try CodeCarbonCSV.checkAppendable(csv)
            } catch let error as InvalidInput {
                throw error.withCSVAdvice
            }
        }
        return try Self.configuration(
            name: name, defaultName: defaultName, project: project, defaultProject: nil, interval: interval,
            defaultInterval: 1, cpuTdp: cpuTdp, carbon: carbon, ledger: ledger, scope: scope, command: command)
    }

    /// The meter's configuration from the options every measuring command shares (`run`, `monitor`,
    /// `lab train`): the numbers checked, then the ledger opened (nil: nothing recorded).
    static func configuration(
        name: String?, defaultName: String, project: String?, defaultProject: String?, interval: Double?,
        defaultInterval: Double, cpuTdp: Double?, carbon: CarbonOptions, ledger: LedgerOptions?, scope: Scope,
        command: [String]
    ) throws -> RunMeter.Configuration {
        let settings = try carbon.settings
        let interval =
            try number(interval, flag: "--interval", setting: settings["interval"], of: "seconds")
            ?? (defaultInterval, "the default interval")
        try PlausibleRange.samplingInterval.check(interval.value, origin: interval.origin)
        let cpuTdp = try number(cpuTdp, flag: "--cpu-tdp", setting: settings["cpu_tdp"], of: "watts")
        if let cpuTdp { try PlausibleRange.cpuTDP.check(cpuTdp.value, origin: cpuTdp.origin) }
        let facility = try carbon.facility(fallback: Facility(pue: .none, source: PUE.assumedSource))
        // An empty name or project would be recorded as one: a run nobody can find by it.
        if let name, name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw InvalidInput("--name is empty; give the run a name, or leave the option out for the command's own")
        }
        let project =
            project.map { Setting(key: "project", value: $0, origin: .flag("--project")) } ?? settings["project"]
        if let project, project.value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw InvalidInput("\(project.origin) is empty; give a project name, or leave it out")
        }
        var configuration = RunMeter.Configuration(
            name: name ?? defaultName, project: project?.value ?? defaultProject, scope: scope,
            location: try carbon.location { .fromSystem(environment: ProcessInfo.processInfo.environment) },
            pue: facility.pue, pueSource: facility.source)
        configuration.command = command
        configuration.interval = interval.value
        configuration.cpuTDP = cpuTdp?.value
        configuration.cpuTDPOrigin = cpuTdp?.origin
        // Everything above is checked before the ledger is opened: a refused number leaves no row.
        try configuration.validate()
        if let ledger {
            configuration.recorder = try ledger.recorder(environment: try carbon.environment)
        } else {
            configuration.recorder = nil
        }
        return configuration
    }

    /// A number from its flag, else from the environment or a file, with where it came from.
    static func number(
        _ flag: Double?, flag name: String, setting: Setting?, of what: String
    ) throws -> (value: Double, origin: String)? {
        if let flag { return (flag, name) }
        guard let setting else { return nil }
        return (try setting.number(of: "a number of \(what)"), setting.origin.description)
    }
}
