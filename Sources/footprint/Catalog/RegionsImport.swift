import ArgumentParser
import FootprintCore
import FootprintLedger
import Foundation

extension RegionsCommand {
    /// `footprint regions import FILE…`: hourly grid intensities from files into the ledger, for
    /// `regions show --at/--history` and the planning and pricing that read them.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract:
                "Import hourly grid intensities from CSV files into the ledger; all rows or none, unless --skip-bad.",
            discussion: """
                Reads Electricity Maps' hourly CSV files (their data portal's hourly exports; both the direct and \
                the life-cycle figures are kept, labelled) and plain CSV files with the columns time,zone,intensity \
                (times in ISO 8601, UTC unless they say otherwise; intensities in g CO2e/kWh; the factor is \
                --factor's, life-cycle by default). Zones are checked against the catalog (`footprint regions \
                list`). A reading already held for the same zone, hour, factor and kind is replaced: the newer \
                import wins.
                """)
        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The CSV files.") var files: [String] = []
        @Option(
            help: ArgumentHelp(
                "What a time,zone,intensity file's figures count: lifecycle (the default), direct or marginal. For "
                    + "an Electricity Maps file: keep only this one of its two factors.",
                valueName: "factor"))
        var factor: String?
        @Flag(help: "Import the good rows and report the bad ones, instead of importing nothing.") var skipBad = false
        @Flag(help: "Print what was imported as JSON.") var json = false

        func run() throws {
            guard !files.isEmpty else {
                throw InvalidInput("give one or more CSV files: footprint regions import FILE…")
            }
            let chosen = try factor.map { text throws(InvalidInput) -> IntensityFactor in
                guard let parsed = IntensityFactor(rawValue: text.lowercased()) else {
                    throw InvalidInput(
                        "--factor must be one of " + IntensityFactor.allCases.map(\.rawValue).joined(separator: ", ")
                            + "; got \(Format.quoted(text))")
                }
                return parsed
            }
            let recordedAt = Timestamp.now()
            let read = try withUserErrors {
                try files.map { try IntensityImport.read(file: $0, factor: chosen, recordedAt: recordedAt) }
            }
            let bad = read.reduce(0) { $0 + $1.badRows }
            if bad > 0 && !skipBad {
                // One line, as every error: the files' problems one after another.
                let listing = read.filter { $0.badRows > 0 }.map { file in
                    "\(file.file): \(Self.rows(file.badRows)) not valid (" + file.problems.joined(separator: "; ") + ")"
                }
                throw LedgerError(.rejectedRows, "nothing imported; " + listing.joined(separator: "; ")).asUserError()
            }
            let readings = read.flatMap(\.readings)
            guard !readings.isEmpty else {
                throw InvalidInput(
                    "nothing imported: \(files.count == 1 ? "the file holds" : "the files hold") no rows of intensities"
                )
            }
            let (location, outcome) = try withUserErrors {
                let store = try ledger.openIntensityStore()
                return (store.location, try store.storeIntensities(readings))
            }
            if json {
                return try JSONOutput.print(
                    ImportJSON(
                        ledger: location, files: read.map(FileJSON.init), inserted: outcome.inserted,
                        replaced: outcome.replaced, keptNewer: outcome.keptNewer, badRows: bad))
            }
            if bad > 0 {
                for file in read where file.badRows > 0 {
                    Terminal.standardError(
                        Terminal.sanitizedLines(
                            "skipped \(file.file): \(Self.rows(file.badRows)) not valid:\n  "
                                + file.problems.joined(separator: "\n  ")))
                }
            }
            print(Self.text(read, outcome: outcome, ledger: location, factorGiven: chosen != nil))
        }

        /// "1 row is", "3 rows are".
        static func rows(_ count: Int) -> String {
            count == 1 ? "1 row is" : "\(Format.fixed(Double(count), decimals: 0)) rows are"
        }

        /// What was imported, per file, and what the ledger did with it.
        static func text(
            _ files: [IntensityImport.FileReadings], outcome: IntensityStoreOutcome, ledger: String, factorGiven: Bool
        ) -> String {
            func count(_ n: Int) -> String { Format.fixed(Double(n), decimals: 0) }
            let total = files.reduce(0) { $0 + $1.readings.count }
            var lines = [
                Terminal.bold(
                    "Imported \(count(total)) \(total == 1 ? "reading" : "readings") from \(files.count) "
                        + "\(files.count == 1 ? "file" : "files") into \(ledger)")
            ]
            for file in files {
                lines.append("  \(Terminal.clip(file.file, 72)) (\(file.format.label))")
                lines.append("    zones     \(file.zones.joined(separator: ", "))")
                if let span = file.span {
                    let hours = (span.last - span.first) / 3_600
                    lines.append(
                        "    span      \(Timestamp.iso8601UTC(span.first)) to \(Timestamp.iso8601UTC(span.last)) "
                            + "(\(Format.significant(hours, digits: 6)) h)")
                }
                let skipped = file.badRows > 0 ? ", \(count(file.badRows)) bad and skipped" : ""
                lines.append("    rows      \(count(file.rows))\(skipped); \(count(file.readings.count)) readings")
                var factors = file.factors.map(\.label).joined(separator: ", ")
                if file.format == .plain && !factorGiven { factors += " (the default; --factor to say otherwise)" }
                lines.append("    factors   \(factors)")
                lines.append("    source    \(file.source)")
            }
            lines.append(
                "  \(count(outcome.inserted)) new; \(count(outcome.replaced)) replaced older readings of the same "
                    + "zone, time and factor; \(count(outcome.keptNewer)) kept out, as newer ones were held")
            return Terminal.sanitizedLines(lines.joined(separator: "\n"))
        }
    }

    /// What `regions import --json` prints.
    struct ImportJSON: Encodable {
        var ledger: String
        var files: [FileJSON]
        var inserted, replaced, keptNewer, badRows: Int

        enum CodingKeys: String, CodingKey {
            case ledger, files, inserted, replaced
            case keptNewer = "kept_newer", badRows = "bad_rows"
        }
    }

    /// One file of ``ImportJSON``.
    struct FileJSON: Encodable {
        var file, format, source: String
        var zones: [String]
        var from, to: String?
        var rows, badRows, readings: Int
        var factors: [String]
        var problems: [String]

        init(_ f: IntensityImport.FileReadings) {
            (file, format, source, zones) = (f.file, f.format.rawValue, f.source, f.zones)
            (from, to) = (f.span.map { Timestamp.iso8601UTC($0.first) }, f.span.map { Timestamp.iso8601UTC($0.last) })
            (rows, badRows, readings) = (f.rows, f.badRows, f.readings.count)
            (factors, problems) = (f.factors.map(\.rawValue), f.problems)
        }

        enum CodingKeys: String, CodingKey {
            case file, format, source, zones, from, to, rows, readings, factors, problems
            case badRows = "bad_rows"
        }
    }
}

extension LedgerOptions {
    /// The ledger as the store of intensity readings: the SQLite file or the team's server, both of
    /// which keep them.
    func openIntensityStore(_ access: Ledger.Access = .create) throws -> any LedgerStore & IntensityStore {
        let store = try open(access)
        guard let intensities = store as? any LedgerStore & IntensityStore else {
            throw CommandFailure(message: "the ledger \(store.location) cannot keep intensity readings")
        }
        return intensities
    }
}
