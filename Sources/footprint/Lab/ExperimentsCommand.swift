import ArgumentParser
import FootprintCore

extension LabCommand {
    /// `footprint lab experiments`: the suite's experiments, each with the claim it tests, its
    /// source and the rule that judges it.
    struct Experiments: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "experiments",
            abstract:
                "The experiments `lab experiment` re-runs: each claim in our words, its source and its verdict rule.")

        @Flag(help: "Print JSON.") var json = false

        /// One experiment as `--json` prints it.
        struct Entry: Encodable {
            var name: String
            var claim: String
            var source: String
            var sweep: String
            var rule: String
        }

        func run() throws {
            let definitions = ExperimentName.allCases.map(\.definition)
            if json {
                try JSONOutput.print(
                    definitions.map {
                        Entry(
                            name: $0.name.rawValue, claim: $0.claim, source: $0.source, sweep: $0.sweep,
                            rule: $0.rule.text)
                    })
                return
            }
            var table = TextTable(["experiment", "source", "claim"])
            for definition in definitions {
                table.add([definition.name.rawValue, definition.source, definition.claim])
            }
            print(table.render())
            print(
                "\nEach verdict (confirmed, challenged or inconclusive) follows from the measurements by the rule "
                    + "`--json` shows for each experiment.")
        }
    }
}
