import ArgumentParser
import FootprintCore
import FootprintLedger
import Foundation

extension RunsCommand {
    /// `footprint runs import FILE`: CodeCarbon emissions.csv files into the ledger.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a CodeCarbon emissions.csv (2.x or 3.x); all rows or none, unless --skip-bad.")
        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Import the good rows and report the bad ones, instead of importing nothing.") var skipBad = false

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw InvalidInput("cannot read \(file): check the path")
            }
            do {
                let outcome = try CodeCarbonImport.run(String(decoding: data, as: UTF8.self), file: file,
                                                       into: try ledger.open(), skipBad: skipBad)
                for problem in outcome.problems { Terminal.standardError("skipped \(problem)") }
                var message = "Imported \(outcome.imported.count) run\(outcome.imported.count == 1 ? "" : "s") from \(file)."
                if !outcome.alreadyThere.isEmpty {
                    message += " \(outcome.alreadyThere.count) row\(outcome.alreadyThere.count == 1 ? " was" : "s were") in the ledger already."
                }
                print(message)
            } catch let error as LedgerError {
                // Bad input, not a broken ledger: the usage exit code, and every bad line listed.
                throw InvalidInput(error.description)
            }
        }
    }

    /// `footprint runs compare ID ID…`: side by side, with ratios to the first.
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compare runs side by side, with ratios to the first.")
        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "Two or more run ids (or starts of them).") var ids: [String]
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            guard ids.count >= 2 else { throw InvalidInput("compare needs two or more runs: footprint runs compare ID ID…") }
            let store = try ledger.open()
            let runs = try ids.map { try store.run($0) }
            if json { return try JSONOutput.print(runs.map { RunJSON($0) }) }
            let base = runs[0]
            func ratio(_ value: Double, _ reference: Double) -> String {
                reference > 0 ? Format.significant(value / reference) + "×" : "–"
            }
            var table = TextTable(["", ] + runs.map { String($0.id.prefix(17)) }, alignments: [.left] + runs.map { _ in .right })
            table.add(["name"] + runs.map { RunsCommand.clip($0.name, 24) })
            table.add(["duration"] + runs.map { "\(FootprintCore.Duration.seconds($0.duration))" })
            table.add(["energy"] + runs.map { "\($0.energy)" })
            table.add(["  vs first"] + runs.map { ratio($0.energy.joules, base.energy.joules) })
            for component in Component.allCases {
                table.add(["  " + component.rawValue.uppercased()] + runs.map { "\($0.components[component] ?? .zero)" })
            }
            table.add(["CO2e"] + runs.map { "\($0.emissions)" })
            table.add(["  vs first"] + runs.map { ratio($0.emissions.grams, base.emissions.grams) })
            table.add(["mean power"] + runs.map { $0.duration > 0 ? "\($0.energy / FootprintCore.Duration.seconds($0.duration))" : "–" })
            table.add(["grid"] + runs.map { "\($0.locationCode ?? "?") \(Format.significant($0.intensity.gramsPerKilowattHour)) g/kWh" })
            table.add(["PUE"] + runs.map { Format.significant($0.pue) })
            print(table.render())
        }
    }
}
