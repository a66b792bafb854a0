import ArgumentParser
import FootprintCore
import FootprintLedger
import FootprintReport
import Foundation

extension RunsCommand {
    /// `footprint runs import FILE`: CodeCarbon emissions.csv files into the ledger.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a CodeCarbon emissions.csv (2.x or 3.x); all rows or none, unless --skip-bad.")
        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Import the good rows and report the bad ones, instead of importing nothing.") var skipBad = false
        @Flag(help: "Print what was imported as JSON (imported, already_there, bad_rows, problems).") var json = false

        /// What `runs import --json` prints.
        struct Summary: Encodable {
            var file: String
            var imported, alreadyThere, badRows: Int
            var problems: [String]

            enum CodingKeys: String, CodingKey {
                case file, imported, problems
                case alreadyThere = "already_there", badRows = "bad_rows"
            }
        }

        func run() throws {
            let server = try withUserErrors { try ledger.server() }
            let outcome = try withUserErrors {
                try CodeCarbonImport.run(file: file, skipBad: skipBad) { try ledger.localLedger() }
            }
            // A server's rows went to its spool first: delivered now, or by the next command.
            if let server, outcome.imported > 0 {
                do {
                    _ = try server.open(.create)
                } catch {
                    Terminal.standardError(
                        "note: \(error); the imported runs are kept in the local spool \(server.spool.path) and are "
                            + "delivered by the next footprint command that uses this ledger, or by "
                            + "`footprint ledger push --ledger \(server.spool.path) --to \(server.redacted)`")
                }
            }
            if json {
                return try JSONOutput.print(
                    Summary(
                        file: file, imported: outcome.imported, alreadyThere: outcome.alreadyThere,
                        badRows: outcome.badRows, problems: outcome.problems))
            }
            if outcome.badRows > 0 { Terminal.standardError("skipped " + Terminal.sanitizedLines(outcome.problemList)) }
            var message = "Imported \(outcome.imported) run\(outcome.imported == 1 ? "" : "s") from \(file)."
            if outcome.alreadyThere > 0 {
                message +=
                    " \(outcome.alreadyThere) row\(outcome.alreadyThere == 1 ? " was" : "s were") in the ledger already "
                    + "(recorded here or imported before), and not added again."
            }
            print(message)
        }
    }

    /// `footprint runs compare ID ID…`: side by side, with ratios to the first.
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compare",
            abstract: "Compare runs side by side, with ratios to the first.")
        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "Two or more run ids (or starts of them).") var ids: [String]
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            guard ids.count >= 2 else {
                throw InvalidInput("compare needs two or more runs: footprint runs compare ID ID…")
            }
            let runs = try withUserErrors {
                let store = try ledger.open(.read)
                return try ids.map { try store.run($0) }
            }
            if json { return try JSONOutput.print(runs.map { RunJSON($0) }) }
            let base = runs[0]
            func ratio(_ value: Double, _ reference: Double) -> String {
                reference > 0 ? Format.significant(value / reference) + "×" : "–"
            }
            var table = TextTable(
                [""] + runs.map { Terminal.clip($0.id, 17) }, alignments: [.left] + runs.map { _ in .right })
            table.add(["name"] + runs.map { Terminal.clip($0.name, 24) })
            table.add(["duration"] + runs.map { "\(FootprintCore.Duration.seconds($0.duration))" })
            table.add(["energy"] + runs.map { "\($0.energy)" })
            table.add(["  vs first"] + runs.map { ratio($0.energy.joules, base.energy.joules) })
            for component in Component.allCases {
                table.add(
                    ["  " + component.rawValue.uppercased()] + runs.map { "\($0.components[component] ?? .zero)" })
            }
            table.add(["CO2e"] + runs.map { "\($0.emissions)" })
            table.add(["  vs first"] + runs.map { ratio($0.emissions.grams, base.emissions.grams) })
            table.add(
                ["mean power"]
                    + runs.map { $0.duration > 0 ? "\($0.energy / FootprintCore.Duration.seconds($0.duration))" : "–" })
            table.add(
                ["grid"]
                    + runs.map {
                        "\($0.locationCode ?? "?") \(Format.significant($0.intensity.gramsPerKilowattHour)) g/kWh"
                    })
            table.add(["PUE"] + runs.map { Format.significant($0.pue) })
            print(table.render())
        }
    }
}
