import ArgumentParser
import Foundation
import FootprintCore
import FootprintLedger
import FootprintMeter

extension Scope: ExpressibleByArgument {}

/// Options shared by `footprint run` and `footprint monitor`.
struct MeterOptions: ParsableArguments {
    @Option(help: "Seconds between samples, 0.05 or more (default 1).") var interval: Double?
    @Option(help: ArgumentHelp("CPU TDP per socket in watts, when the CPU model is not in the catalog.", valueName: "watts"))
    var cpuTdp: Double?
    @Option(help: "A name for the run.") var name: String?
    @Option(help: "The project the run belongs to.") var project: String?
    @OptionGroup var carbon: CarbonOptions
    @Flag(help: "No live line and no summary (the exit code and --json still come).") var quiet = false
    @Flag(help: "Print the run summary as one JSON object on the last line of stdout (after the command's own output).")
    var json = false
    @Option(help: ArgumentHelp("Append the run to a CSV file in CodeCarbon 3.x's emissions.csv format.", valueName: "path"))
    var csv: String?
    @OptionGroup var ledger: LedgerOptions

    /// Writes what the run's options ask for: CSV row, JSON or text summary.
    func report(_ summary: RunSummary, scope: Scope, recorder: (any RunRecorder)?) throws {
        var summary = summary
        if let ledger = recorder as? LedgerRecorder { summary.notes += ledger.writeFailures }
        if let csv { try CodeCarbonCSV.append(summary, to: csv) }
        if json {
            try JSONOutput.print(summary, oneLine: true)
        } else if !quiet {
            Terminal.standardError(RunReport.text(summary, scope: scope))
        }
    }

    /// The location for a measured run: flags and environment, else the system time zone's country,
    /// else the world average; the name says which.
    func location() throws -> ResolvedLocation {
        try carbon.location { .fromSystem(environment: ProcessInfo.processInfo.environment) }
    }

    /// PUE for measured runs: 1.0 unless told otherwise, since footprint cannot see the facility.
    func facility() throws -> Facility {
        try carbon.facility(fallback: Facility(
            pue: .none, source: "1.0: no facility overhead assumed (set --pue for a data centre, e.g. --pue average-2024)"))
    }

    func configuration(defaultName: String, scope: Scope, command: [String]) throws -> RunMeter.Configuration {
        let environment = try carbon.environment
        let interval = try self.interval ?? number(environment, "FOOTPRINT_INTERVAL") ?? 1
        guard interval.isFinite, interval >= 0.05 else {
            throw InvalidInput("the sampling interval must be at least 0.05 s; got \(Format.significant(interval))")
        }
        let cpuTdp = try self.cpuTdp ?? number(environment, "FOOTPRINT_CPU_TDP")
        if let cpuTdp, !(cpuTdp.isFinite && cpuTdp > 0) {
            throw InvalidInput("the CPU TDP must be watts greater than 0; got \(Format.significant(cpuTdp))")
        }
        if let csv { try CodeCarbonCSV.checkAppendable(csv) }
        let facility = try facility()
        var configuration = RunMeter.Configuration(
            name: name ?? defaultName, project: project ?? environment["FOOTPRINT_PROJECT"], scope: scope,
            location: try location(), pue: facility.pue, pueSource: facility.source)
        configuration.command = command
        configuration.interval = interval
        configuration.cpuTDP = cpuTdp
        configuration.recorder = LedgerRecorder(ledger: try ledger.open(environment: environment))
        return configuration
    }

    func number(_ environment: [String: String], _ key: String) throws -> Double? {
        guard let text = environment[key], !text.isEmpty else { return nil }
        guard let value = Double(text) else { throw InvalidInput("\(key) must be a number; got '\(text)'") }
        return value
    }
}
