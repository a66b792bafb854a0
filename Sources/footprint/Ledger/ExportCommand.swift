import ArgumentParser
import FootprintCore
import FootprintLedger
import FootprintReport
import Foundation

extension RunsCommand {
    /// `footprint runs export`: the ledger's runs as JSON or CSV.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export runs as JSON, CSV, or CodeCarbon 3.x's emissions.csv (one row per run).")

        enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json, codecarbon }

        @OptionGroup var ledger: LedgerOptions
        @Option(help: "csv, json or codecarbon.") var format: Format
        @Option(help: "Only this project's runs.") var project: String?
        @Option(help: ArgumentHelp("Write to this file instead of stdout.", valueName: "path")) var output: String?
        @Flag(help: "Print what was written as JSON (path, format, rows); needs --output.") var json = false

        /// footprint's own CSV columns: one run per row, SI and display units named in the header.
        static let columns = [
            "id", "name", "project", "status", "exit_code", "started_at", "duration_s", "scope",
            "energy_kwh", "co2e_kg", "cpu_kwh", "gpu_kwh", "ram_kwh", "cpu_method", "gpu_method",
            "ram_method", "pue", "location_code", "intensity_g_per_kwh", "host", "command"
        ]

        /// What `runs export --json` prints.
        struct Summary: Encodable {
            var path: String
            var format: String
            var rows: Int
        }

        func run() throws {
            if json && output == nil {
                throw InvalidInput(
                    "--json summarises an export written with --output FILE; without it the export itself is on stdout")
            }
            let store = try withUserErrors { try ledger.open(.read) }
            let sink = try Sink(output)
            var rows = 0
            // One run at a time from the ledger to the file: memory stays flat in the ledger's size.
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try sink.write("[")
                try store.forEachRun(RunFilter(project: project), newestFirst: true) { run in
                    let object = String(decoding: try encoder.encode(RunJSON(run)), as: UTF8.self)
                    try sink.write(
                        (rows == 0 ? "\n" : ",\n")
                            + object.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
                    rows += 1
                }
                try sink.write(rows == 0 ? "]\n" : "\n]\n")
            case .csv:
                try sink.write(Self.columns.joined(separator: ",") + "\n")
                try store.forEachRun(RunFilter(project: project), newestFirst: true) { run in
                    let kWh = { (c: Component) in "\((run.components[c] ?? .zero).kilowattHours)" }
                    let method = { (c: Component) in run.methods[c]?.rawValue ?? "" }
                    let cells: [String] = [
                        run.id, run.name, run.project ?? "", run.status.rawValue, run.exitCode.map { "\($0)" } ?? "",
                        Timestamp.iso8601UTC(run.startedAt), "\(run.duration)", run.scope.rawValue,
                        "\(run.energy.kilowattHours)",
                        "\(run.emissions.kilograms)", kWh(.cpu), kWh(.gpu), kWh(.ram), method(.cpu),
                        method(.gpu), method(.ram), "\(run.pue)", run.locationCode ?? "",
                        "\(run.intensity.gramsPerKilowattHour)", run.host, run.command.joined(separator: " ")
                    ]
                    try sink.write(cells.map(CodeCarbonFormat.escape).joined(separator: ",") + "\n")
                    rows += 1
                }
            case .codecarbon:
                // Oldest first, as CodeCarbon appends.
                try sink.write(CodeCarbonFormat.header + "\n")
                try store.forEachRun(RunFilter(project: project), newestFirst: false) { run in
                    let values = CodeCarbonImport.originalValues(of: run) ?? Self.codecarbonValues(run)
                    try sink.write(
                        CodeCarbonFormat.columns.map { CodeCarbonFormat.escape(values[$0] ?? "") }.joined(
                            separator: ",") + "\n")
                    rows += 1
                }
            }
            try sink.close()
            if json, let output { try JSONOutput.print(Summary(path: output, format: format.rawValue, rows: rows)) }
        }
    }
}

/// Where an export goes: a file (written whole or not at all: a temporary file renamed at the end)
/// or stdout.
final class Sink {
    private let handle: FileHandle
    private let path: String?
    private let temporary: String?
    /// The file a finished export is renamed to: `path`, or the file a link at `path` points to.
    private var target: String? = nil
    private var buffer = Data()
    private var closed = false

    init(_ path: String?) throws {
        self.path = path
        guard let path else {
            handle = FileHandle.standardOutput
            temporary = nil
            return
        }
        guard !path.isEmpty else { throw InvalidInput("--output needs a file path; leave it out to write to stdout") }
        // What is wrong with the path, before anything is read from the ledger. A device or named
        // pipe is refused too: the finished file is renamed into place, which would replace the node.
        if let problem = FileProblem.check(path, access: .write) {
            throw InvalidInput(problem.statement + "; give --output a file path in an existing, writable folder")
        }
        // Through a symbolic link, the file it points to is replaced, not the link.
        let target =
            realpath(path, nil).map { resolved in
                defer { free(resolved) }
                return String(cString: resolved)
            } ?? path
        let temporary = target + ".footprint-partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary)
        else {
            throw FileProblem(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO), path: path, access: .write)
        }
        self.handle = handle
        self.temporary = temporary
        self.target = target
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    func flush() throws {
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw FileProblem(error, path: path ?? "/dev/stdout", access: .write)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        guard let path, let temporary, let target else { return }
        try? handle.close()
        closed = true
        guard rename(temporary, target) == 0 else {
            let problem = FileProblem(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO), path: path, access: .write)
            unlink(temporary)
            throw problem
        }
    }

    /// An export that failed half-way leaves no partial file behind.
    deinit {
        if let temporary, !closed {
            try? handle.close()
            unlink(temporary)
        }
    }
}

extension RunsCommand.Export {
    /// A footprint run in CodeCarbon's columns, through the builder `run --csv` uses; runs recorded
    /// before the ledger kept machine facts leave those cells empty.
    static func codecarbonValues(_ run: RunRecord) -> [String: String] {
        CodeCarbonFormat.values(
            CodeCarbonRun(
                timestamp: run.endedAt, project: run.project, runID: run.id, name: run.name, duration: run.duration,
                components: run.components, pue: run.pue, energy: run.energy, emissions: run.emissions,
                locationCode: run.locationCode, scope: run.scope, cpuModel: run.cpuModel, gpuNames: run.gpus,
                machine: run.machine))
    }
}
